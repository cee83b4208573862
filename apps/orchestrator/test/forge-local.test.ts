import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateBranchName, validateRefName, validateRepoPath } from '../src/git.js';
import { LocalForge } from '../src/forge/local.js';
import { withTrailer } from '../src/forge/tool-commit.js';
import { ForgeError, TOOL_TRAILER } from '../src/forge/types.js';
import type { ProposeInput } from '../src/forge/types.js';
import { humanGitEnv } from './helpers/family.js';

const tmp = mkdtempSync(join(tmpdir(), 'tmsync-forge-local-'));
const root = join(tmp, 'repos');
const stateDir = join(tmp, 'state');
const home = join(tmp, 'home');
const app = join(root, 'acme', 'app');
const CLOCK = new Date('2025-01-02T03:04:05Z');

const savedEnv = { HOME: process.env.HOME, XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME };

/** Plain git as a human would run it (fixed identity and dates, no user config). */
function git(cwd: string, ...args: string[]): string {
  const env = humanGitEnv(home);
  return execFileSync('git', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function write(dir: string, path: string, content: string): void {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), content);
}

function link(dir: string, path: string, target: string): void {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  symlinkSync(target, join(dir, path));
}

async function forgeError(p: Promise<unknown>): Promise<ForgeError> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(ForgeError);
    return error as ForgeError;
  }
  throw new Error('expected a ForgeError');
}

