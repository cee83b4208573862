import type { ProposeInput } from '../types.js';
import { ForgeError } from '../types.js';
import { forgeErrorFrom, statusOf, apiMessageOf } from './errors.js';
import { blobSha, synthesizeTree, type TreeView } from './objects.js';
import { apiCommitPeople, isToolCommit } from '../tool-commit.js';
import { same } from './text.js';
import type { ApiCommit, BranchCommit, Head, Pending } from './api.js';

import { GitHubPulls } from './pulls.js';
import { RaceError } from './base.js';

/** One layer of the github forge (see the module comment). */
export abstract class GitHubCommits extends GitHubPulls {
  protected async commitsBetween(repo: string, base: string, head: Head, tip: string): Promise<BranchCommit[]> {
    if (tip === base) return [];
    const me = await this.me();
    const basehead = same(head.repo, repo) ? `${base}...${tip}` : `${base}...${head.owner}:${tip}`;
    const data = await this.must(
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
      const author = c.commit.author ? { name: c.commit.author.name, email: c.commit.author.email } : null;
      const owned = isToolCommit(
        { message: c.commit.message, authorName: author?.name, authorEmail: author?.email, byTokenUser: mine },
        this.identity,
      );
      return {
        sha: c.sha,
        // The tool's own commits made as the campaign's identity count as the token user's.
        mine: mine || owned,
        owned,
        raw: {
          sha: c.sha,
          commit: { message: c.commit.message, author },
          author: c.author ? { login: c.author.login } : null,
        },
      };
    });
  }

  protected async recordRepurposeChecked(repo: string, branch: string, settingsDigest: string): Promise<void> {
    if (!settingsDigest) return;
    if (this.journal.last(repo, branch, 'repurpose-checked')?.settings === settingsDigest) return;
    await this.journal.append({ run: this.runId, repo, branch, step: 'repurpose-checked', settings: settingsDigest });
  }

  /** The writes that make `view` hold the input's files (nothing for files already equal). */
  protected async pendingChanges(repo: string, view: TreeView, input: ProposeInput): Promise<Pending[]> {
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

  protected async makeTree(
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
    const created = await this.must(`${repo}: writing the tree`, 'POST /repos/{owner}/{repo}/git/trees', {
      ...this.parts(writeRepo),
      base_tree: baseTree,
      tree,
    });
    await this.step('tree', repo, branch, { key, tree: created.sha, headRepo: writeRepo });
    return created.sha;
  }

  protected async makeCommit(
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
    const created = await this.must(`${repo}: writing the commit`, 'POST /repos/{owner}/{repo}/git/commits', {
      ...this.parts(writeRepo),
      message,
      tree,
      parents: [parent],
      ...apiCommitPeople(this.identity),
    });
    await this.step('commit', repo, branch, { commit: created.sha, tree, parent, headRepo: writeRepo });
    return created.sha;
  }

  /**
   * Remembers, as the cache would after reading them, the tree, blobs and comparison of a
   * commit the tool just made, so that the next run reads none of them back. The tree is
   * recomputed locally and kept only when its id matches the one GitHub gave.
   */
  protected async rememberCommit(
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
    // As GitHub will show it: made by the campaign's identity (linked to no account we know), else by the token's user.
    const made: ApiCommit = this.identity
      ? { sha: commit, commit: { message, author: { ...this.identity } }, author: null }
      : { sha: commit, commit: { message, author: null }, author: { login: me.login } };
    const commits: ApiCommit[] = [...previous.map((c) => c.raw), made];
    const basehead = same(head.repo, repo) ? `${baseTip}...${commit}` : `${baseTip}...${head.owner}:${commit}`;
    this.client.prime(
      'GET /repos/{owner}/{repo}/compare/{basehead}',
      { ...this.parts(repo), basehead },
      { status: 'ahead', commits, total_commits: commits.length },
    );
  }

  /**
   * Creates the branch at `commit`, or fast-forwards it from `tip`; forced only to
   * `restart` a branch whose commits landed with its merged pull request.
   */
  protected async moveBranch(
    repo: string,
    branch: string,
    head: Head,
    tip: string | null,
    commit: string,
    restart = false,
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
          force: restart,
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
}
