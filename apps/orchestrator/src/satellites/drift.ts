/**
 * Drift: for each addendum, the fingerprints its inherits record holds
 * compared with the parent's sections now (at the pin, the parent ref or the
 * default branch). A changed section comes with a word diff between the
 * recorded ref and now; a change that only promotes provenance tags is told
 * apart. Pointers whose target moved are reported too.
 */
import type { Campaign, Family, Satellite, SectionId } from '@tmsync/core';
import { normaliseIgnoringProvenance, sectionLabel } from '@tmsync/core';
import type { Forge, TagRef } from '../forge/types.js';
import { ForgeError } from '../forge/types.js';
import { forgeOrigin } from '../forge/web.js';
import type { ChainProblem } from './chain.js';
import { followChain, resolveLink, similarModels } from './chain.js';
import { wordDiff } from './diffs.js';
import type { Inherits } from './inherits.js';
import { findInherits, recordedIds } from './inherits.js';
import { extractLinks, THREAT_MODEL_NAME, classifyLink, dirOf } from './links.js';
import type { ParentState } from './parent.js';
import { inheritedIds, inheritedSections } from './parent.js';
import { openChangeOf } from './plan.js';
import { newerRelease } from './release.js';
import { satelliteTarget } from './target.js';

/** One inherited section compared. */
export interface SectionDrift {
  id: string;
  label: string;
  title: string;
  recorded: string | null;
  now: string | null;
  /** `same`; `changed` (substance); `provenance-only`; `removed` from the parent; `not-recorded` (inherited but absent from the record). */
  state: 'same' | 'changed' | 'provenance-only' | 'removed' | 'not-recorded';
  /** Word diff between the recorded ref and now (null when the recorded text could not be read or nothing changed). */
  diff: string | null;
}

/** Drift of one satellite. */
export interface SatelliteDrift {
  family: string;
  repo: string;
  /** Where the satellite was read (the tool branch while a change is open). */
  readRef: string;
  addendum: string | null;
  /** `ok`; `drift` (substance); `provenance-only`; `untracked` (no record yet); `no-addendum`; `failed`. */
  status: 'ok' | 'drift' | 'provenance-only' | 'untracked' | 'no-addendum' | 'failed';
  record: Inherits | null;
  recordedRef: string | null;
  nowRef: string;
  nowCommit: string;
  sections: SectionDrift[];
  /** Links to the parent's model whose target no longer exists. */
  moved: ChainProblem[];
  problems: string[];
  /** The parent's release tag the satellite is pinned to (the family's pin, else the recorded ref when it is a tag), or null. */
  pinnedTo: string | null;
  /** A newer release tag of the parent than `pinnedTo` (the newest), or null. */
  newerTag: string | null;
}

/** Whether a drift result is a finding (exit 1): drift of substance, a moved pointer, a failure. */
export function isDriftFinding(d: SatelliteDrift): boolean {
  return d.status === 'drift' || d.status === 'failed' || d.moved.length > 0;
}

/** The ref a satellite is read at: the tool branch while a change is open there, else its base (`base:`, else the default branch). */
export async function satelliteReadRef(
  forge: Forge,
  campaign: Campaign,
  satellite: Pick<Satellite, 'repo' | 'base'>,
): Promise<{ ref: string; defaultBranch: string; branch: string; openChangeId: number | null }> {
  const target = await satelliteTarget(forge, campaign, satellite);
  const open = await openChangeOf(forge, satellite.repo, target.branch, target.base);
  return {
    ref: open ? target.branch : target.base,
    defaultBranch: target.base,
    branch: target.branch,
    openChangeId: open?.id ?? null,
  };
}

