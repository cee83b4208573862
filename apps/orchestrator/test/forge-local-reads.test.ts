/**
 * LocalForge reads: the default branch, refs and tags, listing, reading files through
 * symlinks (and refusing those that leave the repository), and the name validators.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateBranchName, validateRefName, validateRepoPath } from '../src/git.js';
import { withTrailer } from '../src/forge/tool-commit.js';
import { ForgeError, TOOL_TRAILER } from '../src/forge/types.js';
import { app, forge, forgeError, git, root, tmp, useLocalRepo, v1, v2 } from './helpers/local-forge.js';

useLocalRepo();

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
