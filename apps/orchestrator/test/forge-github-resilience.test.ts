/**
 * The github forge when things go wrong: runs killed at every step and run again, lost
 * responses, 10 % injected faults over a 20-satellite campaign, secondary and primary rate
 * limits, the hourly budget across runs — and the token in none of the output, logs, state
 * files or errors.
 */
import { execFileSync } from 'node:child_process';
import { inspect } from 'node:util';
import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitHubForge } from '../src/forge/github/index.js';
import { forgeErrorFrom } from '../src/forge/github/errors.js';
import type { JournalStep } from '../src/forge/github/index.js';
import type { ProposeInput, ProposeResult } from '../src/forge/types.js';
import { ForgeError } from '../src/forge/types.js';
import type { GitHubLab } from './helpers/github.js';
import { filesUnder, mark, startLab, TOKEN } from './helpers/github.js';

const BRANCH = 'tmsync/threat-model-pointer';
let lab: GitHubLab;
let counter = 0;
const logs: string[] = [];

beforeAll(async () => {
  lab = await startLab();
});
afterAll(async () => {
  await lab?.stop();
});

async function satellite(): Promise<string> {
  const name = `acme/r-${++counter}`;
  await lab.gh.createRepo(name, { files: { 'README.md': `# ${name}\n`, 'draft-THREAT-MODEL.md': 'draft\n' } });
  return name;
}

function pointer(repo: string, text = 'v1', extra: Partial<ProposeInput> = {}): ProposeInput {
  return {
    repo,
    branch: BRANCH,
    title: `Point ${repo} to the threat model`,
    body: `Pointer (${text}).\n`,
    message: `Point to the canonical threat model (${text})`,
    changes: [
      { path: 'SECURITY.md', content: `# Security\n\n${text}\n` },
      { path: 'AGENTS.md', content: `# Agents\n\n${text}\n` },
      { path: 'draft-THREAT-MODEL.md', content: null },
    ],
    ...extra,
  };
}

