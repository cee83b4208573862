import type { Campaign } from '@tmsync/core';
import { CAMPAIGN_OPTIONS, FORGE_HELP, openCampaignFromArgs, withCampaign } from '../campaign/index.js';
import type { Forge } from '../forge/types.js';
import type { Command } from '../io.js';
import { EXIT, formatOption, parseOptions, UsageError } from '../io.js';
import type { ApplyResult } from '../satellites/apply.js';
import { applyPlan } from '../satellites/apply.js';
import type { SatelliteDrift } from '../satellites/drift.js';
import { driftOf, isDriftFinding } from '../satellites/drift.js';
import type { SatellitePlan } from '../satellites/plan.js';
import { planSatellite } from '../satellites/plan.js';
import { netPlan } from '../satellites/pointers.js';
import type { FamilyRun } from '../satellites/run.js';
import { withoutRepo, failuresOf, forEachSatellite, parentLine, repoColumn, short } from '../satellites/run.js';

/** A satellite's drift and, with `--fix`, the refresh change proposed for it. */
export interface DriftOutcome {
  drift: SatelliteDrift;
  fix: { plan: SatellitePlan; applied: ApplyResult } | null;
}

/** Whether the recorded fingerprints differ from the parent's now (drift of substance or provenance only). */
export function fingerprintsMoved(d: SatelliteDrift): boolean {
  return d.status === 'drift' || d.status === 'provenance-only';
}

/** Computes drift for every satellite; with `fix`, proposes a refresh change for each drifted one. */
export async function runDrift(forge: Forge, campaign: Campaign, fix: boolean): Promise<FamilyRun<DriftOutcome>[]> {
  return forEachSatellite(forge, campaign, async (family, parent, satellite) => {
    const drift = await driftOf(forge, campaign, family, parent, satellite);
    if (!fix || !fingerprintsMoved(drift)) return { drift, fix: null };
    const plan = await planSatellite(forge, campaign, family, parent, satellite, 'refresh');
    const net = await netPlan(forge, campaign, family, parent, satellite, plan);
    return { drift, fix: { plan, applied: await applyPlan(forge, campaign, plan, net) } };
  });
}

/** One line for a satellite's drift (without the repository). */
export function driftLine(d: SatelliteDrift): string {
  const release = d.newerTag && d.pinnedTo ? `; pinned to ${d.pinnedTo}; parent has ${d.newerTag}` : '';
  const moved = `${d.moved.length ? `; ${d.moved.length} pointer(s) whose target moved` : ''}${release}`;
  const recorded = d.recordedRef ? `recorded at ${short(d.recordedRef)}, now ${d.nowRef} (${short(d.nowCommit)})` : '';
  switch (d.status) {
    case 'no-addendum':
      return `no addendum${moved}`;
    case 'untracked':
      return `${d.addendum ?? ''}: not tracked yet${moved}`;
    case 'failed':
      return `${d.addendum ?? ''}: cannot be checked${moved}`;
    case 'ok':
      return `${d.addendum ?? ''}: no drift (${d.sections.length} inherited section(s) ${recorded})${moved}`;
    case 'provenance-only':
      return `${d.addendum ?? ''}: provenance-only change in ${names(d, 'provenance-only')} (${recorded})${moved}`;
    case 'drift':
      return `${d.addendum ?? ''}: DRIFT in ${names(d, 'changed', 'removed') || 'its record'} (${recorded})${moved}`;
  }
}

function names(d: SatelliteDrift, ...states: SatelliteDriftState[]): string {
  return d.sections
    .filter((s) => states.includes(s.state))
    .map((s) => `${s.label} ${s.title}`)
    .join(', ');
}
type SatelliteDriftState = SatelliteDrift['sections'][number]['state'];

/** Detail lines of a satellite's drift: each section not the same, its diff, moved pointers, problems. */
export function driftDetails(d: SatelliteDrift, indent: string): string[] {
  const lines: string[] = [];
  for (const s of d.sections) {
    if (s.state === 'same') continue;
    const what =
      s.state === 'changed'
        ? `changed (${s.recorded} -> ${s.now})`
        : s.state === 'provenance-only'
          ? `provenance tags promoted only (${s.recorded} -> ${s.now})`
          : s.state === 'removed'
            ? 'no longer in the parent model'
            : `inherited but not in the record (run \`tmsync pointers apply\`)`;
    lines.push(`${indent}${s.label} ${s.title}: ${what}`);
    if (s.diff) for (const l of s.diff.split('\n')) lines.push(`${indent}  | ${l}`);
    else if (s.state === 'changed') lines.push(`${indent}  (the recorded text cannot be read; no diff)`);
  }
  for (const m of d.moved) lines.push(`${indent}x ${m.message}`);
  for (const p of d.problems) lines.push(`${indent}! ${p}`);
  return lines;
}

/** JSON of a drift outcome (a contract: keys kept, more may be added). */
export function driftJson(o: DriftOutcome) {
  const d = o.drift;
  return {
    repo: d.repo,
    status: d.status,
    addendum: d.addendum,
    readRef: d.readRef,
    recordedRef: d.recordedRef,
    nowRef: d.nowRef,
    nowCommit: d.nowCommit,
    pinnedTo: d.pinnedTo,
    newerTag: d.newerTag,
    sections: d.sections,
    moved: d.moved,
    problems: d.problems,
    fix: o.fix
      ? {
          outcome: o.fix.applied.outcome,
          change: o.fix.applied.changeId,
          url: o.fix.applied.url,
          detail: o.fix.applied.detail,
          issues: o.fix.plan.issues,
        }
      : null,
  };
}

