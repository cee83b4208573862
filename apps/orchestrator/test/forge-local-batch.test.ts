/**
 * The long-lived git processes under the local forge (`cat-file --batch`,
 * `mktree --batch`), the tree parser, and the forge's per-run memory of refs,
 * all against real repositories and checked against git's own answers.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CatFileBatch, closeGitBatches, MktreeBatch, parseTree } from '../src/git-batch.js';
import { observeGitSpawns, subcommand } from '../src/git.js';
import { LocalForge } from '../src/forge/local.js';
import { ForgeError } from '../src/forge/types.js';
import { humanGitEnv } from './helpers/family.js';

const tmp = mkdtempSync(join(tmpdir(), 'tmsync-batch-'));
const home = join(tmp, 'home');
const root = join(tmp, 'repos');
const app = join(root, 'acme', 'app');
const gitDir = join(app, '.git');
const IDENTITY = { name: 'tmsync test', email: 'tmsync-test@example.org' };

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: humanGitEnv(home), encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Counts the git subprocesses started while `fn` runs, by subcommand. */
async function spawns<T>(fn: () => Promise<T>): Promise<{ value: T; counts: Record<string, number> }> {
  const counts: Record<string, number> = {};
  observeGitSpawns((args) => {
    const sub = subcommand(args);
    counts[sub] = (counts[sub] ?? 0) + 1;
  });
  try {
    return { value: await fn(), counts };
  } finally {
    observeGitSpawns(null);
  }
}

const binary = Buffer.from([0, 1, 2, 10, 13, 255, 0, 10, 10, 65]);
const large = Buffer.alloc(3 * 1024 * 1024 + 7, 'abc\n');
let first = '';
let submodule = '';

beforeAll(() => {
  mkdirSync(home, { recursive: true });
  mkdirSync(join(app, 'docs', 'deep'), { recursive: true });
  git(app, 'init', '-q', '-b', 'main');
  writeFileSync(join(app, 'README.md'), 'hello\n');
  writeFileSync(join(app, 'bin.dat'), binary);
  writeFileSync(join(app, 'large.txt'), large);
  writeFileSync(join(app, 'run.sh'), '#!/bin/sh\necho run\n');
  chmodSync(join(app, 'run.sh'), 0o755);
  writeFileSync(join(app, 'docs', 'deep', 'note.md'), 'note\n');
  symlinkSync('README.md', join(app, 'LINK.md'));
  git(app, 'add', '-A');
  // A submodule's commit (an object this repository does not have), as a gitlink entry.
  submodule = 'a'.repeat(40);
  git(app, 'update-index', '--add', '--cacheinfo', `160000,${submodule},vendor/lib`);
  git(app, 'commit', '-q', '-m', 'first');
  first = git(app, 'rev-parse', 'HEAD').trim();
});

afterEach(() => observeGitSpawns(null));

afterAll(async () => {
  await closeGitBatches();
  rmSync(tmp, { recursive: true, force: true });
});

describe('CatFileBatch', () => {
  it('answers many reads, in flight together, through one process; bytes exact; missing is null', async () => {
    const batch = new CatFileBatch(app, gitDir);
    const { value, counts } = await spawns(async () =>
      Promise.all([
        batch.read('main^{commit}'),
        batch.read(`${first}:bin.dat`),
        batch.read('nope^{commit}'),
        batch.read(`${first}:large.txt`),
        batch.read(`${first}:README.md`),
        ...Array.from({ length: 200 }, (_, i) => batch.read(i % 2 ? `${first}:README.md` : 'missing-ref')),
      ]),
    );
    expect(counts).toEqual({ 'cat-file': 1 });
    const [commit, bin, nope, big, readme, ...rest] = value;
    expect(commit).toMatchObject({ oid: first, type: 'commit' });
    expect(bin?.content.equals(binary)).toBe(true);
    expect(nope).toBeNull();
    expect(big?.content.length).toBe(large.length);
    expect(big?.content.equals(large)).toBe(true);
    expect(readme?.content.toString('utf8')).toBe('hello\n');
    expect(rest.map((r) => r?.content.toString('utf8') ?? null)).toEqual(
      Array.from({ length: 200 }, (_, i) => (i % 2 ? 'hello\n' : null)),
    );
    await batch.close();
  });

  it('starts again after close(), and refuses names that would break the protocol', async () => {
    const batch = new CatFileBatch(app, gitDir);
    const { counts } = await spawns(async () => {
      expect((await batch.read('main^{commit}'))?.oid).toBe(first);
      await batch.close();
      expect((await batch.read('main^{commit}'))?.oid).toBe(first);
      await batch.close();
    });
    expect(counts).toEqual({ 'cat-file': 2 });
    await expect(batch.read('main\nHEAD')).rejects.toMatchObject({ code: 'invalid-name' });
  });

  it('fails reads with git-failed where git cannot run (not a repository)', async () => {
    const plain = join(tmp, 'plain');
    mkdirSync(plain, { recursive: true });
    const batch = new CatFileBatch(plain, join(plain, '.git'));
    const error = await batch.read('HEAD').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForgeError);
    expect(error).toMatchObject({ code: 'git-failed' });
    expect((error as Error).message).toMatch(/^git cat-file failed \(exit 128\): fatal: not a git repository/);
  });
});

