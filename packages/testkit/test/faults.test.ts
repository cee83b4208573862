/** Injected faults: deterministic choice, applied before writes, each kind's shape. */
import { afterEach, describe, expect, test } from 'vitest';
import { call, start, type Started } from './helpers.js';
import { ManualClock, type EmulatorOptions, type FaultKind } from '../src/index.js';
import { OpenApiValidator } from './openapi.js';

const opened: Started[] = [];

afterEach(async () => {
  while (opened.length) await opened.pop()!.cleanup();
});

async function setup(opts: Partial<EmulatorOptions>): Promise<Started> {
  const s = await start(opts);
  opened.push(s);
  await s.gh.createRepo('acme/widgets', { files: { 'README.md': 'hi\n' } });
  return s;
}

/** A fixed mix of reads, some concurrent; returns the fault per (method path #occurrence). */
async function workload(s: Started): Promise<Map<string, FaultKind | undefined>> {
  const paths = ['/repos/acme/widgets', '/user', '/repos/acme/widgets/git/ref/heads/main', '/repos/acme/widgets/pulls'];
  for (let round = 0; round < 10; round++) {
    await Promise.all(paths.map((p) => call(s.gh, 'GET', p).catch(() => undefined)));
  }
  // Occurrences are counted per method+path in arrival order (seq); the log records each fault.
  const perPath = new Map<string, Array<FaultKind | undefined>>();
  for (const e of [...s.gh.log].sort((a, b) => a.seq - b.seq)) {
    const k = `${e.method} ${e.path}`;
    perPath.set(k, [...(perPath.get(k) ?? []), e.fault]);
  }
  const out = new Map<string, FaultKind | undefined>();
  for (const [k, list] of perPath)
    list.forEach((f, i) => {
      out.set(`${k} #${i}`, f);
    });
  return out;
}

describe('fault injection', () => {
  test('the same seed gives the same faults for the same requests, whatever the interleaving', async () => {
    const faults = {
      rate: 0.3,
      kinds: ['latency', '5xx', '403-retry-after', '429', 'reset'] as FaultKind[],
      seed: 42,
      latencyMs: 5,
    };
    // The latency faults pass on a clock that jumps ahead as they wait.
    const clock = () => new ManualClock({ autoAdvance: true });
    const a = await workload(await setup({ faults, clock: clock() }));
    const b = await workload(await setup({ faults, clock: clock() }));
    expect([...a.entries()].sort()).toEqual([...b.entries()].sort());
    const injected = [...a.values()].filter(Boolean);
    expect(injected.length).toBeGreaterThan(4);
    expect(new Set(injected).size).toBeGreaterThan(2);
    const c = await workload(await setup({ faults: { ...faults, seed: 7 }, clock: clock() }));
    expect([...c.entries()].sort()).not.toEqual([...a.entries()].sort());
  });

  test('the rate is respected over many requests', async () => {
    const s = await setup({ faults: { rate: 0.1, kinds: ['5xx'], seed: 3 } });
    let failed = 0;
    for (let i = 0; i < 120; i++)
      if ((await call(s.gh, 'GET', `/repos/acme/widgets/git/ref/heads/main?i=${i}`)).status >= 500) failed++;
    expect(failed).toBeGreaterThan(4);
    expect(failed).toBeLessThan(25);
    expect(s.gh.stats().faults).toBe(failed);
    // Injected faults do not count against the primary rate limit.
    expect(s.gh.stats().counted).toBe(120 - failed);
  });

  test('each kind, and a faulted write is not applied', async () => {
    const validator = new OpenApiValidator();
    let next: FaultKind | null = null;
    const s = await setup({ faults: () => next, limits: { secondaryStatus: 403 } });
    const main = (
      (await call(s.gh, 'GET', '/repos/acme/widgets/git/ref/heads/main')).body as { object: { sha: string } }
    ).object.sha;
    const create = (name: string) =>
      call(s.gh, 'POST', '/repos/acme/widgets/git/refs', { body: { ref: `refs/heads/${name}`, sha: main } });

    next = '5xx';
    const e5 = await create('a');
    expect([500, 502, 503]).toContain(e5.status);
    expect(validator.check('git/create-ref', 'POST', e5.status, e5.body, e5.headers).errors).toEqual([]);
    expect(await s.gh.refSha('acme/widgets', 'a')).toBeNull();

    next = '403-retry-after';
    const e403 = await create('a');
    expect(e403.status).toBe(403);
    expect(e403.headers['retry-after']).toBe('1');
    expect((e403.body as { message: string }).message).toMatch(/secondary rate limit/);
    expect(await s.gh.refSha('acme/widgets', 'a')).toBeNull();

    next = '429';
    const e429 = await create('a');
    expect(e429.status).toBe(429);
    expect(e429.headers['retry-after']).toBe('1');
    expect(await s.gh.refSha('acme/widgets', 'a')).toBeNull();

    next = 'reset';
    await expect(create('a')).rejects.toThrow();
    expect(await s.gh.refSha('acme/widgets', 'a')).toBeNull();

    next = 'latency';
    const t0 = s.clock.now();
    const delayed = create('a');
    await s.clock.whenSleeping(1);
    await s.clock.advance(200);
    expect((await delayed).status).toBe(201);
    expect(s.clock.now() - t0).toBeGreaterThanOrEqual(190);
    expect(s.gh.log.at(-1)?.durationMs).toBeGreaterThanOrEqual(200);

    // 'reset-after' (opt-in) applies the write and loses the response.
    next = 'reset-after';
    await expect(create('b')).rejects.toThrow();
    expect(await s.gh.refSha('acme/widgets', 'b')).toBe(main);

    next = null;
    expect((await create('c')).status).toBe(201);
    expect(s.gh.log.map((e) => e.fault ?? '-').slice(1)).toEqual([
      '5xx',
      '403-retry-after',
      '429',
      'reset',
      'latency',
      'reset-after',
      '-',
    ]);
    expect(s.gh.log.filter((e) => e.fault === 'reset').every((e) => e.status === 0 && !e.counted)).toBe(true);
  });

  test('latencyMs applies to every request; faults can be changed at run time', async () => {
    const s = await setup({ latencyMs: 40 });
    const t0 = s.clock.now();
    const delayed = call(s.gh, 'GET', '/user');
    await s.clock.whenSleeping(1);
    await s.clock.advance(40);
    await delayed;
    expect(s.clock.now() - t0).toBeGreaterThanOrEqual(38);
    expect(s.gh.log.at(-1)?.durationMs).toBe(40);
    s.gh.setLatency(0);
    s.gh.setFaults({ rate: 1, kinds: ['5xx'], match: (r) => r.operation === 'pulls/list' });
    expect((await call(s.gh, 'GET', '/user')).status).toBe(200);
    expect((await call(s.gh, 'GET', '/repos/acme/widgets/pulls')).status).toBeGreaterThanOrEqual(500);
    s.gh.setFaults(undefined);
    expect((await call(s.gh, 'GET', '/repos/acme/widgets/pulls')).status).toBe(200);
  });
});
