import type { Campaign } from '@tmsync/core';
import { CAMPAIGN_OPTIONS, FORGE_HELP, openCampaignFromArgs, withCampaign } from '../campaign/index.js';
import type { ChangeRequest, ChangeStatus, Forge } from '../forge/types.js';
import { changeCounts, changeCountsText, changeStateText, changeStatusJson } from '../satellites/change-state.js';
import type { Command, Io } from '../io.js';
import { parentJson, pointersJson, proposalFooter } from './pointers.js';
import { EXIT, formatOption, parseOptions, UsageError } from '../io.js';
import { isDriftFinding } from '../satellites/drift.js';
import type { PointerOutcome } from '../satellites/pointers.js';
import type { StatLine } from '../satellites/pointers.js';
import {
  needsAttention,
  planDiff,
  planStat,
  pointerLine,
  pointerStatus,
  runPointers,
  statText,
  withParentPointers,
} from '../satellites/pointers.js';
import type { FamilyRun } from '../satellites/run.js';
import { withoutRepo, failureMessage, failuresOf, repoColumn, short } from '../satellites/run.js';
import type { ChainEntry } from './chain.js';
import { campaignChains, chainJson } from './chain.js';
import type { ChainResult } from '../satellites/chain.js';
import { followChain } from '../satellites/chain.js';
import { satelliteTarget } from '../satellites/target.js';
import type { DriftOutcome } from './drift.js';
import { driftDetails, driftJson, driftLine, runDrift } from './drift.js';
import { statusMarkdown } from '@tmsync/report';
import { progressFor, repositoryCount } from '../report/progress.js';

