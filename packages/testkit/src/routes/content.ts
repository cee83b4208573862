import { posix } from 'node:path';
import { ApiError, notFound } from '../errors.js';
import {
  pageLinks,
  paginate,
  repoOf,
  requireNonEmpty,
  resolveCommitish,
  type Ctx,
  type RepoHandle,
  type RouteDef,
} from '../context.js';
import { BareRepo, type GitTreeEntry } from '../git.js';
import { diffEntry, repoCommit } from '../shapes.js';
import type { RepoMeta } from '../store.js';
import { base64Wrapped, encodePath, nodeId } from '../util.js';

const D = 'https://docs.github.com/rest';
const ONE_MB = 1024 * 1024;

function contentUrls(ctx: Ctx, h: RepoHandle, path: string, ref: string, e: GitTreeEntry): Record<string, unknown> {
  const r = `${ctx.env.api}/repos/${h.fullName}`;
  const web = `${ctx.env.html}/${h.fullName}`;
  const p = encodePath(path);
  const self = `${r}/contents/${p}?ref=${encodeURIComponent(ref)}`;
  const git = e.type === 'tree' ? `${r}/git/trees/${e.sha}` : e.type === 'commit' ? null : `${r}/git/blobs/${e.sha}`;
  const html =
    e.type === 'commit' ? null : `${web}/${e.type === 'tree' ? 'tree' : 'blob'}/${encodeURIComponent(ref)}/${p}`;
  const download = e.type === 'blob' ? `${web}/raw/${encodeURIComponent(ref)}/${p}` : null;
  return { url: self, git_url: git, html_url: html, download_url: download, _links: { self, git, html } };
}

function entryType(e: GitTreeEntry): string {
  if (e.type === 'tree') return 'dir';
  if (e.type === 'commit') return 'file'; // GitHub lists submodules as "file" in directory listings
  return e.mode === '120000' ? 'symlink' : 'file';
}

async function fileObject(
  ctx: Ctx,
  h: RepoHandle,
  path: string,
  ref: string,
  e: GitTreeEntry,
): Promise<Record<string, unknown>> {
  const data = await h.git.readBlob(e.sha);
  const big = data.length > ONE_MB;
  return {
    type: 'file',
    encoding: big ? 'none' : 'base64',
    size: data.length,
    name: posix.basename(path),
    path,
    content: big ? '' : base64Wrapped(data),
    sha: e.sha,
    ...contentUrls(ctx, h, path, ref, e),
  };
}

/** Where a symlink at `path` points, if the target is a regular file of the same tree. */
async function followSymlink(
  git: BareRepo,
  commit: string,
  path: string,
  target: string,
): Promise<{ path: string; entry: GitTreeEntry } | null> {
  if (target.startsWith('/')) return null;
  const resolved = posix.normalize(posix.join(posix.dirname(path), target));
  if (resolved.startsWith('..') || resolved === '.' || resolved === '') return null;
  const entry = await git.entryAt(commit, resolved);
  if (entry?.type !== 'blob' || entry.mode === '120000') return null;
  return { path: resolved, entry };
}

