import { existsSync } from 'node:fs';
import { BareRepo } from '../git.js';
import { ApiError, notFound, validationFailed } from '../errors.js';
import { bodyObject, optionalBoolean, optionalString, paginate, repoOf, type RouteDef } from '../context.js';
import { privateUser, repository, minimalRepository, simpleUser } from '../shapes.js';
import type { RepoMeta } from '../store.js';
import { isoSeconds } from '../util.js';

const D = 'https://docs.github.com/rest';

export const repoRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/user',
    operation: 'users/get-authenticated',
    docs: `${D}/users/users#get-the-authenticated-user`,
    handler: async (ctx, req) => ({ status: 200, body: privateUser(ctx.env, req.user.login, ctx.startedAt) }),
  },
  {
    method: 'GET',
    path: '/users/{username}',
    operation: 'users/get-by-username',
    docs: `${D}/users/users#get-a-user`,
    handler: async (ctx, req) => {
      const login = req.params.username!;
      const known =
        ctx.store.userByLogin(login) ?? ctx.store.all().find((r) => r.owner.toLowerCase() === login.toLowerCase());
      if (!known) throw notFound();
      const o = ctx.store.owner(login);
      const created = isoSeconds(ctx.startedAt);
      const repos = ctx.store.all().filter((r) => r.owner.toLowerCase() === login.toLowerCase() && !r.private).length;
      return {
        status: 200,
        body: {
          ...simpleUser(ctx.env, o),
          name: ctx.store.userByLogin(login)?.name ?? null,
          company: null,
          blog: '',
          location: null,
          email: null,
          hireable: null,
          bio: null,
          twitter_username: null,
          public_repos: repos,
          public_gists: 0,
          followers: 0,
          following: 0,
          created_at: created,
          updated_at: created,
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}',
    operation: 'repos/get',
    docs: `${D}/repos/repos#get-a-repository`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req);
      return { status: 200, body: repository(ctx.env, h.meta, h.perms, { full: true }) };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/forks',
    operation: 'repos/list-forks',
    docs: `${D}/repos/forks#list-forks`,
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req);
      const sort = req.query.get('sort') ?? 'newest';
      const forks = ctx.store.forksOf(h.meta).filter((f) => ctx.store.permissions(req.user.login, f).pull);
      forks.sort((a, b) =>
        sort === 'oldest' ? a.createdAt - b.createdAt || a.id - b.id : b.createdAt - a.createdAt || b.id - a.id,
      );
      const page = paginate(req, forks);
      return {
        status: 200,
        body: page.items.map((f) => minimalRepository(ctx.env, f, ctx.store.permissions(req.user.login, f))),
        headers: page.headers,
      };
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/forks',
    operation: 'repos/create-fork',
    docs: `${D}/repos/forks#create-a-fork`,
    lock: () => 'forks',
    handler: async (ctx, req) => {
      const h = repoOf(ctx, req);
      const body = bodyObject(req);
      const organization = optionalString(body, 'organization');
      const wantedName = optionalString(body, 'name');
      const defaultBranchOnly = optionalBoolean(body, 'default_branch_only') ?? false;
      let target = req.user.login;
      if (organization) {
        const org = ctx.store.owner(organization);
        if (org.type !== 'Organization')
          throw validationFailed([{ resource: 'Fork', field: 'organization', code: 'invalid' }]);
        target = org.login;
      }
      if (h.meta.owner.toLowerCase() === target.toLowerCase()) {
        throw validationFailed([
          { resource: 'Fork', code: 'custom', message: 'Cannot fork because you own this repository.' },
        ]);
      }
      // An existing fork of the same network owned by the target is returned as is.
      const existing = ctx.store.network(h.meta).find((r) => r.owner.toLowerCase() === target.toLowerCase() && r.fork);
      if (existing) {
        return {
          status: 202,
          body: repository(ctx.env, existing, ctx.store.permissions(req.user.login, existing), { full: true }),
        };
      }
      let name = wantedName ?? h.meta.name;
      for (let i = 1; ctx.store.get(`${target}/${name}`); i++) name = `${wantedName ?? h.meta.name}-${i}`;
      const now = ctx.now();
      const meta: RepoMeta = {
        id: ctx.store.nextId('repo'),
        owner: target,
        name,
        private: h.meta.private,
        description: h.meta.description,
        defaultBranch: h.meta.defaultBranch,
        fork: true,
        parent: h.fullName,
        source: h.meta.source ?? h.fullName,
        createdAt: now,
        updatedAt: now,
        pushedAt: h.meta.pushedAt,
        nextNumber: 1,
        pulls: [],
        labels: [],
      };
      if (ctx.forkReadyDelayMs > 0) meta.readyAt = now + ctx.forkReadyDelayMs;
      const dest = ctx.store.repoPath(`${target}/${name}`);
      if (existsSync(dest)) throw new ApiError(500, 'Server Error');
      const emptySource = await h.git.isEmpty();
      if (emptySource) await BareRepo.init(dest, h.meta.defaultBranch);
      else await BareRepo.cloneBare(h.git.path, dest, defaultBranchOnly ? { singleBranch: h.meta.defaultBranch } : {});
      ctx.store.add(meta);
      return {
        status: 202,
        body: repository(ctx.env, meta, ctx.store.permissions(req.user.login, meta), { full: true }),
      };
    },
  },
];
