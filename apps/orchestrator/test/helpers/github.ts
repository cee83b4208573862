/**
 * The GitHub emulator for forge tests: one per test file on loopback, time scaled down so
 * that GitHub's hour, its retry-after seconds and the forge's spacing all shrink together,
 * and one virtual clock shared by the emulator and the forges: a wait of either moves it, so
 * rate-limit windows, fork delays and budget waits cost no real time and do not depend on
 * how loaded the machine is.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmulatorOptions, GitHubEmulator } from '@tmsync/testkit';
import { ManualClock, startGitHubEmulator } from '@tmsync/testkit';
import type { GitHubSettingsInput } from '@tmsync/core';
import { GitHubForge } from '../../src/forge/github/index.js';
import type { GitHubForgeOptions } from '../../src/forge/github/index.js';

/** The tool's token: random and shaped like no known token format, so only our own care keeps it out of output. */
export const TOKEN = `tmsync-test-secret-${randomBytes(12).toString('hex')}`;
/** A maintainer of the `acme` repositories (pushes human commits, sets labels). */
export const MAINT_TOKEN = `maint-secret-${randomBytes(12).toString('hex')}`;
/** A user with no push access to `acme`: fork mode. */
export const OUTSIDER_TOKEN = `outsider-secret-${randomBytes(12).toString('hex')}`;

/** Time scale of the emulator and the forge: GitHub's hour lasts 36 s. */
export const SCALE = 0.01;

/** Forge settings with GitHub's spacing (1 s, 3 s) scaled like the emulator. */
export const FAST: GitHubSettingsInput = {
  writeSpacingMs: 1000 * SCALE,
  createSpacingMs: 3000 * SCALE,
  concurrency: 4,
};

/** A running emulator and the folders of one test file. */
export interface GitHubLab {
  gh: GitHubEmulator;
  /** The virtual clock of the emulator and of the lab's forges. */
  clock: ManualClock;
  root: string;
  /** A fresh state folder. */
  state(): string;
  /** A forge as the tool runs it (token of the bot unless given). */
  forge(
    stateDir: string | null,
    options?: Partial<GitHubForgeOptions> & { settings?: GitHubSettingsInput },
  ): GitHubForge;
  stop(): Promise<void>;
}

/** Starts an emulator with the bot, a maintainer and an outsider. */
export async function startLab(options: Partial<EmulatorOptions> = {}): Promise<GitHubLab> {
  const scale = options.timeScale ?? SCALE;
  const clock = new ManualClock({ autoAdvance: true });
  const root = mkdtempSync(join(tmpdir(), 'tmsync-gh-'));
  const gh = await startGitHubEmulator({
    root: join(root, 'github'),
    users: {
      [TOKEN]: { login: 'tmsync-bot', name: 'tmsync bot', canPush: (r) => r.startsWith('acme/') },
      [MAINT_TOKEN]: {
        login: 'maint',
        name: 'A Maintainer',
        canPush: (r) => r.startsWith('acme/'),
        canAdmin: (r) => r.startsWith('acme/'),
      },
      [OUTSIDER_TOKEN]: { login: 'outsider', name: 'An Outsider' },
    },
    timeScale: scale,
    clock,
    ...options,
    limits: { retryAfterUnit: 'github', ...options.limits },
  });
  let n = 0;
  return {
    gh,
    clock,
    root,
    state: () => mkdtempSync(join(root, `state-${++n}-`)),
    forge: (stateDir, o = {}) =>
      new GitHubForge({
        token: TOKEN,
        apiUrl: gh.url,
        stateDir,
        timeScale: scale,
        clock,
        ...o,
        settings: {
          writeSpacingMs: Math.ceil(1000 * scale),
          createSpacingMs: Math.ceil(3000 * scale),
          concurrency: 4,
          ...o.settings,
        },
      }),
    stop: async () => {
      await gh.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Every file under a folder, with its text. */
export function filesUnder(dir: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push({ path: p, text: readFileSync(p, 'latin1') });
    }
  };
  walk(dir);
  return out;
}

/** Requests of the emulator log by operation id (optionally only those after `from`). */
export function ops(gh: GitHubEmulator, from = 0): string[] {
  return gh.log.filter((e) => e.seq >= from).map((e) => `${e.method} ${e.operation ?? e.path}`);
}

/** The next sequence number of the emulator log (to count what a step sent). */
export function mark(gh: GitHubEmulator): number {
  return gh.log.reduce((m, e) => Math.max(m, e.seq + 1), 0);
}
