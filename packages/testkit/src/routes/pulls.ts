import { ApiError, invalidRequest, notFound, validationFailed } from '../errors.js';
import {
  bodyObject,
  optionalBoolean,
  optionalString,
  paginate,
  repoOf,
  requirePushForbidden,
  type Ctx,
  type RepoHandle,
  type RouteDef,
} from '../context.js';
import { runGit } from '../git.js';
import { association, label as labelJson, repository, userByLogin } from '../shapes.js';
import type { LabelRecord, PullRecord, RepoMeta } from '../store.js';
import { hashUnit, isoSeconds, nodeId } from '../util.js';
import { ensureObject } from './content.js';

const D = 'https://docs.github.com/rest';

interface Live {
  headSha: string;
  baseSha: string | null;
  headMeta: RepoMeta | undefined;
}

/** Current head/base shas; keeps refs/pull/N/head of the base repository up to date. */
async function live(ctx: Ctx, h: RepoHandle, pr: PullRecord): Promise<Live> {
  const headMeta = ctx.store.get(pr.headRepo);
  let headSha = pr.headSha;
  if (headMeta && pr.state === 'open') {
    const s = await ctx.store.git(headMeta).refSha(`refs/heads/${pr.headRef}`);
    if (s && s !== pr.headSha) {
      headSha = s;
      pr.headSha = s;
      pr.updatedAt = ctx.now();
      ctx.store.save(h.meta);
    }
  }
  const pullRef = `refs/pull/${pr.number}/head`;
  if ((await h.git.refSha(pullRef)) !== headSha) {
    if (headMeta && headMeta !== h.meta) await ensureObject(h.git, ctx.store.git(headMeta).path, headSha);
    if ((await h.git.objectType(headSha)) === 'commit') await h.git.updateRef(pullRef, headSha);
  }
  const baseSha = await h.git.refSha(`refs/heads/${pr.baseRef}`);
  return { headSha, baseSha, headMeta };
}

function teamJson(ctx: Ctx, org: string, slug: string): Record<string, unknown> {
  const id = 5_000_000 + Math.floor(hashUnit(0, `${org}/${slug}`) * 1_000_000);
  const u = `${ctx.env.api}/organizations/${ctx.store.owner(org).id}/team/${id}`;
  return {
    id,
    node_id: nodeId('Team', id),
    url: u,
    html_url: `${ctx.env.html}/orgs/${org}/teams/${slug}`,
    name: slug,
    slug,
    description: null,
    privacy: 'closed',
    notification_setting: 'notifications_enabled',
    permission: 'pull',
    members_url: `${u}/members{/member}`,
    repositories_url: `${u}/repos`,
    type: 'organization',
    organization_id: ctx.store.owner(org).id,
    parent: null,
  };
}

export function labelsOf(h: RepoHandle, pr: PullRecord): LabelRecord[] {
  return pr.labels
    .map((n) => h.meta.labels.find((l) => l.name.toLowerCase() === n.toLowerCase()))
    .filter((l): l is LabelRecord => !!l);
}

