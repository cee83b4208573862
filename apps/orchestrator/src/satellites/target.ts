/**
 * Where a satellite's change goes: its base (the satellite's `base:` branch, e.g. a release branch,
 * else its default branch) and the tool branch for that base (the campaign's branch; with a base
 * other than the default branch, a branch of its own, so a release branch's change never mixes with
 * the default branch's).
 */
import type { Campaign, Satellite } from '@tmsync/core';
import type { Forge } from '../forge/types.js';
import { ForgeError } from '../forge/types.js';

/** A satellite's base branch and tool branch. */
export interface SatelliteTarget {
  /** The branch the change targets and files are read at when no change is open. */
  base: string;
  /** The tool branch holding the change. */
  branch: string;
  /** Whether the base is a branch other than the default one (a release branch). */
  release: boolean;
}

/** The tool branch for a base: the campaign's branch, or `BRANCH-BASE` for a base other than the default branch. */
export function toolBranch(campaign: Pick<Campaign, 'branch'>, base: string, release: boolean): string {
  return release ? `${campaign.branch}-${base}` : campaign.branch;
}

/** The base and tool branch of a satellite; a `base:` that does not exist is an error naming it. */
export async function satelliteTarget(
  forge: Forge,
  campaign: Pick<Campaign, 'branch'>,
  satellite: Pick<Satellite, 'repo' | 'base'>,
): Promise<SatelliteTarget> {
  const defaultBranch = await forge.defaultBranch(satellite.repo);
  const base = satellite.base ?? defaultBranch;
  const release = base !== defaultBranch;
  if (release && !(await forge.resolveRef(satellite.repo, `refs/heads/${base}`)))
    throw new ForgeError(
      'ref-not-found',
      `${satellite.repo}: base branch ${base} does not exist (named by base: in the campaign file or --base); create it or fix the name`,
    );
  return { base, branch: toolBranch(campaign, base, release), release };
}
