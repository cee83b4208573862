/**
 * The shared setup of the LocalForge tests (forge-local-reads / forge-local-propose): one
 * repository `acme/app` under a temporary root, with tags v1 and v2, symlinks of every kind and
 * the user's own pending work, built once per test file. Call `useLocalRepo()` at the top of a
 * test file; `v1`, `v2` and `userState` are filled in by its beforeAll.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { LocalForge } from '../../src/forge/local.js';
import { ForgeError } from '../../src/forge/types.js';
import type { ProposeInput } from '../../src/forge/types.js';
import { humanGitEnv } from './family.js';

export const tmp = mkdtempSync(join(tmpdir(), 'tmsync-forge-local-'));
export const root = join(tmp, 'repos');
export const stateDir = join(tmp, 'state');
const home = join(tmp, 'home');
export const app = join(root, 'acme', 'app');
export const CLOCK = new Date('2025-01-02T03:04:05Z');

const savedEnv = { HOME: process.env.HOME, XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME };

/** Plain git as a human would run it (fixed identity and dates, no user config). */
export function git(cwd: string, ...args: string[]): string {
  const env = humanGitEnv(home);
  return execFileSync('git', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Writes `content` to `dir/path`, creating the folders on the way. */
export function write(dir: string, path: string, content: string): void {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), content);
}

function link(dir: string, path: string, target: string): void {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  symlinkSync(target, join(dir, path));
}

/** The ForgeError `p` rejects with (fails the test when it resolves or throws something else). */
export async function forgeError(p: Promise<unknown>): Promise<ForgeError> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(ForgeError);
    return error as ForgeError;
  }
  throw new Error('expected a ForgeError');
}

/** A pointer proposal for acme/app, with `over` replacing any of its fields. */
export function proposal(over: Partial<ProposeInput> = {}): ProposeInput {
  return {
    repo: 'acme/app',
    branch: 'tmsync/pointers',
    title: 'Add security pointers',
    body: 'Points AGENTS.md at SECURITY.md.',
    message: 'Add security pointers',
    changes: [
      { path: 'SECURITY.md', content: '# Security\n\nSee the threat model.\n' },
      { path: 'CLAUDE.md', content: '# Claude\n\n## Security\n\nRead SECURITY.md.\n' },
    ],
    labels: ['security'],
    ...over,
  };
}

/** Clones `src` at its default branch into a fresh folder and checks that `patch` applies there. */
export function patchApplies(src: string, patch: string): boolean {
  const dest = mkdtempSync(join(tmp, 'check-'));
  git(tmp, 'clone', '-q', src, dest);
  return spawnSync('git', ['apply', '--check', patch], { cwd: dest }).status === 0;
}

/** The forge under test: a fixed clock and commit identity, state under `stateDir`. */
export const forge = new LocalForge({
  root,
  stateDir,
  clock: () => CLOCK,
  identity: { name: 'tmsync test', email: 'tmsync-test@example.org' },
});
/** The commits tagged v1 and v2 (v2 is main's tip), and the user's state before any test ran. */
export let v1 = '';
export let v2 = '';
export let userState = { status: '', head: '', symbolic: '', cached: '' };
/** The user's work tree, index and HEAD of acme/app, as git reports them. */
export const userSnapshot = () => ({
  status: git(app, 'status', '--porcelain', '--untracked-files=all'),
  head: git(app, 'rev-parse', 'HEAD'),
  symbolic: git(app, 'symbolic-ref', 'HEAD'),
  cached: git(app, 'diff', '--cached', '--name-only'),
});

/** Builds acme/app before the file's tests and removes everything after them. */
export function useLocalRepo(): void {
  beforeAll(() => {
    mkdirSync(home, { recursive: true });
    process.env.HOME = home;
    process.env.XDG_CONFIG_HOME = join(home, '.config');
    mkdirSync(app, { recursive: true });
    git(app, 'init', '-q', '-b', 'main');
    git(app, 'config', 'core.symlinks', 'true');
    write(app, 'README.md', 'v1\n');
    git(app, 'add', '-A');
    git(app, 'commit', '-q', '-m', 'first');
    git(app, 'tag', 'v1');
    v1 = git(app, 'rev-parse', 'HEAD').trim();

    write(app, 'README.md', 'hello\n');
    write(app, 'CLAUDE.md', '# Claude\n');
    link(app, 'AGENTS.md', 'CLAUDE.md');
    write(app, '.github/SECURITY.md', 'policy\n');
    link(app, 'docs', '.github');
    link(app, 'sub/up.md', '../CLAUDE.md');
    link(app, 'sub/twice.md', '../AGENTS.md');
    link(app, 'escape.md', '../outside.md');
    link(app, 'abs.md', '/etc/hostname');
    link(app, 'updir', '..');
    link(app, 'loop-a', 'loop-b');
    link(app, 'loop-b', 'loop-a');
    write(app, 'old/draft.md', 'draft\n');
    git(app, 'add', '-A');
    git(app, 'commit', '-q', '-m', 'second');
    git(app, 'tag', '-a', 'v2', '-m', 'release 2');
    v2 = git(app, 'rev-parse', 'HEAD').trim();

    // The user's own pending work, which the forge must never disturb.
    write(app, 'README.md', 'hello, edited but not committed\n');
    write(app, 'staged.txt', 'staged\n');
    git(app, 'add', 'staged.txt');
    write(app, 'untracked.txt', 'untracked\n');
    userState = userSnapshot();
  });

  afterAll(() => {
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(tmp, { recursive: true, force: true });
  });
}
