/**
 * The `local` forge: git repositories on disk (`root/owner/name`, a clone with
 * a work tree or a bare repository). Reads go through object ids only; writes
 * go through plumbing (a temporary index in the state folder, `commit-tree`,
 * compare-and-swap `update-ref`), so the user's work tree, index and checked-out
 * branch are never touched. Change requests are recorded as JSON next to a
 * `git format-patch` file a human can mail or `git am`.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile as fsReadFile, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeAtomic } from '../fsutil.js';
import {
  run,
  tryRun,
  gitFailed,
  stderrHeadline,
  validateBranchName,
  validateRefName,
  validateRepoName,
  validateRepoPath,
} from '../git.js';
import type { RunOptions } from '../git.js';
import type { PathEntry } from './paths.js';
import { readThroughSymlinks } from './paths.js';
import type { CommitIdentity } from './tool-commit.js';
import { commitEnv, TRAILER_KEY, TRAILER_VALUE, withTrailer } from './tool-commit.js';
import { ForgeError } from './types.js';
import { blobUrl, GITHUB_ORIGIN } from './web.js';
import type { ChangeRequest, FileAtRef, Forge, ProposeInput, ProposeResult, TagRef } from './types.js';

/** Most symlinks followed while reading one path. */
export { MAX_SYMLINK_HOPS } from './paths.js';

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

/** A change request as stored in `changes.json`. */
export interface StoredChange extends ChangeRequest {
  reviewers: string[];
  createdAt: string;
  updatedAt: string;
  closedAt?: string;
  comments: { at: string; body: string }[];
}

/** The content of `stateDir/local/<owner>/<name>/changes.json`. */
export interface ChangesFile {
  version: 1;
  nextId: number;
  changes: StoredChange[];
}

interface RepoHandle {
  repo: string;
  owner: string;
  name: string;
  /** Working directory for git (the work tree, or the bare repository). */
  dir: string;
  gitDir: string;
  bare: boolean;
}

interface TreeEntry {
  mode: string;
  type: string;
  oid: string;
}

type Pending = { path: string; content: string; mode: string } | { path: string; content: null };

/** Git repositories on disk behind the `Forge` interface. */
export class LocalForge implements Forge {
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

  /** The git directory and working directory of `owner/name`; `repo-not-found` when there is none. */
  async locate(repo: string): Promise<{ dir: string; gitDir: string; bare: boolean }> {
    const h = await this.open(repo);
    return { dir: h.dir, gitDir: h.gitDir, bare: h.bare };
  }

