/**
 * Responses kept across runs in the state folder (`<state>/github/etag-cache/`, one file
 * per request so that a run killed at any point leaves every entry whole and no write
 * rewrites the others):
 *
 * - mutable resources (a repository, a ref, a pull-request list) with their ETag, sent back
 *   as `If-None-Match`; GitHub answers 304, which does not count against the rate limit,
 *   and the stored body is used;
 * - content-addressed resources (git trees, blobs, commits and tags by sha, a comparison of
 *   two shas), which never change: answered from the cache without any request.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { readJson, writeAtomicSync } from '../../fsutil.js';

/** A stored response. */
export interface CachedResponse {
  /** `ACCEPT URL` of the request. */
  key: string;
  etag?: string;
  /** Content-addressed: valid forever. */
  immutable: boolean;
  /** The headers a caller may need again (`link` for pagination, `etag`). */
  headers: Record<string, string>;
  data: unknown;
}

const IMMUTABLE = [
  /\/repos\/[^/]+\/[^/]+\/git\/(?:trees|blobs|commits|tags)\/[0-9a-f]{40}(?:\?recursive=1)?$/,
  /\/repos\/[^/]+\/[^/]+\/compare\/[0-9a-f]{40}\.\.\.(?:[A-Za-z0-9-]+(?::|%3A))?[0-9a-f]{40}$/,
];

/** Whether a GET of this URL always answers the same body (a sha-addressed git object). */
export function isImmutableUrl(url: string): boolean {
  let path: string;
  try {
    const u = new URL(url);
    path = `${u.pathname}${u.search}`;
  } catch {
    path = url;
  }
  return IMMUTABLE.some((re) => re.test(path));
}

/** Response cache in memory, mirrored to one file per entry under `dir` (no persistence when dir is null). */
export class ResponseCache {
  private readonly memory = new Map<string, CachedResponse | null>();
  /** Write failures (the cache is an optimisation: a failed write costs a request next run, nothing else). */
  writeErrors = 0;

  constructor(readonly dir: string | null) {}

  private fileOf(key: string): string {
    const h = createHash('sha256').update(key).digest('hex');
    return join(this.dir ?? '', h.slice(0, 2), `${h.slice(2, 40)}.json`);
  }

  /** The stored response for a key. */
  async get(key: string): Promise<CachedResponse | undefined> {
    if (this.memory.has(key)) return this.memory.get(key) ?? undefined;
    if (!this.dir) return undefined;
    const stored = await readJson<CachedResponse>(this.fileOf(key));
    const valid = stored && stored.key === key && typeof stored.immutable === 'boolean' ? stored : null;
    if (!this.memory.has(key)) this.memory.set(key, valid);
    return this.memory.get(key) ?? undefined;
  }

  /** Stores a response, in memory and on disk (synchronously: a run killed right after still has it). */
  put(entry: CachedResponse): void {
    this.memory.set(entry.key, entry);
    if (!this.dir) return;
    try {
      writeAtomicSync(this.fileOf(entry.key), JSON.stringify(entry));
    } catch {
      this.writeErrors += 1;
    }
  }

  /** Kept for symmetry with the budget: entries are written as they are stored. */
  async flush(): Promise<void> {}
}