async function pullJson(ctx: Ctx, h: RepoHandle, pr: PullRecord, full: boolean): Promise<Record<string, unknown>> {
  const { headSha, baseSha, headMeta } = await live(ctx, h, pr);
  const r = `${ctx.env.api}/repos/${h.fullName}`;
  const web = `${ctx.env.html}/${h.fullName}`;
  const self = `${r}/pulls/${pr.number}`;
  const headRepoMeta = headMeta ?? h.meta;
  const out: Record<string, unknown> = {
    url: self,
    id: pr.id,
    node_id: nodeId('PullRequest', pr.id),
    html_url: `${web}/pull/${pr.number}`,
    diff_url: `${web}/pull/${pr.number}.diff`,
    patch_url: `${web}/pull/${pr.number}.patch`,
    issue_url: `${r}/issues/${pr.number}`,
    number: pr.number,
    state: pr.state,
    locked: pr.locked,
    title: pr.title,
    user: userByLogin(ctx.env, pr.user),
    body: pr.body,
    created_at: isoSeconds(pr.createdAt),
    updated_at: isoSeconds(pr.updatedAt),
    closed_at: pr.closedAt === null ? null : isoSeconds(pr.closedAt),
    merged_at: pr.mergedAt === null ? null : isoSeconds(pr.mergedAt),
    merge_commit_sha: pr.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: pr.requestedReviewers.map((l) => userByLogin(ctx.env, l)),
    requested_teams: pr.requestedTeams.map((t) => teamJson(ctx, h.meta.owner, t)),
    labels: labelsOf(h, pr).map((l) => labelJson(ctx.env, h.meta, l)),
    milestone: null,
    draft: pr.draft,
    commits_url: `${self}/commits`,
    review_comments_url: `${self}/comments`,
    review_comment_url: `${r}/pulls/comments{/number}`,
    comments_url: `${r}/issues/${pr.number}/comments`,
    statuses_url: `${r}/statuses/${headSha}`,
    head: {
      label: `${headRepoMeta.owner}:${pr.headRef}`,
      ref: pr.headRef,
      sha: headSha,
      user: userByLogin(ctx.env, headRepoMeta.owner),
      repo: repository(ctx.env, headRepoMeta, undefined),
    },
    base: {
      label: `${h.meta.owner}:${pr.baseRef}`,
      ref: pr.baseRef,
      sha: baseSha ?? headSha,
      user: userByLogin(ctx.env, h.meta.owner),
      repo: repository(ctx.env, h.meta, undefined),
    },
    _links: {
      self: { href: self },
      html: { href: `${web}/pull/${pr.number}` },
      issue: { href: `${r}/issues/${pr.number}` },
      comments: { href: `${r}/issues/${pr.number}/comments` },
      review_comments: { href: `${self}/comments` },
      review_comment: { href: `${r}/pulls/comments{/number}` },
      commits: { href: `${self}/commits` },
      statuses: { href: `${r}/statuses/${headSha}` },
    },
    author_association: association(ctx.env, h.meta, pr.user),
    auto_merge: null,
    active_lock_reason: null,
  };
  if (full) {
    let commits = 0;
    let additions = 0;
    let deletions = 0;
    let changed = 0;
    let mergeable: boolean | null = null;
    if (baseSha && (await h.git.objectType(headSha)) === 'commit') {
      const mb = await h.git.mergeBase(baseSha, headSha);
      commits = await h.git.countBetween(mb ?? baseSha, headSha);
      const files = await h.git.diff(mb, headSha);
      additions = files.reduce((s, f) => s + f.additions, 0);
      deletions = files.reduce((s, f) => s + f.deletions, 0);
      changed = files.length;
      if (pr.state === 'open' && !pr.merged) {
        const m = await runGit(['--git-dir', h.git.path, 'merge-tree', '--write-tree', baseSha, headSha], {
          allowFailure: true,
        });
        mergeable = m.code === 0;
      }
    }
    Object.assign(out, {
      merged: pr.merged,
      mergeable,
      rebaseable: mergeable,
      mergeable_state:
        pr.state !== 'open'
          ? 'unknown'
          : pr.draft
            ? 'draft'
            : mergeable === false
              ? 'dirty'
              : mergeable
                ? 'clean'
                : 'unknown',
      merged_by: pr.mergedBy ? userByLogin(ctx.env, pr.mergedBy) : null,
      comments: pr.comments.length,
      review_comments: 0,
      maintainer_can_modify: pr.maintainerCanModify,
      commits,
      additions,
      deletions,
      changed_files: changed,
    });
  }
  return out;
}

/** The pull request numbered `n` in the repository, or a 404. */
export function findPull(h: RepoHandle, n: string | undefined): PullRecord {
  const num = Number(n);
  const pr = Number.isInteger(num) ? h.meta.pulls.find((p) => p.number === num) : undefined;
  if (!pr) throw notFound();
  return pr;
}

/** `branch`, `owner:branch` (+ optional head_repo) -> the head repository and branch. */
function parseHead(
  ctx: Ctx,
  h: RepoHandle,
  head: string,
  headRepo: string | undefined,
): { meta: RepoMeta; ref: string } | null {
  const i = head.indexOf(':');
  if (i < 0) return { meta: h.meta, ref: head };
  const owner = head.slice(0, i);
  const ref = head.slice(i + 1);
  const network = ctx.store.network(h.meta);
  const meta = network.find(
    (r) =>
      r.owner.toLowerCase() === owner.toLowerCase() &&
      (headRepo ? r.name.toLowerCase() === headRepo.toLowerCase() : true) &&
      (r === h.meta || r.owner.toLowerCase() !== h.meta.owner.toLowerCase() || r.name === h.meta.name),
  );
  return meta ? { meta, ref } : null;
}

function duplicateOf(
  h: RepoHandle,
  headRepo: RepoMeta,
  headRef: string,
  baseRef: string,
  except?: number,
): PullRecord | undefined {
  const full = `${headRepo.owner}/${headRepo.name}`.toLowerCase();
  return h.meta.pulls.find(
    (p) =>
      p.state === 'open' &&
      p.number !== except &&
      p.headRepo.toLowerCase() === full &&
      p.headRef === headRef &&
      p.baseRef === baseRef,
  );
}

function canEditPull(h: RepoHandle, pr: PullRecord, login: string): boolean {
  return h.perms.push || pr.user.toLowerCase() === login.toLowerCase();
}

