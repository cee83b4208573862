/** The local forge's reads: default branch, refs, tags and files, through object ids only. */
import { validateBranchName, validateRefName, validateRepoPath } from '../../git.js';
import type { PathEntry } from '../paths.js';
import { readThroughSymlinks } from '../paths.js';
import { ForgeError } from '../types.js';
import type { FileAtRef, TagRef } from '../types.js';
import type { RepoHandle } from './base.js';
import { LocalForgeBase } from './base.js';

/** One layer of the local forge: reading repositories. */
export abstract class LocalReads extends LocalForgeBase {
  /** The git directory and working directory of `owner/name`; `repo-not-found` when there is none. */
  async locate(repo: string): Promise<{ dir: string; gitDir: string; bare: boolean }> {
    const h = await this.open(repo);
    return { dir: h.dir, gitDir: h.gitDir, bare: h.bare };
  }

  /** The branch `origin/HEAD` names (when it exists locally), else the checked-out branch. */
  async defaultBranch(repo: string): Promise<string> {
    const h = await this.open(repo);
    const snapshot = await this.repoObjects(h).snapshot();
    if (snapshot.originHead) {
      const branch = snapshot.originHead.replace(/^refs\/remotes\/origin\//, '');
      if (branch && (await this.branchTip(h, branch))) return branch;
    }
    if (snapshot.headBranch) return snapshot.headBranch;
    // HEAD names no existing branch (unborn or detached): ask git what it names.
    const head = await this.try(h, ['symbolic-ref', '--quiet', 'HEAD']);
    const ref = head.stdout.trim();
    if (head.code === 0 && ref.startsWith('refs/heads/')) return ref.slice('refs/heads/'.length);
    for (const guess of ['main', 'master']) if (await this.branchTip(h, guess)) return guess;
    throw new ForgeError('ref-not-found', `${repo}: HEAD is detached and no default branch could be found`);
  }

  /** The commit `ref` resolves to (`REF^{commit}`), or null. */
  async resolveRef(repo: string, ref: string): Promise<string | null> {
    validateRefName(ref);
    const h = await this.open(repo);
    return this.revParseCommit(h, ref);
  }

  /** Whether `branch` exists (through the batch process: no subprocess). */
  async hasBranch(repo: string, branch: string): Promise<boolean> {
    validateBranchName(branch);
    const h = await this.open(repo);
    return (await this.branchTip(h, branch)) !== null;
  }

  /** Tags with the commit each points at (annotated tags peeled); tags of non-commits are skipped. */
  async listTags(repo: string): Promise<TagRef[]> {
    const h = await this.open(repo);
    const tags: TagRef[] = [];
    for (const { name, type, oid, peeledType, peeled } of (await this.repoObjects(h).snapshot()).tags) {
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
      blob: async (id) => (await this.repoObjects(h).blob(id)).toString('utf8'),
    });
  }

  /** Paths of all files (symlinks included, as themselves) at a ref. */
  async listFiles(repo: string, ref?: string): Promise<string[]> {
    const h = await this.open(repo);
    const commit = await this.commitOf(h, ref);
    return this.repoObjects(h).paths(commit);
  }

  private async commitOf(h: RepoHandle, ref: string | undefined): Promise<string> {
    const name = ref === undefined ? await this.defaultBranch(h.repo) : validateRefName(ref);
    const commit = await this.revParseCommit(h, name);
    if (!commit) throw new ForgeError('ref-not-found', `${h.repo}: ref ${name} does not exist`);
    return commit;
  }
}
