import { validateBranchName, validateRefName, validateRepoName, validateRepoPath } from '../../git.js';
import { readThroughSymlinks } from '../paths.js';
import type { FileAtRef, TagRef } from '../types.js';
import { ForgeError } from '../types.js';
import { TreeView } from './objects.js';
import { same } from './text.js';
import type { ApiGitCommit, ApiObject, ApiPull, ApiRef, ApiUser, RepoInfo } from './api.js';

import { GitHubForgeBase } from './base.js';

/** One layer of the github forge (see the module comment). */
export abstract class GitHubRefs extends GitHubForgeBase {
  protected repoInfo(repo: string): Promise<RepoInfo> {
    const key = repo.toLowerCase();
    let p = this.repos.get(key);
    if (!p) {
      p = this.fetchRepo(repo);
      this.repos.set(key, p);
      p.catch(() => this.repos.delete(key));
    }
    return p;
  }

  protected async fetchRepo(repo: string): Promise<RepoInfo> {
    const data = await this.data(repo, 'GET /repos/{owner}/{repo}', this.parts(repo), { allow: [404] });
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

  protected me(): Promise<ApiUser> {
    this.mePromise ??= this.must("reading the token's user", 'GET /user', {});
    this.mePromise.catch(() => {
      this.mePromise = null;
    });
    return this.mePromise;
  }

  /** Branch name -> commit, from one listing of the branches (null when there are too many for one page). */
  protected async heads(repo: string, revalidate: boolean): Promise<Map<string, string> | null> {
    const key = repo.toLowerCase();
    if (this.manyBranches.has(key)) return null;
    const res = await this.call(
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

  protected async getRef(repo: string, ref: string, revalidate = false): Promise<ApiRef | null> {
    return this.data(
      `${repo}: reading ref ${ref}`,
      'GET /repos/{owner}/{repo}/git/ref/{ref}',
      { ...this.parts(repo), ref },
      { allow: [404, 409, 422], revalidate },
    );
  }

  /** The commit a branch points at, or null. */
  protected async branchSha(repo: string, branch: string, revalidate = false): Promise<string | null> {
    const heads = await this.heads(repo, revalidate);
    if (heads) return heads.get(branch) ?? null;
    const ref = await this.getRef(repo, `heads/${branch}`, revalidate);
    return ref ? this.peel(repo, ref.object) : null;
  }

  protected async peel(repo: string, object: ApiObject): Promise<string | null> {
    let current = object;
    for (let i = 0; i < 8; i++) {
      if (current.type === 'commit') return current.sha;
      if (current.type !== 'tag') return null;
      const tag = await this.data(
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

  protected async gitCommit(repo: string, sha: string): Promise<ApiGitCommit | null> {
    return this.data(
      `${repo}: reading commit ${sha.slice(0, 12)}`,
      'GET /repos/{owner}/{repo}/git/commits/{commit_sha}',
      { ...this.parts(repo), commit_sha: sha },
      { allow: [404, 409, 422] },
    );
  }

  protected aliasKey(repo: string, branch: string): string {
    return `${repo.toLowerCase()}\0${branch}`;
  }

  protected aliasOf(repo: string, ref: string): { repo: string; ref: string } {
    const alias = this.aliases.get(this.aliasKey(repo, ref));
    return alias ? { repo: alias.repo, ref: alias.ref } : { repo, ref };
  }

  protected setAlias(repo: string, branch: string, pr: ApiPull): void {
    const headRepo = pr.head.repo?.full_name;
    const key = this.aliasKey(repo, branch);
    if (headRepo && (!same(headRepo, repo) || pr.head.ref !== branch))
      this.aliases.set(key, { repo: headRepo, ref: pr.head.ref, owner: pr.head.repo?.owner.login ?? '' });
    else this.aliases.delete(key);
  }

  protected async resolveIn(repo: string, ref: string): Promise<string | null> {
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
      const c = await this.data(
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
  protected async commitOf(repo: string, ref: string | undefined): Promise<{ objRepo: string; commit: string }> {
    const name = ref === undefined ? await this.defaultBranch(repo) : validateRefName(ref);
    const target = this.aliasOf(repo, name);
    const commit = await this.resolveIn(target.repo, target.ref);
    if (!commit) throw new ForgeError('ref-not-found', `${repo}: ref ${name} does not exist`);
    return { objRepo: target.repo, commit };
  }

  /** The tree of a commit (one recursive listing, then from the cache forever). */
  protected treeView(repo: string, commit: string): Promise<TreeView> {
    const key = `${repo.toLowerCase()}@${commit}`;
    let p = this.trees.get(key);
    if (!p) {
      p = (async () => {
        const fetchTree = async (treeSha: string) =>
          this.must(`${repo}: reading tree ${treeSha.slice(0, 12)}`, 'GET /repos/{owner}/{repo}/git/trees/{tree_sha}', {
            ...this.parts(repo),
            tree_sha: treeSha,
          });
        const data = await this.must(
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

  protected async blobText(repo: string, sha: string): Promise<string> {
    const blob = await this.must(
      `${repo}: reading blob ${sha.slice(0, 12)}`,
      'GET /repos/{owner}/{repo}/git/blobs/{file_sha}',
      {
        ...this.parts(repo),
        file_sha: sha,
      },
    );
    return blob.encoding === 'base64' ? Buffer.from(blob.content, 'base64').toString('utf8') : blob.content;
  }

  /** The commit a ref (branch, tag, sha) resolves to, or null when it does not exist. */
  async resolveRef(repo: string, ref: string): Promise<string | null> {
    validateRefName(ref);
    const target = this.aliasOf(repo, ref);
    return this.resolveIn(target.repo, target.ref);
  }

  /** Whether `branch` exists in the repository (from the branch listing the forge reads anyway). */
  async hasBranch(repo: string, branch: string): Promise<boolean> {
    validateBranchName(branch);
    return (await this.branchSha(repo, branch)) !== null;
  }

  /** Tags with the commit each points at (annotated tags peeled). */
  async listTags(repo: string): Promise<TagRef[]> {
    validateRepoName(repo);
    const out: TagRef[] = [];
    for (let page = 1; page <= 50; page++) {
      const res = await this.call(
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

  /** The repository's default branch (pull requests may answer it; see GitHubPulls). */
  abstract defaultBranch(repo: string): Promise<string>;
}
