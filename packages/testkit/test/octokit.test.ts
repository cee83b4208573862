/**
 * The real @octokit/rest 22 with plugin-throttling and plugin-retry against the emulator:
 * the flow the github forge will use, in same-repository and fork mode, with faults.
 */
import Bottleneck from 'bottleneck';
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { afterEach, describe, expect, test } from 'vitest';
import { start, TOKENS, type Started } from './helpers.js';
import { ManualClock, type EmulatorOptions } from '../src/index.js';

const MyOctokit = Octokit.plugin(throttling, retry);

function client(
  s: Started,
  token: string,
  onLimit: { secondary: number; primary: number },
  logs: string[],
  retryAfterBaseValue = 20,
  /** Waits a limit's retry-after (in the unit the emulator sends) on a clock of the test's own. */
  waitOut?: (retryAfter: number) => Promise<void>,
) {
  return new MyOctokit({
    auth: token,
    baseUrl: s.gh.url,
    log: {
      debug: () => {},
      info: (m: string) => logs.push(m),
      warn: (m: string) => logs.push(m),
      error: (m: string) => logs.push(m),
    },
    // Note: `request: { retries }` would make plugin-retry retry every error, 422 and 304 included.
    retry: { retryAfterBaseValue: 5, retries: 6 },
    throttle: {
      // Fast tests: no 1 s / 3 s spacing between writes (the emulator's limits are scaled).
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
      notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
      retryAfterBaseValue,
      onSecondaryRateLimit: async (after: number, _o: unknown, _k: unknown, count: number) => {
        onLimit.secondary++;
        await waitOut?.(after);
        return count < 20;
      },
      onRateLimit: async (after: number, _o: unknown, _k: unknown, count: number) => {
        onLimit.primary++;
        await waitOut?.(after);
        return count < 20;
      },
    },
  });
}

type Client = ReturnType<typeof client>;

/** One pointer change: a tree with inline contents, a commit, the branch, the PR, labels. */
async function proposeChange(
  o: Client,
  upstream: { owner: string; repo: string },
  headOwner: string,
  branch: string,
): Promise<number> {
  const target = { owner: headOwner, repo: upstream.repo };
  const base = (await o.rest.git.getRef({ ...upstream, ref: 'heads/main' })).data.object.sha;
  const baseCommit = (await o.rest.git.getCommit({ ...target, commit_sha: base })).data;
  const tree = await o.rest.git.createTree({
    ...target,
    base_tree: baseCommit.tree.sha,
    tree: [
      { path: 'SECURITY.md', mode: '100644', type: 'blob', content: 'See https://example.org/THREAT_MODEL.md\n' },
      { path: 'AGENTS.md', mode: '100644', type: 'blob', content: '## Security\nSee SECURITY.md\n' },
    ],
  });
  const commit = await o.rest.git.createCommit({
    ...target,
    message: 'Add security pointer',
    tree: tree.data.sha,
    parents: [base],
  });
  try {
    await o.rest.git.createRef({ ...target, ref: `refs/heads/${branch}`, sha: commit.data.sha });
  } catch (e) {
    // A retried create whose first attempt was applied: fast-forward instead.
    if ((e as { status?: number }).status !== 422) throw e;
    await o.rest.git.updateRef({ ...target, ref: `heads/${branch}`, sha: commit.data.sha, force: true });
  }
  const existing = await o.rest.pulls.list({ ...upstream, head: `${headOwner}:${branch}`, state: 'open' });
  const pr = existing.data[0]
    ? existing.data[0]
    : (
        await o.rest.pulls.create({
          ...upstream,
          head: `${headOwner}:${branch}`,
          base: 'main',
          title: 'Security pointer',
          body: 'tmsync',
          draft: false,
        })
      ).data;
  await o.rest.issues.addLabels({ ...upstream, issue_number: pr.number, labels: ['security'] });
  return pr.number;
}

const opened: Started[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()!.cleanup();
});

async function setup(opts: Partial<EmulatorOptions> = {}): Promise<Started> {
  const s = await start(opts);
  opened.push(s);
  return s;
}

