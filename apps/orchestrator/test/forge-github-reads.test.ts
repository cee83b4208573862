/**
 * The github forge's reads through the real Octokit against the GitHub REST emulator of
 * packages/testkit: the same answers as the local forge over the same repository, the token
 * lookup, and errors reported with status and message only.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GitHubForge, resolveGitHubToken } from '../src/forge/github/index.js';
import { LocalForge } from '../src/forge/local.js';
import { ForgeError } from '../src/forge/types.js';
import { BRANCH, lab, useGitHubLab } from './helpers/github-forge.js';

useGitHubLab();

describe('token', () => {
  it('takes GITHUB_TOKEN, then GH_TOKEN, then gh auth token, and says what it tried', () => {
    expect(resolveGitHubToken({ GITHUB_TOKEN: 'a1', GH_TOKEN: 'b2' }, { gh: false })).toEqual({
      token: 'a1',
      source: 'GITHUB_TOKEN',
    });
    expect(resolveGitHubToken({ GH_TOKEN: 'b2' }, { gh: false })).toEqual({ token: 'b2', source: 'GH_TOKEN' });
    const bin = mkdtempSync(join(tmpdir(), 'tmsync-gh-bin-'));
    const gh = join(bin, 'gh');
    writeFileSync(
      gh,
      '#!/bin/sh\n[ "$1 $2 $3 $4" = "auth token --hostname ghe.example.com" ] && echo from-gh-cli && exit 0\nexit 1\n',
    );
    chmodSync(gh, 0o755);
    expect(resolveGitHubToken({ PATH: bin }, { gh, apiUrl: 'https://ghe.example.com/api/v3' })).toEqual({
      token: 'from-gh-cli',
      source: 'gh auth token',
    });
    let error: unknown;
    try {
      resolveGitHubToken({ PATH: bin }, { gh });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ForgeError);
    expect((error as Error).message).toMatch(/GITHUB_TOKEN, GH_TOKEN and `gh auth token`.*no login for github\.com/);
    expect(() => resolveGitHubToken({ PATH: '/nonexistent' }, { gh: join(bin, 'missing-gh') })).toThrow(
      /gh is not installed/,
    );
  });
});

describe('reads', () => {
  it('answers like the local forge over the same repository (symlinks, refs, tags, listing)', async () => {
    const repo = 'acme/reads';
    await lab.gh.createRepo(repo, {
      files: { 'README.md': '# r\n', 'docs/THREAT_MODEL.md': '# model\n', 'docs/sub/deep.md': 'deep\n' },
      symlinks: {
        'SECURITY.md': 'docs/THREAT_MODEL.md',
        'docs/up.md': '../README.md',
        'escape.md': '../outside.md',
        'loop-a': 'loop-b',
        'loop-b': 'loop-a',
        'docs/dir-link': 'sub',
      },
      tags: ['v1.0'],
    });
    await lab.gh.createTag(repo, 'v1.1', 'main', { message: 'annotated' });
    await lab.gh.commitAs(repo, 'feature', { 'NEW.md': 'new\n' });
    const local = new LocalForge({
      root: join(lab.root, 'github'),
      stateDir: lab.state(),
      identity: { name: 'tmsync test', email: 'tmsync-test@example.org' },
    });
    const gh = lab.forge(lab.state());
    expect(await gh.defaultBranch(repo)).toBe(await local.defaultBranch(repo));
    for (const ref of [
      'main',
      'feature',
      'v1.0',
      'v1.1',
      'refs/heads/feature',
      'nope',
      (await local.resolveRef(repo, 'main'))!,
    ]) {
      expect(await gh.resolveRef(repo, ref), ref).toBe(await local.resolveRef(repo, ref));
    }
    const sortTags = (t: { name: string; commit: string }[]) => [...t].sort((a, b) => a.name.localeCompare(b.name));
    expect(sortTags(await gh.listTags(repo))).toEqual(sortTags(await local.listTags(repo)));
    expect([...(await gh.listFiles(repo))].sort()).toEqual([...(await local.listFiles(repo))].sort());
    expect([...(await gh.listFiles(repo, 'feature'))].sort()).toEqual(
      [...(await local.listFiles(repo, 'feature'))].sort(),
    );
    for (const path of [
      'SECURITY.md',
      'docs/up.md',
      'docs/dir-link/deep.md',
      'docs/sub/deep.md',
      'missing.md',
      'docs',
    ]) {
      expect(await gh.readFile(repo, path), path).toEqual(await local.readFile(repo, path));
    }
    expect(await gh.readFile(repo, 'NEW.md', 'feature')).toEqual(await local.readFile(repo, 'NEW.md', 'feature'));
    await expect(gh.readFile(repo, 'escape.md')).rejects.toMatchObject({ code: 'symlink-escape' });
    await expect(gh.readFile(repo, 'loop-a')).rejects.toMatchObject({ code: 'symlink-loop' });
    await expect(gh.readFile(repo, 'README.md', 'no-such-ref')).rejects.toMatchObject({ code: 'ref-not-found' });
    await expect(gh.defaultBranch('acme/absent')).rejects.toMatchObject({ code: 'repo-not-found' });
    expect(await gh.findChange(repo, BRANCH)).toBeNull();
  });
});

describe('errors', () => {
  it('reports GitHub errors with status and message only', async () => {
    const forge = new GitHubForge({
      token: 'wrong-token-value-123',
      apiUrl: lab.gh.url,
      stateDir: null,
      timeScale: 0.01,
    });
    const error = await forge.defaultBranch('acme/reads').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForgeError);
    expect(error).toMatchObject({ code: 'permission' });
    expect((error as Error).message).toMatch(/401 Bad credentials/);
    expect(Object.keys(error as object).sort()).toEqual(['code', 'name']);
  });
});