export const pullRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/pulls',
    operation: 'pulls/list',
    docs: `${D}/pulls/pulls#list-pull-requests`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req);
      const state = req.query.get('state') ?? 'open';
      if (!['open', 'closed', 'all'].includes(state))
        throw validationFailed([{ resource: 'Search', field: 'state', code: 'invalid' }]);
      const head = req.query.get('head');
      const base = req.query.get('base');
      const sort = req.query.get('sort') ?? 'created';
      const direction = req.query.get('direction') ?? (sort === 'created' ? 'desc' : 'desc');
      let list = h.meta.pulls.filter((p) => state === 'all' || p.state === state);
      if (base) list = list.filter((p) => p.baseRef === base);
      if (head) {
        const i = head.indexOf(':');
        const owner = i < 0 ? head : head.slice(0, i);
        const ref = i < 0 ? undefined : head.slice(i + 1);
        list = list.filter(
          (p) =>
            p.headRepo.split('/')[0]!.toLowerCase() === owner.toLowerCase() && (ref === undefined || p.headRef === ref),
        );
      }
      const key = (p: PullRecord): number => (sort === 'updated' ? p.updatedAt : p.createdAt) * 1e6 + p.number;
      list = [...list].sort((a, b) => (direction === 'asc' ? key(a) - key(b) : key(b) - key(a)));
      const page = paginate(req, list);
      const body = [];
      for (const pr of page.items) body.push(await pullJson(ctx, h, pr, false));
      return { status: 200, body, headers: page.headers };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/pulls/{pull_number}',
    operation: 'pulls/get',
    docs: `${D}/pulls/pulls#get-a-pull-request`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req);
      const pr = findPull(h, req.params.pull_number);
      return { status: 200, body: await pullJson(ctx, h, pr, true) };
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/pulls',
    operation: 'pulls/create',
    docs: `${D}/pulls/pulls#create-a-pull-request`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req);
      const body = bodyObject(req);
      const head = optionalString(body, 'head');
      const base = optionalString(body, 'base');
      const title = optionalString(body, 'title');
      const text = body.body === null ? null : optionalString(body, 'body');
      const draft = optionalBoolean(body, 'draft') ?? false;
      const mcm = optionalBoolean(body, 'maintainer_can_modify') ?? true;
      const headRepoName = optionalString(body, 'head_repo');
      if (head === undefined) throw invalidRequest(`"head" wasn't supplied.`);
      if (base === undefined) throw invalidRequest(`"base" wasn't supplied.`);
      if (title === undefined || title === '') {
        throw validationFailed([{ resource: 'PullRequest', code: 'missing_field', field: 'title' }]);
      }
      const hd = parseHead(ctx, h, head, headRepoName);
      const headSha = hd ? await ctx.store.git(hd.meta).refSha(`refs/heads/${hd.ref}`) : null;
      if (!hd || !headSha) throw validationFailed([{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
      const baseSha = await h.git.refSha(`refs/heads/${base}`);
      if (!baseSha) throw validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
      const headLabel = `${hd.meta.owner}:${hd.ref}`;
      if (duplicateOf(h, hd.meta, hd.ref, base)) {
        throw validationFailed([
          { resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${headLabel}.` },
        ]);
      }
      if (hd.meta !== h.meta) await ensureObject(h.git, ctx.store.git(hd.meta).path, headSha);
      if ((await h.git.countBetween(baseSha, headSha)) === 0) {
        throw validationFailed([
          {
            resource: 'PullRequest',
            code: 'custom',
            message: `No commits between ${base} and ${hd.meta === h.meta ? hd.ref : headLabel}`,
          },
        ]);
      }
      const now = ctx.now();
      const pr: PullRecord = {
        number: h.meta.nextNumber++,
        id: ctx.store.nextId('pull'),
        title,
        body: text ?? null,
        state: 'open',
        draft,
        locked: false,
        merged: false,
        mergedAt: null,
        mergeCommitSha: null,
        mergedBy: null,
        user: req.user.login,
        headRepo: `${hd.meta.owner}/${hd.meta.name}`,
        headRef: hd.ref,
        headSha,
        baseRef: base,
        labels: [],
        requestedReviewers: [],
        requestedTeams: [],
        comments: [],
        maintainerCanModify: hd.meta === h.meta ? false : mcm,
        createdAt: now,
        updatedAt: now,
        closedAt: null,
      };
      h.meta.pulls.push(pr);
      ctx.store.save(h.meta);
      return {
        status: 201,
        body: await pullJson(ctx, h, pr, true),
        headers: { location: `${ctx.env.api}/repos/${h.fullName}/pulls/${pr.number}` },
      };
    },
  },
  {
    method: 'PATCH',
    path: '/repos/{owner}/{repo}/pulls/{pull_number}',
    operation: 'pulls/update',
    docs: `${D}/pulls/pulls#update-a-pull-request`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req);
      const pr = findPull(h, req.params.pull_number);
      if (!canEditPull(h, pr, req.user.login)) throw new ApiError(403, 'Must have push access to repository');
      const body = bodyObject(req);
      const title = optionalString(body, 'title');
      const text = body.body === null ? null : optionalString(body, 'body');
      const state = optionalString(body, 'state');
      const base = optionalString(body, 'base');
      const mcm = optionalBoolean(body, 'maintainer_can_modify');
      if (state !== undefined && state !== 'open' && state !== 'closed') {
        throw validationFailed([{ resource: 'PullRequest', field: 'state', code: 'invalid' }]);
      }
      if (title === '') throw validationFailed([{ resource: 'PullRequest', field: 'title', code: 'missing_field' }]);
      if (base !== undefined && !(await h.git.refSha(`refs/heads/${base}`))) {
        throw validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
      }
      if (pr.merged && (state === 'open' || base !== undefined)) {
        throw validationFailed([
          { resource: 'PullRequest', code: 'custom', message: 'Cannot change the state of a merged pull request.' },
        ]);
      }
      const newBase = base ?? pr.baseRef;
      const willBeOpen = (state ?? pr.state) === 'open';
      if (willBeOpen) {
        const headMeta = ctx.store.get(pr.headRepo);
        const headSha = headMeta ? await ctx.store.git(headMeta).refSha(`refs/heads/${pr.headRef}`) : null;
        if (!headMeta || !headSha) {
          throw validationFailed([
            {
              resource: 'PullRequest',
              code: 'custom',
              field: 'state',
              message: 'state cannot be changed. The head branch was deleted.',
            },
          ]);
        }
        if (duplicateOf(h, headMeta, pr.headRef, newBase, pr.number)) {
          throw validationFailed([
            {
              resource: 'PullRequest',
              code: 'custom',
              message: `A pull request already exists for ${headMeta.owner}:${pr.headRef}.`,
            },
          ]);
        }
      }
      const now = ctx.now();
      if (title !== undefined) pr.title = title;
      if (text !== undefined) pr.body = text;
      if (mcm !== undefined && pr.headRepo.toLowerCase() !== h.fullName.toLowerCase()) pr.maintainerCanModify = mcm;
      if (base !== undefined) pr.baseRef = base;
      if (state !== undefined && state !== pr.state) {
        pr.state = state;
        pr.closedAt = state === 'closed' ? now : null;
      }
      pr.updatedAt = now;
      ctx.store.save(h.meta);
      return { status: 200, body: await pullJson(ctx, h, pr, true) };
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers',
    operation: 'pulls/request-reviewers',
    docs: `${D}/pulls/review-requests#request-reviewers-for-a-pull-request`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req);
      const pr = findPull(h, req.params.pull_number);
      requirePushForbidden(h);
      const body = bodyObject(req);
      const reviewers = body.reviewers ?? [];
      const teams = body.team_reviewers ?? [];
      if (!Array.isArray(reviewers) || reviewers.some((r) => typeof r !== 'string')) {
        throw invalidRequest(`For 'reviewers', ${JSON.stringify(reviewers)} is not an array of strings.`);
      }
      if (!Array.isArray(teams) || teams.some((r) => typeof r !== 'string')) {
        throw invalidRequest(`For 'team_reviewers', ${JSON.stringify(teams)} is not an array of strings.`);
      }
      const notCollaborator = new ApiError(
        422,
        `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${h.fullName} repository.`,
      );
      const logins: string[] = [];
      for (const r of reviewers as string[]) {
        const u = ctx.store.userByLogin(r);
        if (!u || !ctx.store.permissions(u.login, h.meta).push) throw notCollaborator;
        if (u.login.toLowerCase() === pr.user.toLowerCase())
          throw new ApiError(422, 'Review cannot be requested from pull request author.');
        logins.push(u.login);
      }
      if ((teams as string[]).length && ctx.store.owner(h.meta.owner).type !== 'Organization') throw notCollaborator;
      for (const l of logins)
        if (!pr.requestedReviewers.some((x) => x.toLowerCase() === l.toLowerCase())) pr.requestedReviewers.push(l);
      for (const t of teams as string[]) if (!pr.requestedTeams.includes(t)) pr.requestedTeams.push(t);
      pr.updatedAt = ctx.now();
      ctx.store.save(h.meta);
      return { status: 201, body: await pullJson(ctx, h, pr, false) };
    },
  },
];

export { pullJson };
