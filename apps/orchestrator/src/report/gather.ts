/**
 * Gathering a campaign report: every figure comes from the function the
 * matching command calls — `statusOf` (campaign status: chains, drift, and
 * what became of each change: open, merged, human-edited, stale),
 * `runPointers` (campaign plan: human-edited sections, outdated changes),
 * `statsJson` (stats), `lintText` (lint), `modelHistory` (history) — so the
 * report and the commands agree by construction.
 */
import { newerReleases } from '../satellites/release.js';
import type { Campaign, Family, ThreatModel } from '@tmsync/core';
import { countProvenance, flattenSections } from '@tmsync/core';
import { parseThreatModel } from '@tmsync/parser';
import type {
  CampaignReport,
  FamilyReport,
  HistoryPoint,
  HopReport,
  QuestionItem,
  SatelliteReport,
  SourceFile,
  SourceLocation,
} from '@tmsync/report';
import type { TmsyncConfig } from '@tmsync/rubric';
import { jsonReport, lintText } from '@tmsync/rubric';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { LoadedCampaign } from '../campaign/index.js';
import type { StatusEntry } from '../commands/campaign.js';
import { statusOf } from '../commands/campaign.js';
import { statsJson } from '../commands/stats.js';
import type { Forge } from '../forge/types.js';
import type { HistoryEntry } from '../history.js';
import { modelHistory } from '../history.js';
import type { ChainProblem } from '../satellites/chain.js';
import { isDriftFinding } from '../satellites/drift.js';
import { changeStatusJson } from '../satellites/change-state.js';
import type { PointerOutcome } from '../satellites/pointers.js';
import { pointerStatus, runPointers } from '../satellites/pointers.js';
import type { FamilyRun } from '../satellites/run.js';
import { failureMessage } from '../satellites/run.js';
import type { ProgressSink } from './progress.js';

/** Files read for the report, each kept once and given a page id. */
export class SourceBook {
  private readonly byKey = new Map<string, SourceFile>();
  constructor(private readonly forge: Forge) {}

  /** The page id of a file at a ref (read through the forge), or null when it cannot be read. */
  async at(repo: string, path: string, ref: string): Promise<string | null> {
    const file = await this.forge.readFile(repo, path, ref).catch(() => null);
    if (!file) return null;
    const key = `${repo}\0${file.commit}\0${path}`;
    const known = this.byKey.get(key);
    if (known) return known.id;
    const slug = `${repo}-${path}`
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60);
    const id = `${slug || 'file'}-${createHash('sha256').update(key).digest('hex').slice(0, 10)}`;
    this.byKey.set(key, {
      id,
      repo,
      path,
      ref,
      commit: file.commit,
      text: file.content,
      externalUrl: this.forge.kind === 'github' ? this.forge.webUrl(repo, file.commit, path) : null,
    });
    return id;
  }

  /** Every file read, in the order first asked for. */
  files(): SourceFile[] {
    return [...this.byKey.values()];
  }
}

/** A family's name as a page name. */
export function familySlug(name: string, taken: Set<string>): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'family';
  let slug = base;
  for (let n = 2; taken.has(slug); n += 1) slug = `${base}-${n}`;
  taken.add(slug);
  return slug;
}

/** Questions of a model as the report lists them: stats' state, the claims citing each, and since when it is in the history. */
export function questionItems(
  model: ThreatModel,
  stats: ReturnType<typeof statsJson>,
  history: readonly HistoryEntry[] | null,
): QuestionItem[] {
  const sections = flattenSections(model.sections);
  const sectionName = (key: string | null) => {
    const s = key === null ? undefined : sections.find((x) => x.key === key);
    return s ? `${s.number ? `${s.number} ` : ''}${s.title}` : null;
  };
  return stats.questions.map((q) => {
    const question = model.questions.find((x) => x.id === q.id && x.range.start.line === q.line);
    const first = history ? history.findIndex((e) => e.states?.some((s) => s.id === q.id)) : -1;
    const since =
      history && first >= 0
        ? {
            sha: (history[first] as HistoryEntry).sha,
            date: (history[first] as HistoryEntry).date,
            commits: history.length - first,
          }
        : null;
    return {
      id: q.id,
      wave: q.wave,
      state: q.status,
      text: question?.text ?? '',
      line: q.line,
      since,
      citedBy: model.claims
        .filter((c) => c.questionRefs.some((r) => r.id === q.id))
        .map((c) => ({ line: c.range.start.line, section: sectionName(c.section), text: c.text })),
    };
  });
}

/** Question counts by state, as `stats` reports them. */
export function questionFigures(stats: ReturnType<typeof statsJson>) {
  const count = (state: string) => stats.questions.filter((q) => (q.status as string) === state).length;
  return { open: count('open'), partial: count('partial'), resolved: count('resolved'), struck: count('struck') };
}

