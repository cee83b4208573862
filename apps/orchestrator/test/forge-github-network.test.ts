/**
 * The github forge when GitHub cannot be reached or answers errors: refused connections,
 * unknown hosts and TLS failures fail at once naming the API URL and the cause; 4xx answers
 * other than rate limits are not retried; 5xx answers and lost connections are retried with
 * plugin-retry's back-off, under a total deadline. The deadline counts the forge's clock and
 * the back-off granted, so no test waits for it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli.js';
import { GitHubForge } from '../src/forge/github/index.js';
import { describeCause, isTransientCause, networkCauseOf } from '../src/forge/github/network.js';
import type { Io } from '../src/io.js';
import type { GitHubLab } from './helpers/github.js';
import { mark, startLab, TOKEN } from './helpers/github.js';

let lab: GitHubLab;
beforeAll(async () => {
  lab = await startLab();
  await lab.gh.createRepo('acme/widgets', { files: { 'README.md': '# w\n' } });
});
afterAll(async () => {
  await lab?.stop();
});
afterEach(() => {
  vi.restoreAllMocks();
  lab.gh.setFaults(undefined);
});

/** A local port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** What undici throws for a failed connection: `TypeError('fetch failed')` with the system error as cause. */
function fetchFailure(code: string, message: string): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
}

function forgeAt(apiUrl: string, extra: Partial<ConstructorParameters<typeof GitHubForge>[0]> = {}): GitHubForge {
  return new GitHubForge({ token: TOKEN, apiUrl, stateDir: null, timeScale: 0.01, clock: lab.clock, ...extra });
}

describe('failures not worth retrying', () => {
  it('a closed local port: one attempt, the API URL and "connection refused"', async () => {
    const port = await closedPort();
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const error = await forgeAt(`http://127.0.0.1:${port}`, { settings: { maxRetries: 5 } })
      .defaultBranch('acme/widgets')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'http' });
    expect((error as Error).message).toBe(
      `acme/widgets: cannot reach GET http://127.0.0.1:${port}: connection refused`,
    );
    expect(fetchSpy).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['ENOTFOUND', 'getaddrinfo ENOTFOUND ghe.invalid', 'unknown host (DNS lookup failed)'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate', 'TLS failure (DEPTH_ZERO_SELF_SIGNED_CERT)'],
    [
      'ERR_TLS_CERT_ALTNAME_INVALID',
      "Hostname/IP does not match certificate's altnames",
      'TLS failure (ERR_TLS_CERT_ALTNAME_INVALID)',
    ],
  ])('%s: one attempt, named', async (code, message, words) => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockRejectedValue(fetchFailure(code, message));
    const error = await forgeAt('https://ghe.invalid/api/v3')
      .defaultBranch('acme/widgets')
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe(`acme/widgets: cannot reach GET https://ghe.invalid/api/v3: ${words}`);
    expect(fetchSpy).toHaveBeenCalledTimes(1);
  });

  it('a 4xx answer that is not a rate limit is not retried', async () => {
    const fetchSpy = vi
      .spyOn(globalThis, 'fetch')
      .mockImplementation(async () =>
        Response.json({ message: 'Method Not Allowed' }, { status: 405, headers: { 'x-ratelimit-remaining': '4000' } }),
      );
    const error = await forgeAt('https://ghe.invalid/api/v3', { settings: { maxRetries: 5 } })
      .defaultBranch('acme/widgets')
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe('acme/widgets: GitHub answered 405 Method Not Allowed');
    expect(fetchSpy).toHaveBeenCalledTimes(1);
  });

  it('a missing repository (404) is asked once', async () => {
    const from = mark(lab.gh);
    const error = await lab
      .forge(null)
      .defaultBranch('acme/missing')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'repo-not-found' });
    expect(lab.gh.log.filter((e) => e.seq >= from).map((e) => `${e.status} ${e.path}`)).toEqual([
      '404 /repos/acme/missing',
    ]);
  });
});

