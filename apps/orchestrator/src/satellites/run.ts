/**
 * Running an operation over every satellite of every family, each failure
 * isolated to its repository: one missing repository, unreadable file or
 * forge error does not stop the others.
 */
import type { Campaign, Family, Satellite } from '@tmsync/core';
import type { Forge } from '../forge/types.js';
import { ForgeError } from '../forge/types.js';
import type { ParentState } from './parent.js';
import { ParentError, resolveParent } from './parent.js';

/** The outcome of an operation on one satellite. */
export type SatelliteOutcome<T> =
  | { satellite: Satellite; ok: true; value: T }
  | { satellite: Satellite; ok: false; error: string };

/** A family's run: its parent (or why it could not be read) and every satellite's outcome. */
export interface FamilyRun<T> {
  family: Family;
  parent: ParentState | null;
  parentError: string | null;
  satellites: SatelliteOutcome<T>[];
}

/** A message for a failure, without a stack. */
export function failureMessage(error: unknown): string {
  if (error instanceof ForgeError || error instanceof ParentError) return error.message;
  if (error instanceof Error) return `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`;
  return String(error);
}

/** Told when a repository is done: each family's parent once resolved, each satellite once its outcome is known. */
export type RepositoryDone = (family: Family, repo: string, role: 'parent' | 'satellite') => void;

/** Runs `fn` for every satellite of every family, the parent resolved once per family. */
export async function forEachSatellite<T>(
  forge: Forge,
  campaign: Campaign,
  fn: (family: Family, parent: ParentState, satellite: Satellite) => Promise<T>,
  parentRef?: (family: Family) => string | undefined,
  onDone?: RepositoryDone,
): Promise<FamilyRun<T>[]> {
  const runs: FamilyRun<T>[] = [];
  for (const family of campaign.families) {
    let parent: ParentState | null = null;
    let parentError: string | null = null;
    try {
      parent = await resolveParent(forge, family, parentRef?.(family));
    } catch (error) {
      parentError = failureMessage(error);
    }
    onDone?.(family, family.parent.repo, 'parent');
    const ready = parent;
    // Satellites are independent repositories: on GitHub several are worked on at
    // once (the forge still serialises and spaces its writes); on disk one at a time.
    const limit = forge.kind === 'github' ? (campaign.github?.concurrency ?? 4) : 1;
    const satellites = await mapLimit(family.satellites, limit, async (satellite): Promise<SatelliteOutcome<T>> => {
      const outcome = await satelliteOutcome(family, ready, satellite, fn);
      onDone?.(family, satellite.repo, 'satellite');
      return outcome;
    });
    runs.push({ family, parent, parentError, satellites });
  }
  return runs;
}

async function satelliteOutcome<T>(
  family: Family,
  parent: ParentState | null,
  satellite: Satellite,
  fn: (family: Family, parent: ParentState, satellite: Satellite) => Promise<T>,
): Promise<SatelliteOutcome<T>> {
  if (!parent)
    return {
      satellite,
      ok: false,
      error: `skipped: the family's parent ${family.parent.repo} cannot be used (see its failure)`,
    };
  try {
    return { satellite, ok: true, value: await fn(family, parent, satellite) };
  } catch (error) {
    return { satellite, ok: false, error: failureMessage(error) };
  }
}

/** Maps items with at most `limit` calls in flight; results keep the items' order. */
export async function mapLimit<I, O>(items: readonly I[], limit: number, fn: (item: I) => Promise<O>): Promise<O[]> {
  const out: O[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as I);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return out;
}

/** A message without a leading `owner/name: ` naming the repository it is listed under. */
export function withoutRepo(message: string, repo: string): string {
  return message.startsWith(`${repo}: `) ? message.slice(repo.length + 2) : message;
}

/** Every failure of a set of runs, parents first, as `{ repo, message }`. */
export function failuresOf<T>(runs: readonly FamilyRun<T>[]): { repo: string; message: string }[] {
  const out: { repo: string; message: string }[] = [];
  for (const run of runs) {
    if (run.parentError)
      out.push({ repo: run.family.parent.repo, message: withoutRepo(run.parentError, run.family.parent.repo) });
    for (const s of run.satellites)
      if (!s.ok && !run.parentError)
        out.push({ repo: s.satellite.repo, message: withoutRepo(s.error, s.satellite.repo) });
  }
  return out;
}

/** A short commit id. */
export function short(commit: string): string {
  return commit.slice(0, 12);
}

/** One line naming a family's parent as the run sees it. */
export function parentLine<T>(run: FamilyRun<T>): string {
  if (!run.parent)
    return `family ${run.family.name}: parent ${run.family.parent.repo} FAILED: ${run.parentError ?? ''}`;
  const p = run.parent;
  return `family ${run.family.name}: parent ${p.repo} ${p.path} at ${p.ref}${p.pinned ? ' (pinned)' : ''} (${short(p.commit)})`;
}

/** Pads repository names to a column. */
export function repoColumn(runs: readonly FamilyRun<unknown>[]): number {
  let width = 0;
  for (const run of runs) for (const s of run.family.satellites) width = Math.max(width, s.repo.length);
  return Math.min(Math.max(width, 10), 48);
}
