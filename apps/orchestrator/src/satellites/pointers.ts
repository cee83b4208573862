/** Planning and applying pointer changes over a campaign, and describing the outcome. */
import type { Campaign, Family, Satellite } from '@tmsync/core';
import type { ParentState } from './parent.js';
import type { Forge } from '../forge/types.js';
import type { ApplyResult } from './apply.js';
import { applyPlan, declinedText } from './apply.js';
import { fileDiff, fileStat } from './diffs.js';
import type { PlanMode, SatellitePlan } from './plan.js';
import { planChanges, planSatellite } from './plan.js';
import type { FamilyRun, RepositoryDone } from './run.js';
import { forEachSatellite } from './run.js';

/** A satellite's plan and, after `apply`, what proposing it did. */
export interface PointerOutcome {
  plan: SatellitePlan;
  applied: ApplyResult | null;
}

/** Plans (and with `apply`, proposes) every satellite's change. */
export async function runPointers(
  forge: Forge,
  campaign: Campaign,
  options: {
    mode: PlanMode;
    apply: boolean;
    parentRef?: (family: Campaign['families'][number]) => string | undefined;
    /** Told as each repository is done (progress). */
    onDone?: RepositoryDone;
    /** Leave the parent's own pointers out (a pin of the satellites' release branches). */
    onlySatellites?: boolean;
  },
): Promise<FamilyRun<PointerOutcome>[]> {
  return forEachSatellite(
    forge,
    options.onlySatellites ? campaign : withParentPointers(campaign),
    async (family, parent, satellite) => {
      const plan = await planSatellite(forge, campaign, family, parent, satellite, options.mode);
      const net = options.apply ? await netPlan(forge, campaign, family, parent, satellite, plan) : undefined;
      const applied = options.apply ? await applyPlan(forge, campaign, plan, net) : null;
      return { plan, applied };
    },
    options.parentRef,
    options.onDone,
  );
}

/** For a change already open that this run updates: the plan read at the base, which describes the change as it will merge. */
export async function netPlan(
  forge: Forge,
  campaign: Campaign,
  family: Family,
  parent: ParentState,
  satellite: Satellite,
  plan: SatellitePlan,
): Promise<SatellitePlan | undefined> {
  if (!plan.openChange || planChanges(plan).length === 0) return undefined;
  return planSatellite(forge, campaign, family, parent, satellite, plan.mode, plan.defaultBranch);
}

/** The campaign with each family's parent planned first, like a satellite, where `parent.pointers` asks for its own pointers. */
export function withParentPointers(campaign: Campaign): Campaign {
  return {
    ...campaign,
    families: campaign.families.map((family) =>
      family.parent.pointers
        ? {
            ...family,
            satellites: [
              {
                repo: family.parent.repo,
                agents: family.parent.agents,
                security: family.parent.security,
                replaces: [],
              },
              ...family.satellites,
            ],
          }
        : family,
    ),
  };
}

/** The summary status of an outcome. */
export type PointerStatus =
  | 'already-points'
  | 'unchanged'
  | 'would-change'
  | 'declined'
  | 'created'
  | 'updated'
  | 'foreign-commits';

/** Status of one satellite's outcome. */
export function pointerStatus(o: PointerOutcome): PointerStatus {
  if (o.applied) {
    if (o.applied.outcome === 'nothing-to-do') return o.plan.alreadyPoints ? 'already-points' : 'unchanged';
    if (o.applied.outcome === 'unchanged') return 'unchanged';
    return o.applied.outcome;
  }
  if (planChanges(o.plan).length > 0) return o.plan.declined ? 'declined' : 'would-change';
  return o.plan.alreadyPoints ? 'already-points' : 'unchanged';
}

/** Whether an outcome needs a person (exit 1): issues in the plan, or commits on the tool branch the tool did not make. */
export function needsAttention(o: PointerOutcome): boolean {
  return o.plan.issues.length > 0 || o.applied?.outcome === 'foreign-commits';
}

