/** The local forge's ground floor: options, repository handles and the git helpers every layer shares. */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { run, tryRun, gitFailed, stderrHeadline, validateRepoName } from '../../git.js';
import type { RunOptions } from '../../git.js';
import type { CommitIdentity } from '../tool-commit.js';
import { commitEnv } from '../tool-commit.js';
import { ForgeError } from '../types.js';

export interface LocalForgeOptions {
  /** Folder holding the repositories as `owner/name` (or `owner/name.git`). */
  root: string;
  /** Folder for change-request records, patches and temporary index files. */
  stateDir: string;
  /** Time source for commit dates and record timestamps (real time when absent). */
  clock?: () => Date;
  /** Who the tool's commits are by (the campaign's `commit`); git's own configuration when absent. */
  identity?: CommitIdentity;
}

/** An opened repository: its name, and where git runs for it. */
export interface RepoHandle {
  repo: string;
  owner: string;
  name: string;
  /** Working directory for git (the work tree, or the bare repository). */
  dir: string;
  gitDir: string;
  bare: boolean;
}

/** One entry of a git tree (`ls-tree`). */
export interface TreeEntry {
  mode: string;
  type: string;
  oid: string;
}

/** The state and git helpers every layer of the local forge shares. */
export abstract class LocalForgeBase {
  readonly kind = 'local' as const;
  readonly root: string;
  readonly stateDir: string;
  private readonly clock: (() => Date) | undefined;
  private readonly identity: CommitIdentity | undefined;
  private readonly handles = new Map<string, RepoHandle>();
  private readonly trees = new Map<string, Map<string, TreeEntry>>();
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(options: LocalForgeOptions) {
    this.root = resolve(options.root);
    this.stateDir = resolve(options.stateDir);
    this.clock = options.clock;
    this.identity = options.identity;
  }

  protected async open(repo: string): Promise<RepoHandle> {
    const { owner, name } = validateRepoName(repo);
    const cached = this.handles.get(repo);
    if (cached) return cached;
    const dir = join(this.root, owner, name);
    let handle: RepoHandle | undefined;
    if (existsSync(join(dir, '.git'))) handle = { repo, owner, name, dir, gitDir: join(dir, '.git'), bare: false };
    else if (looksBare(dir)) handle = { repo, owner, name, dir, gitDir: dir, bare: true };
    else if (looksBare(`${dir}.git`))
      handle = { repo, owner, name, dir: `${dir}.git`, gitDir: `${dir}.git`, bare: true };
    if (!handle) throw new ForgeError('repo-not-found', `${repo}: no git repository at ${dir}`);
    const check = await tryRun(handle.dir, ['rev-parse', '--git-dir'], { gitDir: handle.gitDir });
    if (check.code !== 0)
      throw new ForgeError(
        'repo-not-found',
        `${repo}: ${handle.dir} is not a git repository (${stderrHeadline(check.stderr)})`,
      );
    this.handles.set(repo, handle);
    return handle;
  }

  protected git(h: RepoHandle, args: string[], opts: Omit<RunOptions, 'gitDir'> = {}): Promise<string> {
    return run(h.dir, args, { ...opts, gitDir: h.gitDir });
  }

  /** The identity the tool commits with: the campaign's, else git's configuration; never one made up. */
  protected async commitEnvFor(h: RepoHandle): Promise<Record<string, string>> {
    if (!this.identity && !process.env.GIT_COMMITTER_EMAIL) {
      const configured = await this.try(h, ['config', 'user.email']);
      if (configured.code !== 0 || configured.stdout.trim() === '')
        throw new ForgeError(
          'git-failed',
          `${h.repo}: no identity to commit with: set commit: {name, email} in the campaign file, or git config user.name and user.email`,
        );
    }
    return commitEnv(this.identity, this.clock?.());
  }

  protected try(h: RepoHandle, args: string[], opts: Omit<RunOptions, 'gitDir'> = {}) {
    return tryRun(h.dir, args, { ...opts, gitDir: h.gitDir });
  }

  protected async revParseCommit(h: RepoHandle, ref: string): Promise<string | null> {
    const args = ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`];
    const result = await this.try(h, args);
    if (result.code === 0) return result.stdout.trim();
    if (result.code === 1) return null;
    throw gitFailed(args, result);
  }

  protected branchTip(h: RepoHandle, branch: string): Promise<string | null> {
    return this.revParseCommit(h, `refs/heads/${branch}`);
  }

  protected async isAncestor(h: RepoHandle, a: string, b: string): Promise<boolean> {
    const result = await this.try(h, ['merge-base', '--is-ancestor', a, b]);
    return result.code === 0;
  }

  /** Entries of a tree (or a commit's root tree), by name; cached since objects never change. */
  protected async lsTree(h: RepoHandle, treeish: string): Promise<Map<string, TreeEntry>> {
    const key = `${h.gitDir}\0${treeish}`;
    const cached = this.trees.get(key);
    if (cached) return cached;
    const out = await this.git(h, ['ls-tree', '-z', treeish]);
    const entries = new Map<string, TreeEntry>();
    for (const record of out.split('\0')) {
      const tab = record.indexOf('\t');
      if (tab < 0) continue;
      const [mode = '', type = '', oid = ''] = record.slice(0, tab).split(' ');
      entries.set(record.slice(tab + 1), { mode, type, oid });
    }
    if (this.trees.size > 2000) this.trees.clear();
    this.trees.set(key, entries);
    return entries;
  }

  protected async assertNotCheckedOut(h: RepoHandle, branch: string): Promise<void> {
    const out = await this.git(h, ['worktree', 'list', '--porcelain']);
    const ref = `refs/heads/${branch}`;
    if (out.split('\n').some((line) => line === `branch ${ref}`))
      throw new ForgeError(
        'conflict',
        `${h.repo}: branch ${branch} is checked out in a work tree; switch to another branch first`,
      );
  }

  protected now(): string {
    return (this.clock ? this.clock() : new Date()).toISOString();
  }

  protected async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(key, settled);
    try {
      return await next;
    } finally {
      if (this.locks.get(key) === settled) this.locks.delete(key);
    }
  }
}

function looksBare(dir: string): boolean {
  try {
    return (
      statSync(join(dir, 'HEAD')).isFile() &&
      statSync(join(dir, 'objects')).isDirectory() &&
      statSync(join(dir, 'refs')).isDirectory()
    );
  } catch {
    return false;
  }
}
