/** Opening a campaign for a command: the file loaded and validated, its forge built. */
import type { Forge } from '../forge/types.js';
import type { Io } from '../io.js';
import { UsageError } from '../io.js';
import { clockFromEnv, createForge } from './forge-factory.js';
import type { LoadedCampaign } from './load.js';
import { loadCampaign } from './load.js';
import { cachedForge } from '../satellites/cache.js';
import { removeStaleTemps } from '../fsutil.js';
import { checkLocalRoot, checkStateDir } from './folders.js';
import { lockStateDir, lockWaitFromEnv } from './lock.js';

export { createForge, clockFromEnv, forgeForDirectory } from './forge-factory.js';
export type { ForgeOptions } from './forge-factory.js';
export { loadCampaign, parseCampaign } from './load.js';
export type { LoadedCampaign } from './load.js';
export { recordPin } from './record-pin.js';

/** A loaded campaign and the forge it names. */
export interface OpenCampaign {
  loaded: LoadedCampaign;
  forge: Forge;
  /** Releases the state folder's lock (a run that writes holds it); a no-op for a run that only reads. */
  release: () => Promise<void>;
}

/** Runs `fn` on an open campaign, releasing its lock however `fn` ends. */
export async function withCampaign<T>(open: OpenCampaign, fn: (open: OpenCampaign) => Promise<T>): Promise<T> {
  try {
    return await fn(open);
  } finally {
    await open.release();
  }
}

/** Loads `--campaign FILE` and builds its forge; a missing option is a UsageError. */
/** Options every campaign command takes: the campaign file, a family filter, and the forge to use. */
export const CAMPAIGN_OPTIONS = {
  campaign: { type: 'string' },
  family: { type: 'string' },
  forge: { type: 'string' },
  'api-url': { type: 'string' },
} as const;

/** `--help` lines of the forge options. */
export const FORGE_HELP = `  --forge local|github use this forge instead of the campaign's \`forge\`
  --api-url URL        GitHub REST API base URL (GitHub Enterprise Server),
                       instead of the campaign's github.apiUrl`;

/** What a command parsed of CAMPAIGN_OPTIONS. */
export interface CampaignArgs {
  campaign?: string | undefined;
  family?: string | undefined;
  forge?: string | undefined;
  'api-url'?: string | undefined;
}

/**
 * Loads the campaign named by the command's options and builds its forge
 * (`--forge`, `--api-url` override the file). `lockFor` names a command that
 * writes (`campaign apply`): it takes the state folder's lock.
 */
export async function openCampaignFromArgs(args: CampaignArgs, io: Io, lockFor?: string): Promise<OpenCampaign> {
  if (args.forge !== undefined && args.forge !== 'local' && args.forge !== 'github')
    throw new UsageError(`--forge must be local or github (got "${args.forge}")`);
  if (args['api-url'] !== undefined && !/^https?:\/\/\S+$/.test(args['api-url']))
    throw new UsageError(`--api-url must be an http(s) URL (got "${args['api-url']}")`);
  return openCampaign(
    args.campaign,
    io,
    args.family,
    {
      ...(args.forge ? { forge: args.forge } : {}),
      ...(args['api-url'] ? { apiUrl: args['api-url'] } : {}),
    },
    lockFor,
  );
}

/**
 * Loads a campaign file (with an optional family filter), checks the folders
 * it names and builds its forge. With `lockFor` (the command, for a run that
 * writes) the state folder's lock is taken and stale temporary files of killed
 * runs are removed.
 */
export async function openCampaign(
  file: string | undefined,
  io: Io,
  familyFilter?: string,
  override: { forge?: 'local' | 'github'; apiUrl?: string } = {},
  lockFor?: string,
): Promise<OpenCampaign> {
  if (!file) throw new UsageError('missing --campaign FILE');
  const loaded = await loadCampaign(file, io.cwd);
  if (familyFilter !== undefined) {
    const families = loaded.campaign.families.filter((f) => f.name === familyFilter);
    if (families.length === 0)
      throw new UsageError(
        `${file}: no family named ${JSON.stringify(familyFilter)} (families: ${loaded.campaign.families.map((f) => f.name).join(', ')})`,
      );
    loaded.campaign = { ...loaded.campaign, families };
  }
  if ((override.forge ?? loaded.campaign.forge) === 'local') await checkLocalRoot(loaded);
  await checkStateDir(loaded, lockFor !== undefined);
  const waitMs = lockWaitFromEnv(io.env);
  const clock = clockFromEnv(io.env);
  const forge = cachedForge(
    createForge(loaded.campaign, loaded.dir, { env: io.env, ...(clock ? { clock } : {}), ...override }),
  );
  if (lockFor === undefined) return { loaded, forge, release: async () => undefined };
  const lock = await lockStateDir(loaded.stateDir, { command: lockFor, waitMs });
  try {
    await removeStaleTemps(loaded.stateDir);
  } catch (error) {
    await lock.release();
    throw error;
  }
  return { loaded, forge, release: () => lock.release() };
}
