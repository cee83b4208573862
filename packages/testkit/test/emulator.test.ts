/** Behaviour beyond single responses: races, persistence, forks in creation, fixtures. */
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, test } from 'vitest';
import { startGitHubEmulator } from '../src/index.js';
import { call, start, TOKENS, USERS, type Started } from './helpers.js';

const opened: Started[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()!.cleanup();
});

async function setup(opts: Parameters<typeof start>[0] = {}): Promise<Started> {
  const s = await start(opts);
  opened.push(s);
  return s;
}

describe('emulator', () => {
  test('repositories are real bare git repositories; API writes produce real git objects', async () => {
    const { gh } = await setup();
    const r = await gh.createRepo('acme/widgets', { files: { 'a.txt': 'a\n' }, defaultBranch: 'trunk' });
    expect(r).toMatchObject({ fullName: 'acme/widgets', defaultBranch: 'trunk', fork: false });
    const git = (...args: string[]): string =>
      execFileSync('git', ['--git-dir', gh.repoPath('acme/widgets'), ...args], { encoding: 'utf8' }).trim();
    expect(git('rev-parse', 'refs/heads/trunk')).toBe(await gh.refSha('acme/widgets', 'trunk'));
    const tree = (
      await call(gh, 'POST', '/repos/acme/widgets/git/trees', {
        body: { tree: [{ path: 'x/y.md', mode: '100644', type: 'blob', content: 'y\n' }] },
      })
    ).body as { sha: string };
    expect(git('cat-file', '-t', tree.sha)).toBe('tree');
    expect(git('ls-tree', '-r', '--name-only', tree.sha)).toBe('x/y.md');
  });

  test('concurrent PR creation for one head: exactly one 201, the others 422', async () => {
    const { gh } = await setup();
    await gh.createRepo('acme/widgets', { files: { 'a.txt': 'a\n' } });
    await gh.commitAs('acme/widgets', 'feature', { 'b.txt': 'b\n' });
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        call(gh, 'POST', '/repos/acme/widgets/pulls', { body: { title: 't', head: 'feature', base: 'main' } }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 422, 422, 422, 422, 422]);
    expect(gh.pulls('acme/widgets')).toHaveLength(1);
  });

  test('concurrent fast-forwards of one branch: updates are compare-and-swap', async () => {
    const { gh } = await setup();
    await gh.createRepo('acme/widgets', { files: { 'a.txt': 'a\n' } });
    const main = (await gh.refSha('acme/widgets', 'main'))!;
    const commits: string[] = [];
    for (let i = 0; i < 4; i++) {
      const tree = (
        (
          await call(gh, 'POST', '/repos/acme/widgets/git/trees', {
            body: { tree: [{ path: `f${i}`, mode: '100644', type: 'blob', content: `${i}` }] },
          })
        ).body as { sha: string }
      ).sha;
      commits.push(
        (
          (
            await call(gh, 'POST', '/repos/acme/widgets/git/commits', {
              body: { message: `c${i}`, tree, parents: [main] },
            })
          ).body as { sha: string }
        ).sha,
      );
    }
    // Four sibling commits: only the first fast-forward can win, the rest are not fast-forwards.
    const results = await Promise.all(
      commits.map((sha) => call(gh, 'PATCH', '/repos/acme/widgets/git/refs/heads/main', { body: { sha } })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 422, 422, 422]);
  });

  test('a human commit on the PR branch moves the PR head; state persists across a restart', async () => {
    const s = await setup();
    await s.gh.createRepo('acme/widgets', { files: { 'a.txt': 'a\n' } });
    await s.gh.commitAs(
      'acme/widgets',
      'tmsync/x',
      { 'b.txt': 'b\n' },
      { author: { name: 'Bot', email: 'bot@example.com' } },
    );
    const pr = (
      await call(s.gh, 'POST', '/repos/acme/widgets/pulls', { body: { title: 't', head: 'tmsync/x', base: 'main' } })
    ).body as { number: number; head: { sha: string } };
    const human = await s.gh.commitAs(
      'acme/widgets',
      'tmsync/x',
      { 'b.txt': 'human\n' },
      { author: { name: 'Human', email: 'h@example.org' } },
    );
    const again = (await call(s.gh, 'GET', `/repos/acme/widgets/pulls/${pr.number}`)).body as {
      head: { sha: string };
      commits: number;
    };
    expect(again.head.sha).toBe(human);
    expect(again.commits).toBe(2);
    await s.gh.stop();
    const gh2 = await startGitHubEmulator({ root: s.root, users: USERS, clock: s.clock });
    try {
      const listed = (await call(gh2, 'GET', '/repos/acme/widgets/pulls?head=acme:tmsync/x')).body as Array<{
        number: number;
      }>;
      expect(listed.map((p) => p.number)).toEqual([pr.number]);
      const created = await call(gh2, 'POST', '/repos/acme/widgets/pulls', {
        body: { title: 't', head: 'tmsync/x', base: 'main' },
      });
      expect(created.status).toBe(422);
      await gh2.commitAs('acme/widgets', 'other', { 'c.txt': 'c\n' });
      const second = (
        await call(gh2, 'POST', '/repos/acme/widgets/pulls', { body: { title: 't2', head: 'other', base: 'main' } })
      ).body as { number: number };
      expect(second.number).toBe(pr.number + 1);
    } finally {
      await gh2.stop();
    }
  });

  test('a fork being created answers 409 on git endpoints, as GitHub does', async () => {
    const { gh, clock } = await setup({ forkReadyDelayMs: 500 });
    await gh.createRepo('acme/widgets', { files: { 'a.txt': 'a\n' } });
    expect((await call(gh, 'POST', '/repos/acme/widgets/forks', { token: TOKENS.outsider })).status).toBe(202);
    const early = await call(gh, 'GET', '/repos/outsider/widgets/git/ref/heads/main', { token: TOKENS.outsider });
    expect(early.status).toBe(409);
    await clock.advance(520);
    expect(
      (await call(gh, 'GET', '/repos/outsider/widgets/git/ref/heads/main', { token: TOKENS.outsider })).status,
    ).toBe(200);
  });

  test('private repositories are invisible without permission; push permission is per user', async () => {
    const { gh } = await setup();
    await gh.createRepo('acme/secret', { files: { 'a.txt': 'a\n' }, private: true });
    expect((await call(gh, 'GET', '/repos/acme/secret', { token: TOKENS.outsider })).status).toBe(404);
    const r = await call(gh, 'GET', '/repos/acme/secret');
    expect(r.status).toBe(200);
    expect((r.body as { private: boolean; visibility: string }).visibility).toBe('private');
    await gh.createRepo('other/thing', { files: { 'a.txt': 'a\n' } });
    expect(
      ((await call(gh, 'GET', '/repos/other/thing')).body as { permissions: { push: boolean } }).permissions.push,
    ).toBe(false);
    expect(
      (
        (await call(gh, 'GET', '/repos/other/thing', { token: TOKENS.reviewer })).body as {
          permissions: { push: boolean };
        }
      ).permissions.push,
    ).toBe(false);
  });

  test('draft state through the GraphQL mutations GitHub offers for it', async () => {
    const { gh } = await setup();
    await gh.createRepo('acme/widgets', { files: { 'a.txt': 'a\n' } });
    await gh.commitAs('acme/widgets', 'b', { 'b.txt': 'b\n' });
    const pr = (
      await call(gh, 'POST', '/repos/acme/widgets/pulls', {
        body: { title: 't', head: 'b', base: 'main', draft: true },
      })
    ).body as { node_id: string; number: number; draft: boolean };
    expect(pr.draft).toBe(true);
    const ready = await call(gh, 'POST', '/graphql', {
      body: {
        query:
          'mutation($id: ID!) { markPullRequestReadyForReview(input: {pullRequestId: $id}) { pullRequest { isDraft } } }',
        variables: { id: pr.node_id },
      },
    });
    expect(ready.body).toMatchObject({
      data: { markPullRequestReadyForReview: { pullRequest: { isDraft: false, number: pr.number } } },
    });
    expect(((await call(gh, 'GET', `/repos/acme/widgets/pulls/${pr.number}`)).body as { draft: boolean }).draft).toBe(
      false,
    );
    const back = await call(gh, 'POST', '/graphql', {
      body: {
        query: `mutation { convertPullRequestToDraft(input: {pullRequestId: "${pr.node_id}"}) { pullRequest { isDraft } } }`,
      },
    });
    expect(back.body).toMatchObject({ data: { convertPullRequestToDraft: { pullRequest: { isDraft: true } } } });
    const denied = await call(gh, 'POST', '/graphql', {
      token: TOKENS.outsider,
      body: {
        query:
          'mutation($id: ID!) { markPullRequestReadyForReview(input: {pullRequestId: $id}) { pullRequest { isDraft } } }',
        variables: { id: pr.node_id },
      },
    });
    expect((denied.body as { errors: Array<{ type: string }> }).errors[0]!.type).toBe('FORBIDDEN');
    expect(gh.log.filter((e) => e.operation === 'graphql').every((e) => e.write)).toBe(true);
  });

  test('mergePull, pagination Link headers, and no token anywhere in the log', async () => {
    const { gh } = await setup();
    await gh.createRepo('acme/widgets', { files: { 'a.txt': 'a\n' } });
    for (let i = 0; i < 3; i++) {
      await gh.commitAs('acme/widgets', `b${i}`, { [`f${i}`]: `${i}\n` });
      await call(gh, 'POST', '/repos/acme/widgets/pulls', { body: { title: `t${i}`, head: `b${i}`, base: 'main' } });
    }
    const page1 = await call(gh, 'GET', '/repos/acme/widgets/pulls?per_page=2');
    expect((page1.body as unknown[]).length).toBe(2);
    expect(page1.headers.link).toMatch(/page=2>; rel="next"/);
    expect(page1.headers.link).toMatch(/rel="last"/);
    const merge = await gh.mergePull('acme/widgets', 1, { by: 'maint' });
    const pr = (await call(gh, 'GET', '/repos/acme/widgets/pulls/1')).body as {
      merged: boolean;
      state: string;
      merge_commit_sha: string;
    };
    expect(pr).toMatchObject({ merged: true, state: 'closed', merge_commit_sha: merge });
    expect(await gh.readFile('acme/widgets', 'main', 'f0')).toBe('0\n');
    const text = JSON.stringify(gh.log) + JSON.stringify(gh.stats());
    for (const t of Object.values(TOKENS)) expect(text).not.toContain(t);
  });
  test('mergePull by squash and by rebase: merged, the content in the base, the head commits not', async () => {
    const { gh } = await setup();
    await gh.createRepo('acme/widgets', { files: { 'a.txt': 'a\n' } });
    const tips: Record<string, string> = {};
    for (const method of ['squash', 'rebase'] as const) {
      await gh.commitAs('acme/widgets', method, { [`${method}-1.txt`]: '1\n' });
      tips[method] = await gh.commitAs('acme/widgets', method, { [`${method}-2.txt`]: '2\n' });
      const created = await call(gh, 'POST', '/repos/acme/widgets/pulls', {
        body: { title: `by ${method}`, head: method, base: 'main' },
      });
      const number = (created.body as { number: number }).number;
      const before = (await gh.refSha('acme/widgets', 'main'))!;
      const tip = await gh.mergePull('acme/widgets', number, {
        by: 'maint',
        method,
        deleteBranch: method === 'squash',
      });
      const pr = (await call(gh, 'GET', `/repos/acme/widgets/pulls/${number}`)).body as {
        merged: boolean;
        merged_at: string | null;
        state: string;
        merge_commit_sha: string;
      };
      expect(pr).toMatchObject({ merged: true, state: 'closed', merge_commit_sha: tip });
      expect(pr.merged_at).not.toBeNull();
      expect(await gh.readFile('acme/widgets', 'main', `${method}-1.txt`)).toBe('1\n');
      expect(await gh.readFile('acme/widgets', 'main', `${method}-2.txt`)).toBe('2\n');
      const git = (...args: string[]) =>
        execFileSync('git', ['--git-dir', gh.repoPath('acme/widgets'), ...args], { encoding: 'utf8' }).trim();
      // The head's commits are not in the base: new commits carry its content.
      expect(() => git('merge-base', '--is-ancestor', tips[method]!, tip)).toThrow();
      const count = Number(git('rev-list', '--count', `${before}..${tip}`));
      expect(count).toBe(method === 'squash' ? 1 : 2);
      expect(git('rev-list', '--parents', '-n', '1', tip).split(' ')).toHaveLength(2);
      expect(git('log', '-1', '--format=%cn', tip)).toBe('maint');
    }
    expect(await gh.refSha('acme/widgets', 'squash')).toBeNull();
    expect(await gh.refSha('acme/widgets', 'rebase')).toBe(tips.rebase);
  });
});