export const contentRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/contents/{path*}',
    operation: 'repos/get-content',
    docs: `${D}/repos/contents#get-repository-content`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req, { gitData: true });
      const path = (req.params.path ?? '').replace(/^\/+|\/+$/g, '');
      const ref = req.query.get('ref') || h.meta.defaultBranch;
      const commit = await resolveCommitish(h.git, ref);
      if (!commit) {
        if (await h.git.isEmpty()) throw new ApiError(404, 'This repository is empty.');
        throw new ApiError(404, `No commit found for the ref ${ref}`);
      }
      const entry = await h.git.entryAt(commit, path);
      if (!entry) throw notFound();
      const raw = /application\/vnd\.github(\.v3)?\.raw/.test(req.accept);
      if (entry.type === 'tree') {
        const list = await h.git.lsTree(entry.sha);
        const withSizes = list.map((e) => {
          const p = path ? `${path}/${e.path}` : e.path;
          return {
            type: entryType(e),
            size: e.size ?? 0,
            name: e.path,
            path: p,
            sha: e.sha,
            ...contentUrls(ctx, h, p, ref, e),
          };
        });
        return { status: 200, body: withSizes };
      }
      if (entry.type === 'commit') {
        return {
          status: 200,
          body: {
            type: 'submodule',
            submodule_git_url: `${ctx.env.html}/${h.fullName}.git`,
            size: 0,
            name: posix.basename(path),
            path,
            sha: entry.sha,
            ...contentUrls(ctx, h, path, ref, entry),
          },
        };
      }
      if (entry.mode === '120000') {
        const target = (await h.git.readBlob(entry.sha)).toString('utf8');
        const followed = await followSymlink(h.git, commit, path, target);
        if (followed) {
          // GitHub: a symlink to a regular file of the repository answers with that file.
          if (raw)
            return {
              status: 200,
              raw: { data: await h.git.readBlob(followed.entry.sha), contentType: 'application/vnd.github.raw' },
            };
          return { status: 200, body: await fileObject(ctx, h, followed.path, ref, followed.entry) };
        }
        return {
          status: 200,
          body: {
            type: 'symlink',
            target,
            size: Buffer.byteLength(target),
            name: posix.basename(path),
            path,
            sha: entry.sha,
            ...contentUrls(ctx, h, path, ref, entry),
          },
        };
      }
      if (raw)
        return {
          status: 200,
          raw: { data: await h.git.readBlob(entry.sha), contentType: 'application/vnd.github.raw' },
        };
      return { status: 200, body: await fileObject(ctx, h, path, ref, entry) };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/branches/{branch+}',
    operation: 'repos/get-branch',
    docs: `${D}/branches/branches#get-a-branch`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req, { gitData: true });
      const branch = req.params.branch!;
      const sha = await h.git.refSha(`refs/heads/${branch}`);
      if (!sha) throw new ApiError(404, 'Branch not found');
      const r = `${ctx.env.api}/repos/${h.fullName}`;
      return {
        status: 200,
        body: {
          name: branch,
          commit: await repoCommit(ctx.env, h.meta, await h.git.readCommit(sha)),
          _links: {
            self: `${r}/branches/${encodePath(branch)}`,
            html: `${ctx.env.html}/${h.fullName}/tree/${encodePath(branch)}`,
          },
          protected: false,
          protection: {
            enabled: false,
            required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] },
          },
          protection_url: `${r}/branches/${encodePath(branch)}/protection`,
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/tags',
    operation: 'repos/list-tags',
    docs: `${D}/repos/repos#list-repository-tags`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req, { gitData: true });
      const out = await h.git.text([
        'for-each-ref',
        '--sort=-v:refname',
        '--format=%(refname:strip=2)%00%(objectname)%00%(*objectname)%00%(*objecttype)%00%(objecttype)',
        'refs/tags/',
      ]);
      const tags: Array<{ name: string; sha: string }> = [];
      for (const line of out.split('\n')) {
        if (!line) continue;
        const [name, sha, peeled, peeledType, type] = line.split('\u0000');
        const commit = type === 'commit' ? sha : peeledType === 'commit' ? peeled : await h.git.peelToCommit(sha!);
        if (commit) tags.push({ name: name!, sha: commit });
      }
      const page = paginate(req, tags);
      const r = `${ctx.env.api}/repos/${h.fullName}`;
      return {
        status: 200,
        headers: page.headers,
        body: page.items.map((t) => ({
          name: t.name,
          zipball_url: `${r}/zipball/refs/tags/${encodePath(t.name)}`,
          tarball_url: `${r}/tarball/refs/tags/${encodePath(t.name)}`,
          commit: { sha: t.sha, url: `${r}/commits/${t.sha}` },
          node_id: nodeId('Ref', `${h.meta.id}:refs/tags/${t.name}`),
        })),
      };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/commits',
    operation: 'repos/list-commits',
    docs: `${D}/commits/commits#list-commits`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req, { gitData: true });
      const shaParam = req.query.get('sha') || h.meta.defaultBranch;
      const start = await resolveCommitish(h.git, shaParam);
      if (!start) {
        await requireNonEmpty(h);
        throw new ApiError(404, `No commit found for SHA: ${shaParam}`);
      }
      const perPage = Math.min(100, Math.max(1, Number(req.query.get('per_page') ?? 30) || 30));
      const page = Math.max(1, Number(req.query.get('page') ?? 1) || 1);
      const args = ['rev-list', `--max-count=${perPage + 1}`, `--skip=${(page - 1) * perPage}`];
      const since = req.query.get('since');
      const until = req.query.get('until');
      if (since) args.push(`--since=${since}`);
      if (until) args.push(`--until=${until}`);
      const author = req.query.get('author');
      if (author) args.push(`--author=${ctx.store.userByLogin(author)?.email ?? author}`, '--fixed-strings');
      args.push(start);
      const path = req.query.get('path');
      if (path) args.push('--', path);
      const shas = (await h.git.text(args)).split('\n').filter(Boolean);
      const more = shas.length > perPage;
      const body = [];
      for (const sha of shas.slice(0, perPage))
        body.push(await repoCommit(ctx.env, h.meta, await h.git.readCommit(sha)));
      const link = pageLinks(req, page, perPage, null, more);
      const headers: Record<string, string> = link ? { link } : {};
      return { status: 200, body, headers };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/commits/{ref+}',
    operation: 'repos/get-commit',
    docs: `${D}/commits/commits#get-a-commit`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req, { gitData: true });
      const ref = req.params.ref!;
      const sha = await resolveCommitish(h.git, ref);
      if (!sha) {
        await requireNonEmpty(h);
        throw new ApiError(422, `No commit found for SHA: ${ref}`);
      }
      return {
        status: 200,
        body: await repoCommit(ctx.env, h.meta, await h.git.readCommit(sha), { git: h.git, withFiles: true }),
      };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/compare/{basehead+}',
    operation: 'repos/compare-commits',
    docs: `${D}/commits/commits#compare-two-commits`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req, { gitData: true });
      const basehead = req.params.basehead!;
      const m = /^(.+?)(\.\.\.?)(.+)$/.exec(basehead);
      if (!m) throw notFound();
      const base = await resolveSide(ctx, h, m[1]!);
      const head = await resolveSide(ctx, h, m[3]!);
      if (!base || !head) {
        await requireNonEmpty(h);
        throw notFound();
      }
      const mb = await h.git.mergeBase(base, head);
      if (!mb) throw new ApiError(404, `No common ancestor between ${m[1]} and ${m[3]}.`);
      const ahead = await h.git.countBetween(mb, head);
      const behind = await h.git.countBetween(mb, base);
      const status = ahead && behind ? 'diverged' : ahead ? 'ahead' : behind ? 'behind' : 'identical';
      const commitShas = await h.git.revList(head, { exclude: mb, reverse: true });
      const commits = [];
      for (const sha of commitShas.slice(0, 250))
        commits.push(await repoCommit(ctx.env, h.meta, await h.git.readCommit(sha)));
      const files = (await h.git.diff(mb, head)).slice(0, 300).map((f) => diffEntry(ctx.env, h.meta, head, f));
      const r = `${ctx.env.api}/repos/${h.fullName}`;
      const web = `${ctx.env.html}/${h.fullName}`;
      return {
        status: 200,
        body: {
          url: `${r}/compare/${basehead}`,
          html_url: `${web}/compare/${basehead}`,
          permalink_url: `${web}/compare/${h.meta.owner}:${base.slice(0, 7)}...${h.meta.owner}:${head.slice(0, 7)}`,
          diff_url: `${web}/compare/${basehead}.diff`,
          patch_url: `${web}/compare/${basehead}.patch`,
          base_commit: await repoCommit(ctx.env, h.meta, await h.git.readCommit(base)),
          merge_base_commit: await repoCommit(ctx.env, h.meta, await h.git.readCommit(mb)),
          status,
          ahead_by: ahead,
          behind_by: behind,
          total_commits: commitShas.length,
          commits,
          files,
        },
      };
    },
  },
];

