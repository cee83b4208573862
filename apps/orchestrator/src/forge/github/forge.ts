/**
 * The `github` forge: the same semantics as the `local` forge, through the GitHub REST API
 * with as few requests as the API allows.
 *
 * Reads: a repository's metadata and branch heads once per run (conditional requests, so a
 * re-run spends 304s), a commit's whole tree in one recursive listing, blobs by sha; every
 * sha-addressed object comes from the state folder's cache forever after. Files are found
 * in the tree and symlinks followed here, exactly as the local forge does.
 *
 * Writes (one proposal): the blob ids of the desired files are computed locally and
 * compared with the branch's tree, so nothing already there is written again; otherwise one
 * tree with inline contents, one commit carrying the tool trailer, the branch created or
 * fast-forwarded (never forced), and the pull request found by its head branch and updated
 * in place, or opened. Each step is journaled and checked against GitHub before it is taken
 * again, so a run killed anywhere and run again finishes without duplicates.
 *
 * A GitHubForge instance is one run: what it validated is reused until it writes to that
 * repository; a new instance revalidates everything (cheaply: 304s).
 */
import type { GitHubSettings, GitHubSettingsInput } from '@tmsync/core';
import { GitHubSettingsSchema } from '@tmsync/core';
import { createHash, randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { validateBranchName, validateRefName, validateRepoName, validateRepoPath } from '../../git.js';
import { hasToolTrailer, withTrailer } from '../tool-commit.js';
import { readThroughSymlinks } from '../paths.js';
import type { ChangeRequest, FileAtRef, Forge, ProposeInput, ProposeResult, TagRef } from '../types.js';
import { ForgeError } from '../types.js';
import { WriteBudget } from './budget.js';
import { ResponseCache } from './cache.js';
import type { Client, ClientStats } from './client.js';
import { createClient, REVALIDATE_HEADER } from './client.js';
import { forgeErrorFrom, statusOf, apiMessageOf } from './errors.js';
import type { JournalStep } from './journal.js';
import { Journal } from './journal.js';
import type { ApiTreeEntry } from './objects.js';
import { blobSha, synthesizeTree, TreeView } from './objects.js';
import { Mutex, sleep } from './pacing.js';
import { githubWebUrl } from './web-url.js';

export interface GitHubForgeOptions {
  /** The token (see resolveGitHubToken); it never appears in any output, log, file or error. */
  token: string;
  /** The campaign's `github` settings (defaults applied). */
  settings?: GitHubSettingsInput;
  /** Campaign state folder; the forge keeps `github/` in it (cache, budget, journal). Null: nothing persisted. */
  stateDir?: string | null;
  /** REST API base URL (GitHub Enterprise Server); overrides `settings.apiUrl`. */
  apiUrl?: string;
  /**
   * Scale of GitHub time (tests and benchmarks against a time-scaled emulator): the
   * budget window (an hour) and waits are multiplied by it. Default 1.
   */
  timeScale?: number;
  /** Milliseconds one `retry-after` second stands for (default 1000 x timeScale). */
  retryAfterBaseMs?: number;
  /** Called after each journaled step (tests use it to stop a run at every boundary). */
  onStep?: (step: JournalStep, info: { repo: string; branch: string }) => void | Promise<void>;
  /** Diagnostics: rate-limit waits, retries given up (already redacted). */
  log?: (line: string) => void;
  userAgent?: string;
  /** Longest wait for a new fork to become usable (default 5 minutes x timeScale). */
  forkTimeoutMs?: number;
}

/** What the forge knows of a repository. */
interface RepoInfo {
  fullName: string;
  owner: string;
  name: string;
  defaultBranch: string;
  push: boolean;
  fork: boolean;
  parent: string | null;
}

interface ApiRepo {
  full_name: string;
  name: string;
  owner: { login: string };
  default_branch: string;
  fork?: boolean;
  parent?: { full_name: string };
  permissions?: { push?: boolean };
}

interface ApiObject {
  sha: string;
  type: string;
}

interface ApiRef {
  ref: string;
  object: ApiObject;
}

interface ApiUser {
  login: string;
}

interface ApiPull {
  number: number;
  node_id: string;
  html_url: string;
  state: string;
  title: string;
  body: string | null;
  draft?: boolean;
  user: ApiUser | null;
  labels: { name?: string }[];
  requested_reviewers?: ApiUser[] | null;
  requested_teams?: { slug: string }[] | null;
  head: { ref: string; sha: string; repo: { full_name: string; owner: ApiUser } | null };
  base: { ref: string; repo: { full_name: string; default_branch?: string } };
}

interface ApiCommit {
  sha: string;
  commit: { message: string; author: { name?: string; email?: string } | null };
  author: ApiUser | null;
}

interface ApiCompare {
  status: string;
  commits: ApiCommit[];
  total_commits?: number;
}

interface ApiGitCommit {
  sha: string;
  tree: { sha: string };
}

/** Where a tool branch lives: this repository, a fork, or a repurposed draft's branch. */
interface Head {
  repo: string;
  ref: string;
  /** Owner of the head repository (the `owner:` of the PR's head). */
  owner: string;
}

/** A commit of the tool branch and whether tmsync made it. */
interface BranchCommit {
  sha: string;
  owned: boolean;
  mine: boolean;
  raw: ApiCommit;
}

type Pending =
  | { path: string; mode: string; content: string }
  | { path: string; mode: string; sha: string }
  | { path: string; delete: true };

const MARKER = /^<!-- tmsync:handed-back ([0-9a-f]{40}) -->$/m;
export { hasToolTrailer } from '../tool-commit.js';

/** A PR body without the tool's hidden markers. */
export function stripMarkers(body: string): string {
  return body
    .replace(/\r\n/g, '\n')
    .split('\n')
    .filter((line) => !MARKER.test(line))
    .join('\n')
    .replace(/\s+$/, '\n')
    .replace(/^\n$/, '');
}

function withMarker(body: string, accepted: string | null): string {
  const text = stripMarkers(body);
  if (!accepted) return text;
  return `${text.replace(/\s+$/, '')}\n\n<!-- tmsync:handed-back ${accepted} -->\n`;
}

function acceptedOf(body: string | null): string | null {
  return MARKER.exec((body ?? '').replace(/\r\n/g, '\n'))?.[1] ?? null;
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function labelNames(pr: ApiPull): string[] {
  return pr.labels.map((l) => l.name ?? '').filter(Boolean);
}

function hasLabel(pr: ApiPull, name: string): boolean {
  return labelNames(pr).some((l) => same(l, name));
}

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}

/** GitHub's REST API behind the `Forge` interface. */
export class GitHubForge implements Forge {
  readonly kind = 'github' as const;

  /** The web page of a file on this instance (github.com, or the GHES host of `apiUrl`). */
  webUrl(repo: string, ref: string, path: string): string {
    return githubWebUrl(this.apiUrl, repo, ref, path);
  }
  readonly settings: GitHubSettings;
  readonly apiUrl: string;
  /** `<state>/github`, or null. */
  readonly stateDir: string | null;
  private readonly client: Client;
  private readonly cache: ResponseCache;
  private readonly budget: WriteBudget;
  private readonly journal: Journal;
  private readonly secrets: string[];
  private readonly timeScale: number;
  private readonly runId = randomUUID().slice(0, 8);
  private readonly onStep: GitHubForgeOptions['onStep'];
  private readonly forkTimeoutMs: number;
  private readonly repos = new Map<string, Promise<RepoInfo>>();
  private readonly defaults = new Map<string, Promise<string>>();
  private readonly trees = new Map<string, Promise<TreeView>>();
  private readonly aliases = new Map<string, Head>();
  private readonly manyBranches = new Set<string>();
  private readonly locks = new Map<string, Mutex>();
  private mePromise: Promise<ApiUser> | null = null;

  constructor(options: GitHubForgeOptions) {
    if (!options.token) throw new ForgeError('permission', 'the github forge needs a token');
    this.settings = GitHubSettingsSchema.parse(options.settings ?? {});
    this.apiUrl = (options.apiUrl ?? this.settings.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '');
    this.stateDir = options.stateDir ? join(resolve(options.stateDir), 'github') : null;
    this.secrets = [options.token];
    this.timeScale = options.timeScale ?? 1;
    this.onStep = options.onStep;
    this.forkTimeoutMs = options.forkTimeoutMs ?? 5 * 60_000 * this.timeScale;
    const log = options.log ?? (() => undefined);
    this.cache = new ResponseCache(this.stateDir ? join(this.stateDir, 'etag-cache') : null);
    this.budget = new WriteBudget({
      dir: this.stateDir,
      limit: this.settings.hourlyBudget,
      windowMs: 3_600_000 * this.timeScale,
      mode: this.settings.onBudgetExhausted,
    });
    this.journal = new Journal(this.stateDir);
    this.client = createClient({
      token: options.token,
      baseUrl: this.apiUrl,
      userAgent: options.userAgent ?? 'tmsync',
      concurrency: this.settings.concurrency,
      writeSpacingMs: this.settings.writeSpacingMs,
      createSpacingMs: this.settings.createSpacingMs,
      maxRetries: this.settings.maxRetries,
      maxRateLimitWaitMs: this.settings.maxRateLimitWaitMs,
      retryAfterBaseMs: options.retryAfterBaseMs ?? 1000 * this.timeScale,
      cache: this.cache,
      budget: this.budget,
      log,
    });
  }

  /** Request counters of this run. */
  get stats(): Readonly<ClientStats> {
    return this.client.stats;
  }

  /** Content-creating requests used in the current budget window, and the budget. */
  budgetUsage(): { used: number; limit: number } {
    return { used: this.budget.used(), limit: this.settings.hourlyBudget };
  }

  /** Waits until cache entries and the budget are on disk (a run that is not killed calls it at the end). */
  async flush(): Promise<void> {
    await this.cache.flush();
    await this.budget.save();
  }

  // ---------------------------------------------------------------------------
  // requests

  private host(): string {
    try {
      return new URL(this.apiUrl).host;
    } catch {
      return this.apiUrl;
    }
  }

  /** One request; errors rebuilt without request details. `allow` lists statuses answered as null. */
  private async call<T>(
    what: string,
    route: string,
    params: Record<string, unknown>,
    options: { allow?: number[]; revalidate?: boolean; repo?: string } = {},
  ): Promise<{ data: T; headers: Record<string, unknown> } | null> {
    const headers = options.revalidate ? { [REVALIDATE_HEADER]: '1' } : undefined;
    try {
      const response = await this.client.octokit.request(route, headers ? { ...params, headers } : params);
      return { data: response.data as T, headers: response.headers as Record<string, unknown> };
    } catch (error) {
      if (options.allow?.includes(statusOf(error))) return null;
      if (options.repo && statusOf(error) === 404) throw this.noSuchRepo(options.repo);
      throw forgeErrorFrom(error, what, this.secrets);
    }
  }

  private noSuchRepo(repo: string): ForgeError {
    return new ForgeError(
      'repo-not-found',
      `${repo}: no such repository on ${this.host()} (or the token cannot see it)`,
    );
  }

  private async data<T>(
    what: string,
    route: string,
    params: Record<string, unknown>,
    options: { allow?: number[]; revalidate?: boolean; repo?: string } = {},
  ): Promise<T | null> {
    return (await this.call<T>(what, route, params, options))?.data ?? null;
  }

  private async must<T>(what: string, route: string, params: Record<string, unknown>): Promise<T> {
    return (await this.call<T>(what, route, params))!.data;
  }

  private parts(repo: string): { owner: string; repo: string } {
    const { owner, name } = validateRepoName(repo);
    return { owner, repo: name };
  }

  private async step(
    step: JournalStep,
    repo: string,
    branch: string,
    data: Record<string, unknown> = {},
  ): Promise<void> {
    await this.journal.append({ run: this.runId, repo, branch, step, ...data });
    await this.onStep?.(step, { repo, branch });
  }

  // ---------------------------------------------------------------------------
  // repositories, refs, objects

  private repoInfo(repo: string): Promise<RepoInfo> {
    const key = repo.toLowerCase();
    let p = this.repos.get(key);
    if (!p) {
      p = this.fetchRepo(repo);
      this.repos.set(key, p);
      p.catch(() => this.repos.delete(key));
    }
    return p;
  }

  private async fetchRepo(repo: string): Promise<RepoInfo> {
    const data = await this.data<ApiRepo>(repo, 'GET /repos/{owner}/{repo}', this.parts(repo), { allow: [404] });
    if (!data) throw this.noSuchRepo(repo);
    return {
      fullName: data.full_name,
      owner: data.owner.login,
      name: data.name,
      defaultBranch: data.default_branch,
      push: data.permissions?.push !== false,
      fork: !!data.fork,
      parent: data.parent?.full_name ?? null,
    };
  }

  private me(): Promise<ApiUser> {
    this.mePromise ??= this.must<ApiUser>("reading the token's user", 'GET /user', {});
    this.mePromise.catch(() => {
      this.mePromise = null;
    });
    return this.mePromise;
  }

  /** Branch name -> commit, from one listing of the branches (null when there are too many for one page). */
  private async heads(repo: string, revalidate: boolean): Promise<Map<string, string> | null> {
    const key = repo.toLowerCase();
    if (this.manyBranches.has(key)) return null;
    const res = await this.call<ApiRef[]>(
      `${repo}: listing branches`,
      'GET /repos/{owner}/{repo}/git/matching-refs/{ref}',
      { ...this.parts(repo), ref: 'heads/', per_page: 100 },
      { allow: [409], revalidate, repo },
    );
    if (!res) return new Map();
    if (typeof res.headers.link === 'string' && /rel="next"/.test(res.headers.link)) {
      this.manyBranches.add(key);
      return null;
    }
    const out = new Map<string, string>();
    for (const r of res.data)
      if (r.ref.startsWith('refs/heads/') && r.object.type === 'commit')
        out.set(r.ref.slice('refs/heads/'.length), r.object.sha);
    return out;
  }

  private async getRef(repo: string, ref: string, revalidate = false): Promise<ApiRef | null> {
    return this.data<ApiRef>(
      `${repo}: reading ref ${ref}`,
      'GET /repos/{owner}/{repo}/git/ref/{ref}',
      { ...this.parts(repo), ref },
      { allow: [404, 409, 422], revalidate },
    );
  }

  /** The commit a branch points at, or null. */
  private async branchSha(repo: string, branch: string, revalidate = false): Promise<string | null> {
    const heads = await this.heads(repo, revalidate);
    if (heads) return heads.get(branch) ?? null;
    const ref = await this.getRef(repo, `heads/${branch}`, revalidate);
    return ref ? this.peel(repo, ref.object) : null;
  }

  private async peel(repo: string, object: ApiObject): Promise<string | null> {
    let current = object;
    for (let i = 0; i < 8; i++) {
      if (current.type === 'commit') return current.sha;
      if (current.type !== 'tag') return null;
      const tag = await this.data<{ object: ApiObject }>(
        `${repo}: reading tag ${current.sha}`,
        'GET /repos/{owner}/{repo}/git/tags/{tag_sha}',
        {
          ...this.parts(repo),
          tag_sha: current.sha,
        },
        { allow: [404] },
      );
      if (!tag) return null;
      current = tag.object;
    }
    return null;
  }

  private async gitCommit(repo: string, sha: string): Promise<ApiGitCommit | null> {
    return this.data<ApiGitCommit>(
      `${repo}: reading commit ${sha.slice(0, 12)}`,
      'GET /repos/{owner}/{repo}/git/commits/{commit_sha}',
      { ...this.parts(repo), commit_sha: sha },
      { allow: [404, 409, 422] },
    );
  }

  private aliasKey(repo: string, branch: string): string {
    return `${repo.toLowerCase()}\0${branch}`;
  }

  private aliasOf(repo: string, ref: string): { repo: string; ref: string } {
    const alias = this.aliases.get(this.aliasKey(repo, ref));
    return alias ? { repo: alias.repo, ref: alias.ref } : { repo, ref };
  }

  private setAlias(repo: string, branch: string, pr: ApiPull): void {
    const headRepo = pr.head.repo?.full_name;
    const key = this.aliasKey(repo, branch);
    if (headRepo && (!same(headRepo, repo) || pr.head.ref !== branch))
      this.aliases.set(key, { repo: headRepo, ref: pr.head.ref, owner: pr.head.repo?.owner.login ?? '' });
    else this.aliases.delete(key);
  }

  private async resolveIn(repo: string, ref: string): Promise<string | null> {
    // The branch listing (usually needed anyway) also tells a missing repository apart.
    const heads = await this.heads(repo, false);
    if (heads && !/^[0-9a-f]{40}$/.test(ref) && !ref.startsWith('refs/') && heads.has(ref))
      return heads.get(ref) ?? null;
    if (/^[0-9a-f]{40}$/.test(ref)) return (await this.gitCommit(repo, ref)) ? ref : null;
    if (ref.startsWith('refs/')) {
      const r = await this.getRef(repo, ref.slice('refs/'.length));
      return r && r.ref === ref ? this.peel(repo, r.object) : null;
    }
    if (ref === 'HEAD') return this.branchSha(repo, await this.defaultBranch(repo));
    const branch = await this.branchSha(repo, ref);
    if (branch) return branch;
    const tag = await this.getRef(repo, `tags/${ref}`);
    if (tag && tag.ref === `refs/tags/${ref}`) return this.peel(repo, tag.object);
    if (/^[0-9a-f]{4,39}$/.test(ref)) {
      const c = await this.data<{ sha: string }>(
        `${repo}: resolving ${ref}`,
        'GET /repos/{owner}/{repo}/commits/{ref}',
        { ...this.parts(repo), ref },
        { allow: [404, 409, 422] },
      );
      return c?.sha ?? null;
    }
    return null;
  }

  /** The commit a ref resolves to and the repository holding its objects; `ref-not-found` when none. */
  private async commitOf(repo: string, ref: string | undefined): Promise<{ objRepo: string; commit: string }> {
    const name = ref === undefined ? await this.defaultBranch(repo) : validateRefName(ref);
    const target = this.aliasOf(repo, name);
    const commit = await this.resolveIn(target.repo, target.ref);
    if (!commit) throw new ForgeError('ref-not-found', `${repo}: ref ${name} does not exist`);
    return { objRepo: target.repo, commit };
  }

  /** The tree of a commit (one recursive listing, then from the cache forever). */
  private treeView(repo: string, commit: string): Promise<TreeView> {
    const key = `${repo.toLowerCase()}@${commit}`;
    let p = this.trees.get(key);
    if (!p) {
      p = (async () => {
        const fetchTree = async (treeSha: string) =>
          this.must<{ tree: ApiTreeEntry[] }>(
            `${repo}: reading tree ${treeSha.slice(0, 12)}`,
            'GET /repos/{owner}/{repo}/git/trees/{tree_sha}',
            { ...this.parts(repo), tree_sha: treeSha },
          );
        const data = await this.must<{ sha: string; tree: ApiTreeEntry[]; truncated?: boolean }>(
          `${repo}: reading the tree of ${commit.slice(0, 12)}`,
          'GET /repos/{owner}/{repo}/git/trees/{tree_sha}',
          { ...this.parts(repo), tree_sha: commit, recursive: '1' },
        );
        return TreeView.fromRecursive(data, fetchTree);
      })();
      this.trees.set(key, p);
      p.catch(() => this.trees.delete(key));
      if (this.trees.size > 500) this.trees.delete(this.trees.keys().next().value as string);
    }
    return p;
  }

  private async blobText(repo: string, sha: string): Promise<string> {
    const blob = await this.must<{ content: string; encoding: string }>(
      `${repo}: reading blob ${sha.slice(0, 12)}`,
      'GET /repos/{owner}/{repo}/git/blobs/{file_sha}',
      {
        ...this.parts(repo),
        file_sha: sha,
      },
    );
    return blob.encoding === 'base64' ? Buffer.from(blob.content, 'base64').toString('utf8') : blob.content;
  }

  // ---------------------------------------------------------------------------
  // Forge: reads

  /**
   * The repository's default branch. When an earlier run opened the tool's pull request
   * there, its (conditional) lookup answers this too — the PR names its base repository's
   * default branch — and the repository itself is not read.
   */
  async defaultBranch(repo: string): Promise<string> {
    const key = repo.toLowerCase();
    let p = this.defaults.get(key);
    if (!p) {
      p = this.lookupDefault(repo);
      this.defaults.set(key, p);
      p.catch(() => this.defaults.delete(key));
    }
    return p;
  }

  private async lookupDefault(repo: string): Promise<string> {
    await this.journal.load();
    const known = this.knownHead(repo);
    if (known) {
      const pr = await this.listPull(repo, known.owner, known.ref, false);
      const branch = pr?.base.repo.default_branch;
      if (branch && same(pr.base.repo.full_name, repo)) return branch;
    }
    return (await this.repoInfo(repo)).defaultBranch;
  }

  /** The commit a ref (branch, tag, sha) resolves to, or null when it does not exist. */
  async resolveRef(repo: string, ref: string): Promise<string | null> {
    validateRefName(ref);
    const target = this.aliasOf(repo, ref);
    return this.resolveIn(target.repo, target.ref);
  }

  /** Tags with the commit each points at (annotated tags peeled). */
  async listTags(repo: string): Promise<TagRef[]> {
    validateRepoName(repo);
    const out: TagRef[] = [];
    for (let page = 1; page <= 50; page++) {
      const res = await this.call<{ name: string; commit: { sha: string } }[]>(
        `${repo}: listing tags`,
        'GET /repos/{owner}/{repo}/tags',
        { ...this.parts(repo), per_page: 100, page },
        { allow: [409], repo },
      );
      if (!res) break;
      for (const t of res.data) out.push({ name: t.name, commit: t.commit.sha });
      if (!(typeof res.headers.link === 'string' && /rel="next"/.test(res.headers.link))) break;
    }
    return out;
  }

  /** Reads a file at a ref (default branch when absent), following in-repository symlinks as the local forge does. */
  async readFile(repo: string, path: string, ref?: string): Promise<FileAtRef | null> {
    validateRepoPath(path);
    const { objRepo, commit } = await this.commitOf(repo, ref);
    const view = await this.treeView(objRepo, commit);
    return readThroughSymlinks(repo, path, commit, {
      dir: async (dirPath) => {
        const entries = await view.dir(dirPath);
        if (!entries) return null;
        return new Map([...entries].map(([name, e]) => [name, { mode: e.mode, type: e.type, id: e.sha }]));
      },
      blob: (id) => this.blobText(objRepo, id),
    });
  }

  /** Paths of all files (symlinks and submodules included, as themselves) at a ref. */
  async listFiles(repo: string, ref?: string): Promise<string[]> {
    const { objRepo, commit } = await this.commitOf(repo, ref);
    return (await this.treeView(objRepo, commit)).files();
  }

  // ---------------------------------------------------------------------------
  // pull requests

  private async headOwner(info: RepoInfo): Promise<string> {
    return info.push ? info.owner : (this.settings.forkOrganization ?? (await this.me()).login);
  }

  /** Where the tool's PR of a repository (and branch) was opened, as the journal remembers it. */
  private knownHead(repo: string, branch?: string): { owner: string; ref: string } | null {
    const entries = this.journal.entries();
    for (let i = entries.length - 1; i >= 0; i--) {
      const e = entries[i]!;
      if (!same(e.repo, repo) || (branch !== undefined && e.branch !== branch)) continue;
      if ((e.step === 'pr' || e.step === 'done') && typeof e.headOwner === 'string' && typeof e.headRef === 'string')
        return { owner: e.headOwner, ref: e.headRef };
    }
    return null;
  }

  /** The open PR whose head is `owner:ref`, or null (one conditional request). */
  private async listPull(repo: string, owner: string, ref: string, revalidate: boolean): Promise<ApiPull | null> {
    const list =
      (await this.data<ApiPull[]>(
        `${repo}: looking up the pull request of ${ref}`,
        'GET /repos/{owner}/{repo}/pulls',
        {
          ...this.parts(repo),
          state: 'open',
          head: `${owner}:${ref}`,
          per_page: 100,
        },
        { revalidate, repo },
      )) ?? [];
    return (
      list.find((p) => p.state === 'open' && p.head.ref === ref && same(p.head.repo?.owner.login ?? '', owner)) ?? null
    );
  }

  /** The open pull request of a tool branch: by its head (where the journal says it is), else the draft it was repurposed into. */
  private async openPull(repo: string, branch: string, revalidate = false): Promise<ApiPull | null> {
    await this.journal.load();
    const known = this.knownHead(repo, branch);
    const owner = known?.owner ?? (await this.headOwner(await this.repoInfo(repo)));
    const ref = known?.ref ?? branch;
    // GitHub closes a pull request whose head branch is deleted: no branch here, no open PR.
    const here = same(owner, repo.split('/')[0] ?? '');
    const found =
      !here || (await this.branchSha(repo, ref, revalidate)) !== null
        ? await this.listPull(repo, owner, ref, revalidate)
        : null;
    if (found) {
      this.setAlias(repo, branch, found);
      return found;
    }
    const mapped = this.journal.last(repo, branch, 'repurposed');
    if (mapped && typeof mapped.number === 'number') {
      const pr = await this.data<ApiPull>(
        `${repo}: reading pull request #${mapped.number}`,
        'GET /repos/{owner}/{repo}/pulls/{pull_number}',
        {
          ...this.parts(repo),
          pull_number: mapped.number,
        },
        { allow: [404], revalidate },
      );
      if (pr && pr.state === 'open') {
        this.setAlias(repo, branch, pr);
        return pr;
      }
    }
    this.aliases.delete(this.aliasKey(repo, branch));
    return null;
  }

  private toChange(repo: string, branch: string, pr: ApiPull): ChangeRequest {
    return {
      repo,
      id: pr.number,
      title: pr.title,
      body: stripMarkers(pr.body ?? ''),
      base: pr.base.ref,
      head: branch,
      headSha: pr.head.sha,
      state: 'open',
      url: pr.html_url,
      labels: labelNames(pr),
      draft: !!pr.draft,
    };
  }

  /** The open change request whose head is `branch` (or the draft it was repurposed into), or null. */
  async findChange(repo: string, branch: string): Promise<ChangeRequest | null> {
    validateBranchName(branch);
    const pr = await this.openPull(repo, branch);
    return pr ? this.toChange(repo, branch, pr) : null;
  }

  /** Closes a pull request with a comment. Closing a closed one does nothing. */
  async closeChange(repo: string, id: number, comment: string): Promise<void> {
    const pr = await this.data<ApiPull>(
      `${repo}: reading pull request #${id}`,
      'GET /repos/{owner}/{repo}/pulls/{pull_number}',
      { ...this.parts(repo), pull_number: id },
      {
        allow: [404],
        revalidate: true,
      },
    );
    if (!pr) throw new ForgeError('ref-not-found', `${repo}: no change request #${id}`);
    if (pr.state !== 'open') return;
    const reservation = await this.budget.reserve(2, `${repo}: closing #${id}`);
    try {
      await this.client.withReservation(reservation, () => this.closePull(repo, pr, comment));
    } finally {
      reservation.release();
    }
  }

  private async closePull(repo: string, pr: ApiPull, comment: string): Promise<void> {
    if (comment.trim()) {
      await this.must(
        `${repo}: commenting on #${pr.number}`,
        'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
        { ...this.parts(repo), issue_number: pr.number, body: comment },
      );
    }
    await this.must(`${repo}: closing #${pr.number}`, 'PATCH /repos/{owner}/{repo}/pulls/{pull_number}', {
      ...this.parts(repo),
      pull_number: pr.number,
      state: 'closed',
    });
  }

  // ---------------------------------------------------------------------------
  // propose

  /** Proposes one commit with all the file changes on `branch` and opens or updates its pull request. Idempotent. */
  async propose(input: ProposeInput): Promise<ProposeResult> {
    validateBranchName(input.branch);
    const seen = new Set<string>();
    for (const change of input.changes) {
      validateRepoPath(change.path);
      if (seen.has(change.path)) throw new ForgeError('invalid-name', `${change.path} is listed twice in one change`);
      seen.add(change.path);
      if (change.content !== null && typeof change.content !== 'string')
        throw new ForgeError('invalid-name', `${change.path}: content must be a string or null`);
    }
    const base = input.base !== undefined ? validateBranchName(input.base) : await this.defaultBranch(input.repo);
    if (base === input.branch)
      throw new ForgeError('invalid-name', `the tool branch ${input.branch} cannot be the base branch`);
    await this.journal.load();
    let lock = this.locks.get(input.repo.toLowerCase());
    if (!lock) this.locks.set(input.repo.toLowerCase(), (lock = new Mutex()));
    return lock.run(async () => {
      try {
        return await this.proposeOnce(input, base, false);
      } catch (error) {
        if (!(error instanceof RaceError)) throw error;
        // Someone moved a ref between our read and our write: read again, once.
        this.client.invalidate(input.repo);
        if (error.repo) this.client.invalidate(error.repo);
        return this.proposeOnce(input, base, true);
      }
    });
  }

  private async commitsBetween(repo: string, base: string, head: Head, tip: string): Promise<BranchCommit[]> {
    if (tip === base) return [];
    const me = await this.me();
    const basehead = same(head.repo, repo) ? `${base}...${tip}` : `${base}...${head.owner}:${tip}`;
    const data = await this.must<ApiCompare>(
      `${repo}: comparing ${head.ref} with its base`,
      'GET /repos/{owner}/{repo}/compare/{basehead}',
      { ...this.parts(repo), basehead },
    );
    if (data.total_commits !== undefined && data.total_commits > data.commits.length)
      throw new ForgeError(
        'conflict',
        `${repo}: branch ${head.ref} holds ${data.total_commits} commits ahead of its base; too many to check, left alone`,
      );
    return data.commits.map((c) => {
      const mine = !!c.author && same(c.author.login, me.login);
      return {
        sha: c.sha,
        mine,
        owned: mine && hasToolTrailer(c.commit.message),
        raw: {
          sha: c.sha,
          commit: { message: c.commit.message, author: null },
          author: c.author ? { login: c.author.login } : null,
        },
      };
    });
  }

  private async proposeOnce(input: ProposeInput, base: string, retried: boolean): Promise<ProposeResult> {
    const repo = input.repo;
    const branch = input.branch;
    const s = this.settings;
    const baseTip = await this.branchSha(repo, base, retried);
    if (!baseTip) throw new ForgeError('ref-not-found', `${repo}: base branch ${base} does not exist`);
    let pr = await this.openPull(repo, branch, retried);
    // The repository's permissions are read only when needed: a PR in this repository means we could push here.
    let known: RepoInfo | null = null;
    const needInfo = async (): Promise<RepoInfo> => (known ??= await this.repoInfo(repo));
    let head: Head | null;
    let canLabel: boolean;
    if (pr?.head.repo) {
      head = { repo: pr.head.repo.full_name, ref: pr.head.ref, owner: pr.head.repo.owner.login };
      canLabel = same(head.repo, repo);
    } else {
      const info = await needInfo();
      canLabel = info.push;
      head = info.push
        ? { repo, ref: branch, owner: info.owner }
        : await this.findFork(repo, info, await this.headOwner(info), branch);
    }

    // Earlier per-repository drafts: repurposed into this PR, or closed once it exists.
    let repurposing: ApiPull | null = null;
    let toClose: ApiPull[] = [];
    const rp = s.repurpose;
    const rpDigest = rp ? digest(rp) : '';
    if (rp && this.journal.last(repo, branch, 'repurpose-checked')?.settings !== rpDigest) {
      const candidates = await this.draftCandidates(
        repo,
        base,
        branch,
        head?.owner ?? (await this.headOwner(await needInfo())),
        pr,
      );
      toClose = candidates;
      if (!pr && rp.action === 'update') {
        for (const c of candidates) {
          if (await this.canRepurpose(repo, await needInfo(), c, baseTip)) {
            repurposing = c;
            break;
          }
        }
        if (repurposing) {
          pr = repurposing;
          toClose = candidates.filter((c) => c.number !== repurposing!.number);
          head = {
            repo: repurposing.head.repo!.full_name,
            ref: repurposing.head.ref,
            owner: repurposing.head.repo!.owner.login,
          };
        }
      }
    }

    const tip = head ? await this.branchSha(head.repo, head.ref, retried) : null;
    const commits = tip && head ? await this.commitsBetween(repo, baseTip, head, tip) : [];
    const accepted = pr ? acceptedOf(pr.body) : null;
    const acceptedUpTo = accepted ? commits.findIndex((c) => c.sha === accepted) : -1;
    const foreign = commits.filter((c, i) => !c.owned && i > acceptedUpTo && !(repurposing && c.mine));
    // A repurposed draft's own commits are accepted for good: the marker in the PR body says up to where.
    let newMarker = accepted ?? (repurposing && tip && commits.length ? tip : null);
    const removeLabels: string[] = [];
    if (foreign.length > 0) {
      if (pr && hasLabel(pr, s.handBackLabel)) {
        newMarker = tip;
        for (const l of [s.handBackLabel, s.editedLabel]) if (hasLabel(pr, l)) removeLabels.push(l);
      } else {
        if (pr && canLabel && !hasLabel(pr, s.editedLabel)) {
          const reservation = await this.budget.reserve(1, `${repo}: labelling #${pr.number}`);
          try {
            await this.client.withReservation(reservation, () =>
              this.must(
                `${repo}: labelling #${pr!.number}`,
                'POST /repos/{owner}/{repo}/issues/{issue_number}/labels',
                { ...this.parts(repo), issue_number: pr!.number, labels: [s.editedLabel] },
              ),
            );
          } finally {
            reservation.release();
          }
          pr = { ...pr, labels: [...pr.labels, { name: s.editedLabel }] };
        }
        const shas = foreign.map((c) => c.sha.slice(0, 12)).join(', ');
        await this.step('foreign', repo, branch, { commits: foreign.map((c) => c.sha), pr: pr?.number ?? null });
        const where = head && !same(head.repo, repo) ? ` (in ${head.repo})` : '';
        return {
          outcome: 'foreign-commits',
          change: pr ? this.toChange(repo, branch, pr) : null,
          detail:
            `Branch ${head?.ref ?? branch}${where} of ${repo} holds ${foreign.length} commit(s) tmsync did not make (${shas}); left it alone` +
            (pr
              ? canLabel
                ? `, labelled #${pr.number} ${s.editedLabel} (add the label ${s.handBackLabel} to hand it back).`
                : ` (#${pr.number}).`
              : '.'),
        };
      }
    }

    const own = commits.length;
    const parent = own > 0 && tip ? tip : baseTip;
    const parentRepo = own > 0 && head ? head.repo : repo;
    const parentView = await this.treeView(parentRepo, parent);
    const pending = await this.pendingChanges(repo, parentView, input);
    if (repurposing) pending.push(...(await this.restoreBase(repo, parentView, baseTip, input)));

    let outcome: ProposeResult['outcome'];
    let detail: string;
    const reviewers = input.reviewers ?? [];
    const labels = input.labels ?? [];
    if (pending.length === 0 && own === 0) {
      // No branch ahead of the base and nothing to write: the base already holds these files.
      if (toClose.length === 0) await this.recordRepurposeChecked(repo, branch, rpDigest);
      return {
        outcome: 'unchanged',
        change: pr ? this.toChange(repo, branch, pr) : null,
        detail: `${repo}: ${base} already holds these files; nothing to propose.`,
      };
    }
    const textWrites = pr ? this.refreshWrites(repo, branch, pr, input, newMarker, removeLabels, canLabel) : 0;
    const needsWrites = pending.length > 0 || !pr || toClose.length > 0 || textWrites > 0;
    const openWrites = 1 + (canLabel && labels.length ? 1 : 0) + (canLabel && reviewers.length ? 1 : 0);
    const estimate =
      (pending.length ? 3 : 0) +
      (pending.length && !head ? 1 : 0) +
      (pr ? textWrites : openWrites) +
      2 * toClose.length;
    const reservation = needsWrites ? await this.budget.reserve(estimate, `${repo}`) : null;
    try {
      const run = async (): Promise<ChangeRequest> => {
        let headNow = head;
        let headSha = tip ?? baseTip;
        if (pending.length > 0) {
          if (!headNow) {
            const info = await needInfo();
            headNow = await this.ensureFork(repo, info, await this.headOwner(info), branch);
          }
          await this.step('intent', repo, branch, {
            base,
            baseTip,
            parent,
            headRepo: headNow.repo,
            headRef: headNow.ref,
            paths: pending.map((p) => p.path),
          });
          const treeKey = digest({ base: parentView.sha, pending });
          const message = withTrailer(input.message);
          const tree = await this.makeTree(repo, branch, headNow.repo, parentView.sha, pending, treeKey);
          const commit = await this.makeCommit(repo, branch, headNow.repo, tree, parent, message);
          await this.moveBranch(repo, branch, headNow, tip, commit);
          headSha = commit;
          await this.rememberCommit(repo, headNow, parentView, pending, tree, commit, baseTip, commits, message);
        }
        if (!headNow) throw new ForgeError('conflict', `${repo}: no branch to open a pull request from`);
        let current: ApiPull;
        if (pr) {
          current = await this.refreshPull(repo, branch, pr, input, newMarker, removeLabels, canLabel);
          if (repurposing)
            await this.step('repurposed', repo, branch, {
              number: pr.number,
              headRepo: headNow.repo,
              headRef: headNow.ref,
            });
          current = { ...current, head: { ...current.head, sha: headSha } };
        } else {
          current = await this.openNewPull(repo, branch, base, headNow, input, canLabel);
        }
        this.setAlias(repo, branch, current);
        for (const draft of toClose) {
          if (draft.number === current.number) continue;
          await this.closePull(
            repo,
            draft,
            `This draft is superseded by ${current.html_url}: the repository now points to the project's canonical threat model instead of carrying its own copy. Closed by tmsync.`,
          );
          await this.step('draft-closed', repo, branch, { number: draft.number, replacement: current.number });
        }
        await this.recordRepurposeChecked(repo, branch, rpDigest);
        if (reservation)
          await this.step('done', repo, branch, {
            pr: current.number,
            head: headSha,
            headRepo: current.head.repo?.full_name ?? headNow.repo,
            headRef: current.head.ref,
            headOwner: current.head.repo?.owner.login ?? headNow.owner,
          });
        return this.toChange(repo, branch, current);
      };
      const change = reservation ? await this.client.withReservation(reservation, run) : await run();
      const files = pending.length;
      const closed = toClose.length ? `; closed draft(s) ${toClose.map((d) => `#${d.number}`).join(', ')}` : '';
      if (repurposing && pending.length > 0) {
        outcome = 'updated';
        detail = `${repo}: repurposed draft #${change.id} into the pointer change (a commit of ${files} file(s) on ${head?.ref ?? branch})${closed}.`;
      } else if (pending.length > 0) {
        outcome = pr ? 'updated' : 'created';
        detail = pr
          ? `${repo}: added a commit (${files} file(s)) to ${branch} and updated pull request #${change.id}${closed}.`
          : `${repo}: committed ${files} file(s) on ${branch} and opened pull request #${change.id} (${change.url})${closed}.`;
      } else if (pr) {
        outcome = 'unchanged';
        detail = `${repo}: branch ${branch} already holds these files; pull request #${change.id} is up to date${closed}.`;
      } else {
        outcome = 'created';
        detail = `${repo}: branch ${branch} already held these files; opened pull request #${change.id} (${change.url})${closed}.`;
      }
      if (foreign.length > 0)
        detail += ` Resumed on top of ${foreign.length} commit(s) handed back with ${s.handBackLabel}.`;
      if (!canLabel && (labels.length || reviewers.length))
        detail += ' (Labels and reviewers need push access; not set from the fork.)';
      return { outcome, change, detail };
    } finally {
      reservation?.release();
    }
  }

  private async recordRepurposeChecked(repo: string, branch: string, settingsDigest: string): Promise<void> {
    if (!settingsDigest) return;
    if (this.journal.last(repo, branch, 'repurpose-checked')?.settings === settingsDigest) return;
    await this.journal.append({ run: this.runId, repo, branch, step: 'repurpose-checked', settings: settingsDigest });
  }

  /** The writes that make `view` hold the input's files (nothing for files already equal). */
  private async pendingChanges(repo: string, view: TreeView, input: ProposeInput): Promise<Pending[]> {
    const pending: Pending[] = [];
    for (const change of input.changes) {
      const { entry, underFile } = await view.entryAt(change.path);
      if (underFile) {
        const what = underFile.entry.mode === '120000' ? 'a symlink' : 'a file';
        throw new ForgeError('invalid-name', `${repo}: cannot write ${change.path}: ${underFile.prefix} is ${what}`);
      }
      if (entry && entry.type !== 'blob')
        throw new ForgeError(
          'invalid-name',
          `${repo}: ${change.path} is a ${entry.type === 'tree' ? 'directory' : 'submodule'}, not a file`,
        );
      if (change.content === null) {
        if (entry) pending.push({ path: change.path, delete: true });
        continue;
      }
      if (entry?.mode === '120000')
        throw new ForgeError('invalid-name', `${repo}: ${change.path} is a symlink; write to the path it points at`);
      if (!entry || entry.sha !== blobSha(change.content))
        pending.push({ path: change.path, mode: entry?.mode ?? '100644', content: change.content });
    }
    return pending;
  }

  /** For a repurposed draft: every path the draft changed and the input does not write, back to the base's version. */
  private async restoreBase(
    repo: string,
    draftView: TreeView,
    baseTip: string,
    input: ProposeInput,
  ): Promise<Pending[]> {
    const baseView = await this.treeView(repo, baseTip);
    const draft = await draftView.flatten();
    const base = await baseView.flatten();
    const written = new Set(input.changes.map((c) => c.path));
    const out: Pending[] = [];
    for (const [path, entry] of draft) {
      if (written.has(path)) continue;
      const b = base.get(path);
      if (!b) out.push({ path, delete: true });
      else if (b.sha !== entry.sha || b.mode !== entry.mode) out.push({ path, mode: b.mode, sha: b.sha });
    }
    for (const [path, b] of base)
      if (!draft.has(path) && !written.has(path)) out.push({ path, mode: b.mode, sha: b.sha });
    return out;
  }

  private async makeTree(
    repo: string,
    branch: string,
    writeRepo: string,
    baseTree: string,
    pending: Pending[],
    key: string,
  ): Promise<string> {
    const done = this.journal.last(repo, branch, 'tree');
    if (done && done.key === key && typeof done.tree === 'string' && same(String(done.headRepo ?? ''), writeRepo))
      return done.tree;
    const tree = pending.map((p) =>
      'delete' in p
        ? { path: p.path, mode: '100644', type: 'blob', sha: null }
        : 'content' in p
          ? { path: p.path, mode: p.mode, type: 'blob', content: p.content }
          : { path: p.path, mode: p.mode, type: p.mode === '160000' ? 'commit' : 'blob', sha: p.sha },
    );
    const created = await this.must<{ sha: string }>(
      `${repo}: writing the tree`,
      'POST /repos/{owner}/{repo}/git/trees',
      { ...this.parts(writeRepo), base_tree: baseTree, tree },
    );
    await this.step('tree', repo, branch, { key, tree: created.sha, headRepo: writeRepo });
    return created.sha;
  }

  private async makeCommit(
    repo: string,
    branch: string,
    writeRepo: string,
    tree: string,
    parent: string,
    message: string,
  ): Promise<string> {
    const done = this.journal.last(repo, branch, 'commit');
    if (
      done &&
      done.tree === tree &&
      done.parent === parent &&
      typeof done.commit === 'string' &&
      same(String(done.headRepo ?? ''), writeRepo)
    ) {
      // Made before an interruption: reuse it if GitHub still has it.
      if (await this.gitCommit(writeRepo, done.commit)) return done.commit;
    }
    const created = await this.must<{ sha: string }>(
      `${repo}: writing the commit`,
      'POST /repos/{owner}/{repo}/git/commits',
      { ...this.parts(writeRepo), message, tree, parents: [parent] },
    );
    await this.step('commit', repo, branch, { commit: created.sha, tree, parent, headRepo: writeRepo });
    return created.sha;
  }

  /**
   * Remembers, as the cache would after reading them, the tree, blobs and comparison of a
   * commit the tool just made, so that the next run reads none of them back. The tree is
   * recomputed locally and kept only when its id matches the one GitHub gave.
   */
  private async rememberCommit(
    repo: string,
    head: Head,
    parentView: TreeView,
    pending: Pending[],
    tree: string,
    commit: string,
    baseTip: string,
    previous: BranchCommit[],
    message: string,
  ): Promise<void> {
    const files = await parentView.flatten();
    for (const p of pending) {
      if ('delete' in p) files.delete(p.path);
      else if ('content' in p) files.set(p.path, { mode: p.mode, type: 'blob', sha: blobSha(p.content) });
      else files.set(p.path, { mode: p.mode, type: p.mode === '160000' ? 'commit' : 'blob', sha: p.sha });
    }
    const synth = synthesizeTree(files);
    if (synth.sha !== tree) return;
    const at = this.parts(head.repo);
    this.client.prime(
      'GET /repos/{owner}/{repo}/git/trees/{tree_sha}',
      { ...at, tree_sha: commit, recursive: '1' },
      { sha: tree, tree: synth.tree, truncated: false },
    );
    for (const p of pending) {
      if (!('content' in p)) continue;
      const bytes = Buffer.from(p.content, 'utf8');
      const sha = blobSha(bytes);
      this.client.prime(
        'GET /repos/{owner}/{repo}/git/blobs/{file_sha}',
        { ...at, file_sha: sha },
        { sha, size: bytes.length, content: bytes.toString('base64'), encoding: 'base64' },
      );
    }
    const me = await this.me();
    const commits: ApiCommit[] = [
      ...previous.map((c) => c.raw),
      { sha: commit, commit: { message, author: null }, author: { login: me.login } },
    ];
    const basehead = same(head.repo, repo) ? `${baseTip}...${commit}` : `${baseTip}...${head.owner}:${commit}`;
    this.client.prime(
      'GET /repos/{owner}/{repo}/compare/{basehead}',
      { ...this.parts(repo), basehead },
      { status: 'ahead', commits, total_commits: commits.length },
    );
  }

  /** Creates the branch at `commit`, or fast-forwards it from `tip` (never forced). */
  private async moveBranch(
    repo: string,
    branch: string,
    head: Head,
    tip: string | null,
    commit: string,
  ): Promise<void> {
    const what = `${repo}: ${tip ? 'updating' : 'creating'} branch ${head.ref}${same(head.repo, repo) ? '' : ` in ${head.repo}`}`;
    try {
      if (tip === null) {
        await this.client.octokit.request('POST /repos/{owner}/{repo}/git/refs', {
          ...this.parts(head.repo),
          ref: `refs/heads/${head.ref}`,
          sha: commit,
        });
      } else {
        await this.client.octokit.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', {
          ...this.parts(head.repo),
          ref: `heads/${head.ref}`,
          sha: commit,
          force: false,
        });
      }
    } catch (error) {
      const status = statusOf(error);
      if (status === 422 || status === 409) {
        // Already there (a lost response), or someone moved the branch: look again.
        this.client.invalidate(head.repo);
        const now = await this.branchSha(head.repo, head.ref, true);
        if (now !== commit) throw new RaceError(`${what}: ${apiMessageOf(error)}`, head.repo);
      } else throw forgeErrorFrom(error, what, this.secrets);
    }
    this.client.invalidate(head.repo);
    if (!same(head.repo, repo)) this.client.invalidate(repo);
    await this.step('ref', repo, branch, { headRepo: head.repo, headRef: head.ref, sha: commit });
  }

  /** How many writes bringing an open PR to the input's text, labels, draft state and reviewers takes. */
  private refreshWrites(
    repo: string,
    branch: string,
    pr: ApiPull,
    input: ProposeInput,
    marker: string | null,
    removeLabels: string[],
    canLabel: boolean,
  ): number {
    let n = removeLabels.length;
    if (pr.title !== input.title || (pr.body ?? '').replace(/\r\n/g, '\n') !== withMarker(input.body, marker)) n += 1;
    if (canLabel && (input.labels ?? []).some((l) => !hasLabel(pr, l))) n += 1;
    if ((input.draft ?? false) !== !!pr.draft) n += 1;
    if (canLabel && this.reviewersToAsk(repo, branch, pr, input).length > 0) n += 1;
    return n;
  }

  private reviewersToAsk(repo: string, branch: string, pr: ApiPull, input: ProposeInput): string[] {
    const asked = new Set<string>([
      ...(pr.requested_reviewers ?? []).map((u) => u.login.toLowerCase()),
      ...(pr.requested_teams ?? []).map((t) => t.slug.toLowerCase()),
    ]);
    const before = this.journal.last(repo, branch, 'reviewers');
    const journaled = new Set(
      Array.isArray(before?.reviewers) && before?.number === pr.number
        ? (before.reviewers as string[]).map((r) => r.toLowerCase())
        : [],
    );
    const author = pr.user?.login.toLowerCase();
    return (input.reviewers ?? []).filter((r) => {
      const key = (r.includes('/') ? (r.split('/')[1] ?? r) : r).toLowerCase();
      return !asked.has(key) && !journaled.has(r.toLowerCase()) && key !== author;
    });
  }

  private async requestReviewers(repo: string, branch: string, pr: ApiPull, reviewers: string[]): Promise<void> {
    if (reviewers.length === 0) return;
    const users = reviewers.filter((r) => !r.includes('/'));
    const teams = reviewers.filter((r) => r.includes('/')).map((r) => r.split('/')[1] ?? r);
    await this.must(
      `${repo}: requesting reviews on #${pr.number}`,
      'POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers',
      {
        ...this.parts(repo),
        pull_number: pr.number,
        reviewers: users,
        team_reviewers: teams,
      },
    );
    const before = this.journal.last(repo, branch, 'reviewers');
    const all = [
      ...new Set([
        ...(before?.number === pr.number && Array.isArray(before.reviewers) ? (before.reviewers as string[]) : []),
        ...reviewers,
      ]),
    ];
    await this.step('reviewers', repo, branch, { number: pr.number, reviewers: all });
  }

  private async setDraft(repo: string, pr: ApiPull, draft: boolean): Promise<void> {
    const mutation = draft ? 'convertPullRequestToDraft' : 'markPullRequestReadyForReview';
    // REST cannot change the draft state; octokit.graphql also finds GHES's /api/graphql.
    try {
      await this.client.octokit.graphql(
        `mutation($id: ID!) { ${mutation}(input: { pullRequestId: $id }) { pullRequest { isDraft } } }`,
        { id: pr.node_id },
      );
    } catch (error) {
      const errors = (error as { errors?: { message?: string }[] }).errors;
      if (Array.isArray(errors) && errors.length)
        throw forgeErrorFrom(
          new Error(errors.map((e) => e.message ?? '').join('; ')),
          `${repo}: changing the draft state of #${pr.number}`,
          this.secrets,
          'http',
        );
      throw forgeErrorFrom(error, `${repo}: changing the draft state of #${pr.number}`, this.secrets);
    }
  }

  /** Brings an open pull request's title, body, labels, draft state and reviewers to the input's. */
  private async refreshPull(
    repo: string,
    branch: string,
    pr: ApiPull,
    input: ProposeInput,
    marker: string | null,
    removeLabels: string[],
    canLabel: boolean,
  ): Promise<ApiPull> {
    let current = pr;
    const body = withMarker(input.body, marker);
    if (pr.title !== input.title || (pr.body ?? '').replace(/\r\n/g, '\n') !== body) {
      current = await this.must<ApiPull>(
        `${repo}: updating pull request #${pr.number}`,
        'PATCH /repos/{owner}/{repo}/pulls/{pull_number}',
        {
          ...this.parts(repo),
          pull_number: pr.number,
          title: input.title,
          body,
        },
      );
      await this.step('pr-updated', repo, branch, { number: pr.number });
    }
    let names = labelNames(current);
    for (const label of removeLabels) {
      await this.call(
        `${repo}: removing label ${label} from #${pr.number}`,
        'DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}',
        {
          ...this.parts(repo),
          issue_number: pr.number,
          name: label,
        },
        { allow: [404] },
      );
      names = names.filter((n) => !same(n, label));
    }
    const missing = canLabel ? (input.labels ?? []).filter((l) => !names.some((n) => same(n, l))) : [];
    if (missing.length) {
      await this.must(`${repo}: labelling #${pr.number}`, 'POST /repos/{owner}/{repo}/issues/{issue_number}/labels', {
        ...this.parts(repo),
        issue_number: pr.number,
        labels: missing,
      });
      names = [...names, ...missing];
      await this.step('labels', repo, branch, { number: pr.number, labels: missing });
    }
    const draft = input.draft ?? false;
    if (draft !== !!current.draft) {
      await this.setDraft(repo, current, draft);
      await this.step('draft-state', repo, branch, { number: pr.number, draft });
    }
    if (canLabel) await this.requestReviewers(repo, branch, current, this.reviewersToAsk(repo, branch, current, input));
    return { ...current, labels: names.map((name) => ({ name })), draft };
  }

  /** Opens the pull request of a tool branch (or adopts the one a lost response already opened). */
  private async openNewPull(
    repo: string,
    branch: string,
    base: string,
    head: Head,
    input: ProposeInput,
    canLabel: boolean,
  ): Promise<ApiPull> {
    let pr: ApiPull;
    try {
      const res = await this.client.octokit.request('POST /repos/{owner}/{repo}/pulls', {
        ...this.parts(repo),
        title: input.title,
        body: input.body,
        head: same(head.repo, repo) ? head.ref : `${head.owner}:${head.ref}`,
        base,
        draft: input.draft ?? false,
      });
      pr = res.data as unknown as ApiPull;
    } catch (error) {
      if (statusOf(error) === 422 && /already exists/i.test(apiMessageOf(error))) {
        const existing = await this.openPull(repo, branch, true);
        if (!existing) throw forgeErrorFrom(error, `${repo}: opening the pull request`, this.secrets);
        await this.step('pr', repo, branch, {
          number: existing.number,
          adopted: true,
          headRepo: head.repo,
          headRef: head.ref,
          headOwner: head.owner,
        });
        return this.refreshPull(repo, branch, existing, input, null, [], canLabel);
      }
      throw forgeErrorFrom(error, `${repo}: opening the pull request`, this.secrets);
    }
    this.client.invalidate(repo);
    await this.step('pr', repo, branch, {
      number: pr.number,
      url: pr.html_url,
      headRepo: head.repo,
      headRef: head.ref,
      headOwner: head.owner,
    });
    const labels = input.labels ?? [];
    if (canLabel && labels.length) {
      await this.must(`${repo}: labelling #${pr.number}`, 'POST /repos/{owner}/{repo}/issues/{issue_number}/labels', {
        ...this.parts(repo),
        issue_number: pr.number,
        labels,
      });
      pr = { ...pr, labels: labels.map((name) => ({ name })) };
      await this.step('labels', repo, branch, { number: pr.number, labels });
    }
    if (canLabel) await this.requestReviewers(repo, branch, pr, this.reviewersToAsk(repo, branch, pr, input));
    return pr;
  }

  // ---------------------------------------------------------------------------
  // forks

  /** The fork holding the tool branch when the token cannot push to `repo`, if it exists already. */
  private async findFork(repo: string, info: RepoInfo, owner: string, branch: string): Promise<Head | null> {
    const known = [...this.journal.entries()].reverse().find((e) => e.step === 'fork' && same(e.repo, repo));
    const names = [
      ...new Set([typeof known?.fork === 'string' ? known.fork : '', `${owner}/${info.name}`].filter(Boolean)),
    ];
    for (const name of names) {
      let fork: ApiRepo | null;
      try {
        fork = await this.data<ApiRepo>(
          `${repo}: looking for the fork ${name}`,
          'GET /repos/{owner}/{repo}',
          this.parts(name),
          { allow: [404] },
        );
      } catch {
        fork = null;
      }
      if (fork?.fork && fork.parent && same(fork.parent.full_name, info.fullName))
        return { repo: fork.full_name, ref: branch, owner: fork.owner.login };
    }
    return null;
  }

  /** Forks `repo` (GitHub answers at once but the fork is usable only after a while) and waits until it is. */
  private async ensureFork(repo: string, info: RepoInfo, owner: string, branch: string): Promise<Head> {
    const existing = await this.findFork(repo, info, owner, branch);
    let full: string;
    let forkOwner: string;
    if (existing) {
      full = existing.repo;
      forkOwner = existing.owner;
    } else {
      const org = this.settings.forkOrganization;
      const fork = await this.must<ApiRepo>(`${repo}: forking`, 'POST /repos/{owner}/{repo}/forks', {
        ...this.parts(repo),
        ...(org ? { organization: org } : {}),
        default_branch_only: true,
      });
      full = fork.full_name;
      forkOwner = fork.owner.login;
      await this.step('fork', repo, branch, { fork: full });
    }
    const deadline = Date.now() + this.forkTimeoutMs;
    let delay = Math.max(10, 1000 * this.timeScale);
    for (;;) {
      const res = await this.call<ApiRef[]>(
        `${repo}: waiting for the fork ${full}`,
        'GET /repos/{owner}/{repo}/git/matching-refs/{ref}',
        { ...this.parts(full), ref: 'heads/', per_page: 1 },
        {
          allow: [404, 409],
          revalidate: true,
        },
      );
      if (res && res.data.length > 0) break;
      if (Date.now() > deadline)
        throw new ForgeError('conflict', `${repo}: the fork ${full} is not ready yet; run again in a few minutes`);
      await sleep(delay);
      delay = Math.min(delay * 2, 10_000 * this.timeScale + 10);
    }
    this.client.invalidate(full);
    return { repo: full, ref: branch, owner: forkOwner };
  }

  // ---------------------------------------------------------------------------
  // repurpose

  /** Open drafts matching the repurpose patterns, by the allowed authors, other than the tool's own PR. */
  private async draftCandidates(
    repo: string,
    base: string,
    branch: string,
    headOwner: string,
    own: ApiPull | null,
  ): Promise<ApiPull[]> {
    const rp = this.settings.repurpose;
    if (!rp) return [];
    const authors = (rp.authors ?? [(await this.me()).login]).map((a) => a.toLowerCase());
    const byBranch = rp.branchPattern ? new RegExp(rp.branchPattern) : null;
    const byTitle = rp.titlePattern ? new RegExp(rp.titlePattern) : null;
    const out: ApiPull[] = [];
    for (let page = 1; page <= 10; page++) {
      const res = await this.call<ApiPull[]>(`${repo}: listing open pull requests`, 'GET /repos/{owner}/{repo}/pulls', {
        ...this.parts(repo),
        state: 'open',
        base,
        per_page: 100,
        page,
      });
      if (!res) break;
      for (const p of res.data) {
        if (own && p.number === own.number) continue;
        if (p.head.ref === branch && same(p.head.repo?.owner.login ?? '', headOwner)) continue;
        if (!authors.includes((p.user?.login ?? '').toLowerCase())) continue;
        if (byBranch?.test(p.head.ref) || byTitle?.test(p.title)) out.push(p);
      }
      if (!(typeof res.headers.link === 'string' && /rel="next"/.test(res.headers.link))) break;
    }
    return out.sort((a, b) => a.number - b.number);
  }

  /** Whether a draft's branch can take the pointer commit: we can push to it and every commit on it is the token user's own. */
  private async canRepurpose(repo: string, info: RepoInfo, draft: ApiPull, baseTip: string): Promise<boolean> {
    const headRepo = draft.head.repo;
    if (!headRepo) return false;
    const me = await this.me();
    const pushable = same(headRepo.full_name, repo)
      ? info.push
      : same(headRepo.owner.login, me.login) ||
        (await this.repoInfo(headRepo.full_name).then(
          (r) => r.push,
          () => false,
        ));
    if (!pushable) return false;
    const commits = await this.commitsBetween(
      repo,
      baseTip,
      { repo: headRepo.full_name, ref: draft.head.ref, owner: headRepo.owner.login },
      draft.head.sha,
    );
    return commits.every((c) => c.mine);
  }
}

/** A ref moved between our read and our write. */
class RaceError extends ForgeError {
  constructor(
    message: string,
    readonly repo: string,
  ) {
    super('conflict', message);
  }
}
