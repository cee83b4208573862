/**
 * The github forge through the real Octokit (throttling and retry plugins included)
 * against the GitHub REST emulator of packages/testkit: the same semantics as the local
 * forge, and the GitHub-specific duties (few requests, conditional re-reads, human
 * edits, hand-back, fork mode, repurposing drafts).
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobSha, GitHubForge, hasToolTrailer, resolveGitHubToken } from '../src/forge/github/index.js';
import { LocalForge } from '../src/forge/local.js';
import type { ProposeInput } from '../src/forge/types.js';
import { ForgeError, TOOL_TRAILER } from '../src/forge/types.js';
import type { GitHubLab } from './helpers/github.js';
import { MAINT_TOKEN, mark, OUTSIDER_TOKEN, startLab, TOKEN } from './helpers/github.js';

const BRANCH = 'tmsync/threat-model-pointer';
let lab: GitHubLab;
let maint: Octokit;
let counter = 0;

beforeAll(async () => {
  lab = await startLab({ forkReadyDelayMs: 150 });
  maint = new Octokit({ auth: MAINT_TOKEN, baseUrl: lab.gh.url });
});
afterAll(async () => {
  await lab?.stop();
});

/** A new satellite repository with a README. */
async function satellite(files: Record<string, string> = {}): Promise<string> {
  const name = `acme/sat-${++counter}`;
  await lab.gh.createRepo(name, { files: { 'README.md': '# satellite\n', ...files } });
  return name;
}

function pointer(repo: string, text = 'v1', extra: Partial<ProposeInput> = {}): ProposeInput {
  return {
    repo,
    branch: BRANCH,
    title: 'Point to the threat model',
    body: `This change points ${repo} to the canonical model (${text}).\n`,
    message: 'Point to the canonical threat model',
    changes: [
      { path: 'SECURITY.md', content: `# Security\n\nSee the model (${text}).\n` },
      { path: 'AGENTS.md', content: `# Agents\n\nRead SECURITY.md (${text}).\n` },
    ],
    ...extra,
  };
}

async function branchCommits(
  repo: string,
  headRepo = repo,
  branch = BRANCH,
): Promise<{ sha: string; message: string; login: string | null }[]> {
  const base = (await maint.rest.repos.get({ owner: repo.split('/')[0]!, repo: repo.split('/')[1]! })).data
    .default_branch;
  const owner = headRepo.split('/')[0]!;
  const basehead = headRepo === repo ? `${base}...${branch}` : `${base}...${owner}:${branch}`;
  const cmp = await maint.request('GET /repos/{owner}/{repo}/compare/{basehead}', {
    owner: repo.split('/')[0]!,
    repo: repo.split('/')[1]!,
    basehead,
  });
  return cmp.data.commits.map((c) => ({ sha: c.sha, message: c.commit.message, login: c.author?.login ?? null }));
}

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