describe('through @octokit/rest', () => {
  test('same-repository flow, duplicate PR error, non-fast-forward error, 304 via Octokit', async () => {
    const s = await setup();
    await s.gh.createRepo('acme/widgets', { files: { 'README.md': '# w\n' } });
    const logs: string[] = [];
    const o = client(s, TOKENS.maintainer, { secondary: 0, primary: 0 }, logs);
    const repo = await o.rest.repos.get({ owner: 'acme', repo: 'widgets' });
    expect(repo.data.permissions?.push).toBe(true);
    const n = await proposeChange(o, { owner: 'acme', repo: 'widgets' }, 'acme', 'tmsync/pointer');
    const pr = await o.rest.pulls.get({ owner: 'acme', repo: 'widgets', pull_number: n });
    expect(pr.data.labels.map((l) => l.name)).toEqual(['security']);
    expect(pr.data.changed_files).toBe(2);
    await o.rest.pulls.requestReviewers({ owner: 'acme', repo: 'widgets', pull_number: n, reviewers: ['rev'] });
    await o.rest.pulls.update({ owner: 'acme', repo: 'widgets', pull_number: n, title: 'Updated', body: 'b' });

    const dup = await o.rest.pulls
      .create({ owner: 'acme', repo: 'widgets', head: 'acme:tmsync/pointer', base: 'main', title: 'again' })
      .catch((e: { status: number; message: string }) => e);
    expect(dup).toMatchObject({ status: 422 });
    expect((dup as { message: string }).message).toContain('A pull request already exists for acme:tmsync/pointer.');

    const main = (await o.rest.git.getRef({ owner: 'acme', repo: 'widgets', ref: 'heads/main' })).data.object.sha;
    const nonFf = await o.rest.git
      .updateRef({ owner: 'acme', repo: 'widgets', ref: 'heads/tmsync/pointer', sha: main })
      .catch((e: { status: number; message: string }) => e);
    expect(nonFf).toMatchObject({ status: 422 });
    expect((nonFf as { message: string }).message).toContain('Update is not a fast forward');

    const file = await o.rest.repos.getContent({
      owner: 'acme',
      repo: 'widgets',
      path: 'SECURITY.md',
      ref: 'tmsync/pointer',
    });
    const etag = file.headers.etag!;
    const notModified = await o.rest.repos
      .getContent({
        owner: 'acme',
        repo: 'widgets',
        path: 'SECURITY.md',
        ref: 'tmsync/pointer',
        headers: { 'if-none-match': etag },
      })
      .catch((e: { status: number }) => e);
    expect(notModified).toMatchObject({ status: 304 });
    const commits = await o.paginate(o.rest.repos.listCommits, {
      owner: 'acme',
      repo: 'widgets',
      sha: 'tmsync/pointer',
      per_page: 1,
    });
    expect(commits.map((c) => c.commit.message)).toEqual(['Add security pointer', 'Initial commit']);
    expect(JSON.stringify(s.gh.log)).not.toContain(TOKENS.maintainer);
    expect(logs.join('\n')).not.toContain(TOKENS.maintainer);
  });

  test('fork mode: no push permission -> 404 on git writes, fork, PR from the fork', async () => {
    const s = await setup();
    await s.gh.createRepo('acme/widgets', { files: { 'README.md': '# w\n' } });
    const o = client(s, TOKENS.outsider, { secondary: 0, primary: 0 }, []);
    const repo = await o.rest.repos.get({ owner: 'acme', repo: 'widgets' });
    expect(repo.data.permissions?.push).toBe(false);
    const denied = await o.rest.git
      .createRef({ owner: 'acme', repo: 'widgets', ref: 'refs/heads/x', sha: '0'.repeat(40) })
      .catch((e: { status: number }) => e);
    expect(denied).toMatchObject({ status: 404 });
    const fork = await o.rest.repos.createFork({ owner: 'acme', repo: 'widgets', default_branch_only: true });
    expect(fork.status).toBe(202);
    expect(fork.data.parent?.full_name).toBe('acme/widgets');
    const user = (await o.rest.users.getAuthenticated()).data.login;
    const n = await proposeChange(o, { owner: 'acme', repo: 'widgets' }, user, 'tmsync/pointer').catch(
      (e: { status: number }) => e,
    );
    // Labels need triage access upstream, as on GitHub.
    expect(n).toMatchObject({ status: 403 });
    const prs = s.gh.pulls('acme/widgets');
    expect(prs).toHaveLength(1);
    expect(prs[0]).toMatchObject({ head: { repo: 'outsider/widgets', ref: 'tmsync/pointer' }, user: 'outsider' });
    expect(await s.gh.readFile('outsider/widgets', 'tmsync/pointer', 'SECURITY.md')).toContain('THREAT_MODEL');
  });

  test('10 % injected faults and scaled secondary limits: every change lands once', async () => {
    // Virtual time: the emulator's latency and the client's waits move one clock, nobody sleeps.
    const clock = new ManualClock({ autoAdvance: true });
    const s = await setup({
      clock,
      timeScale: 0.01,
      latencyMs: 2,
      // retry-after in GitHub seconds, and a client whose second lasts 1000 x timeScale ms.
      limits: { writesPerMinute: 40, retryAfterUnit: 'github' },
      faults: { rate: 0.1, kinds: ['5xx', '403-retry-after', '429', 'reset', 'latency'], seed: 11, latencyMs: 20 },
    });
    const names = Array.from({ length: 8 }, (_, i) => `acme/sat${i}`);
    for (const n of names) await s.gh.createRepo(n, { files: { 'README.md': `# ${n}\n` } });
    const limits = { secondary: 0, primary: 0 };
    const logs: string[] = [];
    // The client's second is 10 ms of the shared clock; the plugin itself waits nothing.
    const o = client(s, TOKENS.maintainer, limits, logs, 0, (after) => clock.sleep(after * 10));
    await Promise.all(
      names.map((n) => proposeChange(o, { owner: 'acme', repo: n.split('/')[1]! }, 'acme', 'tmsync/pointer')),
    );
    for (const n of names) {
      const prs = s.gh.pulls(n);
      expect(prs, n).toHaveLength(1);
      expect(prs[0]!.labels).toEqual(['security']);
      expect(await s.gh.readFile(n, 'tmsync/pointer', 'AGENTS.md')).toContain('SECURITY.md');
    }
    const st = s.gh.stats();
    expect(st.faults).toBeGreaterThan(0);
    expect(limits.secondary).toBeGreaterThan(0);
    expect(JSON.stringify(s.gh.log) + logs.join('\n')).not.toContain(TOKENS.maintainer);
  });
});
