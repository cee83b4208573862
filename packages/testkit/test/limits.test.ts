/** ETags and 304s, the primary rate limit and GitHub's documented secondary limits. */
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { call, start, TOKENS, type CallResult, type Started } from './helpers.js';
import { OpenApiValidator } from './openapi.js';
import type { EmulatorOptions } from '../src/index.js';

const SECONDARY = /^You have exceeded a secondary rate limit\. Please wait a few minutes before you try again\./;

let validator: OpenApiValidator;
let s: Started | undefined;

beforeAll(() => {
  validator = new OpenApiValidator();
});

afterEach(async () => {
  await s?.cleanup();
  s = undefined;
});

async function setup(opts: Partial<EmulatorOptions>): Promise<Started> {
  s = await start(opts);
  await s.gh.createRepo('acme/widgets', { files: { 'README.md': 'hi\n' } });
  return s;
}

const body = (r: CallResult): Record<string, any> => r.body as Record<string, any>;
const num = (r: CallResult, h: string): number => Number(r.headers[h]);

function valid(op: string, method: string, r: CallResult): void {
  expect(validator.check(op, method, r.status, r.body, r.headers).errors).toEqual([]);
}

describe('conditional requests', () => {
  test('a 304 has an empty body, keeps the ETag and does not count against the rate limit', async () => {
    const { gh } = await setup({});
    const first = await call(gh, 'GET', '/repos/acme/widgets');
    expect(first.status).toBe(200);
    expect(num(first, 'x-ratelimit-remaining')).toBe(4999);
    expect(num(first, 'x-ratelimit-used')).toBe(1);
    const etag = first.headers.etag!;
    for (let i = 0; i < 3; i++) {
      const again = await call(gh, 'GET', '/repos/acme/widgets', { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
      expect(again.text).toBe('');
      expect(again.headers.etag).toBe(etag);
      expect(num(again, 'x-ratelimit-remaining')).toBe(4999);
      expect(num(again, 'x-ratelimit-used')).toBe(1);
      valid('repos/get', 'GET', again);
    }
    // Strong or weak forms, and lists of tags, match.
    const strong = await call(gh, 'GET', '/repos/acme/widgets', {
      headers: { 'if-none-match': `"x", ${etag.slice(2)}` },
    });
    expect(strong.status).toBe(304);
    // A change of the resource changes the ETag.
    await gh.commitAs('acme/widgets', 'main', { 'NEW.md': 'n\n' });
    const ref1 = await call(gh, 'GET', '/repos/acme/widgets/git/ref/heads/main');
    expect(
      (
        await call(gh, 'GET', '/repos/acme/widgets/git/ref/heads/main', {
          headers: { 'if-none-match': ref1.headers.etag! },
        })
      ).status,
    ).toBe(304);
    await gh.commitAs('acme/widgets', 'main', { 'NEW.md': 'changed\n' });
    const ref2 = await call(gh, 'GET', '/repos/acme/widgets/git/ref/heads/main', {
      headers: { 'if-none-match': ref1.headers.etag! },
    });
    expect(ref2.status).toBe(200);
    expect(ref2.headers.etag).not.toBe(ref1.headers.etag);
    const st = gh.stats();
    expect(st.notModified).toBe(5);
    expect(st.counted).toBe(st.requests - 5);
    expect(gh.log.filter((e) => e.notModified).every((e) => !e.counted)).toBe(true);
  });

  test('ETags are per representation: each user sees its own permissions', async () => {
    const { gh } = await setup({});
    const a = await call(gh, 'GET', '/repos/acme/widgets');
    const b = await call(gh, 'GET', '/repos/acme/widgets', {
      token: TOKENS.outsider,
      headers: { 'if-none-match': a.headers.etag! },
    });
    expect(b.status).toBe(200);
  });
});

describe('primary rate limit', () => {
  test('exhausted: 403 with GitHub message and remaining 0; 304s still served; a new window resets it', async () => {
    const { gh } = await setup({ timeScale: 0.0005, limits: { primaryPerHour: 4 } }); // an hour lasts 1.8 s
    const clock = s!.clock;
    const t0 = clock.now();
    const ok = await call(gh, 'GET', '/repos/acme/widgets');
    for (let i = 0; i < 3; i++) expect((await call(gh, 'GET', '/user')).status).toBe(200);
    const limited = await call(gh, 'GET', '/user');
    expect(limited.status).toBe(403);
    expect(body(limited)).toMatchObject({
      message: 'API rate limit exceeded for user ID 1.',
      documentation_url: expect.stringContaining('rate-limit'),
    });
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    expect(num(limited, 'x-ratelimit-reset')).toBeGreaterThanOrEqual(Math.floor(clock.now() / 1000));
    valid('users/get-authenticated', 'GET', limited);
    const write = await call(gh, 'POST', '/repos/acme/widgets/git/refs', {
      body: { ref: 'refs/heads/x', sha: ok.headers.etag },
    });
    expect(write.status).toBe(403);
    expect(
      (await call(gh, 'GET', '/repos/acme/widgets', { headers: { 'if-none-match': ok.headers.etag! } })).status,
    ).toBe(304);
    expect(gh.stats().primaryRateLimited).toBe(2);
    // Another user has its own budget.
    expect((await call(gh, 'GET', '/user', { token: TOKENS.outsider })).status).toBe(200);
    expect(clock.now() - t0).toBeLessThan(1800); // still inside the first window
    await clock.advance(1800 + 100);
    const after = await call(gh, 'GET', '/user');
    expect(after.status).toBe(200);
    expect(after.headers['x-ratelimit-remaining']).toBe('3');
  });

  test('429 may be configured instead of 403', async () => {
    const { gh } = await setup({ limits: { primaryPerHour: 1, primaryStatus: 429 } });
    await call(gh, 'GET', '/user');
    const r = await call(gh, 'GET', '/user');
    expect(r.status).toBe(429);
    expect(r.headers['x-ratelimit-remaining']).toBe('0');
  });
});

describe('secondary rate limits (scaled in time)', () => {
  const refBody = async (gh: { url: string }, name: string): Promise<unknown> => {
    const main = body(await call(gh, 'GET', '/repos/acme/widgets/git/ref/heads/main'));
    return { ref: `refs/heads/${name}`, sha: main.object.sha };
  };

  test('content-creating requests per minute: 403 + retry-after, the write is not applied, then allowed again', async () => {
    const { gh } = await setup({ timeScale: 0.01, limits: { writesPerMinute: 3 } });
    for (let i = 0; i < 3; i++)
      expect(
        (await call(gh, 'POST', '/repos/acme/widgets/git/refs', { body: await refBody(gh, `b${i}`) })).status,
      ).toBe(201);
    const limited = await call(gh, 'POST', '/repos/acme/widgets/git/refs', { body: await refBody(gh, 'b3') });
    expect(limited.status).toBe(403);
    expect(body(limited).message).toMatch(SECONDARY);
    expect(body(limited).documentation_url).toContain('secondary-rate-limits');
    expect(limited.headers['retry-after']).toBe('1'); // the scaled minute is 0.6 s, rounded up to 1 s
    expect(Number(limited.headers['x-ratelimit-remaining'])).toBeGreaterThan(0);
    valid('git/create-ref', 'POST', limited);
    expect(await gh.refSha('acme/widgets', 'b3')).toBeNull();
    expect(gh.log.at(-1)).toMatchObject({
      rateLimited: 'secondary',
      secondaryRule: 'writes-per-minute',
      counted: false,
      write: true,
    });
    // Until retry-after has passed, every request of the user is refused (penalty) ...
    const early = await call(gh, 'GET', '/user');
    expect(early.status).toBe(403);
    expect(gh.log.at(-1)?.secondaryRule).toBe('penalty');
    // ... after it, the write goes through.
    await s!.clock.advance(1000 + 20);
    expect((await call(gh, 'POST', '/repos/acme/widgets/git/refs', { body: await refBody(gh, 'b3') })).status).toBe(
      201,
    );
    expect(gh.stats().secondaryRateLimited).toBe(2);
  });

  test('content-creating requests per hour', async () => {
    const { gh } = await setup({ timeScale: 0.01, limits: { writesPerHour: 2, writesPerMinute: 80 } });
    for (let i = 0; i < 2; i++)
      expect((await call(gh, 'POST', '/repos/acme/widgets/git/blobs', { body: { content: `${i}` } })).status).toBe(201);
    const r = await call(gh, 'POST', '/repos/acme/widgets/git/blobs', { body: { content: 'x' } });
    expect(r.status).toBe(403);
    expect(Number(r.headers['retry-after'])).toBe(36); // a scaled hour: 36 s
    expect(gh.log.at(-1)?.secondaryRule).toBe('writes-per-hour');
  });

  test('concurrent requests', async () => {
    const { gh } = await setup({ latencyMs: 400, limits: { maxConcurrent: 2, secondaryStatus: 429 } });
    const pending = Array.from({ length: 5 }, () => call(gh, 'GET', '/repos/acme/widgets'));
    // All five are in flight (held by the latency) before the clock lets them through.
    await s!.clock.whenSleeping(5);
    await s!.clock.advance(400);
    const results = await Promise.all(pending);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((x) => x === 200)).toHaveLength(2);
    expect(statuses.filter((x) => x === 429)).toHaveLength(3);
    const limited = results.find((r) => r.status === 429)!;
    expect(body(limited).message).toMatch(SECONDARY);
    expect(limited.headers['retry-after']).toBe('1');
    valid('repos/get', 'GET', limited);
    // The first excess request trips the rule; the others meet the penalty it sets (retry-after).
    expect(
      gh.log
        .filter((e) => e.rateLimited === 'secondary')
        .map((e) => e.secondaryRule)
        .sort(),
    ).toEqual(['concurrency', 'penalty', 'penalty']);
  });

  test('minimum spacing between writes, and points per minute', async () => {
    const { gh } = await setup({ timeScale: 0.3, limits: { minWriteSpacingMs: 1000, pointsPerMinute: 12 } }); // 300 ms apart
    expect((await call(gh, 'POST', '/repos/acme/widgets/git/blobs', { body: { content: 'a' } })).status).toBe(201);
    const close = await call(gh, 'POST', '/repos/acme/widgets/git/blobs', { body: { content: 'b' } });
    expect(close.status).toBe(403);
    expect(gh.log.at(-1)?.secondaryRule).toBe('spacing');
    await s!.clock.advance(320);
    expect((await call(gh, 'POST', '/repos/acme/widgets/git/blobs', { body: { content: 'b' } })).status).toBe(201);
    // 10 points used by two writes: two GETs fit, the third exceeds 12 points.
    expect((await call(gh, 'GET', '/user')).status).toBe(200);
    expect((await call(gh, 'GET', '/user')).status).toBe(200);
    expect((await call(gh, 'GET', '/user')).status).toBe(403);
    expect(gh.log.at(-1)?.secondaryRule).toBe('points-per-minute');
  });

  test('retry-after in unscaled GitHub seconds when asked', async () => {
    const { gh } = await setup({ timeScale: 0.01, limits: { writesPerMinute: 1, retryAfterUnit: 'github' } });
    await call(gh, 'POST', '/repos/acme/widgets/git/blobs', { body: { content: 'a' } });
    const r = await call(gh, 'POST', '/repos/acme/widgets/git/blobs', { body: { content: 'b' } });
    expect(r.status).toBe(403);
    expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(59);
    expect(Number(r.headers['retry-after'])).toBeLessThanOrEqual(60);
  });
});
