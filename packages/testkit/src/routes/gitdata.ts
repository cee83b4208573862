import { ApiError, invalidRequest, notFound, unprocessable, validationFailed } from '../errors.js';
import {
  bodyObject,
  isSha,
  optionalBoolean,
  paginate,
  repoOf,
  requireNonEmpty,
  requirePushNotFound,
  requireString,
  resolveCommitish,
  type Ctx,
  type RepoHandle,
  type RouteDef,
} from '../context.js';
import { isValidRefName, ZERO_SHA, type GitPerson } from '../git.js';
import { gitCommit, gitRef, gitPerson } from '../shapes.js';
import { buildTree, splitTreePath, type TreeChange } from '../treebuild.js';
import { base64Wrapped, isPlainObject, nodeId } from '../util.js';

const D = 'https://docs.github.com/rest/git';

function location(ctx: Ctx, h: RepoHandle, rest: string): Record<string, string> {
  return { location: `${ctx.env.api}/repos/${h.fullName}/${rest}` };
}

/** `heads/main` or `refs/heads/main` -> `refs/heads/main`. */
function fullRef(ref: string): string {
  return ref.startsWith('refs/') ? ref : `refs/${ref}`;
}

/** 404, or 409 when the repository has no commits at all (GitHub's "Git Repository is empty."). */
async function missing(h: RepoHandle): Promise<never> {
  await requireNonEmpty(h);
  throw notFound();
}

async function refJson(ctx: Ctx, h: RepoHandle, ref: string, sha: string): Promise<Record<string, unknown>> {
  const type = (await h.git.objectType(sha)) ?? 'commit';
  return gitRef(ctx.env, h.meta, ref, sha, type);
}

function parsePerson(v: unknown, field: string, fallback: GitPerson): GitPerson {
  if (v === undefined || v === null) return fallback;
  if (!isPlainObject(v)) throw invalidRequest(`For '${field}', ${JSON.stringify(v)} is not an object.`);
  if (typeof v.name !== 'string') throw invalidRequest(`"name" wasn't supplied.`);
  if (typeof v.email !== 'string') throw invalidRequest(`"email" wasn't supplied.`);
  let time = fallback.time;
  if (v.date !== undefined) {
    if (typeof v.date !== 'string' || Number.isNaN(Date.parse(v.date))) {
      throw invalidRequest(`For '${field}.date', ${JSON.stringify(v.date)} is not a valid date-time.`);
    }
    time = Date.parse(v.date);
  }
  return { name: v.name, email: v.email, time, tz: '+0000' };
}