/** The parent's model at its default branch: stats, lint and where it is. */
export async function parentModel(
  forge: Forge,
  family: Family,
  book: SourceBook,
  config: TmsyncConfig | undefined,
): Promise<{
  defaultBranch: string;
  commit: string;
  source: string | null;
  model: ThreatModel;
  stats: ReturnType<typeof statsJson>;
  lint: FamilyReport['lint'];
}> {
  const { repo, path } = family.parent;
  const defaultBranch = await forge.defaultBranch(repo);
  const file = await forge.readFile(repo, path, defaultBranch);
  if (!file) throw new Error(`the parent's model ${path} does not exist in ${repo} at ${defaultBranch}`);
  const label = `${repo}:${path}`;
  const model = parseThreatModel(file.content, { path: label });
  const stats = statsJson(model, label);
  const linted = lintText(file.content, label, config, model);
  // The messages as `lint --format json` reports them.
  const messages = (jsonReport([linted])[0]?.messages ?? []).map((m) => ({
    ruleId: m.ruleId,
    severity: m.severity,
    line: m.line,
    message: m.message,
  }));
  return {
    defaultBranch,
    commit: file.commit,
    source: await book.at(repo, path, defaultBranch),
    model,
    stats,
    lint: {
      errors: messages.filter((m) => m.severity === 'error').length,
      warnings: messages.filter((m) => m.severity === 'warning').length,
      messages,
    },
  };
}

async function locate(
  book: SourceBook,
  at: ChainProblem['at'] | { repo: string; path: string; line: number } | null,
  ref: string | null,
): Promise<SourceLocation | null> {
  if (!at || !ref) return null;
  const source = await book.at(at.repo, at.path, ref);
  return source ? { source, line: at.line } : null;
}

async function chainReport(book: SourceBook, entry: StatusEntry): Promise<SatelliteReport['chain']> {
  const c = entry.chain;
  const result = c?.result ?? null;
  const hops: HopReport[] = [];
  if (result) {
    let previous: { repo: string; path: string; ref: string } | null = null;
    for (const hop of result.hops) {
      const to = hop.to;
      const refOf = (repo: string, path: string) =>
        to && to.repo === repo && to.path === path
          ? to.ref
          : previous && previous.path === path
            ? previous.ref
            : result.ref;
      hops.push({
        step: hop.step,
        ok: hop.ok,
        repo: to?.repo ?? null,
        path: to?.path ?? null,
        ref: to?.ref ?? null,
        kind: hop.kind,
        note: hop.note,
        file: to ? await locate(book, { repo: to.repo, path: to.resolvedPath, line: 1 }, to.ref) : null,
        via:
          hop.via && previous
            ? await locate(book, { repo: previous.repo, path: hop.via.path, line: hop.via.line }, previous.ref)
            : null,
        problems: await Promise.all(
          hop.problems.map(async (p) => ({
            severity: p.severity,
            message: p.message,
            at: p.at ? await locate(book, p.at, refOf(p.at.repo, p.at.path)) : null,
          })),
        ),
      });
      if (to) previous = { repo: to.repo, path: to.resolvedPath, ref: to.ref };
    }
  }
  return {
    status: result ? result.status : 'failed',
    ref: result?.ref ?? null,
    hops,
    error: c?.error ?? (c ? null : 'not checked'),
    proposed: entry.proposedChain,
  };
}

async function satelliteReport(
  book: SourceBook,
  entry: StatusEntry,
  outcome: PointerOutcome | null,
  planError: string | null,
): Promise<SatelliteReport> {
  const d = entry.drift?.drift ?? null;
  const issues = outcome?.plan.issues ?? [];
  return {
    repo: entry.repo,
    chain: await chainReport(book, entry),
    drift: d
      ? {
          status: d.status,
          addendum: d.addendum,
          recordedRef: d.recordedRef,
          nowRef: d.nowRef,
          sections: d.sections.map((s) => ({ label: s.label, title: s.title, state: s.state, diff: s.diff })),
          moved: await Promise.all(
            d.moved.map(async (m) => ({ message: m.message, at: await locate(book, m.at, d.readRef) })),
          ),
          problems: d.problems,
          finding: isDriftFinding(d),
        }
      : null,
    driftError: entry.driftError,
    // What became of the change is `campaign status`'s answer (the forge's state); `outdated` is the plan's.
    change: entry.changeStatus
      ? {
          ...changeStatusJson(entry.changeStatus),
          outdated:
            entry.changeStatus.change.state === 'open' && outcome !== null && pointerStatus(outcome) === 'would-change',
        }
      : null,
    changeError: entry.changeError ?? (planError ? `plan: ${planError}` : null),
    humanEdits: issues.filter((i) => i.code === 'human-edit').map((i) => ({ path: i.path, message: i.message })),
    issues: issues
      .filter((i) => i.code !== 'human-edit')
      .map((i) => ({ code: i.code, path: i.path, message: i.message })),
  };
}

