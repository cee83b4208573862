/**
 * Pacing of the github forge's client: why its Bottleneck groups are its own (the throttling
 * plugin's public options cannot set spacing or concurrency per client), and that requests
 * go through them: every request through `global`, writes through `write`, writes that notify
 * people (pull requests, comments) through `notifications` too.
 */
import { Octokit } from '@octokit/rest';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WriteBudget } from '../src/forge/github/budget.js';
import { ResponseCache } from '../src/forge/github/cache.js';
import { createClient } from '../src/forge/github/client.js';
import type { GitHubLab } from './helpers/github.js';
import { startLab, TOKEN } from './helpers/github.js';

let lab: GitHubLab;
beforeAll(async () => {
  lab = await startLab();
  await lab.gh.createRepo('acme/widgets', { files: { 'README.md': '# w\n' } });
});
afterAll(async () => {
  await lab?.stop();
});

/** A Bottleneck constructor whose groups count themselves. */
function countingBottleneck(): { constructor: typeof Bottleneck; groups: number } {
  const out = { constructor: Bottleneck, groups: 0 };
  class CountingGroup extends Bottleneck.Group {
    constructor(options?: Bottleneck.ConstructorOptions) {
      super(options);
      out.groups += 1;
    }
  }
  class Counting extends Bottleneck {}
  Object.assign(Counting, { Group: CountingGroup });
  out.constructor = Counting;
  return out;
}

describe("the throttling plugin's public options", () => {
  it('cannot give a client its own spacing: the groups are built once per process, by the first client', async () => {
    const Throttled = Octokit.plugin(throttling);
    const client = (B: typeof Bottleneck) =>
      new Throttled({
        auth: TOKEN,
        baseUrl: lab.gh.url,
        throttle: { Bottleneck: B, onRateLimit: () => false, onSecondaryRateLimit: () => false },
      });
    const first = countingBottleneck();
    const second = countingBottleneck();
    await client(first.constructor).rest.users.getAuthenticated();
    await client(second.constructor).rest.users.getAuthenticated();
    // global, auth, search, write, notifications: built with the first client's constructor ...
    expect(first.groups).toBe(5);
    // ... and shared by every later one, whatever it passes.
    expect(second.groups).toBe(0);
  });
});

describe("the forge client's groups", () => {
  it('carry every request; writes and notifying writes through their own spaced groups', async () => {
    const client = createClient({
      token: TOKEN,
      baseUrl: lab.gh.url,
      concurrency: 3,
      writeSpacingMs: 5,
      createSpacingMs: 7,
      maxRetries: 2,
      maxRateLimitWaitMs: 1000,
      retryAfterBaseMs: 10,
      cache: new ResponseCache(null),
      budget: new WriteBudget({ dir: null, limit: 100, windowMs: 36_000, mode: 'defer', clock: lab.clock }),
      clock: lab.clock,
      retryDeadlineMs: 30_000,
      log: () => undefined,
    });
    const done = { global: 0, write: 0, notifications: 0 };
    for (const name of ['global', 'write', 'notifications'] as const)
      client.pacing[name].on('created', (limiter: Bottleneck) => {
        limiter.on('done', () => {
          done[name] += 1;
        });
      });
    const repo = { owner: 'acme', repo: 'widgets' };
    await client.octokit.rest.repos.get(repo);
    const main = (await client.octokit.rest.git.getRef({ ...repo, ref: 'heads/main' })).data.object.sha;
    await client.octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/paced', sha: main });
    expect(done).toEqual({ global: 3, write: 1, notifications: 0 });
    await lab.gh.commitAs('acme/widgets', 'paced', { 'PACED.md': 'p\n' });
    await client.octokit.rest.pulls.create({ ...repo, head: 'paced', base: 'main', title: 'Paced' });
    expect(done).toEqual({ global: 4, write: 2, notifications: 1 });
  });
});