describe('parseTree and MktreeBatch', () => {
  it('reads raw trees as ls-tree prints them (modes, types, symlinks, submodules)', async () => {
    const batch = new CatFileBatch(app, gitDir);
    for (const treeish of [`${first}^{tree}`, `${first}:docs`, `${first}:vendor`]) {
      const tree = await batch.read(git(app, 'rev-parse', treeish).trim());
      const ours = parseTree(tree?.content ?? Buffer.alloc(0), tree?.oid.length ?? 40).map(
        (e) => `${e.mode} ${e.type} ${e.oid}\t${e.name}`,
      );
      expect(ours).toEqual(git(app, 'ls-tree', treeish).trim().split('\n'));
    }
    await batch.close();
  });

  it('writes nested trees in one process, equal to what git write-tree makes of the same index', async () => {
    const blob = git(app, 'rev-parse', `${first}:README.md`).trim();
    const mktree = new MktreeBatch(app, gitDir);
    const { value: rootTree, counts } = await spawns(async () => {
      const inner = await mktree.write([{ mode: '100644', type: 'blob', oid: blob, name: 'b.md' }]);
      const middle = await mktree.write([
        { mode: '040000', type: 'tree', oid: inner, name: 'inner' },
        { mode: '100755', type: 'blob', oid: blob, name: 'x.sh' },
      ]);
      const top = await mktree.write([
        { mode: '100644', type: 'blob', oid: blob, name: 'z.md' },
        { mode: '040000', type: 'tree', oid: middle, name: 'a' },
        { mode: '160000', type: 'commit', oid: submodule, name: 'sub' },
      ]);
      await mktree.close();
      return top;
    });
    expect(counts).toEqual({ mktree: 1 });
    const index = join(tmp, 'scratch-index');
    const env = { ...humanGitEnv(home), GIT_INDEX_FILE: index };
    const info = [
      `100644 ${blob}\ta/inner/b.md`,
      `100755 ${blob}\ta/x.sh`,
      `100644 ${blob}\tz.md`,
      `160000 ${submodule}\tsub`,
    ].join('\n');
    execFileSync('git', ['update-index', '--add', '--index-info'], { cwd: app, env, input: `${info}\n` });
    const expected = execFileSync('git', ['write-tree'], { cwd: app, env, encoding: 'utf8' }).trim();
    expect(rootTree).toBe(expected);
  });
});

describe('LocalForge runs', () => {
  it('perRun: each ref read once for the run, the forge’s own writes seen, others’ after close()', async () => {
    const forge = new LocalForge({ root, stateDir: join(tmp, 'state-run'), identity: IDENTITY, perRun: true });
    const live = new LocalForge({ root, stateDir: join(tmp, 'state-live'), identity: IDENTITY });
    const { counts } = await spawns(async () => {
      expect(await forge.resolveRef('acme/app', 'main')).toBe(first);
      expect(await forge.resolveRef('acme/app', 'refs/heads/main')).toBe(first);
      for (let i = 0; i < 20; i++) await forge.readFile('acme/app', 'README.md', 'main');
    });
    expect(counts).toEqual({ 'for-each-ref': 1, 'cat-file': 1 });

    // Someone commits on main: the run keeps the commit it started with; a forge without perRun sees the new one.
    writeFileSync(join(app, 'README.md'), 'hello again\n');
    git(app, 'commit', '-q', '-am', 'second');
    const second = git(app, 'rev-parse', 'HEAD').trim();
    expect(await forge.resolveRef('acme/app', 'main')).toBe(first);
    expect(await live.resolveRef('acme/app', 'main')).toBe(second);

    // The run's own write: the branch it moved reads as the new commit at once.
    const result = await forge.propose({
      repo: 'acme/app',
      branch: 'tmsync/run',
      title: 't',
      body: 'b',
      message: 'm',
      changes: [
        { path: 'run.sh', content: '#!/bin/sh\necho changed\n' },
        { path: 'docs/deep/note.md', content: null },
        { path: 'new/dir/file.md', content: 'new\n' },
      ],
    });
    expect(result.outcome).toBe('created');
    const head = result.change?.headSha ?? '';
    expect(await forge.resolveRef('acme/app', 'tmsync/run')).toBe(head);
    // One commit on the base the run saw (refs/heads/main as first read); modes kept, the emptied folder gone, the submodule entry kept.
    expect(git(app, 'rev-parse', `${head}^`).trim()).toBe(first);
    expect(git(app, 'ls-tree', '-r', '--name-only', head).trim().split('\n')).toEqual([
      'LINK.md',
      'README.md',
      'bin.dat',
      'large.txt',
      'new/dir/file.md',
      'run.sh',
      'vendor/lib',
    ]);
    const modes = git(app, 'ls-tree', '-r', head).trim().split('\n');
    expect(modes).toContain(`160000 commit ${submodule}\tvendor/lib`);
    expect(modes).toContain(git(app, 'ls-tree', first, 'LINK.md').trim());
    expect(modes).toContain(git(app, 'ls-tree', first, 'large.txt').trim());
    expect(modes.find((m) => m.endsWith('\trun.sh'))?.startsWith('100755 blob ')).toBe(true);
    expect(git(app, 'show', `${head}:run.sh`)).toBe('#!/bin/sh\necho changed\n');
    expect(git(app, 'show', `${head}:new/dir/file.md`)).toBe('new\n');

    await forge.close();
    expect(await forge.resolveRef('acme/app', 'main')).toBe(second);
    await forge.close();
  });
});
