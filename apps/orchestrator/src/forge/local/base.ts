/** The local forge's ground floor: options, repository handles and the git helpers every layer shares. */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { run, tryRun, validateRepoName } from '../../git.js';
import type { RunOptions } from '../../git.js';
import type { CommitIdentity } from '../tool-commit.js';
import { commitEnv } from '../tool-commit.js';
import { ForgeError } from '../types.js';
import type { TreeEntry } from './objects.js';
import { RepoObjects } from './objects.js';

export interface LocalForgeOptions {
  /** Folder holding the repositories as `owner/name` (or `owner/name.git`). */
  root: string;
  /** Folder for change-request records, patches and temporary index files. */
  stateDir: string;
  /** Time source for commit dates and record timestamps (real time when absent). */
  clock?: () => Date;
  /** Who the tool's commits are by (the campaign's `commit`); git's own configuration when absent. */
  identity?: CommitIdentity;
  /**
   * The forge serves one command: each ref, the default branch and the checked-out branches are read once per
   * repository and remembered until `close()` (the forge's own writes update them). Leave off for a forge that
   * lives while repositories change under it.
   */
  perRun?: boolean;
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

export type { TreeEntry } from './objects.js';

/** Most `cat-file --batch` processes kept open at once (the least recently used is closed past it). */
const MAX_OPEN_BATCHES = 8;

/** The state and git helpers every layer of the local forge shares. */
export abstract class LocalForgeBase {
  readonly kind = 'local' as const;
  readonly root: string;
  readonly stateDir: string;
  private readonly clock: (() => Date) | undefined;
  private readonly identity: CommitIdentity | undefined;
  private readonly perRun: boolean;
  private readonly handles = new Map<string, RepoHandle>();
  private readonly objects = new Map<string, RepoObjects>();
  /** Repositories whose `cat-file --batch` may be running, least recently used first. */
  private readonly recent = new Set<RepoObjects>();
  private readonly identities = new Map<string, Promise<boolean>>();
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(options: LocalForgeOptions) {
    this.root = resolve(options.root);
    this.stateDir = resolve(options.stateDir);
    this.clock = options.clock;
    this.identity = options.identity;
    this.perRun = options.perRun ?? false;
  }

  /** Ends every git process the forge keeps open and forgets what the run remembered; the forge stays usable. */
  async close(): Promise<void> {
    const open = [...this.recent];
    this.recent.clear();
    this.objects.clear();
    this.identities.clear();
    await Promise.all(open.map((o) => o.release()));
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
    // Reading the ref snapshot is the check that git can use the folder (and, within a run, is kept).
    try {
      await this.repoObjects(handle).snapshot();
    } catch (error) {
      // git ran and refused the folder; any other failure (no git at all) stays what it is.
      const refused = error instanceof Error ? /^git \S+ failed \(exit \d+\): (.*)$/s.exec(error.message) : null;
      if (!refused) throw error;
      throw new ForgeError('repo-not-found', `${repo}: ${handle.dir} is not a git repository (${refused[1]})`);
    }
    this.handles.set(repo, handle);
    return handle;
  }

  /** The objects (and, within a run, refs) of a repository, through its `cat-file --batch`. */
  protected repoObjects(h: RepoHandle): RepoObjects {
    let objects = this.objects.get(h.gitDir);
    if (!objects) {
      objects = new RepoObjects(h.repo, h.dir, h.gitDir, h.bare, this.perRun);
      this.objects.set(h.gitDir, objects);
    }
    // Past the limit the least recently used repository's batch is closed and its trees dropped (memory stays
    // flat with the satellite count); it starts again if that repository is read later in the run.
    this.recent.delete(objects);
    this.recent.add(objects);
    while (this.recent.size > MAX_OPEN_BATCHES) {
      const oldest = this.recent.values().next().value as RepoObjects;
      this.recent.delete(oldest);
      void oldest.release();
    }
    return objects;
  }

  protected git(h: RepoHandle, args: string[], opts: Omit<RunOptions, 'gitDir'> = {}): Promise<string> {
    return run(h.dir, args, { ...opts, gitDir: h.gitDir });
  }

  /** The identity the tool commits with: the campaign's, else git's configuration; never one made up. */
  protected async commitEnvFor(h: RepoHandle): Promise<Record<string, string>> {
    if (!this.identity && !process.env.GIT_COMMITTER_EMAIL) {
      let configured = this.perRun ? this.identities.get(h.gitDir) : undefined;
      if (!configured) {
        configured = this.try(h, ['config', 'user.email']).then((r) => r.code === 0 && r.stdout.trim() !== '');
        if (this.perRun) this.identities.set(h.gitDir, configured);
      }
      if (!(await configured))
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

  /** The commit `ref` resolves to (as `rev-parse --verify REF^{commit}` would), or null; once per run. */
  protected revParseCommit(h: RepoHandle, ref: string): Promise<string | null> {
    return this.repoObjects(h).commit(ref);
  }

  protected branchTip(h: RepoHandle, branch: string): Promise<string | null> {
    return this.revParseCommit(h, `refs/heads/${branch}`);
  }

  protected isAncestor(h: RepoHandle, a: string, b: string): Promise<boolean> {
    return this.repoObjects(h).isAncestor(a, b);
  }

  /** Entries of a tree (or a commit's root tree), by name; remembered since objects never change. */
  protected lsTree(h: RepoHandle, treeish: string): Promise<Map<string, TreeEntry>> {
    return this.repoObjects(h).tree(treeish);
  }

  protected async assertNotCheckedOut(h: RepoHandle, branch: string): Promise<void> {
    if ((await this.repoObjects(h).snapshot()).checkedOut.has(branch))
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
