/**
 * The one place a campaign's forge is built. Everything above this file talks
 * to repositories through the `Forge` interface only and never learns which
 * forge it has.
 */
import type { Campaign } from '@tmsync/core';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { GitHubSettingsSchema } from '@tmsync/core';
import { GitHubForge, resolveGitHubToken } from '../forge/github/index.js';
import type { GitHubForgeOptions } from '../forge/github/index.js';
import { LocalForge } from '../forge/local.js';
import type { Forge } from '../forge/types.js';
import { UsageError } from '../io.js';

/** What a forge may need beyond the campaign: a clock (tests, demos) and the environment (tokens). */
export interface ForgeOptions {
  /** Time source for commit dates and change-request records. */
  clock?: () => Date;
  /** Environment variables (the `github` forge reads its token from here). */
  env?: NodeJS.ProcessEnv;
  /** Absolute state folder; defaults to the campaign's `state` resolved against `campaignDir`. */
  stateDir?: string;
  /** The forge to use instead of the campaign's `forge` (`--forge`). */
  forge?: 'local' | 'github';
  /** GitHub REST API base URL instead of the campaign's `github.apiUrl` (`--api-url`, GitHub Enterprise Server). */
  apiUrl?: string;
  /** Extra options of the github forge (tests and benchmarks against the emulator: time scale, step hooks). */
  github?: Partial<Omit<GitHubForgeOptions, 'token' | 'settings' | 'stateDir' | 'apiUrl'>>;
}

/** Builds the forge a campaign names: `local` (repositories under `local.root`) or `github`. */
export function createForge(campaign: Campaign, campaignDir: string, options: ForgeOptions = {}): Forge {
  const stateDir = options.stateDir ?? resolve(campaignDir, campaign.state);
  const kind = options.forge ?? campaign.forge;
  if (kind === 'local') {
    if (!campaign.local)
      throw new UsageError(
        'the local forge needs local.root in the campaign file (the folder holding the repositories as owner/name)',
      );
    return new LocalForge({
      root: resolve(campaignDir, campaign.local.root),
      stateDir,
      // One forge per command: refs are read once per repository for the run.
      perRun: true,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(campaign.commit ? { identity: campaign.commit } : {}),
    });
  }
  const settings = campaign.github ?? GitHubSettingsSchema.parse({});
  const apiUrl = options.apiUrl ?? settings.apiUrl;
  if (apiUrl !== undefined && !/^https?:\/\/\S+$/.test(apiUrl))
    throw new UsageError(`--api-url ${apiUrl} is not an http(s) URL`);
  let token: string;
  try {
    token = resolveGitHubToken(options.env ?? process.env, apiUrl ? { apiUrl } : {}).token;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  return new GitHubForge({
    ...options.github,
    token,
    settings,
    stateDir,
    ...(apiUrl ? { apiUrl } : {}),
    ...(campaign.commit ? { identity: campaign.commit } : {}),
  });
}

/** A clock from `TMSYNC_CLOCK` (an ISO date, for reproducible demos and tests), or undefined for real time. */
export function clockFromEnv(env: NodeJS.ProcessEnv): (() => Date) | undefined {
  const value = env.TMSYNC_CLOCK;
  if (!value) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new UsageError(`TMSYNC_CLOCK=${value} is not a date (expected e.g. 2025-01-02T03:04:05Z)`);
  return () => new Date(date.getTime());
}

/** A local forge over one repository on disk (for `--repo DIR`): its siblings under `DIR/../..` are reachable as `owner/name` too. */
export async function forgeForDirectory(
  dir: string,
  options: ForgeOptions = {},
): Promise<{ forge: Forge; repo: string; dispose: () => Promise<void> }> {
  const abs = resolve(dir);
  if (!existsSync(abs)) throw new UsageError(`${dir}: no such folder`);
  if (!existsSync(join(abs, '.git')) && !existsSync(join(abs, 'HEAD')))
    throw new UsageError(`${dir}: not a git repository`);
  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'tmsync-repo-')));
  const dispose = () => (options.stateDir ? Promise.resolve() : rm(stateDir, { recursive: true, force: true }));
  const name = basename(abs);
  const owner = basename(dirname(abs));
  const valid = (s: string) => /^[A-Za-z0-9._-]{1,100}$/.test(s) && s !== '.' && s !== '..' && !s.startsWith('-');
  const clock = options.clock ? { clock: options.clock } : {};
  if (valid(name) && valid(owner) && dirname(dirname(abs)) !== dirname(abs)) {
    return {
      forge: new LocalForge({ root: dirname(dirname(abs)), stateDir, perRun: true, ...clock }),
      repo: `${owner}/${name}`,
      dispose,
    };
  }
  // A folder whose name is not owner/name-shaped: reach it through a link in the state folder.
  const root = join(stateDir, 'root');
  await mkdir(join(root, 'local'), { recursive: true });
  await symlink(abs, join(root, 'local', 'repo'));
  return { forge: new LocalForge({ root, stateDir, perRun: true, ...clock }), repo: 'local/repo', dispose };
}