describe('propose', () => {
  it('creates one branch, one commit with the trailer and one pull request in 4 writes', async () => {
    const repo = await satellite({ 'draft-THREAT-MODEL.md': 'old draft\n' });
    const forge = lab.forge(lab.state());
    const from = mark(lab.gh);
    const input = pointer(repo);
    input.changes.push({ path: 'draft-THREAT-MODEL.md', content: null });
    const result = await forge.propose(input);
    expect(result.outcome).toBe('created');
    expect(result.change).toMatchObject({ repo, head: BRANCH, base: 'main', state: 'open', title: input.title });
    const writes = lab.gh.log.filter((e) => e.seq >= from && e.write).map((e) => e.operation);
    expect(writes).toEqual(['git/create-tree', 'git/create-commit', 'git/create-ref', 'pulls/create']);
    const commits = await branchCommits(repo);
    expect(commits).toHaveLength(1);
    expect(hasToolTrailer(commits[0]!.message)).toBe(true);
    expect(commits[0]!.message).toContain(TOOL_TRAILER);
    expect(await lab.gh.readFile(repo, BRANCH, 'SECURITY.md')).toBe('# Security\n\nSee the model (v1).\n');
    expect(await lab.gh.readFile(repo, BRANCH, 'draft-THREAT-MODEL.md')).toBeNull();
    expect(lab.gh.pulls(repo)).toHaveLength(1);
    expect(await forge.findChange(repo, BRANCH)).toMatchObject({ id: result.change!.id, headSha: commits[0]!.sha });
  });

  it('updates the branch and the pull request in place, never a second one, and skips what is already there', async () => {
    const repo = await satellite();
    const state = lab.state();
    const first = await lab.forge(state).propose(pointer(repo, 'v1', { labels: ['security'] }));
    const from = mark(lab.gh);
    const second = await lab
      .forge(state)
      .propose(
        pointer(repo, 'v2', { labels: ['security', 'docs'], reviewers: ['maint'], title: 'Point to the model (v2)' }),
      );
    expect(second.outcome).toBe('updated');
    expect(second.change!.id).toBe(first.change!.id);
    const writes = lab.gh.log.filter((e) => e.seq >= from && e.write).map((e) => e.operation);
    expect(writes).toEqual([
      'git/create-tree',
      'git/create-commit',
      'git/update-ref',
      'pulls/update',
      'issues/add-labels',
      'pulls/request-reviewers',
    ]);
    const pulls = lab.gh.pulls(repo);
    expect(pulls).toHaveLength(1);
    expect(pulls[0]).toMatchObject({
      title: 'Point to the model (v2)',
      labels: ['security', 'docs'],
      requestedReviewers: ['maint'],
    });
    expect(await branchCommits(repo)).toHaveLength(2);
    // Only one file differs: the tree carries only that one.
    const third = await lab.forge(state).propose({
      ...pointer(repo, 'v2', {
        labels: ['security', 'docs'],
        reviewers: ['maint'],
        title: 'Point to the model (v2)',
      }),
      changes: [{ path: 'SECURITY.md', content: '# Security\n\nv3\n' }, pointer(repo, 'v2').changes[1]!],
    });
    expect(third.outcome).toBe('updated');
    expect(await lab.gh.readFile(repo, BRANCH, 'AGENTS.md')).toBe('# Agents\n\nRead SECURITY.md (v2).\n');
    expect(lab.gh.pulls(repo)).toHaveLength(1);
    // The draft state changes in place too (REST cannot: one GraphQL mutation).
    const from2 = mark(lab.gh);
    const drafted = await lab.forge(state).propose({
      ...pointer(repo, 'v2', {
        labels: ['security', 'docs'],
        reviewers: ['maint'],
        title: 'Point to the model (v2)',
        draft: true,
      }),
      changes: [{ path: 'SECURITY.md', content: '# Security\n\nv3\n' }],
    });
    expect(drafted).toMatchObject({ outcome: 'unchanged', change: { draft: true } });
    expect(lab.gh.log.filter((e) => e.seq >= from2 && e.write).map((e) => e.operation)).toEqual(['graphql']);
    expect(lab.gh.pulls(repo)[0]!.draft).toBe(true);
  });

  it('opens no duplicate across three re-runs, and a re-run spends only conditional requests', async () => {
    const repo = await satellite();
    const state = lab.state();
    const input = pointer(repo, 'v1', { labels: ['security'], reviewers: ['maint'] });
    expect((await lab.forge(state).propose(input)).outcome).toBe('created');
    for (let run = 0; run < 3; run++) {
      const from = mark(lab.gh);
      const forge = lab.forge(state);
      // What a campaign run does: read, then propose.
      expect(await forge.defaultBranch(repo)).toBe('main');
      const change = await forge.findChange(repo, BRANCH);
      expect(change).not.toBeNull();
      expect(await forge.readFile(repo, 'SECURITY.md', BRANCH)).toMatchObject({
        content: '# Security\n\nSee the model (v1).\n',
      });
      const result = await forge.propose(input);
      expect(result.outcome).toBe('unchanged');
      expect(result.change!.id).toBe(change!.id);
      // GET /user once per run (whose commits are the tool's), the rest per satellite.
      const perRun = lab.gh.log.filter((e) => e.seq >= from && e.operation === 'users/get-authenticated');
      expect(perRun.length).toBeLessThanOrEqual(1);
      const sent = lab.gh.log.filter((e) => e.seq >= from && e.operation !== 'users/get-authenticated');
      expect(sent.filter((e) => e.write)).toEqual([]);
      // Our own writes changed the branches and the PR list: the first re-run reads those two
      // again (200); everything the tool wrote itself (tree, blobs, comparison) it remembered.
      // From then on a re-run is two 304s, none counted against the rate limit.
      const counted = sent.filter((e) => e.counted).map((e) => e.operation);
      expect(sent.length).toBeLessThanOrEqual(2);
      if (run === 0) expect(counted.sort()).toEqual(['git/list-matching-refs', 'pulls/list']);
      else {
        expect(counted).toEqual([]);
        expect(sent.map((e) => e.status)).toEqual(sent.map(() => 304));
      }
    }
    expect(lab.gh.pulls(repo)).toHaveLength(1);
    expect(await branchCommits(repo)).toHaveLength(1);
  });

  it('says unchanged and writes nothing when the base already holds the files', async () => {
    const input = pointer('acme/x');
    const repo = await satellite(Object.fromEntries(input.changes.map((c) => [c.path, c.content!])));
    const from = mark(lab.gh);
    const result = await lab.forge(lab.state()).propose({ ...input, repo });
    expect(result).toMatchObject({ outcome: 'unchanged', change: null });
    expect(lab.gh.log.filter((e) => e.seq >= from && e.write)).toEqual([]);
    expect(blobSha('hello\n')).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
  });

  it('leaves a branch with a human commit alone, labels its PR, and resumes on the hand-back label', async () => {
    const repo = await satellite();
    const state = lab.state();
    const created = await lab.forge(state).propose(pointer(repo, 'v1'));
    const human = await lab.gh.commitAs(
      repo,
      BRANCH,
      { 'SECURITY.md': '# Security\n\nA maintainer wrote this.\n' },
      { author: { name: 'A Human', email: 'human@example.com' } },
    );
    // Even with the trailer copied into the message, a commit by someone else is not the tool's.
    await lab.gh.commitAs(
      repo,
      BRANCH,
      { 'NOTES.md': 'n\n' },
      { author: { name: 'A Human', email: 'human@example.com' }, message: `notes\n\n${TOOL_TRAILER}\n` },
    );
    const humanTip = await lab.gh.refSha(repo, BRANCH);
    for (let i = 0; i < 2; i++) {
      const from = mark(lab.gh);
      const result = await lab.forge(state).propose(pointer(repo, 'v2'));
      expect(result.outcome).toBe('foreign-commits');
      expect(result.detail).toContain(human.slice(0, 12));
      expect(result.change!.id).toBe(created.change!.id);
      expect(await lab.gh.refSha(repo, BRANCH)).toBe(humanTip);
      const writes = lab.gh.log.filter((e) => e.seq >= from && e.write).map((e) => e.operation);
      expect(writes).toEqual(i === 0 ? ['issues/add-labels'] : []);
    }
    expect(lab.gh.pulls(repo)[0]!.labels).toContain('tmsync:edited');

    // The maintainer hands it back: the tool builds on top of the human's commits.
    await maint.rest.issues.addLabels({
      owner: 'acme',
      repo: repo.split('/')[1]!,
      issue_number: created.change!.id,
      labels: ['tmsync:resume'],
    });
    const resumed = await lab.forge(state).propose(pointer(repo, 'v2'));
    expect(resumed.outcome).toBe('updated');
    const commits = await branchCommits(repo);
    expect(commits.map((c) => c.sha).slice(0, 3)).toEqual([created.change!.headSha, human, humanTip]);
    expect(commits).toHaveLength(4);
    expect(lab.gh.pulls(repo)[0]!.labels).toEqual([]);
    // Handed back for good: the next run does not flag the same commits again.
    expect((await lab.forge(state).propose(pointer(repo, 'v2'))).outcome).toBe('unchanged');
    // A new human commit stops it again.
    await lab.gh.commitAs(
      repo,
      BRANCH,
      { 'SECURITY.md': 'again\n' },
      { author: { name: 'A Human', email: 'human@example.com' } },
    );
    expect((await lab.forge(state).propose(pointer(repo, 'v3'))).outcome).toBe('foreign-commits');
    expect(lab.gh.pulls(repo)).toHaveLength(1);
  });

  it('closes a change with a comment, once', async () => {
    const repo = await satellite();
    const forge = lab.forge(lab.state());
    const created = await forge.propose(pointer(repo));
    await forge.closeChange(repo, created.change!.id, 'Superseded.');
    await forge.closeChange(repo, created.change!.id, 'Superseded.');
    const pr = lab.gh.pulls(repo)[0]!;
    expect(pr.state).toBe('closed');
    expect(pr.comments.map((c) => c.body)).toEqual(['Superseded.']);
    expect(await forge.findChange(repo, BRANCH)).toBeNull();
  });
});

