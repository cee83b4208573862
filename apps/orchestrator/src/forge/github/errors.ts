/**
 * Errors from Octokit rebuilt from status and message only. An Octokit `RequestError`
 * carries the request (headers included) and the response; neither ever leaves this
 * module, so no token can travel with an error into output, logs or state files.
 */
import { redactSecrets } from '../../redact.js';
import { ForgeError } from '../types.js';
import type { ForgeErrorCode } from '../types.js';
import { networkCauseOf, describeCause, UnreachableError } from './network.js';

/** The HTTP status of an Octokit error (0 when it has none). */
export function statusOf(error: unknown): number {
  if (error && typeof error === 'object' && 'status' in error) {
    const s = (error as { status: unknown }).status;
    if (typeof s === 'number') return s;
  }
  return 0;
}

/** GitHub's `message` of an error response, or the error's own message. */
export function apiMessageOf(error: unknown): string {
  if (error && typeof error === 'object') {
    const data = (error as { response?: { data?: unknown } }).response?.data;
    if (data && typeof data === 'object' && typeof (data as { message?: unknown }).message === 'string') {
      const d = data as { message: string; errors?: unknown };
      const details = Array.isArray(d.errors)
        ? d.errors
            .map((e) =>
              e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string'
                ? (e as { message: string }).message
                : '',
            )
            .filter(Boolean)
        : [];
      return details.length ? `${d.message}: ${details.join('; ')}` : d.message;
    }
    if (error instanceof Error) return error.message;
  }
  return String(error);
}

/** Whether an error is a rate-limit answer (primary or secondary). */
export function isRateLimit(error: unknown): boolean {
  const s = statusOf(error);
  return (s === 403 || s === 429) && /rate limit/i.test(apiMessageOf(error));
}

function codeFor(status: number, rateLimited: boolean): ForgeErrorCode {
  if (rateLimited) return 'rate-limited';
  if (status === 401 || status === 403) return 'permission';
  if (status === 404) return 'ref-not-found';
  if (status === 409 || status === 422) return 'conflict';
  return 'http';
}

/** A ForgeError saying what failed, rebuilt from the status and message only (secrets redacted). */
export function forgeErrorFrom(
  error: unknown,
  what: string,
  secrets: readonly string[],
  code?: ForgeErrorCode,
): ForgeError {
  if (error instanceof ForgeError) return error;
  const clean = (s: string) => redactSecrets(s, {}, secrets).replace(/\s+/g, ' ').trim().slice(0, 400);
  if (error instanceof UnreachableError) return new ForgeError(code ?? 'http', `${what}: ${clean(error.message)}`);
  const status = statusOf(error);
  if (status > 0 && status !== 500) {
    const message = clean(apiMessageOf(error));
    const hint = status === 401 ? ' (the token is missing, expired or revoked)' : '';
    return new ForgeError(
      code ?? codeFor(status, isRateLimit(error)),
      `${what}: GitHub answered ${status}${message ? ` ${message}` : ''}${hint}`,
    );
  }
  // 500 is also what Octokit reports for a request that got no answer at all: the cause tells.
  const cause = networkCauseOf(error);
  if (cause) return new ForgeError(code ?? 'http', `${what}: no answer from GitHub (${clean(describeCause(cause))})`);
  const message = clean(error instanceof Error ? error.message : String(error));
  return new ForgeError(
    code ?? 'http',
    `${what}: ${status === 500 ? 'GitHub answered 500' : 'request failed'}${message ? ` (${message})` : ''}`,
  );
}
