/**
 * What the local forge reads of one repository, through one long-lived
 * `git cat-file --batch`: commits that refs name, trees, blobs. Objects never
 * change, so trees and commit ranges are remembered by id. Refs do change: in
 * a forge that serves one run (`perRun`) each ref is resolved once and the ref
 * snapshot (`for-each-ref`: default branch, tags, checked-out branches) read
 * once, the forge's own writes updating what is remembered; otherwise every
 * question goes to git again.
 */
import { CatFileBatch, parseTree } from '../../git-batch.js';
import { gitFailed, tryRun } from '../../git.js';
import { TRAILER_KEY, TRAILER_VALUE, toolTrailerAsGitReads } from '../tool-commit.js';
import { ForgeError } from '../types.js';

/** One entry of a git tree, as `ls-tree` prints it. */
export interface TreeEntry {
  mode: string;
  type: string;
  oid: string;
}

/** A tag as `for-each-ref` shows it (peeled one level when annotated). */
export interface TagRow {
  name: string;
  type: string;
  oid: string;
  peeledType: string;
  peeled: string;
}

/** What one `for-each-ref` tells of a repository. */
export interface RefSnapshot {
  /** The branch HEAD names, when that branch exists (null: detached or unborn). */
  headBranch: string | null;
  /** The ref `refs/remotes/origin/HEAD` points at, or null. */
  originHead: string | null;
  /** Branches checked out in a work tree (a bare repository's HEAD is not a work tree). */
  checkedOut: Set<string>;
  tags: TagRow[];
}

/** A commit of a range and whether it carries the tool trailer. */
export interface RangeCommit {
  sha: string;
  owned: boolean;
}

const SNAPSHOT_FORMAT = [
  '%(refname)',
  '%(objecttype)',
  '%(objectname)',
  '%(*objecttype)',
  '%(*objectname)',
  '%(symref)',
  '%(HEAD)',
  '%(worktreepath)',
].join('%00');

const OID = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/;

/** Trees remembered per repository before the memory is dropped. */
const MAX_TREES = 4000;

/** One repository's objects and (within a run) refs. */
export class RepoObjects {
  readonly batch: CatFileBatch;
  private readonly refs = new Map<string, Promise<string | null>>();
  private snapshotMemo: Promise<RefSnapshot> | null = null;
  private readonly trees = new Map<string, Promise<Map<string, TreeEntry>>>();
  private readonly ranges = new Map<string, Promise<RangeCommit[]>>();

  constructor(
    readonly repo: string,
    readonly dir: string,
    readonly gitDir: string,
    readonly bare: boolean,
    private readonly perRun: boolean,
  ) {
    this.batch = new CatFileBatch(dir, gitDir);
  }

  /** The commit `ref` names (`REF^{commit}`, git's own resolution), or null; once per run. */
  commit(ref: string): Promise<string | null> {
    if (!this.perRun) return this.lookup(ref);
    let p = this.refs.get(ref);
    if (!p) {
      p = this.lookup(ref);
      this.refs.set(ref, p);
      p.catch(() => this.refs.delete(ref));
    }
    return p;
  }

  /** Records that the forge itself moved `refs/heads/<branch>` to `commit` (every other remembered ref is asked again). */
  wrote(branch: string, commit: string): void {
    this.refs.clear();
    if (this.perRun) this.refs.set(`refs/heads/${branch}`, Promise.resolve(commit));
  }

  /** Ends the batch process and drops the remembered trees and ranges (refs stay remembered for the run). */
  async release(): Promise<void> {
    this.trees.clear();
    this.ranges.clear();
    await this.batch.close();
  }

  /** The ref snapshot (once per run); a repository git cannot read fails with `git-failed`. */
  snapshot(): Promise<RefSnapshot> {
    if (!this.perRun) return this.loadSnapshot();
    if (!this.snapshotMemo) this.snapshotMemo = this.loadSnapshot();
    return this.snapshotMemo;
  }

  /** Entries of a tree (or a commit's root tree) by name, in the tree's order. */
  tree(treeish: string): Promise<Map<string, TreeEntry>> {
    let p = this.trees.get(treeish);
    if (!p) {
      if (this.trees.size >= MAX_TREES) this.trees.clear();
      p = this.loadTree(treeish);
      this.trees.set(treeish, p);
      p.catch(() => this.trees.delete(treeish));
    }
    return p;
  }

  /** A blob's bytes. */
  async blob(oid: string): Promise<Buffer> {
    const obj = await this.batch.read(oid);
    if (obj?.type !== 'blob') throw new ForgeError('git-failed', `${this.repo}: blob ${oid} cannot be read`);
    return obj.content;
  }

  /** Paths of every file (symlinks and submodules as themselves) under a tree, in `ls-tree -r` order. */
  async paths(treeish: string, prefix = ''): Promise<string[]> {
    const entries = await this.tree(treeish);
    const parts = await Promise.all(
      [...entries].map(([name, e]) =>
        e.type === 'tree' ? this.paths(e.oid, `${prefix}${name}/`) : Promise.resolve([`${prefix}${name}`]),
      ),
    );
    return parts.flat();
  }