function historyPoints(entries: readonly HistoryEntry[], tagsByCommit: Map<string, string[]>): HistoryPoint[] {
  return entries.map((e) => ({
    sha: e.sha,
    date: e.date,
    subject: e.subject,
    tags: tagsByCommit.get(e.sha) ?? [],
    provenance: e.provenance,
    questions: e.questions
      ? {
          open: e.questions.open,
          partial: (e.states ?? []).filter((s) => s.state === 'partial').length,
          resolved: e.questions.resolved,
          struck: e.questions.struck,
        }
      : null,
  }));
}

/** Where a local-forge repository lives on disk, for `history` (null on GitHub). */
export function localRepoDir(loaded: LoadedCampaign, forge: Forge, repo: string): string | null {
  return forge.kind === 'local' && loaded.localRoot ? join(loaded.localRoot, ...repo.split('/')) : null;
}

/** Gathers one family's report (the campaign narrowed to it, as `--family` does). */
export async function familyReport(
  forge: Forge,
  loaded: LoadedCampaign,
  family: Family,
  slug: string,
  book: SourceBook,
  config: TmsyncConfig | undefined,
  progress?: ProgressSink,
): Promise<FamilyReport> {
  const campaign: Campaign = { ...loaded.campaign, families: [family] };
  const { entries, drifts } = await statusOf(forge, campaign);
  const run = drifts[0] as FamilyRun<unknown>;
  let plans: FamilyRun<PointerOutcome> | null = null;
  let planError: string | null = null;
  // Each satellite is done once planned (the last step that reads it); the parent once its model and history are read.
  const done = new Set<string>();
  const satelliteDone = (repo: string) => {
    if (repo === family.parent.repo || done.has(repo)) return;
    done.add(repo);
    progress?.repository(family.name, repo, 'satellite');
  };
  try {
    plans =
      (
        await runPointers(forge, campaign, {
          mode: 'refresh',
          apply: false,
          onDone: (_family, repo, role) => {
            if (role === 'satellite') satelliteDone(repo);
          },
        })
      )[0] ?? null;
  } catch (error) {
    planError = failureMessage(error);
  }
  for (const s of family.satellites) satelliteDone(s.repo);
  let parentError = run.parentError;
  let parent: Awaited<ReturnType<typeof parentModel>> | null = null;
  try {
    parent = await parentModel(forge, family, book, config);
  } catch (error) {
    parentError = parentError ?? failureMessage(error);
  }
  let tags: { name: string; commit: string }[] = [];
  try {
    tags = await forge.listTags(family.parent.repo);
  } catch (error) {
    parentError = parentError ?? failureMessage(error);
  }
  const tagsByCommit = new Map<string, string[]>();
  for (const t of tags) tagsByCommit.set(t.commit, [...(tagsByCommit.get(t.commit) ?? []), t.name]);
  let history: HistoryEntry[] | null = null;
  let historyError: string | null = null;
  const dir = localRepoDir(loaded, forge, family.parent.repo);
  if (!dir) historyError = 'History needs the repository on disk (the local forge).';
  else
    try {
      history = (await modelHistory(dir, family.parent.path)).entries;
    } catch (error) {
      historyError = failureMessage(error);
    }
  progress?.repository(family.name, family.parent.repo, 'parent');
  const satellites: SatelliteReport[] = [];
  for (const entry of entries) {
    const outcome = plans?.satellites.find((s) => s.satellite.repo === entry.repo);
    satellites.push(
      await satelliteReport(
        book,
        entry,
        outcome?.ok ? outcome.value : null,
        outcome && !outcome.ok ? outcome.error : planError,
      ),
    );
  }
  const model = parent?.model ?? null;
  return {
    name: family.name,
    slug,
    parent: {
      repo: family.parent.repo,
      path: family.parent.path,
      defaultBranch: parent?.defaultBranch ?? null,
      commit: parent?.commit ?? null,
      linkRef: run.parent?.ref ?? null,
      pin: family.pin ?? null,
      newerTags: family.pin === undefined ? [] : newerReleases(tags, family.pin),
      source: parent?.source ?? null,
      error: parentError,
    },
    title: model?.title ?? null,
    lint: parent?.lint ?? null,
    provenance: model ? countProvenance(model.claims) : null,
    questions:
      parent && model ? { ...questionFigures(parent.stats), items: questionItems(model, parent.stats, history) } : null,
    history: history ? historyPoints(history, tagsByCommit) : null,
    historyError,
    satellites,
  };
}

/** Gathers the whole campaign's report, one family at a time. */
export async function gatherReport(
  forge: Forge,
  loaded: LoadedCampaign,
  config: TmsyncConfig | undefined,
  generatedAt: string,
  progress?: ProgressSink,
): Promise<CampaignReport> {
  const book = new SourceBook(forge);
  const taken = new Set<string>();
  const families: FamilyReport[] = [];
  try {
    for (const family of loaded.campaign.families)
      families.push(await familyReport(forge, loaded, family, familySlug(family.name, taken), book, config, progress));
  } finally {
    progress?.stop();
  }
  return { campaign: loaded.file, generatedAt, families, sources: book.files() };
}
