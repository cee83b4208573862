/**
 * The github forge's proposals through the real Octokit (throttling and retry plugins included)
 * against the GitHub REST emulator of packages/testkit: few requests, conditional re-reads,
 * human edits and the hand-back label, closing, and fork mode.
 */
import { describe, expect, it } from 'vitest';
import { blobSha, hasToolTrailer } from '../src/forge/github/index.js';
import { TOOL_TRAILER } from '../src/forge/types.js';
import { mark, OUTSIDER_TOKEN } from './helpers/github.js';
import { BRANCH, branchCommits, lab, maint, pointer, satellite, useGitHubLab } from './helpers/github-forge.js';

useGitHubLab();

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
