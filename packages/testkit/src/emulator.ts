import { rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import type { Ctx, RouteDef } from './context.js';
import { BareRepo, ZERO_SHA, type GitPerson } from './git.js';
import { contentRoutes } from './routes/content.js';
import { gitRoutes } from './routes/gitdata.js';
import { graphqlRoutes } from './routes/graphql.js';
import { issueRoutes } from './routes/issues.js';
import { pullRoutes } from './routes/pulls.js';
import { repoRoutes } from './routes/repos.js';
import { createEmulatorServer, emptyStats, listen } from './server.js';
import { Store, splitFullName, type RepoMeta } from './store.js';
import { systemClock, type EmulatorClock } from './clock.js';
import { buildTree, type TreeChange } from './treebuild.js';
import { MERGE_METHODS, type MergeMethod, writeMerge } from './merge.js';
import type {
  CommitAsOptions,
  CreateRepoOptions,
  EmulatorOptions,
  EmulatorStats,
  FaultConfig,
  FaultFunction,
  FileSpec,
  PullSummary,
  RepoSummary,
  RequestLogEntry,
} from './types.js';

export const ROUTES: readonly RouteDef[] = [
  ...repoRoutes,
  ...gitRoutes,
  ...contentRoutes,
  ...pullRoutes,
  ...issueRoutes,
  ...graphqlRoutes,
];

/** REST operation ids (GitHub's OpenAPI `operationId`) the emulator implements, `rate-limit/get` included. */
export const OPERATIONS: readonly string[] = [
  ...ROUTES.filter((r) => r.operation !== 'graphql').map((r) => r.operation),
  'rate-limit/get',
];

export interface GitHubEmulator {
  /** Base URL of the API, e.g. `http://127.0.0.1:41234` (use as Octokit's `baseUrl`). */
  readonly url: string;
  readonly port: number;
  /** The clock every window, delay and timestamp of the emulator reads (see EmulatorOptions.clock). */
  readonly clock: EmulatorClock;
  /** Every request served so far, in completion order (live array; see resetLog). */
  readonly log: readonly RequestLogEntry[];
  stats(): EmulatorStats;
  /** Clear the log and the counters (rate-limit state is kept; see resetLimits). */
  resetLog(): void;
  /** Forget every user's rate-limit windows. */
  resetLimits(): void;
  setFaults(faults: FaultConfig | FaultFunction | undefined): void;
  setLatency(ms: number): void;
  stop(): Promise<void>;

  createRepo(fullName: string, opts?: CreateRepoOptions): Promise<RepoSummary>;
  /** Commit files to a branch as a person would push them (creates the branch from `from` or the default branch). */
  commitAs(fullName: string, branch: string, files: Record<string, FileSpec>, opts?: CommitAsOptions): Promise<string>;
  /** Create a tag (annotated when `message` is given) at a ref or sha. */
  createTag(
    fullName: string,
    tag: string,
    ref: string,
    opts?: { message?: string; tagger?: { name: string; email: string } },
  ): Promise<string>;
  /** Point a branch at a sha (force), or delete it with null. */
  setBranch(fullName: string, branch: string, sha: string | null): Promise<void>;
  repoPath(fullName: string): string;
  repo(fullName: string): RepoSummary | undefined;
  repos(): RepoSummary[];
  /** Sha of a branch/tag/full ref, or null. */
  refSha(fullName: string, ref: string): Promise<string | null>;
  /** Content of a file at a ref (null when absent). */
  readFile(fullName: string, ref: string, path: string): Promise<string | null>;
  /** Pull requests of a repository as the emulator stores them. */
  pulls(fullName: string): PullSummary[];
  /**
   * Merge a pull request the way a maintainer would, with GitHub's merge method: a merge
   * commit (default), a squash or a rebase; `deleteBranch` deletes the head branch after,
   * as GitHub's button offers. Returns the new tip of the base.
   */
  mergePull(
    fullName: string,
    number: number,
    opts?: { by?: string; method?: MergeMethod; deleteBranch?: boolean },
  ): Promise<string>;
}

function summary(store: Store, meta: RepoMeta): RepoSummary {
  const s: RepoSummary = {
    fullName: `${meta.owner}/${meta.name}`,
    owner: meta.owner,
    name: meta.name,
    id: meta.id,
    path: store.repoPath(`${meta.owner}/${meta.name}`),
    defaultBranch: meta.defaultBranch,
    fork: meta.fork,
  };
  if (meta.parent) s.parent = meta.parent;
  return s;
}

async function fileChanges(
  git: BareRepo,
  files: Record<string, FileSpec>,
  symlinks: Record<string, string> = {},
): Promise<TreeChange[]> {
  const changes: TreeChange[] = [];
  for (const [path, spec] of Object.entries(files)) {
    if (spec === null) {
      changes.push({ path, delete: true });
      continue;
    }
    if (typeof spec === 'object' && !Buffer.isBuffer(spec) && 'symlink' in spec) {
      changes.push({ path, mode: '120000', type: 'blob', sha: await git.hashBlob(Buffer.from(spec.symlink)) });
      continue;
    }
    const content = typeof spec === 'string' || Buffer.isBuffer(spec) ? spec : spec.content;
    const mode =
      typeof spec === 'object' && !Buffer.isBuffer(spec) && 'mode' in spec && spec.mode ? spec.mode : '100644';
    const sha = await git.hashBlob(Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'));
    changes.push({ path, mode, type: 'blob', sha });
  }
  for (const [path, target] of Object.entries(symlinks)) {
    changes.push({ path, mode: '120000', type: 'blob', sha: await git.hashBlob(Buffer.from(target)) });
  }
  return changes;
}

function person(
  p: { name: string; email: string } | undefined,
  fallback: { name: string; email: string },
  time: number,
): GitPerson {
  return { name: (p ?? fallback).name, email: (p ?? fallback).email, time, tz: '+0000' };
}

/**
 * Start a GitHub REST API emulator over real bare git repositories under `opts.root`.
 * Listens on 127.0.0.1 only.
 */
export async function startGitHubEmulator(opts: EmulatorOptions): Promise<GitHubEmulator> {
  const store = new Store(opts.root, opts.users);
  const clock = opts.clock ?? systemClock;
  const startedAt = clock.now();
  const ctxFor = (base: string): Ctx => ({
    env: { api: base, html: base, store },
    store,
    now: () => clock.now(),
    startedAt,
    forkReadyDelayMs: opts.forkReadyDelayMs ?? 0,
  });
  const { server, state, setBase } = createEmulatorServer(opts, store, [...ROUTES], ctxFor);
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const port = await listen(server, opts.port ?? 0);
  const url = `http://127.0.0.1:${port}`;
  setBase(url);

  const getMeta = (fullName: string): RepoMeta => {
    const m = store.get(fullName);
    if (!m) throw new Error(`no such repository: ${fullName}`);
    return m;
  };

  const emulator: GitHubEmulator = {
    url,
    port,
    clock,
    get log() {
      return state.log;
    },
    stats: () => ({ ...state.stats, byOperation: { ...state.stats.byOperation } }),
    resetLog() {
      state.log.length = 0;
      state.stats = emptyStats();
    },
    resetLimits() {
      state.limiter.reset();
    },
    setFaults(f) {
      state.faults.set(f);
    },
    setLatency(ms) {
      state.latencyMs = ms;
    },
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },

    async createRepo(fullName, o = {}) {
      const [owner, name] = splitFullName(fullName);
      if (store.get(fullName)) throw new Error(`repository exists: ${fullName}`);
      const defaultBranch = o.defaultBranch ?? 'main';
      const path = store.repoPath(fullName);
      rmSync(path, { recursive: true, force: true });
      const git = await BareRepo.init(path, defaultBranch);
      const now = o.date ?? clock.now();
      const files = o.files ?? {};
      if (Object.keys(files).length || Object.keys(o.symlinks ?? {}).length) {
        const tree = await buildTree(git, null, await fileChanges(git, files, o.symlinks));
        const who = person(o.author, { name: owner, email: `${owner}@example.com` }, now);
        const sha = await git.commitTree({
          tree,
          parents: [],
          message: o.message ?? 'Initial commit\n',
          author: who,
          committer: who,
        });
        await git.updateRef(`refs/heads/${defaultBranch}`, sha);
        for (const b of o.branches ?? []) await git.updateRef(`refs/heads/${b}`, sha);
        for (const t of o.tags ?? []) await git.updateRef(`refs/tags/${t}`, sha);
      }
      const meta: RepoMeta = {
        id: store.nextId('repo'),
        owner,
        name,
        private: o.private ?? false,
        description: o.description ?? null,
        defaultBranch,
        fork: false,
        createdAt: now,
        updatedAt: now,
        pushedAt: now,
        nextNumber: 1,
        pulls: [],
        labels: [],
      };
      store.owner(owner);
      store.add(meta);
      return summary(store, meta);
    },

    async commitAs(fullName, branch, files, o = {}) {
      const meta = getMeta(fullName);
      return store.lock.run(`${meta.owner}/${meta.name}`.toLowerCase(), async () => {
        const git = store.git(meta);
        const ref = `refs/heads/${branch}`;
        const current = await git.refSha(ref);
        const parent =
          current ??
          (await git.refSha(`refs/heads/${o.from ?? meta.defaultBranch}`)) ??
          (o.from ? await git.fullSha(o.from) : null);
        const baseTree = parent ? await git.peelToTree(parent) : null;
        const tree = await buildTree(git, baseTree, await fileChanges(git, files, o.symlinks));
        const now = o.date ?? clock.now();
        const author = person(o.author, { name: 'A Person', email: 'person@example.com' }, now);
        const committer = person(o.committer ?? o.author, { name: 'A Person', email: 'person@example.com' }, now);
        const sha = await git.commitTree({
          tree,
          parents: parent ? [parent] : [],
          message: o.message ?? `Update ${Object.keys(files).join(', ')}\n`,
          author,
          committer,
        });
        if (!(await git.updateRef(ref, sha, current ?? ZERO_SHA)))
          throw new Error(`concurrent update of ${fullName} ${ref}`);
        meta.pushedAt = now;
        meta.updatedAt = now;
        store.save(meta);
        return sha;
      });
    },

    async createTag(fullName, tag, ref, o = {}) {
      const meta = getMeta(fullName);
      const git = store.git(meta);
      const target = (await git.refSha(`refs/heads/${ref}`)) ?? (await git.refSha(ref)) ?? (await git.fullSha(ref));
      if (!target) throw new Error(`no such ref: ${ref}`);
      let obj = target;
      if (o.message !== undefined) {
        obj = await git.createAnnotatedTag({
          name: tag,
          target,
          message: o.message.endsWith('\n') ? o.message : `${o.message}\n`,
          tagger: person(o.tagger, { name: 'A Person', email: 'person@example.com' }, clock.now()),
        });
      }
      if (!(await git.updateRef(`refs/tags/${tag}`, obj, ZERO_SHA))) throw new Error(`tag exists: ${tag}`);
      return obj;
    },

    async setBranch(fullName, branch, sha) {
      const meta = getMeta(fullName);
      const git = store.git(meta);
      if (sha === null) await git.deleteRef(`refs/heads/${branch}`);
      else if (!(await git.updateRef(`refs/heads/${branch}`, sha))) throw new Error(`cannot set ${branch} to ${sha}`);
      meta.pushedAt = clock.now();
      store.save(meta);
    },

    repoPath: (fullName) => store.repoPath(fullName),
    repo: (fullName) => {
      const m = store.get(fullName);
      return m ? summary(store, m) : undefined;
    },
    repos: () => store.all().map((m) => summary(store, m)),

    async refSha(fullName, ref) {
      const git = store.git(getMeta(fullName));
      if (ref.startsWith('refs/')) return git.refSha(ref);
      return (
        (await git.refSha(`refs/heads/${ref}`)) ?? (await git.refSha(`refs/tags/${ref}`)) ?? (await git.fullSha(ref))
      );
    },

    async readFile(fullName, ref, path) {
      const git = store.git(getMeta(fullName));
      const commit = ref.startsWith('refs/')
        ? await git.refSha(ref)
        : ((await git.refSha(`refs/heads/${ref}`)) ??
          (await git.refSha(`refs/tags/${ref}`)) ??
          (await git.fullSha(ref)));
      if (!commit) return null;
      const e = await git.entryAt(commit, path);
      if (e?.type !== 'blob') return null;
      return (await git.readBlob(e.sha)).toString('utf8');
    },

    pulls(fullName) {
      const meta = getMeta(fullName);
      return meta.pulls.map((p) => {
        const headOwner = p.headRepo.split('/')[0]!;
        return {
          number: p.number,
          id: p.id,
          title: p.title,
          body: p.body,
          state: p.state,
          draft: p.draft,
          merged: p.merged,
          user: p.user,
          head: { repo: p.headRepo, ref: p.headRef, label: `${headOwner}:${p.headRef}`, sha: p.headSha },
          base: { repo: `${meta.owner}/${meta.name}`, ref: p.baseRef },
          labels: [...p.labels],
          requestedReviewers: [...p.requestedReviewers],
          requestedTeams: [...p.requestedTeams],
          comments: p.comments.map((c) => ({ id: c.id, user: c.user, body: c.body })),
          createdAt: new Date(p.createdAt).toISOString(),
          updatedAt: new Date(p.updatedAt).toISOString(),
        };
      });
    },

    async mergePull(fullName, number, o = {}) {
      const meta = getMeta(fullName);
      return store.lock.run(`${meta.owner}/${meta.name}`.toLowerCase(), async () => {
        const pr = meta.pulls.find((p) => p.number === number);
        if (pr?.state !== 'open') throw new Error(`no open pull request #${number} in ${fullName}`);
        const git = store.git(meta);
        const headMeta = store.get(pr.headRepo);
        const headSha = headMeta
          ? ((await store.git(headMeta).refSha(`refs/heads/${pr.headRef}`)) ?? pr.headSha)
          : pr.headSha;
        if (headMeta && headMeta !== meta) {
          await git.fetchFrom(store.git(headMeta).path, `refs/heads/${pr.headRef}`, `refs/pull/${pr.number}/head`);
        }
        const baseRef = `refs/heads/${pr.baseRef}`;
        const baseSha = await git.refSha(baseRef);
        if (!baseSha) throw new Error(`base branch missing: ${pr.baseRef}`);
        if (!(await git.isAncestor(baseSha, headSha)))
          throw new Error('head is not based on the base branch; rebase first');
        const now = clock.now();
        const who = { name: o.by ?? meta.owner, email: `${o.by ?? meta.owner}@example.com`, time: now, tz: '+0000' };
        const method = o.method ?? 'merge';
        if (!MERGE_METHODS.includes(method)) throw new Error(`unknown merge method ${method}`);
        const headLabel = `${pr.headRepo.split('/')[0]}:${pr.headRef}`;
        const merge = await writeMerge(git, {
          baseSha,
          headSha,
          method,
          who,
          number: pr.number,
          headLabel,
          title: pr.title,
        });
        await git.updateRef(baseRef, merge, baseSha);
        if (o.deleteBranch && headMeta) await store.git(headMeta).deleteRef(`refs/heads/${pr.headRef}`, headSha);
        Object.assign(pr, {
          state: 'closed',
          merged: true,
          mergedAt: now,
          closedAt: now,
          updatedAt: now,
          mergeCommitSha: merge,
          mergedBy: o.by ?? meta.owner,
          headSha,
        });
        meta.pushedAt = now;
        store.save(meta);
        return merge;
      });
    },
  };
  return emulator;
}