export const gitRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/git/ref/{ref+}',
    operation: 'git/get-ref',
    docs: `${D}/refs#get-a-reference`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req, { gitData: true });
      const ref = fullRef(req.params.ref!);
      const info = isValidRefName(ref) ? await h.git.refInfo(ref) : null;
      if (!info) return missing(h);
      return { status: 200, body: gitRef(ctx.env, h.meta, ref, info.sha, info.type) };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/git/matching-refs/{ref*}',
    operation: 'git/list-matching-refs',
    docs: `${D}/refs#list-matching-references`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req, { gitData: true });
      const prefix = `refs/${req.params.ref ?? ''}`;
      const refs = (await h.git.listRefs(prefix)).filter(
        (r) =>
          !r.ref.startsWith('refs/emulator/') && (!r.ref.startsWith('refs/pull/') || prefix.startsWith('refs/pull/')),
      );
      if (refs.length === 0) await requireNonEmpty(h);
      const page = paginate(req, refs, 100);
      return {
        status: 200,
        body: page.items.map((r) => gitRef(ctx.env, h.meta, r.ref, r.sha, r.type)),
        headers: page.headers,
      };
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/git/refs',
    operation: 'git/create-ref',
    docs: `${D}/refs#create-a-reference`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req, { gitData: true });
      requirePushNotFound(h);
      const body = bodyObject(req);
      const ref = requireString(body, 'ref');
      const sha = requireString(body, 'sha');
      if (!ref.startsWith('refs/') || ref.split('/').length < 3 || !isValidRefName(ref)) {
        throw unprocessable(`${ref} is not a valid ref name.`);
      }
      const full = isSha(sha) ? await h.git.fullSha(sha) : null;
      if (!full) throw unprocessable('Object does not exist');
      if (!(await h.git.updateRef(ref, full, ZERO_SHA))) throw unprocessable('Reference already exists');
      touchPush(ctx, h);
      return { status: 201, body: await refJson(ctx, h, ref, full), headers: location(ctx, h, `git/${ref}`) };
    },
  },
  {
    method: 'PATCH',
    path: '/repos/{owner}/{repo}/git/refs/{ref+}',
    operation: 'git/update-ref',
    docs: `${D}/refs#update-a-reference`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req, { gitData: true });
      requirePushNotFound(h);
      const body = bodyObject(req);
      const sha = requireString(body, 'sha');
      const force = optionalBoolean(body, 'force') ?? false;
      const ref = fullRef(req.params.ref!);
      const current = isValidRefName(ref) ? (await h.git.refInfo(ref))?.sha : undefined;
      if (!current) throw unprocessable('Reference does not exist');
      const next = isSha(sha) ? await h.git.fullSha(sha) : null;
      if (!next) throw unprocessable('Object does not exist');
      if (!force && current !== next) {
        const bothCommits =
          (await h.git.objectType(current)) === 'commit' && (await h.git.objectType(next)) === 'commit';
        if (!bothCommits || !(await h.git.isAncestor(current, next)))
          throw unprocessable('Update is not a fast forward');
      }
      if (!(await h.git.updateRef(ref, next, current))) throw new ApiError(409, 'Reference cannot be updated');
      touchPush(ctx, h);
      return { status: 200, body: await refJson(ctx, h, ref, next) };
    },
  },
  {
    method: 'DELETE',
    path: '/repos/{owner}/{repo}/git/refs/{ref+}',
    operation: 'git/delete-ref',
    docs: `${D}/refs#delete-a-reference`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req, { gitData: true });
      requirePushNotFound(h);
      const ref = fullRef(req.params.ref!);
      const current = isValidRefName(ref) ? (await h.git.refInfo(ref))?.sha : undefined;
      if (!current) throw unprocessable('Reference does not exist');
      await h.git.deleteRef(ref, current);
      touchPush(ctx, h);
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/git/commits/{commit_sha}',
    operation: 'git/get-commit',
    docs: `${D}/commits#get-a-commit-object`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req, { gitData: true });
      const sha = req.params.commit_sha!;
      const commit = /^[0-9a-f]{7,40}$/.test(sha) ? await h.git.tryReadCommit(sha) : null;
      if (!commit) return missing(h);
      return { status: 200, body: gitCommit(ctx.env, h.meta, commit) };
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/git/commits',
    operation: 'git/create-commit',
    docs: `${D}/commits#create-a-commit`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req, { gitData: true });
      requirePushNotFound(h);
      const body = bodyObject(req);
      const message = requireString(body, 'message');
      const tree = requireString(body, 'tree');
      const parentsRaw = body.parents ?? [];
      if (!Array.isArray(parentsRaw) || parentsRaw.some((p) => typeof p !== 'string')) {
        throw invalidRequest(`For 'parents', ${JSON.stringify(parentsRaw)} is not an array of strings.`);
      }
      const treeSha = isSha(tree) ? await h.git.fullSha(tree) : null;
      if (!treeSha || (await h.git.objectType(treeSha)) !== 'tree') throw unprocessable('Tree SHA does not exist');
      const parents: string[] = [];
      for (const p of parentsRaw as string[]) {
        const full = isSha(p) ? await h.git.fullSha(p) : null;
        if (!full || (await h.git.objectType(full)) !== 'commit') {
          throw unprocessable('Parent SHA does not exist or is not a commit object');
        }
        parents.push(full);
      }
      const now = ctx.now();
      const me: GitPerson = { name: req.user.name, email: req.user.email, time: now, tz: '+0000' };
      const author = parsePerson(body.author, 'author', me);
      const committer = parsePerson(body.committer, 'committer', body.author ? { ...author, time: now } : me);
      const sha = await h.git.commitTree({ tree: treeSha, parents, message, author, committer });
      return {
        status: 201,
        body: gitCommit(ctx.env, h.meta, await h.git.readCommit(sha)),
        headers: location(ctx, h, `git/commits/${sha}`),
      };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/git/trees/{tree_sha+}',
    operation: 'git/get-tree',
    docs: `${D}/trees#get-a-tree`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req, { gitData: true });
      const spec = req.params.tree_sha!;
      let tree: string | null = null;
      if (/^[0-9a-f]{7,40}$/.test(spec)) {
        const full = await h.git.fullSha(spec);
        if (full) tree = await h.git.peelToTree(full);
      }
      if (!tree) {
        const commit = await resolveCommitish(h.git, spec);
        if (commit) tree = await h.git.peelToTree(commit);
      }
      if (!tree) return missing(h);
      const recursive = req.query.has('recursive');
      const entries = await h.git.lsTree(tree, { recursive });
      const LIMIT = 100_000;
      const r = `${ctx.env.api}/repos/${h.fullName}`;
      return {
        status: 200,
        body: {
          sha: tree,
          url: `${r}/git/trees/${tree}`,
          tree: entries.slice(0, LIMIT).map((e) => treeEntry(r, e)),
          truncated: entries.length > LIMIT,
        },
      };
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/git/trees',
    operation: 'git/create-tree',
    docs: `${D}/trees#create-a-tree`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req, { gitData: true });
      requirePushNotFound(h);
      const body = bodyObject(req);
      const entries = body.tree;
      if (!Array.isArray(entries)) throw invalidRequest(`"tree" wasn't supplied.`);
      let base: string | null = null;
      if (body.base_tree !== undefined && body.base_tree !== null) {
        if (typeof body.base_tree !== 'string')
          throw invalidRequest(`For 'base_tree', ${JSON.stringify(body.base_tree)} is not a string.`);
        const full = isSha(body.base_tree) ? await h.git.fullSha(body.base_tree) : null;
        base = full ? await h.git.peelToTree(full) : null;
        if (!base) throw unprocessable('Invalid tree info');
      }
      const changes: TreeChange[] = [];
      for (const [i, raw] of entries.entries()) {
        if (!isPlainObject(raw)) throw invalidRequest(`For 'items', ${JSON.stringify(raw)} is not an object.`);
        const path = raw.path;
        if (typeof path !== 'string' || !splitTreePath(path)) {
          throw validationFailed([{ resource: 'Tree', field: `tree[${i}].path`, code: 'invalid' }]);
        }
        const mode = raw.mode;
        if (mode !== '100644' && mode !== '100755' && mode !== '040000' && mode !== '160000' && mode !== '120000') {
          throw invalidRequest(
            `For 'properties/mode', ${JSON.stringify(mode)} is not one of ["100644", "100755", "040000", "160000", "120000"].`,
          );
        }
        const expected = mode === '040000' ? 'tree' : mode === '160000' ? 'commit' : 'blob';
        const type = raw.type ?? expected;
        if (type !== expected) throw unprocessable('Invalid tree info');
        const hasSha = 'sha' in raw;
        const hasContent = raw.content !== undefined;
        if (hasSha && hasContent)
          throw unprocessable(
            'Must supply either tree.sha or tree.content. Request will be rejected if both are present.',
          );
        if (hasContent) {
          if (typeof raw.content !== 'string' || expected !== 'blob') throw unprocessable('Invalid tree info');
          const sha = await h.git.hashBlob(Buffer.from(raw.content, 'utf8'));
          changes.push({ path, mode, type: 'blob', sha });
        } else if (hasSha && raw.sha === null) {
          changes.push({ path, delete: true });
        } else if (hasSha && typeof raw.sha === 'string') {
          const full = isSha(raw.sha) ? await h.git.fullSha(raw.sha) : null;
          if (expected === 'commit') {
            if (!isSha(raw.sha)) throw unprocessable('Invalid tree info');
            changes.push({ path, mode, type: 'commit', sha: raw.sha });
          } else {
            if (!full || (await h.git.objectType(full)) !== expected) throw unprocessable('Invalid tree info');
            changes.push({ path, mode, type: expected, sha: full });
          }
        } else {
          throw unprocessable(
            'Must supply either tree.sha or tree.content. Request will be rejected if both are present.',
          );
        }
      }
      const sha = await buildTree(h.git, base, changes);
      const r = `${ctx.env.api}/repos/${h.fullName}`;
      const list = await h.git.lsTree(sha);
      return {
        status: 201,
        body: { sha, url: `${r}/git/trees/${sha}`, tree: list.map((e) => treeEntry(r, e)), truncated: false },
        headers: location(ctx, h, `git/trees/${sha}`),
      };
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/git/blobs',
    operation: 'git/create-blob',
    docs: `${D}/blobs#create-a-blob`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req, { gitData: true });
      requirePushNotFound(h);
      const body = bodyObject(req);
      const content = requireString(body, 'content');
      const encoding = body.encoding ?? 'utf-8';
      if (encoding !== 'utf-8' && encoding !== 'base64') {
        throw validationFailed([{ resource: 'Blob', field: 'encoding', code: 'invalid' }]);
      }
      const sha = await h.git.hashBlob(Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8'));
      const url = `${ctx.env.api}/repos/${h.fullName}/git/blobs/${sha}`;
      return { status: 201, body: { url, sha }, headers: { location: url } };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/git/blobs/{file_sha}',
    operation: 'git/get-blob',
    docs: `${D}/blobs#get-a-blob`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req, { gitData: true });
      const sha = req.params.file_sha!;
      const full = /^[0-9a-f]{7,40}$/.test(sha) ? await h.git.fullSha(sha) : null;
      if (!full || (await h.git.objectType(full)) !== 'blob') throw notFound();
      const data = await h.git.readBlob(full);
      return {
        status: 200,
        body: {
          sha: full,
          node_id: nodeId('Blob', full),
          size: data.length,
          url: `${ctx.env.api}/repos/${h.fullName}/git/blobs/${full}`,
          content: base64Wrapped(data),
          encoding: 'base64',
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/git/tags/{tag_sha}',
    operation: 'git/get-tag',
    docs: `${D}/tags#get-a-tag`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req, { gitData: true });
      const sha = req.params.tag_sha!;
      const full = /^[0-9a-f]{7,40}$/.test(sha) ? await h.git.fullSha(sha) : null;
      if (!full || (await h.git.objectType(full)) !== 'tag') throw notFound();
      const t = await h.git.readTag(full);
      const r = `${ctx.env.api}/repos/${h.fullName}`;
      const kind = t.type === 'tag' ? 'tags' : t.type === 'tree' ? 'trees' : t.type === 'blob' ? 'blobs' : 'commits';
      return {
        status: 200,
        body: {
          node_id: nodeId('Tag', full),
          tag: t.tag,
          sha: full,
          url: `${r}/git/tags/${full}`,
          message: t.message,
          tagger: gitPerson(t.tagger),
          object: { sha: t.object, type: t.type, url: `${r}/git/${kind}/${t.object}` },
          verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
        },
      };
    },
  },
];

function treeEntry(
  r: string,
  e: { path: string; mode: string; type: string; sha: string; size?: number },
): Record<string, unknown> {
  const out: Record<string, unknown> = { path: e.path, mode: e.mode, type: e.type, sha: e.sha };
  if (e.type === 'blob') {
    out.size = e.size ?? 0;
    out.url = `${r}/git/blobs/${e.sha}`;
  } else if (e.type === 'tree') out.url = `${r}/git/trees/${e.sha}`;
  return out;
}

export function touchPush(ctx: Ctx, h: RepoHandle): void {
  const now = ctx.now();
  h.meta.pushedAt = now;
  h.meta.updatedAt = now;
  ctx.store.save(h.meta);
}