/** What a campaign run does for each satellite: read like the planner, then propose; `concurrency` satellites at a time. */
async function campaign(
  forge: GitHubForge,
  repos: string[],
  text: string,
  concurrency = 4,
): Promise<Map<string, ProposeResult | Error>> {
  const out = new Map<string, ProposeResult | Error>();
  let next = 0;
  const worker = async () => {
    while (next < repos.length) {
      const repo = repos[next++]!;
      try {
        const base = await forge.defaultBranch(repo);
        const open = await forge.findChange(repo, BRANCH);
        const ref = open ? BRANCH : base;
        await forge.listFiles(repo, ref);
        await forge.readFile(repo, 'SECURITY.md', ref);
        await forge.readFile(repo, 'AGENTS.md', ref);
        out.set(repo, await forge.propose(pointer(repo, text, { labels: ['security'], reviewers: ['maint'] })));
      } catch (error) {
        out.set(repo, error as Error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

/** The repository is in the state a finished proposal leaves: one open PR, one tool commit with these files, labels and reviewers. */
async function expectFinished(repo: string, text: string, commits = 1): Promise<void> {
  const pulls = lab.gh.pulls(repo);
  expect(pulls, repo).toHaveLength(1);
  expect(pulls[0]).toMatchObject({
    state: 'open',
    title: `Point ${repo} to the threat model`,
    labels: ['security'],
    requestedReviewers: ['maint'],
    head: { ref: BRANCH },
  });
  expect(await lab.gh.readFile(repo, BRANCH, 'SECURITY.md')).toBe(`# Security\n\n${text}\n`);
  expect(await lab.gh.readFile(repo, BRANCH, 'draft-THREAT-MODEL.md')).toBeNull();
  const tip = await lab.gh.refSha(repo, BRANCH);
  expect(pulls[0]!.head.sha).toBe(tip);
  const count = execFileSync('git', ['--git-dir', lab.gh.repoPath(repo), 'rev-list', '--count', `main..${BRANCH}`], {
    encoding: 'utf8',
  }).trim();
  expect(Number(count), repo).toBe(commits);
}

describe('kill and resume', () => {
  const steps: JournalStep[] = ['intent', 'tree', 'commit', 'ref', 'pr', 'labels', 'reviewers', 'done'];
  for (const step of steps) {
    it(`a run killed after "${step}" is finished by the next run, without duplicates`, async () => {
      const repo = await satellite();
      const state = lab.state();
      const from = mark(lab.gh);
      const killed = lab.forge(state, {
        onStep: (s) => {
          if (s === step) throw new Error(`killed after ${step}`);
        },
      });
      await expect(campaign(killed, [repo], 'v1').then((m) => m.get(repo))).resolves.toMatchObject({
        message: `killed after ${step}`,
      });
      const resumed = await campaign(lab.forge(state), [repo], 'v1');
      expect(resumed.get(repo)).toMatchObject({ change: { repo } });
      await expectFinished(repo, 'v1');
      const writes = lab.gh.log.filter((e) => e.seq >= from && e.write).map((e) => e.operation);
      // Every write happened exactly once across the killed run and the resumed one.
      expect(writes.filter((w) => w === 'git/create-tree')).toHaveLength(1);
      expect(writes.filter((w) => w === 'git/create-commit')).toHaveLength(1);
      expect(writes.filter((w) => w === 'git/create-ref')).toHaveLength(1);
      expect(writes.filter((w) => w === 'pulls/create')).toHaveLength(1);
      expect(writes.filter((w) => w === 'pulls/request-reviewers')).toHaveLength(1);
      // And a third run finds nothing to do.
      const third = await campaign(lab.forge(state), [repo], 'v1');
      expect(third.get(repo)).toMatchObject({ outcome: 'unchanged' });
    });
  }

  it('a run killed while updating resumes without a second commit', async () => {
    const repo = await satellite();
    const state = lab.state();
    await campaign(lab.forge(state), [repo], 'v1');
    const from = mark(lab.gh);
    const killed = lab.forge(state, {
      onStep: (s) => {
        if (s === 'commit') throw new Error('killed');
      },
    });
    expect((await campaign(killed, [repo], 'v2')).get(repo)).toBeInstanceOf(Error);
    expect((await campaign(lab.forge(state), [repo], 'v2')).get(repo)).toMatchObject({ outcome: 'updated' });
    await expectFinished(repo, 'v2', 2);
    expect(lab.gh.log.filter((e) => e.seq >= from && e.operation === 'git/create-commit')).toHaveLength(1);
  });

  it('lost responses on every kind of write (applied, then the connection dropped) end in the same single PR', async () => {
    const repo = await satellite();
    const state = lab.state();
    lab.gh.setFaults((req) =>
      req.write && req.occurrence === 0 && req.path.startsWith(`/repos/${repo}/`) ? 'reset-after' : null,
    );
    try {
      const first = await campaign(lab.forge(state), [repo], 'v1');
      expect(first.get(repo)).toMatchObject({ outcome: 'created' });
      const second = await campaign(lab.forge(state), [repo], 'v2');
      expect(second.get(repo)).toMatchObject({ outcome: 'updated' });
    } finally {
      lab.gh.setFaults(undefined);
    }
    expect(lab.gh.pulls(repo)).toHaveLength(1);
    const count = lab.gh.log.filter((e) => e.fault === 'reset-after').length;
    expect(count).toBeGreaterThanOrEqual(5);
    await expectFinished(repo, 'v2', 2);
  });
});

describe('faults and limits', () => {
  it('finishes a 20-satellite campaign through 10 % injected faults, every repository in its final state', async () => {
    const repos: string[] = [];
    for (let i = 0; i < 20; i++) repos.push(await satellite());
    const state = lab.state();
    lab.gh.setFaults({
      rate: 0.1,
      kinds: ['5xx', '403-retry-after', '429', 'reset', 'latency'],
      seed: 20260604,
      latencyMs: 30,
      retryAfterSeconds: 2,
    });
    const from = mark(lab.gh);
    let first: Map<string, ProposeResult | Error>;
    let second: Map<string, ProposeResult | Error>;
    try {
      const forge = lab.forge(state, { log: (l) => logs.push(l) });
      first = await campaign(forge, repos, 'v1');
      second = await campaign(lab.forge(state, { log: (l) => logs.push(l) }), repos, 'v1');
    } finally {
      lab.gh.setFaults(undefined);
    }
    const faults = lab.gh.log.filter((e) => e.seq >= from && e.fault && e.fault !== 'latency');
    expect(faults.length).toBeGreaterThanOrEqual(10);
    for (const repo of repos) {
      expect(first.get(repo), repo).toMatchObject({ outcome: 'created' });
      expect(second.get(repo), repo).toMatchObject({ outcome: 'unchanged' });
      await expectFinished(repo, 'v1');
    }
  }, 600_000); // Only a hang guard, twice the shared one: 40 proposals of real git work; a machine loaded many times over takes minutes.

  it('treats secondary rate limits as waits (Retry-After honoured), not failures', async () => {
    const limited = await startLab({ limits: { writesPerMinute: 5, retryAfterUnit: 'github' } });
    try {
      const repos = [];
      for (let i = 0; i < 3; i++) {
        repos.push(`acme/l-${i}`);
        await limited.gh.createRepo(`acme/l-${i}`, { files: { 'README.md': 'x\n' } });
      }
      const forge = limited.forge(limited.state());
      const started = limited.clock.now();
      for (const repo of repos)
        expect((await forge.propose({ ...pointer(repo), changes: pointer(repo).changes.slice(0, 2) })).outcome).toBe(
          'created',
        );
      const stats = limited.gh.stats();
      expect(stats.secondaryRateLimited).toBeGreaterThan(0);
      expect(forge.stats.secondaryWaits).toBeGreaterThan(0);
      // 12 writes at 5 per (scaled) minute of 600 ms: at least two windows.
      expect(limited.clock.now() - started).toBeGreaterThanOrEqual(1000);
      for (const repo of repos) expect(limited.gh.pulls(repo)).toHaveLength(1);
    } finally {
      await limited.stop();
    }
  });

  it('waits for x-ratelimit-reset when the primary limit is spent, and still gets 304s meanwhile', async () => {
    const limited = await startLab({ timeScale: 0.0005, limits: { primaryPerHour: 12, retryAfterUnit: 'github' } });
    try {
      await limited.gh.createRepo('acme/p-1', { files: { 'README.md': 'x\n' } });
      await limited.gh.createRepo('acme/p-2', { files: { 'README.md': 'x\n' } });
      const state = limited.state();
      const forge = limited.forge(state, { settings: { maxRateLimitWaitMs: 10_000 } });
      expect((await forge.propose(pointer('acme/p-1'))).outcome).toBe('created');
      expect((await forge.propose(pointer('acme/p-2'))).outcome).toBe('created');
      expect(limited.gh.stats().primaryRateLimited).toBeGreaterThan(0);
      expect(forge.stats.rateLimitWaits).toBeGreaterThan(0);
      // Spend the window with counted reads: cached reads still answer (304s are served and not
      // counted), an uncached one fails with a clear error when waiting is not allowed.
      await limited.forge(state).defaultBranch('acme/p-1');
      const raw = new Octokit({
        auth: TOKEN,
        baseUrl: limited.gh.url,
        log: { debug() {}, info() {}, warn() {}, error() {} },
      });
      for (let i = 0; i < 20; i++) {
        const ok = await raw.rest.repos.listTags({ owner: 'acme', repo: 'p-2', per_page: 1, page: i + 2 }).then(
          () => true,
          () => false,
        );
        if (!ok) break;
      }
      const from = mark(limited.gh);
      const again = limited.forge(state, { settings: { maxRateLimitWaitMs: 0, maxRetries: 0 } });
      expect(await again.defaultBranch('acme/p-1')).toBe('main');
      expect(limited.gh.log.filter((e) => e.seq >= from).map((e) => e.status)).toEqual([304]);
      const error = await again.listTags('acme/p-1').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'rate-limited' });
      expect((error as Error).message).toMatch(/GitHub answered 403 API rate limit exceeded/);
    } finally {
      await limited.stop();
    }
  });
});

describe('hourly budget', () => {
  it('defers satellites when the budget is spent, across runs, with a clear error', async () => {
    const a = await satellite();
    const b = await satellite();
    const state = lab.state();
    const settings = { hourlyBudget: 5 };
    expect((await lab.forge(state, { settings }).propose(pointer(a))).outcome).toBe('created');
    for (const forge of [lab.forge(state, { settings }), lab.forge(state, { settings })]) {
      const from = mark(lab.gh);
      const error = await forge.propose(pointer(b)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ForgeError);
      expect(error).toMatchObject({ code: 'rate-limited' });
      expect((error as Error).message).toMatch(
        new RegExp(
          `^${b}: deferred — the hourly budget of 5 content-creating requests is spent \\(4 in the last hour\\); run again after \\d{4}-`,
        ),
      );
      expect(lab.gh.log.filter((e) => e.seq >= from && e.write)).toEqual([]);
    }
    expect(lab.gh.pulls(b)).toHaveLength(0);
  });

  it('waits for the window instead when told to', async () => {
    const fast = await startLab({ timeScale: 0.0003 });
    try {
      await fast.gh.createRepo('acme/w-1', { files: { 'README.md': 'x\n' } });
      await fast.gh.createRepo('acme/w-2', { files: { 'README.md': 'x\n' } });
      const forge = fast.forge(fast.state(), { settings: { hourlyBudget: 4, onBudgetExhausted: 'wait' } });
      const started = fast.clock.now();
      expect((await forge.propose(pointer('acme/w-1'))).outcome).toBe('created');
      expect((await forge.propose(pointer('acme/w-2'))).outcome).toBe('created');
      expect(fast.clock.now() - started).toBeGreaterThanOrEqual(900); // the scaled hour: 1.08 s
    } finally {
      await fast.stop();
    }
  });
});

describe('the token', () => {
  it('appears in no output, log, state file or error — Octokit errors included', async () => {
    const leaks: string[] = [];
    const check = (what: string, text: string) => {
      if (text.includes(TOKEN)) leaks.push(what);
    };
    // Errors Octokit throws carry the request (and its headers); ours are rebuilt from status and message.
    const octokitLike = Object.assign(new Error(`request to http://x failed, reason: token ${TOKEN}`), {
      status: 404,
      request: { headers: { authorization: `token ${TOKEN}` }, url: 'http://x' },
      response: { status: 404, data: { message: `Not Found ${TOKEN}` }, headers: {} },
    });
    const rebuilt = forgeErrorFrom(octokitLike, 'acme/x: reading', [TOKEN]);
    const errors: unknown[] = [rebuilt];
    const state = lab.state();
    const forge = lab.forge(state, { log: (l) => logs.push(l) });
    for (const call of [
      () => forge.defaultBranch('acme/does-not-exist'),
      () => forge.readFile('acme/reads-missing', 'x'),
      () => forge.closeChange('acme/r-1', 9999, 'x'),
      () => forge.propose({ ...pointer('acme/r-1'), base: 'no-such-base' }),
      () => lab.forge(state, { apiUrl: 'http://127.0.0.1:9' }).defaultBranch('acme/r-1'),
    ]) {
      errors.push(
        await call().then(
          () => null,
          (e: unknown) => e,
        ),
      );
    }
    const repo = await satellite();
    await forge.propose(pointer(repo));
    await forge.propose(pointer(repo, 'v2'));
    for (const [i, e] of errors.entries()) {
      expect(e, `error ${i}`).toBeInstanceOf(ForgeError);
      check(`error ${i} message`, String((e as Error).message));
      check(`error ${i} inspect`, inspect(e, { depth: 20, showHidden: true }));
      check(`error ${i} json`, JSON.stringify(e));
      check(`error ${i} stack`, String((e as Error).stack));
    }
    for (const line of logs) check('log', line);
    for (const f of filesUnder(lab.root)) if (!f.path.includes('/github/')) check(f.path, f.text);
    for (const f of filesUnder(state)) check(f.path, f.text);
    expect(filesUnder(state).map((f) => f.path.slice(state.length))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/github\/journal\.jsonl$/),
        expect.stringMatching(/^\/github\/budget\.json$/),
        expect.stringMatching(/^\/github\/etag-cache\//),
      ]),
    );
    expect(leaks).toEqual([]);
  });
});
