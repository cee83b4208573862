import { CAMPAIGN_OPTIONS, FORGE_HELP, openCampaignFromArgs, withCampaign } from '../campaign/index.js';
import type { Command } from '../io.js';
import { EXIT, formatOption, parseOptions, UsageError } from '../io.js';
import type { PointerOutcome } from '../satellites/pointers.js';
import {
  needsAttention,
  planDiff,
  pointerJson,
  pointerLine,
  pointerStatus,
  runPointers,
} from '../satellites/pointers.js';
import type { ParentState } from '../satellites/parent.js';
import type { FamilyRun } from '../satellites/run.js';
import { withoutRepo, failuresOf, parentLine, repoColumn } from '../satellites/run.js';

/** Text report of a pointers run: one line per repository, issues under it, diffs (plan), failures at the end. */
export function pointersText(
  runs: readonly FamilyRun<PointerOutcome>[],
  apply: boolean,
  command = 'tmsync pointers apply',
  dryRun = false,
): string {
  const width = repoColumn(runs);
  const lines: string[] = [];
  const diffs: string[] = [];
  let proposed = 0;
  let pending = 0;
  for (const run of runs) {
    lines.push(parentLine(run));
    for (const s of run.satellites) {
      if (!s.ok) {
        lines.push(`  ${s.satellite.repo.padEnd(width)}  FAILED: ${withoutRepo(s.error, s.satellite.repo)}`);
        continue;
      }
      lines.push(`  ${s.satellite.repo.padEnd(width)}  ${pointerLine(s.value)}`);
      for (const issue of s.value.plan.issues) lines.push(`  ${''.padEnd(width)}    ! ${issue.message}`);
      const status = pointerStatus(s.value);
      if (status === 'created' || status === 'updated') proposed += 1;
      if (status === 'would-change') {
        pending += 1;
        diffs.push(planDiff(s.value.plan));
      }
    }
  }
  if (diffs.length) lines.push('', ...diffs.map((d) => d.trimEnd()));
  lines.push('', ...proposalFooter(runs, { apply, proposed, pending, command, dryRun }));
  return `${lines.join('\n')}\n`;
}

/** The closing lines of a plan or apply run: what was (or would be) proposed, then the failures. */
export function proposalFooter(
  runs: Parameters<typeof failuresOf>[0],
  run: { apply: boolean; proposed: number; pending: number; command: string; dryRun?: boolean },
): string[] {
  const lines: string[] = [];
  const failures = failuresOf(runs);
  const upToDate = failures.length
    ? 'every satellite that could be read is up to date'
    : 'every satellite is up to date';
  if (run.apply) lines.push(run.proposed ? `Proposed ${run.proposed} change(s).` : `Nothing proposed: ${upToDate}.`);
  else
    lines.push(
      run.pending
        ? `${run.pending} change(s) to propose; run \`${run.command}\`${run.dryRun ? ' without --dry-run' : ''} to propose them.`
        : `Nothing to propose: ${upToDate}.`,
    );
  if (failures.length) {
    lines.push('', `Failures (${failures.length}):`);
    for (const f of failures) lines.push(`  ${f.repo}: ${f.message}`);
  }
  return lines;
}

/** A family's parent as the JSON reports show it: where its model was read. */
export function parentJson(parent: ParentState) {
  return {
    repo: parent.repo,
    path: parent.path,
    ref: parent.ref,
    commit: parent.commit,
    pinned: parent.pinned,
  };
}

/** JSON report of a pointers run. */
export function pointersJson(runs: readonly FamilyRun<PointerOutcome>[], command: string, withDiff: boolean) {
  return {
    command,
    families: runs.map((run) => ({
      name: run.family.name,
      parent: run.parent ? { ...parentJson(run.parent), modelUrl: run.parent.modelUrl } : null,
      error: run.parentError,
      satellites: run.satellites.map((s) =>
        s.ok ? pointerJson(s.value, withDiff) : { repo: s.satellite.repo, status: 'failed', error: s.error },
      ),
    })),
    proposed: runs
      .flatMap((r) => r.satellites)
      .filter((s) => s.ok && ['created', 'updated'].includes(pointerStatus(s.value))).length,
    failures: failuresOf(runs),
  };
}

/** Exit code of a pointers run: 1 on failures, issues needing a person, or foreign commits. */
export function pointersExit(runs: readonly FamilyRun<PointerOutcome>[]): number {
  const bad =
    failuresOf(runs).length > 0 || runs.some((r) => r.satellites.some((s) => s.ok && needsAttention(s.value)));
  return bad ? EXIT.findings : EXIT.ok;
}

export const pointers: Command = {
  name: 'pointers',
  summary: 'plan or propose pointer and addendum changes for the satellites',
  help: `Usage: tmsync pointers plan|apply --campaign FILE [--family NAME] [--format text|json]

For every satellite of the campaign: the desired state of its pointer files and
addendum, as one change per repository.
  AGENTS.md    created, or given a managed "## Security" section linking
               SECURITY.md (through a symlink such as AGENTS.md -> CLAUDE.md,
               the section lands in the link's target);
  SECURITY.md  created with a reporting section and a managed "## Threat Model"
               section linking the parent's model, or given only that section;
  addendum     (when configured) a managed header linking the parent and a
               tmsync:inherits record of the parent's ref and the fingerprint
               of each inherited section; its own content kept;
  replaces     standalone drafts deleted in the same change.
Everything outside the managed sections stays byte-identical. A satellite whose
chain (AGENTS.md -> SECURITY.md -> model), written by people, already reaches the
parent's model is left alone. A managed section edited by a human is reported
and not overwritten. Links to the parent's model that are broken (or, when
pinned, at another ref) are corrected in place.

  plan    prints one line per repository and a unified diff of each change;
          writes nothing
  apply   proposes the changes on the campaign's branch (one commit per
          repository; a second run with nothing new proposes nothing). A tool
          branch holding commits tmsync did not make is left alone and reported.

Files are read at the tool branch while its change is open, else at the
default branch. An existing inherits record is kept (see \`tmsync drift --fix\`).

Options:
  --campaign FILE      the campaign file (YAML)
  --family NAME        only this family
${FORGE_HELP}
  --format text|json   output form (default text)

Exit: 0 done, 1 failures, sections needing a person or foreign commits (the rest
still proceeds), 2 bad call or campaign file.`,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, { ...CAMPAIGN_OPTIONS, format: { type: 'string' } });
    const format = formatOption(values.format, ['text', 'json'] as const, 'text');
    const action = positionals[0];
    if (action !== 'plan' && action !== 'apply')
      throw new UsageError(
        action ? `unknown action "${action}" (expected plan or apply)` : 'missing action: plan or apply',
      );
    if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
    const open = await openCampaignFromArgs(values, io, action === 'apply' ? 'pointers apply' : undefined);
    return withCampaign(open, async ({ loaded, forge }) => {
      const runs = await runPointers(forge, loaded.campaign, { mode: 'pointers', apply: action === 'apply' });
      if (format === 'json')
        io.stdout(`${JSON.stringify(pointersJson(runs, `pointers ${action}`, action === 'plan'), null, 2)}\n`);
      else io.stdout(pointersText(runs, action === 'apply'));
      return pointersExit(runs);
    });
  },
};