  /** Commits in `base..tip` (ids), each with whether it carries the tool trailer; remembered by the two ids. */
  since(base: string, tip: string): Promise<RangeCommit[]> {
    const key = `${base}..${tip}`;
    const immutable = OID.test(base) && OID.test(tip);
    let p = immutable ? this.ranges.get(key) : undefined;
    if (!p) {
      p = this.loadRange(base, tip);
      if (immutable) {
        this.ranges.set(key, p);
        p.catch(() => this.ranges.delete(key));
      }
    }
    return p;
  }

  /** Whether `a` is `b` or an ancestor of it (`b..a` is empty); false when git cannot tell. */
  async isAncestor(a: string, b: string): Promise<boolean> {
    try {
      return (await this.since(b, a)).length === 0;
    } catch {
      return false;
    }
  }

  /** A commit's parents and message, read through the batch process; null when `oid` is not a commit. */
  async commitObject(oid: string): Promise<{ parents: string[]; message: string } | null> {
    const obj = await this.batch.read(oid);
    if (obj?.type !== 'commit') return null;
    const text = obj.content.toString('utf8');
    const split = text.indexOf('\n\n');
    const headers = (split < 0 ? text : text.slice(0, split)).split('\n');
    return {
      parents: headers.filter((h) => h.startsWith('parent ')).map((h) => h.slice('parent '.length)),
      message: split < 0 ? '' : text.slice(split + 2),
    };
  }

  private async lookup(ref: string): Promise<string | null> {
    const obj = await this.batch.read(`${ref}^{commit}`);
    return obj?.type === 'commit' ? obj.oid : null;
  }

  private async loadTree(treeish: string): Promise<Map<string, TreeEntry>> {
    const obj = await this.batch.read(`${treeish}^{tree}`);
    if (obj?.type !== 'tree') throw new ForgeError('git-failed', `${this.repo}: no tree at ${treeish}`);
    const entries = new Map<string, TreeEntry>();
    for (const e of parseTree(obj.content, obj.oid.length))
      entries.set(e.name, { mode: e.mode, type: e.type, oid: e.oid });
    return entries;
  }

  private async loadSnapshot(): Promise<RefSnapshot> {
    const args = ['for-each-ref', `--format=${SNAPSHOT_FORMAT}`, 'refs/heads', 'refs/tags', 'refs/remotes/origin/HEAD'];
    const result = await tryRun(this.dir, args, { gitDir: this.gitDir });
    if (result.code !== 0) throw gitFailed(args, result);
    const snap: RefSnapshot = { headBranch: null, originHead: null, checkedOut: new Set(), tags: [] };
    for (const line of result.stdout.split('\n')) {
      const [ref = '', type = '', oid = '', peeledType = '', peeled = '', symref = '', head = '', worktree = ''] =
        line.split('\0');
      if (ref.startsWith('refs/heads/')) {
        const branch = ref.slice('refs/heads/'.length);
        const isHead = head === '*';
        if (isHead) snap.headBranch = branch;
        if (worktree !== '' && !(this.bare && isHead)) snap.checkedOut.add(branch);
      } else if (ref.startsWith('refs/tags/')) {
        snap.tags.push({ name: ref.slice('refs/tags/'.length), type, oid, peeledType, peeled });
      } else if (ref === 'refs/remotes/origin/HEAD') snap.originHead = symref || null;
    }
    return snap;
  }

  private async loadRange(base: string, tip: string): Promise<RangeCommit[]> {
    const walked = OID.test(base) && OID.test(tip) ? await this.walkRange(base, tip) : null;
    if (walked) return walked;
    const args = [
      'log',
      '--no-show-signature',
      '-z',
      `--format=%H %(trailers:key=${TRAILER_KEY},valueonly,unfold,separator=%x2C)`,
      `${base}..${tip}`,
    ];
    const result = await tryRun(this.dir, args, { gitDir: this.gitDir });
    if (result.code !== 0) throw gitFailed(args, result);
    return result.stdout
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

  /**
   * `base..tip` read through the batch process when it is the plain case: a line of
   * single-parent commits from `tip` down to `base` itself (a tool branch on its
   * base's tip), each commit's trailer block unambiguous. Anything else (a merge, a
   * base that moved, a long walk, a trailer git might read otherwise) is null, and
   * `git log` answers instead.
   */
  private async walkRange(base: string, tip: string): Promise<RangeCommit[] | null> {
    const out: RangeCommit[] = [];
    let at = tip;
    for (let steps = 0; steps < MAX_WALK; steps++) {
      if (at === base) return out;
      const commit = await this.commitObject(at);
      if (commit?.parents.length !== 1) return null;
      const owned = toolTrailerAsGitReads(commit.message);
      if (owned === null) return null;
      out.push({ sha: at, owned });
      at = commit.parents[0] as string;
    }
    return null;
  }
}

/** Commits walked through the batch process before `git log` is asked instead. */
const MAX_WALK = 32;