export const drift: Command = {
  name: 'drift',
  summary: "compare addenda's inherited sections with the parent now",
  help: `Usage: tmsync drift --campaign FILE [--family NAME] [--fix] [--format text|json]

For each satellite's addendum, reads its tmsync:inherits record (at the tool
branch while a change is open there, else at the default branch) and compares
the recorded fingerprint of each inherited section with the parent's section
now: at the family's pin, else parent.ref, else the parent's default branch.
A changed section is shown with a word diff ([-removed-]{+added+}) between the
recorded ref and now. A change that only promotes provenance tags (e.g.
(inferred) -> (maintainer)) is reported as "provenance-only": it rarely
invalidates an addendum. Links to the parent's model whose target no longer
exists at the linked ref are reported as moved pointers. When the parent has
a newer release tag than the one pinned (the family's pin, else the tag the
addendum records), the line says so: "pinned to v1.0.0; parent has v1.1.0"
(advice, not a finding). A satellite with base: is read at that branch.

  --fix   proposes, per satellite whose fingerprints moved, a refresh change on
          the campaign's branch recording the parent's current ref and
          fingerprints, with each section's diff in its body

Options:
  --campaign FILE      the campaign file (YAML)
  --family NAME        only this family
${FORGE_HELP}
  --format text|json   output form (default text)

Exit: 0 no drift (provenance-only changes and addenda not tracked yet are
reported but exit 0), 1 drift of substance, a moved pointer or a failure
(with --fix too: the exit reflects what was found), 2 bad call or campaign file.`,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, {
      ...CAMPAIGN_OPTIONS,
      fix: { type: 'boolean' },
      format: { type: 'string' },
    });
    const format = formatOption(values.format, ['text', 'json'] as const, 'text');
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const open = await openCampaignFromArgs(values, io, values.fix ? 'drift --fix' : undefined);
    return withCampaign(open, async ({ loaded, forge }) => {
      const runs = await runDrift(forge, loaded.campaign, !!values.fix);
      const all = runs.flatMap((r) => r.satellites).flatMap((s) => (s.ok ? [s.value] : []));
      const failures = failuresOf(runs);
      const drifted = all.filter((o) => o.drift.status === 'drift').length;
      const provenance = all.filter((o) => o.drift.status === 'provenance-only').length;
      const moved = all.reduce((n, o) => n + o.drift.moved.length, 0);
      const bad =
        failures.length > 0 ||
        all.some(
          (o) =>
            isDriftFinding(o.drift) ||
            o.fix?.applied.outcome === 'foreign-commits' ||
            (o.fix?.plan.issues.length ?? 0) > 0,
        );
      if (format === 'json') {
        io.stdout(
          `${JSON.stringify(
            {
              families: runs.map((run) => ({
                name: run.family.name,
                parent: run.parent
                  ? { repo: run.parent.repo, path: run.parent.path, ref: run.parent.ref, commit: run.parent.commit }
                  : null,
                error: run.parentError,
                satellites: run.satellites.map((s) =>
                  s.ok ? driftJson(s.value) : { repo: s.satellite.repo, status: 'failed', error: s.error },
                ),
              })),
              drifted,
              provenanceOnly: provenance,
              moved,
              failures,
            },
            null,
            2,
          )}\n`,
        );
        return bad ? EXIT.findings : EXIT.ok;
      }
      const width = repoColumn(runs);
      const lines: string[] = [];
      for (const run of runs) {
        lines.push(parentLine(run).replace(/ at /, ' now at '));
        for (const s of run.satellites) {
          if (!s.ok) {
            lines.push(`  ${s.satellite.repo.padEnd(width)}  FAILED: ${withoutRepo(s.error, s.satellite.repo)}`);
            continue;
          }
          lines.push(`  ${s.satellite.repo.padEnd(width)}  ${driftLine(s.value.drift)}`);
          lines.push(...driftDetails(s.value.drift, `  ${''.padEnd(width)}    `));
          const fix = s.value.fix;
          if (fix) {
            const a = fix.applied;
            const what =
              a.outcome === 'created' || a.outcome === 'updated'
                ? `${a.outcome} change #${a.changeId ?? '?'}`
                : a.outcome === 'foreign-commits'
                  ? `left alone: ${a.detail}`
                  : `nothing proposed: ${a.detail}`;
            lines.push(`  ${''.padEnd(width)}    fix: ${what}`);
            for (const issue of fix.plan.issues) lines.push(`  ${''.padEnd(width)}    ! ${issue.message}`);
          }
        }
      }
      lines.push(
        '',
        `Drift: ${drifted} addend${drifted === 1 ? 'um' : 'a'} drifted, ${provenance} provenance-only, ${moved} moved pointer(s).`,
      );
      if (failures.length) {
        lines.push('', `Failures (${failures.length}):`);
        for (const f of failures) lines.push(`  ${f.repo}: ${f.message}`);
      }
      io.stdout(`${lines.join('\n')}\n`);
      return bad ? EXIT.findings : EXIT.ok;
    });
  },
};