describe('fork mode', () => {
  it('forks when the token cannot push, waits for the fork, and opens the PR from it — once', async () => {
    const repo = await satellite();
    const state = lab.state();
    const outsider = (s = state) => lab.forge(s, { token: OUTSIDER_TOKEN });
    const from = mark(lab.gh);
    const result = await outsider().propose(pointer(repo, 'v1', { labels: ['security'] }));
    expect(result.outcome).toBe('created');
    const sent = lab.gh.log.filter((e) => e.seq >= from);
    expect(sent.filter((e) => e.operation === 'repos/create-fork')).toHaveLength(1);
    const fork = `outsider/${repo.split('/')[1]}`;
    expect(lab.gh.repo(fork)).toMatchObject({ fork: true, parent: repo });
    const pulls = lab.gh.pulls(repo);
    expect(pulls).toHaveLength(1);
    expect(pulls[0]!.head).toMatchObject({ repo: fork, ref: BRANCH, label: `outsider:${BRANCH}` });
    expect(await lab.gh.refSha(repo, BRANCH)).toBeNull();
    expect(await lab.gh.readFile(fork, BRANCH, 'AGENTS.md')).toBe('# Agents\n\nRead SECURITY.md (v1).\n');
    expect(result.detail).toMatch(/need push access/);

    // Re-runs (even with a fresh state folder) find the fork and the PR: nothing new.
    for (const s of [state, lab.state()]) {
      const again = outsider(s);
      const change = await again.findChange(repo, BRANCH);
      expect(change).toMatchObject({ id: pulls[0]!.number, head: BRANCH });
      expect(await again.readFile(repo, 'SECURITY.md', BRANCH)).toMatchObject({
        content: '# Security\n\nSee the model (v1).\n',
      });
      const before = mark(lab.gh);
      expect((await again.propose(pointer(repo, 'v1', { labels: ['security'] }))).outcome).toBe('unchanged');
      expect(lab.gh.log.filter((e) => e.seq >= before && e.write)).toEqual([]);
    }
    // An update goes to the fork's branch; still one PR.
    expect((await outsider().propose(pointer(repo, 'v2'))).outcome).toBe('updated');
    expect(await lab.gh.readFile(fork, BRANCH, 'AGENTS.md')).toBe('# Agents\n\nRead SECURITY.md (v2).\n');
    expect(lab.gh.pulls(repo)).toHaveLength(1);
    expect(lab.gh.repos().filter((r) => r.parent === repo)).toHaveLength(1);
  });
});

