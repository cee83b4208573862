/**
 * Which failures are worth retrying. A request that got no answer (Octokit reports it as a
 * 500 whose cause is the fetch error) is retried only when the failure is transient (a reset
 * or timed-out connection, a temporary DNS failure); a refused connection, an unknown host or
 * a TLS failure fails at once, naming the API URL and the real cause. Transient failures and
 * 5xx answers are retried by plugin-retry's back-off, but never past a total deadline.
 */
import type { Octokit } from '@octokit/rest';
import type { Clock } from './pacing.js';

/** Connection failures that a retry may cure. */
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** What a failed fetch says about itself: the innermost error code and message. */
export interface NetworkCause {
  code: string;
  message: string;
}

/** The fetch failure under an Octokit error (null when the request got an HTTP answer). */
export function networkCauseOf(error: unknown): NetworkCause | null {
  if (!error || typeof error !== 'object') return null;
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number' && status !== 500) return null;
  let code = '';
  let message = '';
  let current: unknown = (error as { cause?: unknown }).cause;
  for (let depth = 0; current && typeof current === 'object' && depth < 6; depth++) {
    const c = current as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    if (typeof c.code === 'string') code = c.code;
    if (typeof c.message === 'string' && c.message) message = c.message;
    // A refused dual-stack connection is an AggregateError of one error per address.
    if (!code && Array.isArray(c.errors) && c.errors[0] && typeof c.errors[0] === 'object') {
      const first = c.errors[0] as { code?: unknown; message?: unknown };
      if (typeof first.code === 'string') code = first.code;
      if (typeof first.message === 'string') message = first.message;
    }
    current = c.cause;
  }
  return code || message ? { code, message } : null;
}

/** Whether a connection failure may go away on its own (resets, timeouts, temporary DNS failures). */
export function isTransientCause(cause: NetworkCause): boolean {
  return TRANSIENT_CODES.has(cause.code);
}

/** Plain words for a connection failure. */
export function describeCause(cause: NetworkCause): string {
  const c = cause.code;
  if (c === 'ECONNREFUSED') return 'connection refused';
  if (c === 'ENOTFOUND' || c === 'EAI_NONAME' || c === 'EAI_FAIL') return 'unknown host (DNS lookup failed)';
  if (c === 'EAI_AGAIN') return 'DNS lookup failed (temporary)';
  if (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED)/.test(c)) return `TLS failure (${c})`;
  if (c === 'ECONNRESET' || c === 'UND_ERR_SOCKET') return 'connection reset';
  if (/TIMEOUT|ETIMEDOUT/.test(c)) return 'timed out';
  return cause.message || c || 'no answer';
}

/** A request that will not be retried: GitHub could not be reached, or the deadline passed. */
export class UnreachableError extends Error {
  /** No HTTP status: nothing answered. */
  readonly status = 0;
  /** Kept so that plugin-retry's scheduler sees no retries left and gives up. */
  readonly request: unknown;

  constructor(
    message: string,
    readonly transient: boolean,
    request: unknown,
  ) {
    super(message);
    this.name = 'UnreachableError';
    this.request = request ?? {};
  }
}

/** Options of {@link failFast}. */
export interface FailFastOptions {
  apiUrl: string;
  clock: Clock;
  /** Total time one request may spend on retries of server errors and lost connections. */
  deadlineMs: number;
  /** Milliseconds one back-off unit stands for (plugin-retry's `retryAfterBaseValue`). */
  retryBaseMs: number;
}

interface Attempt {
  startedAt?: number;
  waitedMs?: number;
  retryCount?: number;
}

/**
 * An Octokit plugin to sit between the throttling plugin and the retry plugin: it turns
 * failures not worth retrying into an {@link UnreachableError}, which plugin-retry passes on.
 * The deadline counts the clock and the back-off already granted, whichever is more.
 */
export function failFast(options: FailFastOptions) {
  return (octokit: Pick<Octokit, 'hook'>): void => {
    octokit.hook.wrap('request', async (request, requestOptions) => {
      const attempt = (requestOptions.request ?? {}) as Attempt;
      requestOptions.request = attempt as typeof requestOptions.request;
      attempt.startedAt ??= options.clock.now();
      try {
        return await request(requestOptions);
      } catch (error) {
        const status = (error as { status?: unknown }).status;
        const cause = networkCauseOf(error);
        const where = `${requestOptions.method} ${options.apiUrl}`;
        const req = (error as { request?: unknown }).request;
        if (cause && !isTransientCause(cause))
          throw new UnreachableError(`cannot reach ${where}: ${describeCause(cause)}`, false, req);
        const retryable = cause !== null || (typeof status === 'number' && status >= 500);
        if (!retryable) throw error;
        const nextWait = ((attempt.retryCount ?? 0) + 1) ** 2 * options.retryBaseMs;
        const waited = (attempt.waitedMs ?? 0) + nextWait;
        const spent = Math.max(options.clock.now() - attempt.startedAt, attempt.waitedMs ?? 0);
        if (spent + nextWait > options.deadlineMs) {
          const what = cause ? describeCause(cause) : `GitHub answered ${status}`;
          throw new UnreachableError(
            `${where}: ${what}; gave up after ${Math.round(spent / 1000)} s of retries (deadline ${Math.round(options.deadlineMs / 1000)} s)`,
            true,
            req,
          );
        }
        attempt.waitedMs = waited;
        throw error;
      }
    });
  };
}