/** One line for a satellite (without the repository name). */
export function pointerLine(o: PointerOutcome): string {
  const files = o.plan.files
    .filter((f) => f.action !== 'keep')
    .map((f) => `${f.action} ${f.writePath !== f.path ? `${f.path} -> ${f.writePath}` : f.path}`)
    .join(', ');
  const status = pointerStatus(o);
  switch (status) {
    case 'already-points':
      return `already points to the parent's model (${chainText(o.plan)}); left alone`;
    case 'unchanged':
      return o.plan.openChange
        ? `unchanged (open change #${o.plan.openChange.id} already holds these files)`
        : 'unchanged';
    case 'would-change':
      return `would ${o.plan.openChange ? `update change #${o.plan.openChange.id}` : 'propose a change'}: ${files}`;
    case 'created':
      return `created change #${o.applied?.changeId ?? '?'}: ${files}`;
    case 'updated':
      return `updated change #${o.applied?.changeId ?? '?'}: ${files}`;
    case 'foreign-commits':
      return `left alone: ${o.applied?.detail ?? 'the tool branch holds commits tmsync did not make'}`;
    case 'declined':
      return `left alone: ${o.plan.declined ? declinedText(o.plan.declined) : (o.applied?.detail ?? 'declined')}`;
  }
}

function chainText(plan: SatellitePlan): string {
  const parts: string[] = [];
  const [agents, security] = plan.chain.hops;
  if (agents?.to)
    parts.push(
      agents.to.resolvedPath !== agents.to.path ? `${agents.to.path} -> ${agents.to.resolvedPath}` : agents.to.path,
    );
  if (security?.to) parts.push(security.to.path);
  if (plan.chain.model) parts.push(`${plan.chain.model.repo}:${plan.chain.model.path}`);
  return parts.join(' -> ');
}

/** The unified diff of a satellite's plan, headed by its repository. */
export function planDiff(plan: SatellitePlan): string {
  const parts = plan.files
    .filter((f) => f.action !== 'keep')
    .map((f) => fileDiff(f.writePath, f.before, f.action === 'delete' ? null : f.after));
  if (parts.length === 0) return '';
  return `diff for ${plan.repo} (against ${plan.readRef}):\n${parts.join('')}`;
}

/** One line of `--stat`: a file of a satellite's change, its added and removed lines, and what happens to it. */
export interface StatLine {
  repo: string;
  path: string;
  added: number;
  removed: number;
  action: 'created' | 'updated' | 'deleted';
}

const DONE = { create: 'created', update: 'updated', delete: 'deleted' } as const;

/** The `--stat` lines of a satellite's plan: one per file it creates, updates or deletes. */
export function planStat(plan: SatellitePlan): StatLine[] {
  return plan.files
    .filter((f) => f.action !== 'keep')
    .map((f) => ({
      repo: plan.repo,
      path: f.writePath,
      ...fileStat(f.before, f.action === 'delete' ? null : f.after),
      action: DONE[f.action as keyof typeof DONE],
    }));
}

/** `git diff --stat`-like text of stat lines: repository, path, +added -removed, action, then the totals. */
export function statText(lines: readonly StatLine[]): string[] {
  if (lines.length === 0) return [];
  const repo = Math.max(...lines.map((l) => l.repo.length));
  const path = Math.max(...lines.map((l) => l.path.length));
  const counts = lines.map((l) => `+${l.added} -${l.removed}`);
  const count = Math.max(...counts.map((c) => c.length));
  const out = lines.map(
    (l, i) => ` ${l.repo.padEnd(repo)}  ${l.path.padEnd(path)} | ${(counts[i] ?? '').padEnd(count)}  ${l.action}`,
  );
  const repos = new Set(lines.map((l) => l.repo)).size;
  const added = lines.reduce((n, l) => n + l.added, 0);
  const removed = lines.reduce((n, l) => n + l.removed, 0);
  out.push(
    ` ${lines.length} file(s) in ${repos} repositor${repos === 1 ? 'y' : 'ies'}, ${added} insertion(s)(+), ${removed} deletion(s)(-)`,
  );
  return out;
}

/** The JSON form of an outcome (a contract: keys kept, more may be added). */
export function pointerJson(o: PointerOutcome, withDiff: boolean) {
  return {
    repo: o.plan.repo,
    status: pointerStatus(o),
    readRef: o.plan.readRef,
    alreadyPoints: o.plan.alreadyPoints,
    chain: o.plan.chain.status,
    files: o.plan.files
      .filter((f) => f.action !== 'keep')
      .map((f) => ({ role: f.role, path: f.path, writePath: f.writePath, action: f.action, reasons: f.reasons })),
    issues: o.plan.issues,
    sectionChanges: o.plan.sectionChanges,
    change:
      o.applied?.changeId != null
        ? { id: o.applied.changeId, url: o.applied.url }
        : o.plan.openChange
          ? { id: o.plan.openChange.id, url: o.plan.openChange.url }
          : null,
    detail: o.applied?.detail ?? null,
    ...(withDiff ? { diff: planDiff(o.plan) } : {}),
  };
}
