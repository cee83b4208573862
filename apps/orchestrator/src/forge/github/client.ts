/**
 * The Octokit client of the github forge: `@octokit/rest` with `@octokit/plugin-throttling`
 * (pacing, rate limits) and `@octokit/plugin-retry` (server errors, lost connections), and
 * one outer request hook of ours that
 *
 * - makes every GET conditional (`If-None-Match` from the response cache) and answers
 *   sha-addressed git objects from the cache without a request;
 * - reuses a response already validated in this run until we write to that repository;
 * - serialises every mutating request (one in flight at a time, spaced by the plugin's
 *   write group) and charges it to the hourly budget.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { redactSecrets } from '../../redact.js';
import type { Reservation, WriteBudget } from './budget.js';
import type { CachedResponse, ResponseCache } from './cache.js';
import { isImmutableUrl } from './cache.js';
import { statusOf } from './errors.js';
import { failFast } from './network.js';
import Bottleneck from 'bottleneck';
import { type Clock, Mutex } from './pacing.js';

/** Octokit with the throttling and retry plugins, and fail-fast between them (see network.ts). */
function octokitClass(fast: ReturnType<typeof failFast>) {
  return Octokit.plugin(throttling, fast, retry);
}
/** The client's type as callers see it (the plugins add options, not methods callers use). */
export type GitHubClient = Octokit;
type ThrottleOption = NonNullable<NonNullable<ConstructorParameters<ReturnType<typeof octokitClass>>[0]>['throttle']>;

/** Header a caller sets on a GET to skip the in-run reuse (it is removed before sending). */
export const REVALIDATE_HEADER = 'x-tmsync-revalidate';

/** Counters of what the client did (for reports, tests and the benchmark). */
export interface ClientStats {
  /** Requests sent to GitHub (retries inside the plugins not counted). */
  requests: number;
  /** Of which mutating (content-creating). */
  writes: number;
  /** GETs answered 304 Not Modified. */
  notModified: number;
  /** GETs of sha-addressed objects answered from the cache without a request. */
  cacheHits: number;
  /** GETs answered from a response already validated in this run. */
  memoHits: number;
  /** Waits on a primary rate limit (`x-ratelimit-reset`). */
  rateLimitWaits: number;
  /** Waits on a secondary rate limit (`retry-after`). */
  secondaryWaits: number;
}

export interface ClientOptions {
  token: string;
  baseUrl: string;
  userAgent?: string;
  concurrency: number;
  writeSpacingMs: number;
  createSpacingMs: number;
  maxRetries: number;
  maxRateLimitWaitMs: number;
  /** Milliseconds one second of `retry-after` (and of retry back-off) stands for: 1000, less against a time-scaled emulator. */
  retryAfterBaseMs: number;
  cache: ResponseCache;
  budget: WriteBudget;
  /** Time of rate-limit waits and of the retry deadline. */
  clock: Clock;
  /** Total time one request may spend retrying server errors and lost connections. */
  retryDeadlineMs: number;
  /** Diagnostics (already redacted). */
  log: (line: string) => void;
}

/** The client and the controls the forge needs around it. */
export interface Client {
  octokit: GitHubClient;
  stats: ClientStats;
  /** Runs `fn` with writes charged to `reservation`. */
  withReservation<T>(reservation: Reservation, fn: () => Promise<T>): Promise<T>;
  /** Forgets what this run validated about a repository (after writes elsewhere changed it). */
  invalidate(repo: string): void;
  /** The Bottleneck groups the throttling plugin paces requests with (all, writes, notifying writes). */
  pacing: { global: Bottleneck.Group; write: Bottleneck.Group; notifications: Bottleneck.Group };
  /** Remembers the answer a GET of a sha-addressed object would give (objects the tool itself just wrote). */
  prime(route: string, params: Record<string, unknown>, data: unknown): void;
}

function repoKeyOf(url: string): string {
  const m = /\/repos\/([^/?]+)\/([^/?]+)/.exec(url);
  return m ? `${decodeURIComponent(m[1] ?? '')}/${decodeURIComponent(m[2] ?? '')}`.toLowerCase() : '';
}

function pickHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['etag', 'link']) {
    const v = headers[name];
    if (typeof v === 'string') out[name] = v;
  }
  return out;
}

/** Builds the client. */
export function createClient(options: ClientOptions): Client {
  const secrets = [options.token];
  const redact = (s: string) => redactSecrets(s, {}, secrets);
  const stats: ClientStats = {
    requests: 0,
    writes: 0,
    notModified: 0,
    cacheHits: 0,
    memoHits: 0,
    rateLimitWaits: 0,
    secondaryWaits: 0,
  };
  const base = options.retryAfterBaseMs;
  const clock = options.clock;
  /** x-ratelimit-reset (epoch ms) of the last answer that spent the primary limit. */
  let primaryResetMs: number | null = null;
  const GitHubOctokit = octokitClass(
    failFast({ apiUrl: options.baseUrl, clock, deadlineMs: options.retryDeadlineMs, retryBaseMs: base }),
  );
  const pacing = {
    global: new Bottleneck.Group({ maxConcurrent: options.concurrency }),
    write: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.writeSpacingMs }),
    notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.createSpacingMs }),
  };
  const octokit = new GitHubOctokit({
    auth: options.token,
    baseUrl: options.baseUrl,
    userAgent: options.userAgent ?? 'tmsync',
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => options.log(redact(String(message))),
      error: (message: string) => options.log(redact(String(message))),
    },
    request: {
      // Public option: every answer passes here, so the reset of a spent primary limit is
      // read from the response on the forge's clock (the plugin reads it against Date.now).
      fetch: async (input: string | URL | Request, init?: RequestInit) => {
        const response = await fetch(input, init);
        if (response.headers.get('x-ratelimit-remaining') === '0') {
          const reset = Number(response.headers.get('x-ratelimit-reset'));
          if (Number.isFinite(reset) && reset > 0) primaryResetMs = reset * 1000;
        }
        return response;
      },
    },
    // Spacing and concurrency are the campaign's settings, per client. The plugin's public
    // options cannot set them: its Bottleneck groups (write 1 s, notifications 3 s, 10 at a
    // time) are module-level singletons built with fixed values by the first client of the
    // process, whatever `Bottleneck` constructor later clients pass (a test pins this down).
    // The plugin takes its groups from the options it is given (`Object.assign(state,
    // octokitOptions.throttle)`, then `state.write ?? groups.write`), so real Bottleneck
    // groups of our own go there; `global` is read that way too but is not in the option type.
    throttle: {
      ...pacing,
      // The waits are made in the handlers, on the forge's clock (tests drive it); the
      // plugin then retries at once.
      retryAfterBaseValue: 0,
      onSecondaryRateLimit: async (
        retryAfter: number,
        req: { method?: string; url?: string },
        _o: unknown,
        retryCount: number,
      ) => {
        stats.secondaryWaits += 1;
        const waitMs = retryAfter * base;
        if (retryCount >= options.maxRetries || waitMs > options.maxRateLimitWaitMs) {
          options.log(
            `secondary rate limit on ${req.method ?? ''} ${req.url ?? ''}: giving up after ${retryCount} retries`,
          );
          return false;
        }
        options.log(
          `secondary rate limit on ${req.method ?? ''} ${req.url ?? ''}: waiting ${Math.ceil(waitMs)} ms (retry ${retryCount + 1})`,
        );
        await clock.sleep(waitMs);
        return true;
      },
      onRateLimit: async (
        retryAfter: number,
        req: { method?: string; url?: string },
        _o: unknown,
        retryCount: number,
      ) => {
        stats.rateLimitWaits += 1;
        // One retry-after second past the reset, as the plugin does; the reset is wall-clock time.
        const waitMs = primaryResetMs !== null ? Math.max(0, primaryResetMs - clock.now()) + base : retryAfter * 1000;
        if (retryCount >= options.maxRetries || waitMs > options.maxRateLimitWaitMs) {
          options.log(
            `rate limit exhausted on ${req.method ?? ''} ${req.url ?? ''}: resets in ${Math.ceil(waitMs / 1000)} s; not waiting`,
          );
          return false;
        }
        options.log(
          `rate limit exhausted on ${req.method ?? ''} ${req.url ?? ''}: waiting ${Math.ceil(waitMs / 1000)} s for the reset`,
        );
        await clock.sleep(waitMs);
        return true;
      },
    } as unknown as ThrottleOption,
    retry: {
      retries: options.maxRetries,
      retryAfterBaseValue: base,
      // No 4xx is retried here (rate limits are the throttling plugin's); 5xx and lost
      // connections are, under fail-fast's deadline.
      doNotRetry: Array.from({ length: 100 }, (_, i) => 400 + i),
    },
  });

  const reservations = new AsyncLocalStorage<Reservation>();
  const generations = new Map<string, number>();
  const validated = new Map<string, number>();
  const writeLock = new Mutex();
  const gen = (repo: string) => generations.get(repo) ?? 0;
  const bump = (repo: string) => generations.set(repo, gen(repo) + 1);

  const answer = (cached: CachedResponse, url: string) => ({
    status: 200,
    url,
    headers: { ...cached.headers },
    data: cached.data,
  });

  octokit.hook.wrap('request', async (request, requestOptions) => {
    const method = String(requestOptions.method ?? 'GET').toUpperCase();
    // before-after-hook hands every inner hook the options object it was called with, so
    // changes must be made to that object, not to a copy.
    const opts = requestOptions;
    const headers = (opts.headers ?? {}) as Record<string, string | number | undefined>;
    opts.headers = headers as typeof opts.headers;
    const revalidate = headers[REVALIDATE_HEADER] !== undefined;
    delete headers[REVALIDATE_HEADER];
    const parsed = octokit.request.endpoint.parse(opts);
    const url = parsed.url;
    const repo = repoKeyOf(url);

    if (method !== 'GET' && method !== 'HEAD') {
      return writeLock.run(async () => {
        stats.requests += 1;
        stats.writes += 1;
        const reservation = reservations.getStore();
        bump(repo);
        try {
          return await request(opts);
        } finally {
          bump(repo);
          // Charged when the answer is in: GitHub's window counts it no earlier than that.
          options.budget.record();
          reservation?.consume();
        }
      });
    }

    const key = `${String(parsed.headers.accept ?? '')} ${url}`;
    const cached = await options.cache.get(key);
    if (cached?.immutable) {
      stats.cacheHits += 1;
      return answer(cached, url);
    }
    if (cached && !revalidate && validated.get(key) === gen(repo)) {
      stats.memoHits += 1;
      return answer(cached, url);
    }
    if (cached?.etag) headers['if-none-match'] = cached.etag;
    const at = gen(repo);
    stats.requests += 1;
    try {
      const response = await request(opts);
      const etag = typeof response.headers.etag === 'string' ? response.headers.etag : undefined;
      const immutable = isImmutableUrl(url);
      if (response.status === 200 && (etag || immutable)) {
        const entry: CachedResponse = {
          key,
          immutable,
          headers: pickHeaders(response.headers as Record<string, unknown>),
          data: response.data,
        };
        if (etag) entry.etag = etag;
        options.cache.put(entry);
        if (gen(repo) === at) validated.set(key, at);
      }
      return response;
    } catch (error) {
      if (statusOf(error) === 304 && cached) {
        stats.notModified += 1;
        if (gen(repo) === at) validated.set(key, at);
        return answer(cached, url);
      }
      throw error;
    }
  });

  return {
    octokit,
    stats,
    pacing,
    withReservation: (reservation, fn) => reservations.run(reservation, fn),
    invalidate: (repo) => {
      bump(repo.toLowerCase());
    },
    prime: (route, params, data) => {
      const parsed = octokit.request.endpoint(route, params);
      if (!isImmutableUrl(parsed.url)) return;
      const key = `${String(parsed.headers.accept ?? '')} ${parsed.url}`;
      options.cache.put({ key, immutable: true, headers: {}, data });
    },
  };
}