/**
 * One side of a comparison: `ref`, `owner:ref` or `owner:repo:ref`. A ref of another
 * repository of the network is fetched into this one first (GitHub shares objects in a
 * fork network).
 */
async function resolveSide(ctx: Ctx, h: RepoHandle, spec: string): Promise<string | null> {
  const parts = spec.split(':');
  if (parts.length === 1) return resolveCommitish(h.git, spec);
  const owner = parts[0]!;
  const ref = parts.slice(parts.length === 3 ? 2 : 1).join(':');
  const network = ctx.store.network(h.meta);
  const other: RepoMeta | undefined =
    parts.length === 3
      ? network.find(
          (r) => r.owner.toLowerCase() === owner.toLowerCase() && r.name.toLowerCase() === parts[1]!.toLowerCase(),
        )
      : network.find((r) => r.owner.toLowerCase() === owner.toLowerCase());
  if (!other) return null;
  if (other === h.meta) return resolveCommitish(h.git, ref);
  const otherGit = ctx.store.git(other);
  const sha = await resolveCommitish(otherGit, ref);
  if (!sha) return null;
  await ensureObject(h.git, otherGit.path, sha);
  return sha;
}

let fetchCounter = 0;

/** Make `sha` (a commit of another repository of the network) readable in `git`. */
export async function ensureObject(git: BareRepo, otherPath: string, sha: string): Promise<void> {
  if ((await git.objectType(sha)) === 'commit') return;
  const tmp = `refs/emulator/fetch/${sha}-${++fetchCounter}`;
  const other = new BareRepo(otherPath);
  await other.updateRef(tmp, sha);
  try {
    await git.fetchFrom(otherPath, tmp, tmp);
  } finally {
    await other.deleteRef(tmp);
    await git.deleteRef(tmp);
  }
}
