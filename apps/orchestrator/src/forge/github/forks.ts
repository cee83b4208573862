import type { ProposeInput } from '../types.js';
import { ForgeError } from '../types.js';
import type { TreeView } from './objects.js';
import { same } from './text.js';
import type { ApiPull, ApiRepo, Head, Pending, RepoInfo } from './api.js';

import { GitHubCommits } from './commits.js';

/** One layer of the github forge (see the module comment). */
export abstract class GitHubForks extends GitHubCommits {
  /** The fork holding the tool branch when the token cannot push to `repo`, if it exists already. */
  protected async findFork(repo: string, info: RepoInfo, owner: string, branch: string): Promise<Head | null> {
    const known = [...this.journal.entries()].reverse().find((e) => e.step === 'fork' && same(e.repo, repo));
    const names = [
      ...new Set([typeof known?.fork === 'string' ? known.fork : '', `${owner}/${info.name}`].filter(Boolean)),
    ];
    for (const name of names) {
      let fork: ApiRepo | null;
      try {
        fork = await this.data(`${repo}: looking for the fork ${name}`, 'GET /repos/{owner}/{repo}', this.parts(name), {
          allow: [404],
        });
      } catch {
        fork = null;
      }
      if (fork?.fork && fork.parent && same(fork.parent.full_name, info.fullName))
        return { repo: fork.full_name, ref: branch, owner: fork.owner.login };
    }
    return null;
  }

  /** Forks `repo` (GitHub answers at once but the fork is usable only after a while) and waits until it is. */
  protected async ensureFork(repo: string, info: RepoInfo, owner: string, branch: string): Promise<Head> {
    const existing = await this.findFork(repo, info, owner, branch);
    let full: string;
    let forkOwner: string;
    if (existing) {
      full = existing.repo;
      forkOwner = existing.owner;
    } else {
      const org = this.settings.forkOrganization;
      const fork = await this.must(`${repo}: forking`, 'POST /repos/{owner}/{repo}/forks', {
        ...this.parts(repo),
        ...(org ? { organization: org } : {}),
        default_branch_only: true,
      });
      full = fork.full_name;
      forkOwner = fork.owner.login;
      await this.step('fork', repo, branch, { fork: full });
    }
    const deadline = this.clock.now() + this.forkTimeoutMs;
    let delay = Math.max(10, 1000 * this.timeScale);
    for (;;) {
      const res = await this.call(
        `${repo}: waiting for the fork ${full}`,
        'GET /repos/{owner}/{repo}/git/matching-refs/{ref}',
        { ...this.parts(full), ref: 'heads/', per_page: 1 },
        {
          allow: [404, 409],
          revalidate: true,
        },
      );
      if (res && res.data.length > 0) break;
      if (this.clock.now() > deadline)
        throw new ForgeError('conflict', `${repo}: the fork ${full} is not ready yet; run again in a few minutes`);
      await this.clock.sleep(delay);
      delay = Math.min(delay * 2, 10_000 * this.timeScale + 10);
    }
    this.client.invalidate(full);
    return { repo: full, ref: branch, owner: forkOwner };
  }

  /** For a repurposed draft: every path the draft changed and the input does not write, back to the base's version. */
  protected async restoreBase(
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

  // ---------------------------------------------------------------------------
  // repurpose

  /** Open drafts matching the repurpose patterns, by the allowed authors, other than the tool's own PR. */
  protected async draftCandidates(
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
      const res = await this.call(`${repo}: listing open pull requests`, 'GET /repos/{owner}/{repo}/pulls', {
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
  protected async canRepurpose(repo: string, info: RepoInfo, draft: ApiPull, baseTip: string): Promise<boolean> {
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
