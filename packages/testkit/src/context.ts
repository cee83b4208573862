import type { BareRepo } from './git.js';
import { SHA_RE } from './git.js';
import { ApiError, conflict, invalidRequest, notFound } from './errors.js';
import type { ShapeEnv } from './shapes.js';
import type { Permissions, RepoMeta, ResolvedUser, Store } from './store.js';
import { isPlainObject } from './util.js';

export interface Ctx {
  env: ShapeEnv;
  store: Store;
  now(): number;
  /** Creation time reported for users. */
  startedAt: number;
  forkReadyDelayMs: number;
}

export interface ApiRequest {
  method: string;
  url: URL;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  user: ResolvedUser;
  accept: string;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
  raw?: { data: Buffer; contentType: string };
  headers?: Record<string, string>;
}

export type Handler = (ctx: Ctx, req: ApiRequest) => Promise<ApiResponse>;

export interface RouteDef {
  method: string;
  /** Path template; `{name}` matches one segment, `{name+}` one or more, `{name*}` zero or more. */
  path: string;
  operation: string;
  docs: string;
  handler: Handler;
  /** Key of the write lock (default: the repository). */
  lock?: (params: Record<string, string>, req: ApiRequest) => string;
}

export interface RepoHandle {
  meta: RepoMeta;
  git: BareRepo;
  perms: Permissions;
  fullName: string;
}

/** Find the repository of the request, 404 when it does not exist or cannot be seen. */
export function repoOf(ctx: Ctx, req: ApiRequest, opts: { gitData?: boolean } = {}): RepoHandle {
  const owner = req.params.owner ?? '';
  const repo = req.params.repo ?? '';
  const meta = ctx.store.get(`${owner}/${repo}`);
  if (!meta) throw notFound();
  const perms = ctx.store.permissions(req.user.login, meta);
  if (!perms.pull) throw notFound();
  if (opts.gitData && meta.readyAt && meta.readyAt > ctx.now()) throw conflict('Git Repository is empty.');
  return { meta, git: ctx.store.git(meta), perms, fullName: `${meta.owner}/${meta.name}` };
}

/** Git data writes without push access: 404, as GitHub answers a classic token. */
export function requirePushNotFound(h: RepoHandle): void {
  if (!h.perms.push) throw notFound();
}

export function requirePushForbidden(h: RepoHandle): void {
  if (!h.perms.push) throw new ApiError(403, 'Must have push access to repository');
}

export async function requireNonEmpty(h: RepoHandle): Promise<void> {
  if (await h.git.isEmpty()) throw conflict('Git Repository is empty.');
}

/**
 * Resolve a commit-ish as GitHub does for `ref`/`sha` parameters: a branch, a tag, a full
 * ref name, or a (possibly abbreviated) commit sha. Returns the commit sha or null.
 */
export async function resolveCommitish(git: BareRepo, ref: string): Promise<string | null> {
  if (!ref || ref.includes('..') || ref.startsWith('-') || ref.includes('^') || ref.includes('~') || ref.includes(':'))
    return null;
  const candidates = ref.startsWith('refs/') ? [ref] : [`refs/heads/${ref}`, `refs/tags/${ref}`];
  if (/^[0-9a-f]{7,40}$/.test(ref)) candidates.push(ref);
  for (const c of candidates) {
    const r = await git.run(['rev-parse', '--verify', '--quiet', `${c}^{commit}`], { allowFailure: true });
    if (r.code === 0) return r.stdout.toString('utf8').trim();
  }
  return null;
}

/** Body as an object, or 400 "Problems parsing JSON" style errors already raised by the server. */
export function bodyObject(req: ApiRequest): Record<string, unknown> {
  if (req.body === undefined || req.body === null) return {};
  if (!isPlainObject(req.body)) throw new ApiError(400, 'Problems parsing JSON');
  return req.body;
}

export function requireString(body: Record<string, unknown>, field: string): string {
  const v = body[field];
  if (v === undefined || v === null) throw invalidRequest(`"${field}" wasn't supplied.`);
  if (typeof v !== 'string') throw invalidRequest(`For '${field}', ${JSON.stringify(v)} is not a string.`);
  return v;
}

export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalidRequest(`For '${field}', ${JSON.stringify(v)} is not a string.`);
  return v;
}

export function optionalBoolean(body: Record<string, unknown>, field: string): boolean | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw invalidRequest(`For '${field}', ${JSON.stringify(v)} is not a boolean.`);
  return v;
}

export function isSha(v: unknown): v is string {
  return typeof v === 'string' && SHA_RE.test(v);
}

/** Apply `page`/`per_page` to a list and add GitHub's `Link` header. */
export function paginate<T>(
  req: ApiRequest,
  items: readonly T[],
  defaultPerPage = 30,
): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(100, Math.max(1, Number(req.query.get('per_page') ?? defaultPerPage) || defaultPerPage));
  const page = Math.max(1, Number(req.query.get('page') ?? 1) || 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const headers: Record<string, string> = {};
  const link = pageLinks(req, page, perPage, last);
  if (link) headers.link = link;
  return { items: slice, headers };
}

export function pageLinks(
  req: ApiRequest,
  page: number,
  perPage: number,
  last: number | null,
  hasNext?: boolean,
): string | undefined {
  const mk = (p: number): string => {
    const u = new URL(req.url.toString());
    u.searchParams.set('per_page', String(perPage));
    u.searchParams.set('page', String(p));
    return u.toString();
  };
  const parts: string[] = [];
  const next = last !== null ? page < last : !!hasNext;
  if (page > 1) parts.push(`<${mk(page - 1)}>; rel="prev"`);
  if (next) parts.push(`<${mk(page + 1)}>; rel="next"`);
  if (last !== null && last > 1) parts.push(`<${mk(last)}>; rel="last"`);
  if (page > 1) parts.push(`<${mk(1)}>; rel="first"`);
  return parts.length ? parts.join(', ') : undefined;
}
