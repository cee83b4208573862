/** Issue endpoints GitHub serves for pull requests too: labels and comments. */
import { ApiError, invalidRequest, validationFailed } from '../errors.js';
import {
  bodyObject,
  paginate,
  repoOf,
  requirePushForbidden,
  type Ctx,
  type RepoHandle,
  type RouteDef,
} from '../context.js';
import { issueComment, label as labelJson } from '../shapes.js';
import type { LabelRecord, PullRecord } from '../store.js';
import { findPull, labelsOf } from './pulls.js';

const D = 'https://docs.github.com/rest';

function labelNames(body: unknown): string[] {
  const list = Array.isArray(body) ? body : (body as Record<string, unknown> | null)?.labels;
  if (!Array.isArray(list)) throw invalidRequest(`"labels" wasn't supplied.`);
  return list.map((l) => {
    if (typeof l === 'string') return l;
    if (l && typeof l === 'object' && typeof (l as { name?: unknown }).name === 'string')
      return (l as { name: string }).name;
    throw invalidRequest(`For 'labels', ${JSON.stringify(l)} is not a string.`);
  });
}

function ensureLabel(ctx: Ctx, h: RepoHandle, name: string): LabelRecord {
  let l = h.meta.labels.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!l) {
    l = { id: ctx.store.nextId('label'), name, color: 'ededed', description: null, default: false };
    h.meta.labels.push(l);
  }
  return l;
}

function issueLabels(ctx: Ctx, h: RepoHandle, pr: PullRecord): Record<string, unknown>[] {
  return labelsOf(h, pr).map((l) => labelJson(ctx.env, h.meta, l));
}

/** Adds labels to a pull request (creating unknown ones in the repository, no duplicates), saves, and returns its labels. */
function addLabels(ctx: Ctx, h: RepoHandle, pr: PullRecord, names: string[]) {
  for (const n of names) {
    const l = ensureLabel(ctx, h, n);
    if (!pr.labels.some((x) => x.toLowerCase() === l.name.toLowerCase())) pr.labels.push(l.name);
  }
  pr.updatedAt = ctx.now();
  ctx.store.save(h.meta);
  return issueLabels(ctx, h, pr);
}

export const issueRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/labels',
    operation: 'issues/list-labels-on-issue',
    docs: `${D}/issues/labels#list-labels-for-an-issue`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req);
      const pr = findPull(h, req.params.issue_number);
      const page = paginate(req, issueLabels(ctx, h, pr));
      return { status: 200, body: page.items, headers: page.headers };
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/labels',
    operation: 'issues/add-labels',
    docs: `${D}/issues/labels#add-labels-to-an-issue`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req);
      const pr = findPull(h, req.params.issue_number);
      requirePushForbidden(h);
      const names = labelNames(req.body);
      if (names.some((n) => n.trim() === ''))
        throw validationFailed([{ resource: 'Label', field: 'name', code: 'missing_field' }]);
      return { status: 200, body: addLabels(ctx, h, pr, names) };
    },
  },
  {
    method: 'PUT',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/labels',
    operation: 'issues/set-labels',
    docs: `${D}/issues/labels#set-labels-for-an-issue`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req);
      const pr = findPull(h, req.params.issue_number);
      requirePushForbidden(h);
      const names = req.body === undefined ? [] : labelNames(req.body);
      pr.labels = [];
      return { status: 200, body: addLabels(ctx, h, pr, names) };
    },
  },
  {
    method: 'DELETE',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}',
    operation: 'issues/remove-label',
    docs: `${D}/issues/labels#remove-a-label-from-an-issue`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req);
      const pr = findPull(h, req.params.issue_number);
      requirePushForbidden(h);
      const name = req.params.name!;
      const i = pr.labels.findIndex((x) => x.toLowerCase() === name.toLowerCase());
      if (i < 0) throw new ApiError(404, 'Label does not exist');
      pr.labels.splice(i, 1);
      pr.updatedAt = ctx.now();
      ctx.store.save(h.meta);
      return { status: 200, body: issueLabels(ctx, h, pr) };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    operation: 'issues/list-comments',
    docs: `${D}/issues/comments#list-issue-comments`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req);
      const pr = findPull(h, req.params.issue_number);
      const page = paginate(req, pr.comments);
      return {
        status: 200,
        body: page.items.map((c) => issueComment(ctx.env, h.meta, pr, c, h.perms)),
        headers: page.headers,
      };
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    operation: 'issues/create-comment',
    docs: `${D}/issues/comments#create-an-issue-comment`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req);
      const pr = findPull(h, req.params.issue_number);
      const body = bodyObject(req);
      const text = body.body;
      if (typeof text !== 'string') throw invalidRequest(`"body" wasn't supplied.`);
      if (text.trim() === '')
        throw validationFailed([{ resource: 'IssueComment', field: 'body', code: 'missing_field' }]);
      const now = ctx.now();
      const c = { id: ctx.store.nextId('comment'), user: req.user.login, body: text, createdAt: now, updatedAt: now };
      pr.comments.push(c);
      pr.updatedAt = now;
      ctx.store.save(h.meta);
      return {
        status: 201,
        body: issueComment(ctx.env, h.meta, pr, c, h.perms),
        headers: { location: `${ctx.env.api}/repos/${h.fullName}/issues/comments/${c.id}` },
      };
    },
  },
];
