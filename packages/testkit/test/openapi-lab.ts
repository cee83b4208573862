/**
 * The shared setup of the OpenAPI tests (openapi.test.ts and the openapi-*-suite.ts modules it
 * runs): the emulator with acme/widgets, acme/empty and outsider/own, the validator, and hit(),
 * which calls an endpoint and validates the response against GitHub's description.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { call, type CallResult, type Started, start } from './helpers.js';
import { OpenApiValidator } from './openapi.js';

/** The emulator and the OpenAPI validator, set by useOpenApiLab's beforeAll. */
export let s: Started;
export let validator: OpenApiValidator;
/** Every validated call as operation and status, for the coverage test. */
export const covered: Array<{ op: string; status: number }> = [];

interface HitOpts {
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Call the emulator, expect a status, validate against the operation's description. */
export async function hit(
  op: string,
  method: string,
  path: string,
  status: number,
  opts: HitOpts = {},
): Promise<CallResult> {
  const r = await call(s.gh, method, path, opts);
  expect(r.status, `${method} ${path}: ${r.text}`).toBe(status);
  const res = validator.check(op, method, r.status, r.body, r.headers);
  expect(res.errors, `${op} ${status}`).toEqual([]);
  // Headers GitHub sends with every response.
  for (const h of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-used', 'x-ratelimit-reset']) {
    expect(r.headers[h], h).toMatch(/^\d+$/);
  }
  expect(r.headers['x-ratelimit-resource']).toBe('core');
  expect(r.headers['x-github-request-id']).toBeTruthy();
  if (r.status !== 204 && r.status !== 304)
    expect(r.headers['content-type']).toMatch(/^application\/json; charset=utf-8/);
  if (method === 'GET' && (r.status === 200 || r.status === 304)) expect(r.headers.etag).toMatch(/^W\/"[0-9a-f]{64}"$/);
  if (r.headers.location) expect(r.headers.location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  expect(s.gh.log.at(-1)?.operation).toBe(op);
  covered.push({ op, status });
  return r;
}

/** The response body as an object. */
export const json = (r: CallResult): Record<string, any> => r.body as Record<string, any>;
/** The response body as an array. */
export const list = (r: CallResult): Array<Record<string, any>> => r.body as Array<Record<string, any>>;

/** The tip of acme/widgets' main, set by useOpenApiLab's beforeAll. */
export let mainSha = '';

/** Starts the emulator with its repositories before the file's tests and cleans up after. */
export function useOpenApiLab(): void {
  beforeAll(async () => {
    validator = new OpenApiValidator();
    s = await start();
    await s.gh.createRepo('acme/widgets', {
      description: 'Widgets',
      files: {
        'README.md': '# Widgets\n',
        'SECURITY.md': 'Report to security@example.org\n',
        'docs/guide.md': 'guide\n',
        'bin/run.sh': { content: '#!/bin/sh\necho hi\n', mode: '100755' },
      },
      symlinks: { 'LINK.md': 'README.md', outside: '../../etc/passwd' },
      tags: ['v0.9'],
    });
    await s.gh.createTag('acme/widgets', 'v1', 'main', { message: 'Release 1' });
    await s.gh.createRepo('acme/empty');
    await s.gh.createRepo('outsider/own', { files: { 'a.txt': 'a\n' } });
    mainSha = (await s.gh.refSha('acme/widgets', 'main'))!;
  });

  afterAll(async () => {
    await s?.cleanup();
  });
}