describe('transient failures', () => {
  it('lost connections are retried and the read succeeds', async () => {
    lab.gh.setFaults((r) => (r.operation === 'repos/get' && r.occurrence < 2 ? 'reset' : null));
    const from = mark(lab.gh);
    expect(await lab.forge(null).defaultBranch('acme/widgets')).toBe('main');
    const attempts = lab.gh.log.filter((e) => e.seq >= from && e.operation === 'repos/get');
    expect(attempts.map((e) => e.fault ?? e.status)).toEqual(['reset', 'reset', 200]);
  });

  it('5xx answers are retried with the back-off until the total deadline, then fail naming the cause', async () => {
    lab.gh.setFaults((r) => (r.operation === 'repos/get' ? '5xx' : null));
    const from = mark(lab.gh);
    // Back-off of 10 ms x n²: 10 + 40 fit in 100 ms, the third wait (90 ms) does not.
    const forge = lab.forge(null, { retryDeadlineMs: 100, settings: { maxRetries: 10 } });
    const error = await forge.defaultBranch('acme/widgets').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'http' });
    expect((error as Error).message).toMatch(
      new RegExp(
        `^acme/widgets: GET ${lab.gh.url.replace(/[.]/g, '\\.')}: GitHub answered 50[023]; gave up after 0 s of retries \\(deadline 0 s\\)$`,
      ),
    );
    expect(lab.gh.log.filter((e) => e.seq >= from && e.operation === 'repos/get')).toHaveLength(3);
  });

  it('classifies connection failures: resets, timeouts and temporary DNS failures are transient', () => {
    const cause = (code: string) => networkCauseOf({ status: 500, cause: fetchFailure(code, `x ${code}`) });
    for (const code of ['ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'UND_ERR_SOCKET'])
      expect(isTransientCause(cause(code)!), code).toBe(true);
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'CERT_HAS_EXPIRED', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'])
      expect(isTransientCause(cause(code)!), code).toBe(false);
    expect(describeCause(cause('CERT_HAS_EXPIRED')!)).toBe('TLS failure (CERT_HAS_EXPIRED)');
    expect(describeCause(cause('ECONNRESET')!)).toBe('connection reset');
    // A refused dual-stack connection: an AggregateError of one error per address.
    const aggregate = new TypeError('fetch failed', {
      cause: new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:1'), { code: 'ECONNREFUSED' })]),
    });
    expect(networkCauseOf({ status: 500, cause: aggregate })).toEqual({
      code: 'ECONNREFUSED',
      message: 'connect ECONNREFUSED ::1:1',
    });
    // An HTTP answer is not a connection failure.
    expect(networkCauseOf({ status: 404, cause: fetchFailure('ECONNREFUSED', 'x') })).toBeNull();
  });
});

describe('tmsync campaign status --api-url at a closed port', () => {
  it('exits 1 at once, every repository failing with the URL and the cause', async () => {
    const port = await closedPort();
    const dir = mkdtempSync(join(tmpdir(), 'tmsync-net-'));
    writeFileSync(
      join(dir, 'campaign.yaml'),
      stringify({
        forge: 'github',
        families: [
          {
            name: 'example',
            parent: { repo: 'acme/parent' },
            satellites: [{ repo: 'acme/one' }, { repo: 'acme/two' }],
          },
        ],
      }),
    );
    let out = '';
    let err = '';
    const io: Io = {
      stdout: (t) => {
        out += t;
      },
      stderr: (t) => {
        err += t;
      },
      cwd: dir,
      env: { GITHUB_TOKEN: TOKEN, PATH: process.env.PATH ?? '' },
    };
    const code = await main(
      ['campaign', 'status', '--campaign', 'campaign.yaml', '--api-url', `http://127.0.0.1:${port}`],
      io,
    );
    expect(code).toBe(1);
    const failures = out.slice(out.indexOf('Failures'));
    expect(failures.split('\n').filter((l) => l.startsWith('  '))).toEqual([
      `  acme/parent: parent acme/parent: cannot reach GET http://127.0.0.1:${port}: connection refused`,
      `  acme/one: cannot reach GET http://127.0.0.1:${port}: connection refused`,
      `  acme/two: cannot reach GET http://127.0.0.1:${port}: connection refused`,
    ]);
    expect(out + err).not.toContain(TOKEN);
  });
});