describe('repurpose', () => {
  async function draft(repo: string, by: 'tmsync-bot' | 'maint' = 'tmsync-bot'): Promise<number> {
    const token = by === 'tmsync-bot' ? TOKEN : MAINT_TOKEN;
    const client = new Octokit({ auth: token, baseUrl: lab.gh.url });
    const [owner, name] = repo.split('/') as [string, string];
    const main = (await client.rest.git.getRef({ owner, repo: name, ref: 'heads/main' })).data.object.sha;
    const baseTree = (await client.rest.git.getCommit({ owner, repo: name, commit_sha: main })).data.tree.sha;
    const tree = await client.rest.git.createTree({
      owner,
      repo: name,
      base_tree: baseTree,
      tree: [{ path: 'draft-THREAT-MODEL.md', mode: '100644', type: 'blob', content: '# Draft model\n' }],
    });
    const commit = await client.rest.git.createCommit({
      owner,
      repo: name,
      message: 'Add draft threat model\n\nGenerated-by: Claude Code\n',
      tree: tree.data.sha,
      parents: [main],
    });
    await client.rest.git.createRef({
      owner,
      repo: name,
      ref: 'refs/heads/asf-security/draft-threat-model-2026-05-30',
      sha: commit.data.sha,
    });
    const pr = await client.rest.pulls.create({
      owner,
      repo: name,
      head: 'asf-security/draft-threat-model-2026-05-30',
      base: 'main',
      title: 'Add draft project security threat-model document',
    });
    return pr.data.number;
  }

  it('updates an earlier draft PR into the pointer PR: its net change becomes the pointer change', async () => {
    const repo = await satellite();
    const number = await draft(repo);
    const state = lab.state();
    const settings = { repurpose: { branchPattern: '^asf-security/draft-', action: 'update' as const } };
    const result = await lab.forge(state, { settings }).propose(pointer(repo));
    expect(result.outcome).toBe('updated');
    expect(result.change!.id).toBe(number);
    expect(result.detail).toMatch(/repurposed draft #\d+/);
    const pulls = lab.gh.pulls(repo);
    expect(pulls).toHaveLength(1);
    expect(pulls[0]).toMatchObject({ number, title: 'Point to the threat model', state: 'open' });
    const head = 'asf-security/draft-threat-model-2026-05-30';
    expect(await lab.gh.readFile(repo, head, 'draft-THREAT-MODEL.md')).toBeNull();
    expect(await lab.gh.readFile(repo, head, 'SECURITY.md')).toBe('# Security\n\nSee the model (v1).\n');
    expect(await lab.gh.refSha(repo, BRANCH)).toBeNull();
    // Later runs find it as the pointer PR (also without the journal) and leave it as it is.
    for (const s of [state, lab.state()]) {
      const forge = lab.forge(s, { settings });
      expect(await forge.findChange(repo, BRANCH)).toMatchObject(s === state ? { id: number } : {});
      const again = await forge.propose(pointer(repo));
      expect(again.outcome, again.detail).toBe('unchanged');
      expect(again.change!.id).toBe(number);
    }
    expect(lab.gh.pulls(repo)).toHaveLength(1);
  });

  it('closes an earlier draft with a comment linking its replacement', async () => {
    const repo = await satellite();
    const number = await draft(repo);
    const settings = { repurpose: { titlePattern: 'draft project security threat-model', action: 'close' as const } };
    const result = await lab.forge(lab.state(), { settings }).propose(pointer(repo));
    expect(result.outcome).toBe('created');
    const pulls = lab.gh.pulls(repo);
    const old = pulls.find((p) => p.number === number)!;
    const replacement = pulls.find((p) => p.number !== number)!;
    expect(old.state).toBe('closed');
    expect(old.comments[0]!.body).toContain(result.change!.url);
    expect(replacement).toMatchObject({ state: 'open', head: { ref: BRANCH } });
    expect((await lab.forge(lab.state(), { settings }).propose(pointer(repo))).outcome).toBe('unchanged');
    expect(lab.gh.pulls(repo)).toHaveLength(2);
  });

  it('does not take over a draft by someone else', async () => {
    const repo = await satellite();
    const number = await draft(repo, 'maint');
    const result = await lab
      .forge(lab.state(), { settings: { repurpose: { branchPattern: '^asf-security/', action: 'update' } } })
      .propose(pointer(repo));
    expect(result.outcome).toBe('created');
    expect(lab.gh.pulls(repo).find((p) => p.number === number)).toMatchObject({
      state: 'open',
      title: 'Add draft project security threat-model document',
    });
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