/** `campaign status --format markdown`: one table row per satellite, then the problems (for an issue or a job summary). */
function statusMarkdownOf(entries: StatusEntry[], drifts: FamilyRun<DriftOutcome>[], file: string): string {
  const rows = entries.map((e) => ({
    family: e.family,
    repo: e.repo,
    chain: e.chain?.result
      ? `${e.chain.result.status} at ${e.chain.result.ref}${e.proposedChain && e.change ? ` (${e.proposedChain} with change #${e.change.id})` : ''}`
      : 'FAILED',
    drift: e.drift ? driftLine(e.drift.drift) : 'FAILED',
    change: e.changeStatus
      ? { id: e.changeStatus.change.id, url: e.changeStatus.change.url, state: changeStateText(e.changeStatus) }
      : null,
    problems:
      e.chain?.result && e.chain.result.status !== 'ok'
        ? e.chain.result.problems.map((p) => `${p.at ? `${p.at.path}:${p.at.line}:${p.at.column}: ` : ''}${p.message}`)
        : [],
  }));
  for (const f of statusFailures(entries, drifts)) {
    const row = rows.find((r) => r.repo === f.repo);
    if (row) row.problems.push(f.message);
    else rows.push({ family: '', repo: f.repo, chain: '—', drift: '—', change: null, problems: [f.message] });
  }
  const broken = entries.filter((e) => e.chain?.result?.status === 'broken').length;
  const drifted = entries.filter((e) => e.drift?.drift.status === 'drift').length;
  return statusMarkdown(
    `Campaign status: ${file}`,
    rows,
    `${entries.length} satellite(s): ${broken} broken chain(s), ${drifted} drifted addend${drifted === 1 ? 'um' : 'a'}, ${changeCountsText(changeCounts(entries.map((e) => e.changeStatus)))}.`,
  );
}

function parentSummary(run: FamilyRun<unknown>): string {
  if (!run.parent) return `FAILED: ${run.parentError ?? ''}`;
  const p = run.parent;
  return `parent of ${run.family.name}: ${p.path} at ${p.ref}${p.pinned ? ' (pinned)' : ''} (${short(p.commit)}), ${p.sections.length} inherited section(s)`;
}

function chainWord(o: PointerOutcome): string {
  return `chain ${o.plan.chain.status}`;
}

/** The text report of `campaign plan|apply`: unified diffs of what would change, or with `stat` one line per satellite and file. */
function planText(runs: FamilyRun<PointerOutcome>[], apply: boolean, stat = false): string {
  const width = Math.max(repoColumn(runs), ...runs.map((r) => r.family.parent.repo.length));
  const lines: string[] = [];
  const diffs: string[] = [];
  const stats: StatLine[] = [];
  let proposed = 0;
  let pending = 0;
  for (const run of runs) {
    lines.push(`family ${run.family.name}`);
    lines.push(`  ${run.family.parent.repo.padEnd(width)}  ${parentSummary(run)}`);
    for (const s of run.satellites) {
      if (!s.ok) {
        lines.push(`  ${s.satellite.repo.padEnd(width)}  FAILED: ${withoutRepo(s.error, s.satellite.repo)}`);
        continue;
      }
      const o = s.value;
      const drift = o.plan.sectionChanges.length
        ? ` · refreshes ${o.plan.sectionChanges.map((c) => c.label).join(', ')}`
        : '';
      lines.push(`  ${s.satellite.repo.padEnd(width)}  ${chainWord(o)} · ${pointerLine(o)}${drift}`);
      for (const issue of o.plan.issues) lines.push(`  ${''.padEnd(width)}    ! ${issue.message}`);
      const status = pointerStatus(o);
      if (status === 'created' || status === 'updated') proposed += 1;
      if (status === 'would-change') {
        pending += 1;
        if (!stat) diffs.push(planDiff(o.plan));
      }
      if (stat && (status === 'would-change' || status === 'created' || status === 'updated'))
        stats.push(...planStat(o.plan));
    }
  }
  if (diffs.length) lines.push('', ...diffs.map((d) => d.trimEnd()));
  if (stats.length) lines.push('', ...statText(stats));
  lines.push('', ...proposalFooter(runs, { apply, proposed, pending, command: 'tmsync campaign apply' }));
  return `${lines.join('\n')}\n`;
}

/** What `campaign status` knows of one satellite. */
export interface StatusEntry {
  family: string;
  repo: string;
  chain: ChainEntry | null;
  drift: DriftOutcome | null;
  driftError: string | null;
  /** The open change, if any. */
  change: ChangeRequest | null;
  /** The latest change of the campaign's branch, whatever became of it (merged by squash or rebase included). */
  changeStatus: ChangeStatus | null;
  changeError: string | null;
  /** The chain at the open change's branch, when the default branch's is not ok. */
  proposedChain: ChainResult['status'] | null;
}

/** What `campaign status` reports: every satellite's chain, drift and open change, and the family runs. */
export async function statusOf(
  forge: Forge,
  campaign: Campaign,
): Promise<{ entries: StatusEntry[]; drifts: FamilyRun<DriftOutcome>[] }> {
  const chains = await campaignChains(forge, campaign);
  const drifts = await runDrift(forge, campaign, false);
  const entries: StatusEntry[] = [];
  for (const run of drifts) {
    for (const s of run.satellites) {
      let changeStatus: ChangeStatus | null = null;
      let changeError: string | null = null;
      let branch = campaign.branch;
      try {
        branch = (await satelliteTarget(forge, campaign, s.satellite)).branch;
        changeStatus = await forge.changeStatus(s.satellite.repo, branch);
      } catch (error) {
        changeError = failureMessage(error);
      }
      const change = changeStatus?.change.state === 'open' ? changeStatus.change : null;
      const chain = chains.find((c) => c.family === run.family.name && c.repo === s.satellite.repo) ?? null;
      let proposedChain: ChainResult['status'] | null = null;
      if (change && chain?.result && chain.result.status !== 'ok') {
        const known = [run.family.parent.repo, ...run.family.satellites.map((x) => x.repo)];
        proposedChain =
          (
            await followChain(forge, s.satellite.repo, {
              agents: s.satellite.agents,
              security: s.satellite.security,
              ref: branch,
              knownRepos: known,
              parent: run.family.parent,
            }).catch(() => null)
          )?.status ?? null;
      }
      entries.push({
        family: run.family.name,
        repo: s.satellite.repo,
        proposedChain,
        chain,
        drift: s.ok ? s.value : null,
        driftError: s.ok ? null : s.error,
        change,
        changeStatus,
        changeError,
      });
    }
  }
  return { entries, drifts };
}

function statusText(entries: StatusEntry[], drifts: FamilyRun<DriftOutcome>[], io: Io): void {
  const width = Math.max(repoColumn(drifts), ...drifts.map((r) => r.family.parent.repo.length));
  const lines: string[] = [];
  for (const run of drifts) {
    lines.push(`family ${run.family.name}`);
    lines.push(`  ${run.family.parent.repo.padEnd(width)}  ${parentSummary(run)}`);
    for (const e of entries.filter((x) => x.family === run.family.name)) {
      const proposed = e.proposedChain && e.change ? ` (${e.proposedChain} with change #${e.change.id})` : '';
      const chain = e.chain?.result
        ? `chain ${e.chain.result.status} at ${e.chain.result.ref}${proposed}`
        : `chain FAILED (${withoutRepo(e.chain?.error ?? 'not followed', e.repo)})`;
      const drift = e.drift
        ? `drift: ${driftLine(e.drift.drift)}`
        : `drift FAILED (${withoutRepo(e.driftError ?? 'not checked', e.repo)})`;
      const change = e.changeStatus
        ? `change #${e.changeStatus.change.id} ${changeStateText(e.changeStatus)}`
        : e.changeError
          ? `change FAILED (${withoutRepo(e.changeError, e.repo)})`
          : 'no change';
      lines.push(`  ${e.repo.padEnd(width)}  ${chain} · ${drift} · ${change}`);
      const indent = `  ${''.padEnd(width)}    `;
      if (e.chain?.result && e.chain.result.status !== 'ok')
        for (const p of e.chain.result.problems)
          lines.push(`${indent}x ${p.at ? `${p.at.path}:${p.at.line}:${p.at.column}: ` : ''}${p.message}`);

      if (e.drift) lines.push(...driftDetails(e.drift.drift, indent));
      if (e.changeStatus) {
        const c = e.changeStatus.change;
        lines.push(`${indent}change #${c.id}: ${c.title} (${c.url})`);
      }
    }
  }
  const failures = statusFailures(entries, drifts);
  const broken = entries.filter((e) => e.chain?.result?.status === 'broken').length;
  const drifted = entries.filter((e) => e.drift?.drift.status === 'drift').length;
  lines.push(
    '',
    `${entries.length} satellite(s): ${broken} broken chain(s), ${drifted} drifted addend${drifted === 1 ? 'um' : 'a'}, ${changeCountsText(changeCounts(entries.map((e) => e.changeStatus)))}.`,
  );
  if (failures.length) {
    lines.push('', `Failures (${failures.length}):`);
    for (const f of failures) lines.push(`  ${f.repo}: ${f.message}`);
  }
  io.stdout(`${lines.join('\n')}\n`);
}

function statusFailures(
  entries: StatusEntry[],
  drifts: FamilyRun<DriftOutcome>[],
): { repo: string; message: string }[] {
  const out = failuresOf(drifts);
  for (const e of entries) {
    if (e.chain?.error) out.push({ repo: e.repo, message: withoutRepo(e.chain.error, e.repo) });
    if (e.changeError) out.push({ repo: e.repo, message: withoutRepo(e.changeError, e.repo) });
  }
  // One line per repository and message.
  return out.filter((f, i) => out.findIndex((g) => g.repo === f.repo && g.message === f.message) === i);
}

export const campaign: Command = {
  name: 'campaign',
  summary: 'plan, apply or show a whole campaign: pointers, chains, drift',
  help: `Usage: tmsync campaign plan|apply|status --campaign FILE [--family NAME] [--stat] [--format text|json|markdown]

Runs the satellite work over every family of the campaign, one line per
repository (the parent's, then each satellite's), failures isolated per
repository (a missing repository, a foreign commit, an unreadable file) and
listed at the end.

  plan     what apply would propose: per satellite its chain, the pointer and
           addendum changes (as \`pointers plan\`, with drifted inherited
           sections re-recorded as \`drift --fix\` would), and unified diffs;
           writes nothing
  apply    proposes those changes: one change per satellite on the campaign's
           branch; a second run with nothing new proposes nothing
  status   per satellite: the chain at its default branch (and, when broken
           there, at its open change), drift of its addendum, and what became
           of its change: open (human-edited when the branch holds commits
           tmsync did not make; stale when the base changed files it touches),
           merged (by merge, squash or rebase), or closed without merging;
           writes nothing

Options:
  --campaign FILE      the campaign file (YAML)
  --family NAME        only this family
${FORGE_HELP}
  --stat               (plan, apply) instead of the diffs, one line per
                       satellite and file, as git diff --stat: repository,
                       path, +added -removed lines, created/updated/deleted
  --format text|json|markdown  output form (default text); markdown (status
                       only) is a table for a GitHub issue or job summary

plan and apply show progress per repository on stderr: a bar on a terminal,
plain lines otherwise (and in CI).

Exit: 0 done and nothing needs a person; 1 failures, sections needing a
person, foreign commits, or (status) a broken chain, drift, a moved pointer or
a human-edited change;
2 bad call or campaign file.`,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, {
      ...CAMPAIGN_OPTIONS,
      stat: { type: 'boolean' },
      format: { type: 'string' },
    });
    const format = formatOption(values.format, ['text', 'json', 'markdown'] as const, 'text');
    const action = positionals[0];
    if (action !== 'plan' && action !== 'apply' && action !== 'status')
      throw new UsageError(
        action
          ? `unknown action "${action}" (expected plan, apply or status)`
          : 'missing action: plan, apply or status',
      );
    if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
    if (format === 'markdown' && action !== 'status') throw new UsageError('--format markdown goes with status');
    if (values.stat && action === 'status') throw new UsageError('--stat goes with plan or apply');
    const open = await openCampaignFromArgs(values, io, action === 'apply' ? 'campaign apply' : undefined);
    return withCampaign(open, async ({ loaded, forge }) => {
      if (action === 'status') {
        const { entries, drifts } = await statusOf(forge, loaded.campaign);
        const failures = statusFailures(entries, drifts);
        const bad =
          failures.length > 0 ||
          entries.some(
            (e) =>
              e.chain?.result?.status === 'broken' ||
              (e.drift && isDriftFinding(e.drift.drift)) ||
              e.changeStatus?.humanEdited === true,
          );
        if (format === 'json') {
          io.stdout(
            `${JSON.stringify(
              {
                command: 'campaign status',
                families: drifts.map((run) => ({
                  name: run.family.name,
                  parent: run.parent ? parentJson(run.parent) : null,
                  error: run.parentError,
                  satellites: entries
                    .filter((e) => e.family === run.family.name)
                    .map((e) => ({
                      repo: e.repo,
                      chain: e.chain ? chainJson(e.chain) : null,
                      proposedChain: e.proposedChain,
                      drift: e.drift ? driftJson(e.drift) : null,
                      driftError: e.driftError,
                      change: e.changeStatus ? changeStatusJson(e.changeStatus) : null,
                    })),
                })),
                failures,
              },
              null,
              2,
            )}\n`,
          );
        } else if (format === 'markdown') io.stdout(statusMarkdownOf(entries, drifts, loaded.file));
        else statusText(entries, drifts, io);
        return bad ? EXIT.findings : EXIT.ok;
      }
      // One step per repository: each parent, each satellite (a parent with its own pointers counts twice).
      const progress = progressFor(io, `campaign ${action}`, repositoryCount(withParentPointers(loaded.campaign)));
      let runs: FamilyRun<PointerOutcome>[];
      try {
        runs = await runPointers(forge, loaded.campaign, {
          mode: 'refresh',
          apply: action === 'apply',
          onDone: (family, repo, role) => progress.repository(family.name, repo, role),
        });
      } finally {
        progress.stop();
      }
      if (format === 'json') {
        const base = pointersJson(runs, `campaign ${action}`, action === 'plan' && !values.stat);
        const stat = values.stat
          ? { stat: runs.flatMap((r) => r.satellites.flatMap((s) => (s.ok ? planStat(s.value.plan) : []))) }
          : {};
        io.stdout(`${JSON.stringify({ ...base, ...stat }, null, 2)}\n`);
      } else io.stdout(planText(runs, action === 'apply', !!values.stat));
      const bad =
        failuresOf(runs).length > 0 || runs.some((r) => r.satellites.some((s) => s.ok && needsAttention(s.value)));
      return bad ? EXIT.findings : EXIT.ok;
    });
  },
};