  /** The branch `origin/HEAD` names (when it exists locally), else the checked-out branch. */
  async defaultBranch(repo: string): Promise<string> {
    const h = await this.open(repo);
    const origin = await this.try(h, ['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD']);
    if (origin.code === 0) {
      const branch = origin.stdout.trim().replace(/^refs\/remotes\/origin\//, '');
      if (branch && (await this.branchTip(h, branch))) return branch;
    }
    const head = await this.try(h, ['symbolic-ref', '--quiet', 'HEAD']);
    const ref = head.stdout.trim();
    if (head.code === 0 && ref.startsWith('refs/heads/')) return ref.slice('refs/heads/'.length);
    for (const guess of ['main', 'master']) if (await this.branchTip(h, guess)) return guess;
    throw new ForgeError('ref-not-found', `${repo}: HEAD is detached and no default branch could be found`);
  }

  /** The commit `ref` resolves to (`rev-parse --verify REF^{commit}`), or null. */
  async resolveRef(repo: string, ref: string): Promise<string | null> {
    validateRefName(ref);
    const h = await this.open(repo);
    return this.revParseCommit(h, ref);
  }

  /** Tags with the commit each points at (annotated tags peeled); tags of non-commits are skipped. */
  async listTags(repo: string): Promise<TagRef[]> {
    const h = await this.open(repo);
    const out = await this.git(h, [
      'for-each-ref',
      '--format=%(refname:strip=2) %(objecttype) %(objectname) %(*objecttype) %(*objectname)',
      'refs/tags',
    ]);
    const tags: TagRef[] = [];
    for (const line of out.split('\n')) {
      if (!line) continue;
      const [name = '', type, oid = '', peeledType, peeled] = line.split(' ');
      if (type === 'commit') tags.push({ name, commit: oid });
      else if (type === 'tag' && peeledType === 'commit' && peeled) tags.push({ name, commit: peeled });
      else if (type === 'tag') {
        // A tag of a tag: peel all the way.
        const commit = await this.revParseCommit(h, `refs/tags/${name}`);
        if (commit) tags.push({ name, commit });
      }
    }
    return tags;
  }

  /** Reads a file at a ref (default branch when absent), following in-repository symlinks. */
  async readFile(repo: string, path: string, ref?: string): Promise<FileAtRef | null> {
    validateRepoPath(path);
    const h = await this.open(repo);
    const commit = await this.commitOf(h, ref);
    return readThroughSymlinks(repo, path, commit, {
      dir: async (dirPath) => {
        let tree = commit;
        for (const segment of dirPath ? dirPath.split('/') : []) {
          const entry = (await this.lsTree(h, tree)).get(segment);
          if (entry?.type !== 'tree') return null;
          tree = entry.oid;
        }
        const entries = new Map<string, PathEntry>();
        for (const [name, e] of await this.lsTree(h, tree))
          entries.set(name, { mode: e.mode, type: e.type, id: e.oid });
        return entries;
      },
      blob: (id) => this.git(h, ['cat-file', 'blob', id]),
    });
  }

  /** Paths of all files (symlinks included, as themselves) at a ref. */
  async listFiles(repo: string, ref?: string): Promise<string[]> {
    const h = await this.open(repo);
    const commit = await this.commitOf(h, ref);
    const out = await this.git(h, ['ls-tree', '-r', '-z', '--name-only', commit]);
    return out.split('\0').filter((p) => p.length > 0);
  }

  /** The open change request whose head is `branch`, or null. */
  async findChange(repo: string, branch: string): Promise<ChangeRequest | null> {
    validateBranchName(branch);
    const h = await this.open(repo);
    const file = await this.loadChanges(h);
    const found = file.changes.find((c) => c.state === 'open' && c.head === branch);
    if (!found) return null;
    // A change whose head is already in its base was merged (fast-forward or merge commit): record it.
    const baseTip = await this.revParseCommit(h, found.base);
    if (baseTip && (await this.isAncestor(h, found.headSha, baseTip))) {
      found.state = 'merged';
      found.updatedAt = this.now();
      await this.saveChanges(h, file);
      return null;
    }
    return publicChange(found);
  }

  /** Every recorded change request of a repository, open or not. */
  async listChanges(repo: string): Promise<StoredChange[]> {
    const h = await this.open(repo);
    return (await this.loadChanges(h)).changes;
  }

  /** Proposes one commit with all the file changes on `branch` and records a change request. Idempotent. */
  async propose(input: ProposeInput): Promise<ProposeResult> {
    const h = await this.open(input.repo);
    validateBranchName(input.branch);
    const base = input.base !== undefined ? validateBranchName(input.base) : await this.defaultBranch(input.repo);
    if (base === input.branch)
      throw new ForgeError('invalid-name', `the tool branch ${input.branch} cannot be the base branch`);
    const seen = new Set<string>();
    for (const change of input.changes) {
      validateRepoPath(change.path);
      if (seen.has(change.path)) throw new ForgeError('invalid-name', `${change.path} is listed twice in one change`);
      seen.add(change.path);
      if (change.content !== null && typeof change.content !== 'string')
        throw new ForgeError('invalid-name', `${change.path}: content must be a string or null`);
    }
    return this.withLock(h.gitDir, () => this.proposeLocked(h, input, base));
  }

  /** Marks a change request closed, recording the comment. Closing a closed one does nothing. */
  /** The web page a file would have on github.com: the local forge stands in for it, so links read as they will once pushed. */
  webUrl(repo: string, ref: string, path: string): string {
    return blobUrl(GITHUB_ORIGIN, repo, ref, path);
  }

  async closeChange(repo: string, id: number, comment: string): Promise<void> {
    const h = await this.open(repo);
    await this.withLock(h.gitDir, async () => {
      const file = await this.loadChanges(h);
      const change = file.changes.find((c) => c.id === id);
      if (!change) throw new ForgeError('ref-not-found', `${repo}: no change request #${id}`);
      if (change.state !== 'open') return;
      const now = this.now();
      change.state = 'closed';
      change.closedAt = now;
      change.updatedAt = now;
      change.comments.push({ at: now, body: comment });
      await this.saveChanges(h, file);
    });
  }

  // -------------------------------------------------------------------------
  // propose

  private async proposeLocked(h: RepoHandle, input: ProposeInput, base: string): Promise<ProposeResult> {
    const branch = input.branch;
    const baseTip = (await this.branchTip(h, base)) ?? (await this.revParseCommit(h, base));
    if (!baseTip) throw new ForgeError('ref-not-found', `${h.repo}: base branch ${base} does not exist`);
    const branchTip = await this.branchTip(h, branch);
    const file = await this.loadChanges(h);
    let existing = file.changes.find((c) => c.state === 'open' && c.head === branch);

    let own = 0;
    if (branchTip) {
      const commits = await this.commitsSince(h, baseTip, branchTip);
      const foreign = commits.filter((c) => !c.owned);
      if (foreign.length > 0) {
        const shas = foreign.map((c) => c.sha.slice(0, 12)).join(', ');
        return {
          outcome: 'foreign-commits',
          change: existing ? publicChange(existing) : null,
          detail: `Branch ${branch} of ${h.repo} holds ${foreign.length} commit(s) tmsync did not make (${shas}); left it alone.`,
        };
      }
      own = commits.length;
      if (own === 0 && existing && (await this.isAncestor(h, existing.headSha, baseTip))) {
        // The change landed on the base: record it as merged.
        existing.state = 'merged';
        existing.updatedAt = this.now();
        await this.saveChanges(h, file);
        existing = undefined;
      }
    }
    const parent = own > 0 && branchTip ? branchTip : baseTip;

    const pending: Pending[] = [];
    for (const change of input.changes) {
      const entry = await this.entryAt(h, parent, change.path);
      if (entry && entry.type !== 'blob')
        throw new ForgeError(
          'invalid-name',
          `${h.repo}: ${change.path} is a ${entry.type === 'tree' ? 'directory' : 'submodule'}, not a file`,
        );
      if (change.content === null) {
        if (entry) pending.push({ path: change.path, content: null });
        continue;
      }
      if (entry?.mode === '120000')
        throw new ForgeError('invalid-name', `${h.repo}: ${change.path} is a symlink; write to the path it points at`);
      const oid = (await this.git(h, ['hash-object', '--stdin'], { input: change.content })).trim();
      if (!entry || entry.oid !== oid)
        pending.push({ path: change.path, content: change.content, mode: entry?.mode ?? '100644' });
    }

    if (pending.length === 0) {
      if (own === 0) {
        return {
          outcome: 'unchanged',
          change: existing ? publicChange(existing) : null,
          detail: `${h.repo}: ${base} already holds these files; nothing to propose.`,
        };
      }
      if (existing) {
        const refreshed = this.refreshText(existing, input);
        const moved = existing.headSha !== parent;
        if (moved) {
          existing.headSha = parent;
          await this.writePatch(h, existing, baseTip, parent);
        }
        if (refreshed || moved) {
          existing.updatedAt = this.now();
          await this.saveChanges(h, file);
        }
        return {
          outcome: 'unchanged',
          change: publicChange(existing),
          detail:
            `${h.repo}: branch ${branch} already holds these files` +
            (refreshed
              ? `; refreshed the text of change request #${existing.id}.`
              : `; change request #${existing.id} is up to date.`),
        };
      }
      const change = await this.record(h, file, input, base, parent, baseTip);
      return {
        outcome: 'created',
        change: publicChange(change),
        detail: `${h.repo}: branch ${branch} already held these files; recorded change request #${change.id} (${change.patchPath}).`,
      };
    }

    await this.assertNotCheckedOut(h, branch);
    const tree = await this.buildTree(h, parent, pending);
    const commit = (
      await this.git(h, ['commit-tree', '--no-gpg-sign', '-p', parent, '-F', '-', tree], {
        input: withTrailer(input.message),
        env: await this.commitEnvFor(h),
      })
    ).trim();
    const zero = '0'.repeat(parent.length);
    const update = await this.try(h, [
      'update-ref',
      '-m',
      `tmsync: propose ${branch}`,
      `refs/heads/${branch}`,
      commit,
      branchTip ?? zero,
    ]);
    if (update.code !== 0)
      throw new ForgeError(
        'conflict',
        `${h.repo}: branch ${branch} changed while proposing (${stderrHeadline(update.stderr)}); run again`,
      );

    const files = pending.length;
    if (existing) {
      this.refreshText(existing, input);
      existing.headSha = commit;
      existing.base = base;
      existing.updatedAt = this.now();
      await this.writePatch(h, existing, baseTip, commit);
      await this.saveChanges(h, file);
      return {
        outcome: 'updated',
        change: publicChange(existing),
        detail: `${h.repo}: added a commit (${files} file(s)) to ${branch} and updated change request #${existing.id}.`,
      };
    }
    const change = await this.record(h, file, input, base, commit, baseTip);
    return {
      outcome: 'created',
      change: publicChange(change),
      detail: `${h.repo}: committed ${files} file(s) on ${branch} and recorded change request #${change.id} (${change.patchPath}).`,
    };
  }

  /** Builds the tree of `parent` with `pending` applied, through a temporary index in the state folder. */
  private async buildTree(h: RepoHandle, parent: string, pending: Pending[]): Promise<string> {
    const tmp = join(this.stateDir, 'tmp');
    await mkdir(tmp, { recursive: true });
    const indexFile = join(tmp, `index-${process.pid}-${randomUUID()}`);
    const env = { GIT_INDEX_FILE: indexFile };
    try {
      await this.git(h, ['read-tree', parent], { env });
      const zero = '0'.repeat(parent.length);
      let info = '';
      for (const p of pending) {
        if (p.content === null) info += `0 ${zero}\t${p.path}\0`;
        else {
          const oid = (await this.git(h, ['hash-object', '-w', '--stdin'], { input: p.content })).trim();
          info += `${p.mode} ${oid}\t${p.path}\0`;
        }
      }
      await this.git(h, ['update-index', '-z', '--index-info'], { env, input: info });
      return (await this.git(h, ['write-tree'], { env })).trim();
    } finally {
      await rm(indexFile, { force: true });
      await rm(`${indexFile}.lock`, { force: true });
    }
  }

  /** Commits in `base..tip`, each with whether it carries the tool trailer. */
  private async commitsSince(h: RepoHandle, base: string, tip: string): Promise<{ sha: string; owned: boolean }[]> {
    const out = await this.git(h, [
      'log',
      '--no-show-signature',
      '-z',
      `--format=%H %(trailers:key=${TRAILER_KEY},valueonly,unfold,separator=%x2C)`,
      `${base}..${tip}`,
    ]);
    return out
      .split('\0')
      .filter((r) => r.trim().length > 0)
      .map((record) => {
        const text = record.replace(/^\n+/, '');
        const space = text.indexOf(' ');
        const sha = space < 0 ? text.trim() : text.slice(0, space);
        const values = space < 0 ? [] : text.slice(space + 1).split(',');
        return { sha, owned: values.some((v) => v.trim() === TRAILER_VALUE) };
      });
  }

  /** The tree entry at exactly `path` in `commit` (no symlink following); refuses a path under a file or symlink. */
  private async entryAt(h: RepoHandle, commit: string, path: string): Promise<TreeEntry | null> {
    const segments = path.split('/');
    let tree = commit;
    for (let i = 0; i < segments.length; i++) {
      const entry = (await this.lsTree(h, tree)).get(segments[i] ?? '');
      if (!entry) return null;
      if (i === segments.length - 1) return entry;
      if (entry.type !== 'tree') {
        const prefix = segments.slice(0, i + 1).join('/');
        const what = entry.mode === '120000' ? 'a symlink' : 'a file';
        throw new ForgeError('invalid-name', `${h.repo}: cannot write ${path}: ${prefix} is ${what}`);
      }
      tree = entry.oid;
    }
    return null;
  }

  private refreshText(change: StoredChange, input: ProposeInput): boolean {
    const labels = input.labels ?? [];
    const reviewers = input.reviewers ?? [];
    const draft = input.draft ?? false;
    const differs =
      change.title !== input.title ||
      change.body !== input.body ||
      change.draft !== draft ||
      JSON.stringify(change.labels) !== JSON.stringify(labels) ||
      JSON.stringify(change.reviewers) !== JSON.stringify(reviewers);
    if (differs)
      Object.assign(change, {
        title: input.title,
        body: input.body,
        labels: [...labels],
        reviewers: [...reviewers],
        draft,
      });
    return differs;
  }

  private async record(
    h: RepoHandle,
    file: ChangesFile,
    input: ProposeInput,
    base: string,
    head: string,
    baseTip: string,
  ): Promise<StoredChange> {
    const now = this.now();
    const id = file.nextId;
    file.nextId += 1;
    const patchPath = join(this.repoStateDir(h), `change-${id}.patch`);
    const change: StoredChange = {
      repo: h.repo,
      id,
      title: input.title,
      body: input.body,
      base,
      head: input.branch,
      headSha: head,
      state: 'open',
      url: pathToFileURL(patchPath).href,
      patchPath,
      labels: [...(input.labels ?? [])],
      draft: input.draft ?? false,
      reviewers: [...(input.reviewers ?? [])],
      createdAt: now,
      updatedAt: now,
      comments: [],
    };
    await this.writePatch(h, change, baseTip, head);
    file.changes.push(change);
    await this.saveChanges(h, file);
    return change;
  }

  /** Writes `git format-patch` of `baseTip..head` (every tool commit of the branch) to the change's patch file. */
  private async writePatch(h: RepoHandle, change: StoredChange, baseTip: string, head: string): Promise<void> {
    const patch = await this.git(h, [
      '-c',
      'diff.noprefix=false',
      '-c',
      'diff.mnemonicPrefix=false',
      'format-patch',
      '--stdout',
      '--no-color',
      '--no-ext-diff',
      '--no-signature',
      '--src-prefix=a/',
      '--dst-prefix=b/',
      `${baseTip}..${head}`,
    ]);
    const patchPath = change.patchPath ?? join(this.repoStateDir(h), `change-${change.id}.patch`);
    await writeAtomic(patchPath, patch);
  }

  // -------------------------------------------------------------------------
  // change-request records

  private repoStateDir(h: RepoHandle): string {
    return join(this.stateDir, 'local', h.owner, h.name);
  }

  private async loadChanges(h: RepoHandle): Promise<ChangesFile> {
    const path = join(this.repoStateDir(h), 'changes.json');
    let text: string;
    try {
      text = await fsReadFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, nextId: 1, changes: [] };
      throw error;
    }
    try {
      const parsed = JSON.parse(text) as ChangesFile;
      if (parsed.version !== 1 || !Array.isArray(parsed.changes) || typeof parsed.nextId !== 'number')
        throw new Error('unexpected shape');
      return parsed;
    } catch (error) {
      throw new ForgeError('conflict', `${path} is not a tmsync change record (${(error as Error).message})`);
    }
  }

