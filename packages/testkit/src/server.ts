import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, DOCS } from './errors.js';
import type { ApiRequest, ApiResponse, Ctx, RouteDef } from './context.js';
import { FaultInjector, RateLimiter, type SecondaryHit } from './limits.js';
import type { ResolvedUser, Store } from './store.js';
import type {
  EmulatorOptions,
  EmulatorStats,
  FaultConfig,
  FaultFunction,
  FaultKind,
  RequestLogEntry,
} from './types.js';
import { hashUnit, sha256 } from './util.js';
import { systemClock } from './clock.js';

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
const MAX_BODY = 50 * 1024 * 1024;
const SECONDARY_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID';
const SECONDARY_DOCS =
  'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';
const PRIMARY_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit';

interface CompiledRoute extends RouteDef {
  regex: RegExp;
  keys: string[];
}

function compile(route: RouteDef): CompiledRoute {
  const keys: string[] = [];
  let src = '';
  for (const part of route.path.split('/').slice(1)) {
    const m = /^\{(\w+)([+*]?)\}$/.exec(part);
    if (!m) {
      src += `/${part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
      continue;
    }
    keys.push(m[1]!);
    if (m[2] === '+') src += '/(.+)';
    else if (m[2] === '*') src += '(?:/(.*))?';
    else src += '/([^/]+)';
  }
  return { ...route, regex: new RegExp(`^${src}/?$`), keys };
}

export interface ServerState {
  log: RequestLogEntry[];
  stats: EmulatorStats;
  limiter: RateLimiter;
  faults: FaultInjector;
  latencyMs: number;
}

export function emptyStats(): EmulatorStats {
  return {
    requests: 0,
    counted: 0,
    writes: 0,
    notModified: 0,
    primaryRateLimited: 0,
    secondaryRateLimited: 0,
    faults: 0,
    byOperation: {},
    maxConcurrent: 0,
  };
}

function etagOf(body: string | Buffer): string {
  return `W/"${sha256(body)}"`;
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const strip = (t: string): string => t.trim().replace(/^W\//, '');
  const want = strip(etag);
  return header.split(',').some((t) => t.trim() === '*' || strip(t) === want);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new ApiError(413, 'Request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The HTTP front: routing, auth, faults, rate limits, ETags, headers and the request log. */
export function createEmulatorServer(
  opts: EmulatorOptions,
  store: Store,
  routes: RouteDef[],
  ctxFor: (base: string) => Ctx,
): { server: ReturnType<typeof createServer>; state: ServerState; setBase(base: string): void } {
  const compiled = routes.map(compile);
  const clock = opts.clock ?? systemClock;
  const state: ServerState = {
    log: [],
    stats: emptyStats(),
    limiter: new RateLimiter(opts.limits, opts.timeScale ?? 1),
    faults: new FaultInjector(opts.faults),
    latencyMs: opts.latencyMs ?? 0,
  };
  let base = 'http://127.0.0.1';
  let ctx = ctxFor(base);
  let seq = 0;
  let inflightTotal = 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end();
      }
    });
  });
  server.keepAliveTimeout = 5000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = clock.now();
    const mySeq = seq++;
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', base);
    const path = url.pathname;
    const write = WRITE_METHODS.has(method);
    const entry: RequestLogEntry = {
      seq: mySeq,
      method,
      path: `${path}${url.search}`,
      status: 0,
      counted: false,
      write,
      notModified: false,
      startedAt,
      durationMs: 0,
    };
    inflightTotal++;
    state.stats.maxConcurrent = Math.max(state.stats.maxConcurrent, inflightTotal);
    let login: string | undefined;
    let entered = false;
    const headers: Record<string, string> = {
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': `${(mySeq + 1).toString(16).toUpperCase().padStart(4, '0')}:${Math.floor(
        hashUnit(mySeq, 'rid') * 0xffffff,
      )
        .toString(16)
        .toUpperCase()}`,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'deny',
      vary: 'Accept, Authorization, Cookie, X-GitHub-OTP,Accept-Encoding, Accept, X-Requested-With',
    };

    const finish = (): void => {
      entry.durationMs = clock.now() - startedAt;
      state.log.push(entry);
      const s = state.stats;
      s.requests++;
      if (entry.counted) s.counted++;
      if (entry.write) s.writes++;
      if (entry.notModified) s.notModified++;
      if (entry.rateLimited === 'primary') s.primaryRateLimited++;
      if (entry.rateLimited === 'secondary') s.secondaryRateLimited++;
      if (entry.fault) s.faults++;
      const op = entry.operation ?? `${method} (unknown)`;
      s.byOperation[op] = (s.byOperation[op] ?? 0) + 1;
    };

    const rateHeaders = (): void => {
      const bucket = login ?? '';
      const limiterLogin = bucket || '(anonymous)';
      const p = state.limiter.primary(limiterLogin, clock.now());
      const limit = login ? p.limit : 60;
      const used = p.used;
      headers['x-ratelimit-limit'] = String(limit);
      headers['x-ratelimit-remaining'] = String(Math.max(0, limit - used));
      headers['x-ratelimit-used'] = String(used);
      headers['x-ratelimit-reset'] = String(p.reset);
      headers['x-ratelimit-resource'] = 'core';
    };

    const send = (
      status: number,
      body: unknown,
      extra: Record<string, string> = {},
      raw?: Buffer,
      contentType?: string,
    ): void => {
      entry.status = status;
      rateHeaders();
      Object.assign(headers, extra);
      let payload: Buffer | undefined;
      if (raw) {
        payload = raw;
        headers['content-type'] = contentType ?? 'application/octet-stream';
      } else if (body !== undefined && status !== 204 && status !== 304) {
        payload = Buffer.from(JSON.stringify(body));
        headers['content-type'] = 'application/json; charset=utf-8';
      }
      if (payload) headers['content-length'] = String(payload.length);
      else if (status !== 204 && status !== 304) headers['content-length'] = '0';
      res.writeHead(status, headers);
      res.end(payload);
    };

    const sendError = (err: ApiError, docs: string): void => {
      send(err.status, err.body(docs), err.headers);
    };

    try {
      const route = compiled.find((r) => r.method === method && r.regex.test(path));
      const params: Record<string, string> = {};
      if (route) {
        entry.operation = route.operation;
        const m = route.regex.exec(path)!;
        try {
          route.keys.forEach((k, i) => {
            if (m[i + 1] !== undefined) params[k] = decodeURIComponent(m[i + 1]!);
          });
        } catch {
          sendError(new ApiError(400, 'Bad request'), DOCS);
          return;
        }
      }
      if (path === '/rate_limit' && method === 'GET') entry.operation = 'rate-limit/get';

      // Authentication (answered after the latency, like everything else).
      const auth = req.headers.authorization;
      let user: ResolvedUser | undefined;
      if (auth) {
        const m = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(auth);
        user = m ? store.userByToken(m[1]!) : undefined;
      }
      // In flight from arrival: the concurrency limit sees the latency too.
      let inflight = 0;
      if (user) {
        login = user.login;
        inflight = state.limiter.enter(login, clock.now());
        entered = true;
      }
      if (state.latencyMs > 0) await clock.sleep(state.latencyMs);
      if (!user) {
        sendError(new ApiError(401, auth ? 'Bad credentials' : 'Requires authentication'), DOCS);
        return;
      }
      entry.login = login;

      if (!route && entry.operation !== 'rate-limit/get') {
        sendError(new ApiError(404, 'Not Found'), DOCS);
        return;
      }
      const docs = route?.docs ?? DOCS;

      // Faults (decided deterministically, applied before the request touches any state).
      const occurrence = state.faults.nextOccurrence(method, path);
      const fault: FaultKind | null = state.faults.decide({
        method,
        path,
        operation: entry.operation,
        write,
        login,
        occurrence,
        seq: mySeq,
      });
      const fcfg = state.faults.config;
      if (fault) {
        entry.fault = fault;
        if (fault === 'latency') await clock.sleep(fcfg?.latencyMs ?? 200);
        else if (fault === 'reset') {
          entry.status = 0;
          req.socket.destroy();
          return;
        } else if (fault === '5xx') {
          const status = [500, 502, 503][
            Math.floor(hashUnit(fcfg?.seed ?? 1, `${method} ${path} #${occurrence} status`) * 3)
          ]!;
          send(status, {
            message: status === 503 ? 'Service Unavailable' : 'Server Error',
            documentation_url: DOCS,
            status: String(status),
          });
          return;
        } else if (fault === '403-retry-after' || fault === '429') {
          const after = state.limiter.retryAfterHeader((fcfg?.retryAfterSeconds ?? 1) * 1000 * state.limiter.timeScale);
          send(
            fault === '429' ? 429 : 403,
            { message: SECONDARY_MESSAGE, documentation_url: SECONDARY_DOCS, status: fault === '429' ? '429' : '403' },
            {
              'retry-after': after,
            },
          );
          return;
        }
      }

      // Secondary limits.
      const now = clock.now();
      const hit: SecondaryHit | null =
        entry.operation === 'rate-limit/get' ? null : state.limiter.checkSecondary(login!, write, inflight, now);
      if (hit) {
        entry.rateLimited = 'secondary';
        entry.secondaryRule = hit.rule;
        const status = state.limiter.cfg.secondaryStatus;
        send(
          status,
          { message: SECONDARY_MESSAGE, documentation_url: SECONDARY_DOCS, status: String(status) },
          {
            'retry-after': state.limiter.retryAfterHeader(hit.retryAfterMs),
          },
        );
        return;
      }

      const conditional = method === 'GET' && !!req.headers['if-none-match'];
      const primaryError = (): void => {
        entry.rateLimited = 'primary';
        const status = state.limiter.cfg.primaryStatus;
        send(status, {
          message: `API rate limit exceeded for user ID ${user!.id}.`,
          documentation_url: PRIMARY_DOCS,
          status: String(status),
        });
      };
      if (entry.operation !== 'rate-limit/get' && !conditional && state.limiter.primaryExhausted(login!, clock.now())) {
        primaryError();
        return;
      }

      // Body.
      let body: unknown;
      if (write) {
        const buf = await readBody(req);
        if (buf.length) {
          try {
            body = JSON.parse(buf.toString('utf8'));
          } catch {
            sendError(new ApiError(400, 'Problems parsing JSON'), docs);
            return;
          }
        }
      }

      let result: ApiResponse;
      if (entry.operation === 'rate-limit/get') {
        result = { status: 200, body: rateLimitBody(state.limiter, login!, clock.now()) };
      } else {
        const apiReq: ApiRequest = {
          method,
          url,
          params,
          query: url.searchParams,
          body,
          user,
          accept: String(req.headers.accept ?? ''),
        };
        const run = async (): Promise<ApiResponse> => {
          try {
            return await route!.handler(ctx, apiReq);
          } catch (e) {
            if (e instanceof ApiError) return { status: e.status, body: e.body(docs), headers: e.headers };
            throw e;
          }
        };
        if (write) {
          const key = route!.lock
            ? route!.lock(params, apiReq)
            : `${params.owner ?? ''}/${params.repo ?? ''}`.toLowerCase();
          result = await store.lock.run(key, run);
        } else result = await run();
      }

      if (fault === 'reset-after') {
        entry.status = 0;
        req.socket.destroy();
        return;
      }

      const extra: Record<string, string> = { ...result.headers };
      if (method === 'GET' && result.status === 200) {
        const payload = result.raw ? result.raw.data : Buffer.from(JSON.stringify(result.body));
        const etag = etagOf(payload);
        extra.etag = etag;
        extra['cache-control'] = 'private, max-age=60, s-maxage=60';
        if (etagMatches(String(req.headers['if-none-match'] ?? ''), etag)) {
          entry.notModified = true;
          send(304, undefined, extra);
          return;
        }
      }
      if (conditional && entry.operation !== 'rate-limit/get' && state.limiter.primaryExhausted(login!, clock.now())) {
        primaryError();
        return;
      }
      if (entry.operation !== 'rate-limit/get') {
        state.limiter.countPrimary(login!, clock.now());
        state.limiter.accept(login!, write, clock.now());
        entry.counted = true;
      }
      if (result.raw) send(result.status, undefined, extra, result.raw.data, result.raw.contentType);
      else send(result.status, result.body, extra);
    } catch (e) {
      if (!res.headersSent && !res.destroyed) {
        const err = e instanceof ApiError ? e : new ApiError(500, 'Server Error');
        try {
          sendError(err, DOCS);
        } catch {
          res.destroy();
        }
      }
      if (!(e instanceof ApiError)) {
        // Surface unexpected errors to the test output without request details that may carry secrets.
        process.emitWarning(`github emulator: ${(e as Error).message}`);
      }
    } finally {
      inflightTotal--;
      if (entered && login) state.limiter.leave(login);
      finish();
    }
  }

  return {
    server,
    state,
    setBase(b: string) {
      base = b;
      ctx = ctxFor(b);
    },
  };
}

function rateLimitBody(limiter: RateLimiter, login: string, now: number): Record<string, unknown> {
  const p = limiter.primary(login, now);
  const core = { limit: p.limit, remaining: p.remaining, reset: p.reset, used: p.used, resource: 'core' };
  const other = (limit: number, resource: string): Record<string, unknown> => ({
    limit,
    remaining: limit,
    reset: p.reset,
    used: 0,
    resource,
  });
  return {
    resources: {
      core,
      search: other(30, 'search'),
      graphql: other(5000, 'graphql'),
      integration_manifest: other(5000, 'integration_manifest'),
      code_search: other(10, 'code_search'),
    },
    rate: { limit: p.limit, remaining: p.remaining, reset: p.reset, used: p.used },
  };
}

export async function listen(server: ReturnType<typeof createServer>, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

export type { FaultConfig, FaultFunction };
