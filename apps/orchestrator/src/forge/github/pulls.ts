import { validateBranchName } from '../../git.js';
import type { ChangeRequest, ChangeStatus, ProposeInput } from '../types.js';
import { ForgeError } from '../types.js';
import { forgeErrorFrom, statusOf, apiMessageOf } from './errors.js';
import { acceptedOf, hasLabel, hasToolTrailer, labelNames, same, stripMarkers, withMarker } from './text.js';
import type { ApiPull, Head, RepoInfo } from './api.js';

import { GitHubRefs } from './refs.js';

/** One layer of the github forge (see the module comment). */
export abstract class GitHubPulls extends GitHubRefs {
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

  protected async lookupDefault(repo: string): Promise<string> {
    await this.journal.load();
    const known = this.knownHead(repo);
    if (known) {
      const pr = await this.listPull(repo, known.owner, known.ref, false);
      const branch = pr?.base.repo.default_branch;
      if (branch && same(pr.base.repo.full_name, repo)) return branch;
    }
    return (await this.repoInfo(repo)).defaultBranch;
  }

  protected async headOwner(info: RepoInfo): Promise<string> {
    return info.push ? info.owner : (this.settings.forkOrganization ?? (await this.me()).login);
  }

  /** Where the tool's PR of a repository (and branch) was opened, as the journal remembers it. */
  protected knownHead(repo: string, branch?: string): { owner: string; ref: string } | null {
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
  protected async listPull(repo: string, owner: string, ref: string, revalidate: boolean): Promise<ApiPull | null> {
    const list =
      (await this.data(
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
  protected async openPull(repo: string, branch: string, revalidate = false): Promise<ApiPull | null> {
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
      const pr = await this.data(
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

  protected toChange(repo: string, branch: string, pr: ApiPull): ChangeRequest {
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

  /**
   * The latest pull request of `branch` whatever its state, with what became of it: GitHub's
   * `merged_at` says merged for every merge method (merge commit, squash, rebase); an open one
   * is human-edited when its branch holds commits tmsync did not make (past any handed-back
   * ones), stale when the base changed files it touches since its branch left the base.
   */
  async changeStatus(repo: string, branch: string): Promise<ChangeStatus | null> {
    validateBranchName(branch);
    const pr = (await this.openPull(repo, branch)) ?? (await this.latestPull(repo, branch));
    if (!pr) return null;
    const merged = pr.state !== 'open' && !!pr.merged_at;
    const change: ChangeRequest = {
      ...this.toChange(repo, branch, pr),
      state: pr.state === 'open' ? 'open' : merged ? 'merged' : 'closed',
    };
    const status: ChangeStatus = {
      change,
      mergedBy: merged ? 'forge' : null,
      humanEdited: false,
      stale: false,
      staleFiles: [],
    };
    if (pr.state !== 'open') return status;
    const me = await this.me();
    const headSide =
      pr.head.repo && !same(pr.head.repo.full_name, repo) ? `${pr.head.repo.owner.login}:${pr.head.sha}` : pr.head.sha;
    const ours = await this.must(
      `${repo}: comparing #${pr.number} with its base`,
      'GET /repos/{owner}/{repo}/compare/{basehead}',
      {
        ...this.parts(repo),
        basehead: `${pr.base.ref}...${headSide}`,
      },
    );
    const accepted = acceptedOf(pr.body);
    const upTo = accepted ? ours.commits.findIndex((c) => c.sha === accepted) : -1;
    status.humanEdited =
      hasLabel(pr, this.settings.editedLabel) ||
      ours.commits.some(
        (c, i) => i > upTo && !(c.author && same(c.author.login, me.login) && hasToolTrailer(c.commit.message)),
      );
    if (ours.behind_by > 0) {
      const theirs = await this.must(
        `${repo}: comparing ${pr.base.ref} with #${pr.number}`,
        'GET /repos/{owner}/{repo}/compare/{basehead}',
        {
          ...this.parts(repo),
          basehead: `${headSide}...${pr.base.ref}`,
        },
      );
      const touched = new Set((ours.files ?? []).map((f) => f.filename));
      status.staleFiles = (theirs.files ?? []).map((f) => f.filename).filter((f) => touched.has(f));
      status.stale = status.staleFiles.length > 0;
    }
    return status;
  }

  /** The most recent pull request (any state) whose head is the tool branch, or the draft it was repurposed into. */
  protected async latestPull(repo: string, branch: string): Promise<ApiPull | null> {
    await this.journal.load();
    const known = this.knownHead(repo, branch);
    const owner = known?.owner ?? (await this.headOwner(await this.repoInfo(repo)));
    const ref = known?.ref ?? branch;
    const list =
      (await this.data(
        `${repo}: looking up the pull requests of ${ref}`,
        'GET /repos/{owner}/{repo}/pulls',
        { ...this.parts(repo), state: 'all', head: `${owner}:${ref}`, per_page: 100 },
        { repo },
      )) ?? [];
    const mine = list.filter((p) => p.head.ref === ref && same(p.head.repo?.owner.login ?? owner, owner));
    const latest = mine.sort((a, b) => b.number - a.number)[0];
    if (latest) return latest;
    const mapped = this.journal.last(repo, branch, 'repurposed');
    if (mapped && typeof mapped.number === 'number')
      return this.data(
        `${repo}: reading pull request #${mapped.number}`,
        'GET /repos/{owner}/{repo}/pulls/{pull_number}',
        { ...this.parts(repo), pull_number: mapped.number },
        { allow: [404] },
      );
    return null;
  }

  /** Closes a pull request with a comment. Closing a closed one does nothing. */
  async closeChange(repo: string, id: number, comment: string): Promise<void> {
    const pr = await this.data(
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

  protected async closePull(repo: string, pr: ApiPull, comment: string): Promise<void> {
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

  /** How many writes bringing an open PR to the input's text, labels, draft state and reviewers takes. */
  protected refreshWrites(
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

  protected reviewersToAsk(repo: string, branch: string, pr: ApiPull, input: ProposeInput): string[] {
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

  protected async requestReviewers(repo: string, branch: string, pr: ApiPull, reviewers: string[]): Promise<void> {
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

  protected async setDraft(repo: string, pr: ApiPull, draft: boolean): Promise<void> {
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
  protected async refreshPull(
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
      current = await this.must(
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
  protected async openNewPull(
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
      pr = res.data;
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
}