  private async saveChanges(h: RepoHandle, file: ChangesFile): Promise<void> {
    await writeAtomic(join(this.repoStateDir(h), 'changes.json'), `${JSON.stringify(file, null, 2)}\n`);
  }

  // -------------------------------------------------------------------------
  // git helpers

  private async open(repo: string): Promise<RepoHandle> {
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

  private git(h: RepoHandle, args: string[], opts: Omit<RunOptions, 'gitDir'> = {}): Promise<string> {
    return run(h.dir, args, { ...opts, gitDir: h.gitDir });
  }

  /** The identity the tool commits with: the campaign's, else git's configuration; never one made up. */
  private async commitEnvFor(h: RepoHandle): Promise<Record<string, string>> {
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

  private try(h: RepoHandle, args: string[], opts: Omit<RunOptions, 'gitDir'> = {}) {
    return tryRun(h.dir, args, { ...opts, gitDir: h.gitDir });
  }

  private async revParseCommit(h: RepoHandle, ref: string): Promise<string | null> {
    const args = ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`];
    const result = await this.try(h, args);
    if (result.code === 0) return result.stdout.trim();
    if (result.code === 1) return null;
    throw gitFailed(args, result);
  }

  private branchTip(h: RepoHandle, branch: string): Promise<string | null> {
    return this.revParseCommit(h, `refs/heads/${branch}`);
  }

  private async commitOf(h: RepoHandle, ref: string | undefined): Promise<string> {
    const name = ref === undefined ? await this.defaultBranch(h.repo) : validateRefName(ref);
    const commit = await this.revParseCommit(h, name);
    if (!commit) throw new ForgeError('ref-not-found', `${h.repo}: ref ${name} does not exist`);
    return commit;
  }

  private async isAncestor(h: RepoHandle, a: string, b: string): Promise<boolean> {
    const result = await this.try(h, ['merge-base', '--is-ancestor', a, b]);
    return result.code === 0;
  }

  /** Entries of a tree (or a commit's root tree), by name; cached since objects never change. */
  private async lsTree(h: RepoHandle, treeish: string): Promise<Map<string, TreeEntry>> {
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

  private async assertNotCheckedOut(h: RepoHandle, branch: string): Promise<void> {
    const out = await this.git(h, ['worktree', 'list', '--porcelain']);
    const ref = `refs/heads/${branch}`;
    if (out.split('\n').some((line) => line === `branch ${ref}`))
      throw new ForgeError(
        'conflict',
        `${h.repo}: branch ${branch} is checked out in a work tree; switch to another branch first`,
      );
  }

  private now(): string {
    return (this.clock ? this.clock() : new Date()).toISOString();
  }

  private async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
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

function publicChange(c: StoredChange): ChangeRequest {
  const out: ChangeRequest = {
    repo: c.repo,
    id: c.id,
    title: c.title,
    body: c.body,
    base: c.base,
    head: c.head,
    headSha: c.headSha,
    state: c.state,
    url: c.url,
    labels: [...c.labels],
    draft: c.draft,
  };
  if (c.patchPath !== undefined) out.patchPath = c.patchPath;
  return out;
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