/** Links to the parent's model, in the given files of a satellite, whose target is gone. */
export async function movedPointers(
  forge: Forge,
  repo: string,
  ref: string,
  paths: readonly string[],
  parent: ParentState,
  known: readonly string[],
): Promise<ChainProblem[]> {
  const out: ChainProblem[] = [];
  const seen = new Set<string>();
  for (const path of paths) {
    let file;
    try {
      file = await forge.readFile(repo, path, ref);
    } catch (error) {
      if (error instanceof ForgeError) continue;
      throw error;
    }
    if (!file || seen.has(file.resolvedPath)) continue;
    seen.add(file.resolvedPath);
    for (const link of extractLinks(file.content)) {
      const t = classifyLink(link.url, dirOf(file.resolvedPath), forgeOrigin(forge));
      if (t.kind !== 'github' || t.repo.toLowerCase() !== parent.repo.toLowerCase()) continue;
      if (!THREAT_MODEL_NAME.test(t.rest.at(-1) ?? '') && !t.rest.join('/').endsWith(parent.path)) continue;
      const at = { repo, path: file.path, line: link.line, column: link.column };
      const resolved = await resolveLink(forge, link, repo, file.resolvedPath, ref, known);
      if (!resolved.ok) {
        out.push({
          ...resolved.problem,
          at,
          message: `${file.path}:${link.line}:${link.column}: ${resolved.problem.message}`,
        });
        continue;
      }
      const target = await forge.readFile(resolved.repo, resolved.path, resolved.ref).catch(() => null);
      if (target) continue;
      const similar = await similarModels(forge, resolved.repo, resolved.ref, resolved.path);
      out.push({
        code: similar.length ? 'renamed' : 'missing-file',
        severity: 'error',
        message:
          `${file.path}:${link.line}:${link.column}: the pointer's target moved: ${resolved.path} no longer exists in ${resolved.repo} at ${resolved.ref}` +
          (similar.length ? ` (a threat model exists there as ${similar.join(', ')})` : ''),
        at,
        link: link.url,
        similar,
      });
    }
  }
  return out;
}

const parentTags = new WeakMap<ParentState, Promise<TagRef[]>>();

/** The parent's tags, read once per run (an unreadable list is no tag: the release check is advice, not a finding). */
function tagsOf(forge: Forge, parent: ParentState): Promise<TagRef[]> {
  let tags = parentTags.get(parent);
  if (!tags) {
    tags = forge.listTags(parent.repo).catch(() => [] as TagRef[]);
    parentTags.set(parent, tags);
  }
  return tags;
}

/**
 * Compares one satellite's addendum record with the parent now, checks its pointers' targets, and
 * says when the parent has a newer release tag than the one the satellite is pinned to.
 */
export async function driftOf(
  forge: Forge,
  campaign: Campaign,
  family: Family,
  parent: ParentState,
  satellite: Satellite,
): Promise<SatelliteDrift> {
  const drift = await recordDrift(forge, campaign, family, parent, satellite);
  const tags = await tagsOf(forge, parent);
  const recorded = drift.recordedRef && tags.some((t) => t.name === drift.recordedRef) ? drift.recordedRef : null;
  const pinnedTo = family.pin ?? recorded;
  return { ...drift, pinnedTo, newerTag: pinnedTo ? newerRelease(tags, pinnedTo) : null };
}