function proposal(over: Partial<ProposeInput> = {}): ProposeInput {
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
function patchApplies(src: string, patch: string): boolean {
  const dest = mkdtempSync(join(tmp, 'check-'));
  git(tmp, 'clone', '-q', src, dest);
  return spawnSync('git', ['apply', '--check', patch], { cwd: dest }).status === 0;
}

const forge = new LocalForge({
  root,
  stateDir,
  clock: () => CLOCK,
  identity: { name: 'tmsync test', email: 'tmsync-test@example.org' },
});
let v1 = '';
let v2 = '';
let userState = { status: '', head: '', symbolic: '', cached: '' };
const userSnapshot = () => ({
  status: git(app, 'status', '--porcelain', '--untracked-files=all'),
  head: git(app, 'rev-parse', 'HEAD'),
  symbolic: git(app, 'symbolic-ref', 'HEAD'),
  cached: git(app, 'diff', '--cached', '--name-only'),
});

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

describe('LocalForge: repositories and refs', () => {
  it('finds the default branch, preferring origin/HEAD in a clone', async () => {
    expect(await forge.defaultBranch('acme/app')).toBe('main');
    const clone = join(root, 'acme', 'clone');
    git(root, 'clone', '-q', app, clone);
    git(clone, 'checkout', '-q', '-b', 'feature');
    expect(await forge.defaultBranch('acme/clone')).toBe('main');
  });

  it('accepts a bare repository (name.git) and refuses a missing or non-repository folder', async () => {
    git(root, 'clone', '-q', '--bare', app, join(root, 'acme', 'mirror.git'));
    expect(await forge.defaultBranch('acme/mirror')).toBe('main');
    expect((await forge.readFile('acme/mirror', 'AGENTS.md'))?.content).toBe('# Claude\n');
    expect((await forgeError(forge.defaultBranch('acme/none'))).code).toBe('repo-not-found');
    mkdirSync(join(root, 'acme', 'plain'), { recursive: true });
    expect((await forgeError(forge.listTags('acme/plain'))).code).toBe('repo-not-found');
    for (const bad of ['../etc', 'acme', 'acme/app/x', 'acme/..', '-x/y']) {
      expect((await forgeError(forge.defaultBranch(bad))).code).toBe('invalid-name');
    }
  });

  it('resolves branches, shas and tags (lightweight and annotated, peeled)', async () => {
    expect(await forge.resolveRef('acme/app', 'main')).toBe(v2);
    expect(await forge.resolveRef('acme/app', v1)).toBe(v1);
    expect(await forge.resolveRef('acme/app', v1.slice(0, 10))).toBe(v1);
    expect(await forge.resolveRef('acme/app', 'v1')).toBe(v1);
    expect(await forge.resolveRef('acme/app', 'v2')).toBe(v2);
    expect(await forge.resolveRef('acme/app', 'refs/tags/v2')).toBe(v2);
    expect(await forge.resolveRef('acme/app', 'nope')).toBeNull();
    expect(await forge.listTags('acme/app')).toEqual([
      { name: 'v1', commit: v1 },
      { name: 'v2', commit: v2 },
    ]);
    for (const bad of ['-h', 'a..b', 'main~1', 'x y', 'v1^{tree}']) {
      expect((await forgeError(forge.resolveRef('acme/app', bad))).code).toBe('invalid-name');
    }
  });

  it('lists files at a ref', async () => {
    expect(await forge.listFiles('acme/app', 'v1')).toEqual(['README.md']);
    const files = await forge.listFiles('acme/app');
    expect(files).toContain('.github/SECURITY.md');
    expect(files).toContain('AGENTS.md');
    expect(files).not.toContain('staged.txt');
    expect((await forgeError(forge.listFiles('acme/app', 'v9'))).code).toBe('ref-not-found');
  });
});

describe('LocalForge.readFile', () => {
  it('reads a plain file at the default branch and at a tag; null when missing', async () => {
    expect(await forge.readFile('acme/app', 'README.md')).toEqual({
      path: 'README.md',
      resolvedPath: 'README.md',
      symlinks: [],
      content: 'hello\n',
      commit: v2,
    });
    expect((await forge.readFile('acme/app', 'README.md', 'v1'))?.content).toBe('v1\n');
    expect(await forge.readFile('acme/app', 'CLAUDE.md', 'v1')).toBeNull();
    expect(await forge.readFile('acme/app', 'nope.md')).toBeNull();
    expect(await forge.readFile('acme/app', 'README.md/x')).toBeNull();
    expect(await forge.readFile('acme/app', '.github')).toBeNull();
    expect((await forgeError(forge.readFile('acme/app', 'README.md', 'nope'))).code).toBe('ref-not-found');
  });

  it('follows symlinks inside the repository (file, directory, .., chains)', async () => {
    const agents = await forge.readFile('acme/app', 'AGENTS.md');
    expect(agents).toMatchObject({
      resolvedPath: 'CLAUDE.md',
      content: '# Claude\n',
      symlinks: [{ from: 'AGENTS.md', to: 'CLAUDE.md' }],
    });
    const viaDir = await forge.readFile('acme/app', 'docs/SECURITY.md');
    expect(viaDir).toMatchObject({
      resolvedPath: '.github/SECURITY.md',
      content: 'policy\n',
      symlinks: [{ from: 'docs', to: '.github' }],
    });
    expect((await forge.readFile('acme/app', 'sub/up.md'))?.resolvedPath).toBe('CLAUDE.md');
    const twice = await forge.readFile('acme/app', 'sub/twice.md');
    expect(twice?.symlinks).toEqual([
      { from: 'sub/twice.md', to: 'AGENTS.md' },
      { from: 'AGENTS.md', to: 'CLAUDE.md' },
    ]);
    expect(await forge.readFile('acme/app', 'docs/missing.md')).toBeNull();
  });

  it('refuses symlinks leaving the repository', async () => {
    const rel = await forgeError(forge.readFile('acme/app', 'escape.md'));
    expect(rel.code).toBe('symlink-escape');
    expect(rel.message).toContain('escape.md');
    expect(rel.message).toContain('../outside.md');
    const abs = await forgeError(forge.readFile('acme/app', 'abs.md'));
    expect(abs.code).toBe('symlink-escape');
    expect(abs.message).toContain('/etc/hostname');
    const dir = await forgeError(forge.readFile('acme/app', 'updir/README.md'));
    expect(dir.code).toBe('symlink-escape');
    expect(dir.message).toContain('updir');
  });

  it('reports a symlink loop', async () => {
    const loop = await forgeError(forge.readFile('acme/app', 'loop-a'));
    expect(loop.code).toBe('symlink-loop');
  });

  it('rejects invalid paths', async () => {
    for (const bad of [
      '',
      '/etc/passwd',
      '../x',
      'a/../b',
      './a',
      'a//b',
      'a/',
      '.git/config',
      'x/.GIT/HEAD',
      'a\0b',
      'a\\b',
    ]) {
      expect((await forgeError(forge.readFile('acme/app', bad))).code).toBe('invalid-name');
    }
  });
});

describe('LocalForge.propose', () => {
  const branch = 'tmsync/pointers';
  let first = '';
  let patchPath = '';

  it('creates a branch, one commit, a change request record and a patch that applies on the base', async () => {
    const result = await forge.propose(proposal());
    expect(result.outcome).toBe('created');
    const change = result.change;
    expect(change).toMatchObject({
      repo: 'acme/app',
      id: 1,
      base: 'main',
      head: branch,
      state: 'open',
      labels: ['security'],
      draft: false,
    });
    first = change?.headSha ?? '';
    expect(await forge.resolveRef('acme/app', branch)).toBe(first);
    expect(git(app, 'rev-parse', `${first}^`).trim()).toBe(v2);
    expect(git(app, 'log', '-1', '--format=%an <%ae>|%cn <%ce>|%at|%ct', first).trim()).toBe(
      `tmsync test <tmsync-test@example.org>|tmsync test <tmsync-test@example.org>|${CLOCK.getTime() / 1000}|${CLOCK.getTime() / 1000}`,
    );
    expect(git(app, 'log', '-1', '--format=%B', first)).toBe(`Add security pointers\n\n${TOOL_TRAILER}\n\n`);
    expect(git(app, 'diff', '--name-only', v2, first).trim().split('\n')).toEqual(['CLAUDE.md', 'SECURITY.md']);
    expect((await forge.readFile('acme/app', 'AGENTS.md', branch))?.content).toContain('Read SECURITY.md.');

    patchPath = change?.patchPath ?? '';
    expect(change?.url).toBe(`file://${patchPath}`);
    expect(patchPath.startsWith(join(stateDir, 'local', 'acme', 'app'))).toBe(true);
    expect(readFileSync(patchPath, 'utf8')).toContain('Subject: [PATCH] Add security pointers');
    expect(patchApplies(app, patchPath)).toBe(true);

    const records = JSON.parse(readFileSync(join(stateDir, 'local', 'acme', 'app', 'changes.json'), 'utf8'));
    expect(records.nextId).toBe(2);
    expect(records.changes[0]).toMatchObject({
      id: 1,
      title: 'Add security pointers',
      headSha: first,
      createdAt: CLOCK.toISOString(),
    });
    expect(await forge.findChange('acme/app', branch)).toEqual(change);
    expect(await forge.findChange('acme/app', 'tmsync/other')).toBeNull();
  });

  it('re-proposing the same files changes nothing, but refreshes the record text', async () => {
    const again = await forge.propose(proposal());
    expect(again.outcome).toBe('unchanged');
    expect(again.change?.headSha).toBe(first);
    expect(await forge.resolveRef('acme/app', branch)).toBe(first);

    const retitled = await forge.propose(proposal({ title: 'Security pointers (v2)' }));
    expect(retitled.outcome).toBe('unchanged');
    expect(retitled.detail).toContain('refreshed');
    expect((await forge.findChange('acme/app', branch))?.title).toBe('Security pointers (v2)');
    expect(await forge.resolveRef('acme/app', branch)).toBe(first);
  });

  it('new content adds one commit on top and updates the change in place', async () => {
    const changes = [
      { path: 'SECURITY.md', content: '# Security\n\nSee the parent threat model.\n' },
      { path: 'CLAUDE.md', content: '# Claude\n\n## Security\n\nRead SECURITY.md.\n' },
    ];
    const result = await forge.propose(proposal({ changes, message: `Refresh pointers\n\n${TOOL_TRAILER}\n` }));
    expect(result.outcome).toBe('updated');
    expect(result.change?.id).toBe(1);
    const second = result.change?.headSha ?? '';
    expect(git(app, 'rev-parse', `${second}^`).trim()).toBe(first);
    expect(git(app, 'rev-list', '--count', `main..${branch}`).trim()).toBe('2');
    expect(git(app, 'log', '-1', '--format=%B', second)).toBe(`Refresh pointers\n\n${TOOL_TRAILER}\n\n`);
    expect(git(app, 'diff', '--name-only', first, second).trim()).toBe('SECURITY.md');
    expect(result.change?.patchPath).toBe(patchPath);
    expect(patchApplies(app, patchPath)).toBe(true);
    expect((await forge.listChanges('acme/app')).length).toBe(1);
  });

  it('deletes files, and treats deleting an absent file or writing base content as nothing to do', async () => {
    const del = await forge.propose(
      proposal({
        branch: 'tmsync/cleanup',
        changes: [
          { path: 'old/draft.md', content: null },
          { path: 'gone.md', content: null },
        ],
      }),
    );
    expect(del.outcome).toBe('created');
    expect(del.change?.id).toBe(2);
    expect(git(app, 'ls-tree', '-r', '--name-only', 'tmsync/cleanup')).not.toContain('old/draft.md');
    expect(git(app, 'diff', '--name-status', 'main', 'tmsync/cleanup').trim()).toBe('D\told/draft.md');
    expect(patchApplies(app, del.change?.patchPath ?? '')).toBe(true);

    const noop = await forge.propose(
      proposal({
        branch: 'tmsync/noop',
        changes: [
          { path: 'gone.md', content: null },
          { path: 'README.md', content: 'hello\n' },
        ],
      }),
    );
    expect(noop).toMatchObject({ outcome: 'unchanged', change: null });
    expect(await forge.resolveRef('acme/app', 'tmsync/noop')).toBeNull();
  });

  it('leaves a tool branch holding a human commit alone', async () => {
    const human = join(tmp, 'human');
    git(tmp, 'clone', '-q', '-b', branch, app, human);
    write(human, 'SECURITY.md', 'a human wrote this\n');
    git(human, 'commit', '-q', '-am', 'human tweak');
    git(human, 'push', '-q', 'origin', branch);
    const tip = git(app, 'rev-parse', branch).trim();
    const recordsBefore = readFileSync(join(stateDir, 'local', 'acme', 'app', 'changes.json'), 'utf8');

    const result = await forge.propose(proposal({ changes: [{ path: 'SECURITY.md', content: 'tool text\n' }] }));
    expect(result.outcome).toBe('foreign-commits');
    expect(result.detail).toContain(tip.slice(0, 12));
    expect(result.change?.id).toBe(1);
    expect(git(app, 'rev-parse', branch).trim()).toBe(tip);
    expect(readFileSync(join(stateDir, 'local', 'acme', 'app', 'changes.json'), 'utf8')).toBe(recordsBefore);
  });

  it('closes a change request with a comment', async () => {
    await forge.closeChange('acme/app', 1, 'Superseded.');
    expect(await forge.findChange('acme/app', branch)).toBeNull();
    const closed = (await forge.listChanges('acme/app')).find((c) => c.id === 1);
    expect(closed).toMatchObject({
      state: 'closed',
      closedAt: CLOCK.toISOString(),
      comments: [{ at: CLOCK.toISOString(), body: 'Superseded.' }],
    });
    await forge.closeChange('acme/app', 1, 'again');
    expect((await forge.listChanges('acme/app')).find((c) => c.id === 1)?.comments).toHaveLength(1);
    expect((await forgeError(forge.closeChange('acme/app', 99, 'x'))).code).toBe('ref-not-found');
  });

  it('rejects invalid branch, base and path names and writes nothing', async () => {
    const badBranches = ['bad..name', '-x', 'a b', 'x.lock', 'a/.hidden', 'HEAD', 'a:b', 'a~1', 'end/', 'x@{1}'];
    for (const b of badBranches) {
      expect((await forgeError(forge.propose(proposal({ branch: b })))).code).toBe('invalid-name');
    }
    expect((await forgeError(forge.propose(proposal({ base: '--all' })))).code).toBe('invalid-name');
    expect((await forgeError(forge.propose(proposal({ branch: 'main' })))).code).toBe('invalid-name');
    for (const p of ['../x', '/abs', 'a/.git/config', '.git/hooks/pre-commit', 'a\0b', 'a/./b']) {
      const err = await forgeError(
        forge.propose(proposal({ branch: 'tmsync/bad', changes: [{ path: p, content: 'x' }] })),
      );
      expect(err.code).toBe('invalid-name');
    }
    const dup = [
      { path: 'a.md', content: '1' },
      { path: 'a.md', content: '2' },
    ];
    expect((await forgeError(forge.propose(proposal({ branch: 'tmsync/bad', changes: dup })))).code).toBe(
      'invalid-name',
    );
    // Paths through a symlink or into a directory are the caller's to resolve.
    for (const p of ['AGENTS.md', 'docs/SECURITY.md', '.github', 'README.md/x']) {
      const err = await forgeError(
        forge.propose(proposal({ branch: 'tmsync/bad', changes: [{ path: p, content: 'x' }] })),
      );
      expect(err.code).toBe('invalid-name');
    }
    expect((await forgeError(forge.propose(proposal({ base: 'nope' })))).code).toBe('ref-not-found');
    expect(await forge.resolveRef('acme/app', 'tmsync/bad')).toBeNull();
  });

  it('refuses to move a checked-out branch, and records a change that landed as merged', async () => {
    const co = join(root, 'acme', 'co');
    mkdirSync(co, { recursive: true });
    git(co, 'init', '-q', '-b', 'main');
    write(co, 'README.md', 'co\n');
    git(co, 'add', '-A');
    git(co, 'commit', '-q', '-m', 'init');
    git(co, 'checkout', '-q', '-b', 'tmsync/x');
    const input = proposal({
      repo: 'acme/co',
      branch: 'tmsync/x',
      base: 'main',
      changes: [{ path: 'SECURITY.md', content: 's\n' }],
    });
    expect((await forgeError(forge.propose(input))).code).toBe('conflict');
    git(co, 'checkout', '-q', 'main');

    const created = await forge.propose(input);
    expect(created.outcome).toBe('created');
    git(co, 'merge', '-q', '--ff-only', 'tmsync/x');
    const after = await forge.propose(input);
    expect(after).toMatchObject({ outcome: 'unchanged', change: null });
    expect((await forge.listChanges('acme/co'))[0]?.state).toBe('merged');
  });

  it('sees a change merged with a merge commit: findChange no longer reports it open', async () => {
    const mm = join(root, 'acme', 'mm');
    mkdirSync(mm, { recursive: true });
    git(mm, 'init', '-q', '-b', 'main');
    write(mm, 'README.md', 'mm\n');
    git(mm, 'add', '-A');
    git(mm, 'commit', '-q', '-m', 'init');
    const input = proposal({
      repo: 'acme/mm',
      branch: 'tmsync/y',
      base: 'main',
      changes: [{ path: 'SECURITY.md', content: 's\n' }],
    });
    expect((await forge.propose(input)).outcome).toBe('created');
    expect(await forge.findChange('acme/mm', 'tmsync/y')).not.toBeNull();
    write(mm, 'OTHER.md', 'meanwhile\n');
    git(mm, 'add', 'OTHER.md');
    git(mm, 'commit', '-q', '-m', 'meanwhile on main');
    git(mm, 'merge', '-q', '--no-ff', '-m', 'Merge the pointers', 'tmsync/y');
    expect(await forge.findChange('acme/mm', 'tmsync/y')).toBeNull();
    expect((await forge.listChanges('acme/mm'))[0]?.state).toBe('merged');
  });

  it('never touched the user work tree, index or HEAD', () => {
    expect(userSnapshot()).toEqual(userState);
    expect(readFileSync(join(app, 'README.md'), 'utf8')).toBe('hello, edited but not committed\n');
    expect(existsSync(join(app, 'SECURITY.md'))).toBe(false);
    expect(readdirSync(join(stateDir, 'tmp'))).toEqual([]);
  });
});

describe('validators', () => {
  it('agree with git check-ref-format --branch', () => {
    const names = [
      'main',
      'tmsync/pointers',
      'feature/a-b_c.d',
      'v1.2.3',
      'x@y',
      'a+b',
      'ünï',
      '',
      '-x',
      'a..b',
      '.a',
      'a/.b',
      'a.lock',
      'a/b.lock/c',
      'a b',
      'a~',
      'a^',
      'a:b',
      'a?',
      'a*',
      'a[',
      'a\\b',
      '/a',
      'a/',
      'a//b',
      'a.',
      'a@{b',
      'a\tb',
    ];
    for (const name of names) {
      const gitOk = spawnSync('git', ['check-ref-format', '--branch', name], { cwd: tmp }).status === 0;
      let ours = true;
      try {
        validateBranchName(name);
      } catch {
        ours = false;
      }
      expect([name, ours]).toEqual([name, gitOk]);
    }
    // Stricter than git, which expands these to the current branch.
    for (const name of ['@', 'HEAD', '@{-1}']) expect(() => validateBranchName(name)).toThrow(ForgeError);
  });

  it('accept refs and shas, reject option-like refs; reject bad paths', () => {
    expect(validateRefName('HEAD')).toBe('HEAD');
    expect(validateRefName('refs/tags/v1')).toBe('refs/tags/v1');
    expect(validateRefName('0123abcd')).toBe('0123abcd');
    expect(() => validateRefName('--output=x')).toThrow(ForgeError);
    expect(validateRepoPath('.github/SECURITY.md')).toBe('.github/SECURITY.md');
    expect(validateRepoPath('a/.gitignore')).toBe('a/.gitignore');
    expect(() => validateRepoPath('a/.git')).toThrow(ForgeError);
  });

  it('withTrailer adds the tool trailer once, joining an existing trailer block', () => {
    expect(withTrailer('Subject')).toBe(`Subject\n\n${TOOL_TRAILER}\n`);
    expect(withTrailer(`Subject\n\n${TOOL_TRAILER}`)).toBe(`Subject\n\n${TOOL_TRAILER}\n`);
    expect(withTrailer('Subject\n\nBody.\n\nSigned-off-by: A <a@b>\n')).toBe(
      `Subject\n\nBody.\n\nSigned-off-by: A <a@b>\n${TOOL_TRAILER}\n`,
    );
    expect(withTrailer(`Subject\n\nBody mentioning\n${TOOL_TRAILER}`)).toBe(
      `Subject\n\nBody mentioning\n${TOOL_TRAILER}\n\n${TOOL_TRAILER}\n`,
    );
  });
});

describe('LocalForge commit identity', () => {
  it('is never made up: without the campaign identity or git config, propose refuses with what to set', async () => {
    const bare = new LocalForge({ root, stateDir: join(stateDir, 'no-identity'), clock: () => CLOCK });
    const saved = { ...process.env };
    for (const k of ['GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_EMAIL', 'GIT_AUTHOR_NAME', 'GIT_COMMITTER_NAME', 'EMAIL'])
      delete process.env[k];
    try {
      await expect(
        bare.propose({
          repo: 'acme/app',
          branch: 'tmsync/identity-check',
          title: 't',
          body: 'b',
          message: 'm',
          changes: [{ path: 'IDENTITY.md', content: 'x\n' }],
        }),
      ).rejects.toThrow(/no identity to commit with: set commit: \{name, email\} in the campaign file, or git config/);
    } finally {
      Object.assign(process.env, saved);
    }
  });
});