async function recordDrift(
  forge: Forge,
  campaign: Campaign,
  family: Family,
  parent: ParentState,
  satellite: Satellite,
): Promise<SatelliteDrift> {
  const repo = satellite.repo;
  const known = [family.parent.repo, ...family.satellites.map((s) => s.repo)];
  const { ref } = await satelliteReadRef(forge, campaign, satellite);
  const base: SatelliteDrift = {
    family: family.name,
    repo,
    readRef: ref,
    addendum: satellite.addendum ?? null,
    status: 'no-addendum',
    record: null,
    recordedRef: null,
    nowRef: parent.ref,
    nowCommit: parent.commit,
    sections: [],
    moved: [],
    problems: [],
    pinnedTo: null,
    newerTag: null,
  };
  const chain = await followChain(forge, repo, {
    agents: satellite.agents,
    security: satellite.security,
    ref,
    knownRepos: known,
    parent: family.parent,
  });
  const pointerPaths = [
    satellite.agents,
    chain.hops[1]?.to?.repo === repo ? chain.hops[1].to.path : satellite.security,
  ];
  if (satellite.addendum) pointerPaths.push(satellite.addendum);
  base.moved = await movedPointers(forge, repo, ref, pointerPaths, parent, known);
  if (!satellite.addendum) return base;

  let text: string | null = null;
  try {
    text = (await forge.readFile(repo, satellite.addendum, ref))?.content ?? null;
  } catch (error) {
    if (!(error instanceof ForgeError)) throw error;
    return { ...base, status: 'failed', problems: [`${satellite.addendum}: ${error.message}`] };
  }
  if (text === null)
    return {
      ...base,
      status: 'untracked',
      problems: [`${satellite.addendum} does not exist at ${ref}; \`tmsync pointers apply\` creates it`],
    };
  const found = findInherits(text);
  if (!found)
    return {
      ...base,
      status: 'untracked',
      problems: [`${satellite.addendum} has no tmsync:inherits record yet; \`tmsync pointers apply\` writes one`],
    };
  if (!found.record)
    return { ...base, status: 'failed', problems: [`${satellite.addendum}: ${found.error ?? 'unreadable record'}`] };
  const record = found.record;
  const problems: string[] = [];
  if (record.parent.toLowerCase() !== parent.repo.toLowerCase() || record.path !== parent.path)
    problems.push(
      `${satellite.addendum} records ${record.parent}:${record.path}, but the family's parent model is ${parent.repo}:${parent.path}`,
    );

  // The parent at the recorded ref, for diffs.
  const ids = [...new Set([...recordedIds(record), ...inheritedIds(family)])] as SectionId[];
  let recordedText: string | null = null;
  try {
    recordedText = (await forge.readFile(record.parent, record.path, record.commit ?? record.ref))?.content ?? null;
  } catch (error) {
    if (!(error instanceof ForgeError)) throw error;
  }
  if (recordedText === null)
    problems.push(
      `the recorded ref ${record.ref} of ${record.parent}:${record.path} cannot be read; diffs are not available`,
    );
  const then = recordedText !== null ? inheritedSections(recordedText, ids, record.path).sections : [];
  const now = inheritedSections(parent.text, ids, parent.path).sections;

  const sections: SectionDrift[] = [];
  for (const id of ids) {
    const recorded = record.sections[id] ?? null;
    const current = now.find((s) => s.id === id) ?? null;
    const old = then.find((s) => s.id === id) ?? null;
    const label = current?.label ?? old?.label ?? sectionLabel(id, parent.model.generation);
    const title = current?.title ?? old?.title ?? id;
    if (recorded === null) {
      sections.push({
        id,
        label,
        title,
        recorded,
        now: current?.fingerprint ?? null,
        state: 'not-recorded',
        diff: null,
      });
      continue;
    }
    if (!current) {
      sections.push({ id, label, title, recorded, now: null, state: 'removed', diff: null });
      continue;
    }
    if (current.fingerprint === recorded) {
      sections.push({ id, label, title, recorded, now: current.fingerprint, state: 'same', diff: null });
      continue;
    }
    const provenanceOnly =
      old !== null && normaliseIgnoringProvenance(old.text) === normaliseIgnoringProvenance(current.text);
    sections.push({
      id,
      label,
      title,
      recorded,
      now: current.fingerprint,
      state: provenanceOnly ? 'provenance-only' : 'changed',
      diff: old ? wordDiff(old.text, current.text) : null,
    });
  }
  const substance =
    sections.some((s) => s.state === 'changed' || s.state === 'removed') ||
    problems.some((p) => p.includes('records '));
  const provenance = sections.some((s) => s.state === 'provenance-only');
  const status: SatelliteDrift['status'] = substance ? 'drift' : provenance ? 'provenance-only' : 'ok';
  return { ...base, status, record, recordedRef: record.ref, sections, problems };
}
