import { validateBranchName, validateRepoPath } from '../../git.js';
import { withTrailer } from '../tool-commit.js';
import type { ChangeRequest, Forge, ProposeInput, ProposeResult } from '../types.js';
import { ForgeError } from '../types.js';
import { Mutex } from './pacing.js';
import { acceptedOf, digest, labelNames, same } from './text.js';
import { describeWrite, planProposal, type ProposalFacts } from './proposal-plan.js';
import type { ApiPull, Head, RepoInfo } from './api.js';
import { GitHubForks } from './forks.js';
import { RaceError } from './base.js';
export type { GitHubForgeOptions } from './base.js';
export { hasToolTrailer, stripMarkers } from './text.js';

/** GitHub's REST API behind the `Forge` interface. */
export class GitHubForge extends GitHubForks implements Forge {
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

  protected async proposeOnce(input: ProposeInput, base: string, retried: boolean): Promise<ProposeResult> {
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
    // A branch kept after its pull request was merged (squash, rebase): its commits are in the base already.
    const last = !pr && tip && commits.length > 0 ? await this.latestPull(repo, branch) : null;
    const landed = !!last?.merged_at && last.head.sha === tip;
    const reviewers = input.reviewers ?? [];
    const labels = input.labels ?? [];
    const facts: ProposalFacts = {
      repo,
      branch,
      base,
      baseTip,
      pr: pr ? { number: pr.number, labels: labelNames(pr) } : null,
      head,
      tip,
      commits,
      landed,
      accepted: pr ? acceptedOf(pr.body) : null,
      repurposing: !!repurposing,
      canLabel,
      handBackLabel: s.handBackLabel,
      editedLabel: s.editedLabel,
      labels: labels.length,
      reviewers: reviewers.length,
      toClose: toClose.map((d) => d.number),
    };
    const first = planProposal(facts);
    if (first.kind === 'refuse') {
      if (pr && first.labelEdited) {
        const reservation = await this.budget.reserve(1, `${repo}: labelling #${pr.number}`);
        try {
          await this.client.withReservation(reservation, () =>
            this.must(`${repo}: labelling #${pr!.number}`, 'POST /repos/{owner}/{repo}/issues/{issue_number}/labels', {
              ...this.parts(repo),
              issue_number: pr!.number,
              labels: [s.editedLabel],
            }),
          );
        } finally {
          reservation.release();
        }
        pr = { ...pr, labels: [...pr.labels, { name: s.editedLabel }] };
      }
      await this.step('foreign', repo, branch, { commits: first.foreign, pr: pr?.number ?? null });
      return { outcome: 'foreign-commits', change: pr ? this.toChange(repo, branch, pr) : null, detail: first.detail };
    }
    if (first.kind !== 'read-parent') throw new Error(`${repo}: the proposal planner skipped reading the parent`);
    const { parent, marker: newMarker, removeLabels } = first;
    const parentView = await this.treeView(first.parentRepo, parent);
    const pending = await this.pendingChanges(repo, parentView, input);
    if (repurposing) pending.push(...(await this.restoreBase(repo, parentView, baseTip, input)));

    const textWrites = pr ? this.refreshWrites(repo, branch, pr, input, newMarker, removeLabels, canLabel) : 0;
    facts.after = { pending: pending.length, textWrites };
    const plan = planProposal(facts);
    if (plan.kind === 'unchanged') {
      // No branch ahead of the base and nothing to write: the base already holds these files.
      if (plan.recordChecked) await this.recordRepurposeChecked(repo, branch, rpDigest);
      return { outcome: 'unchanged', change: pr ? this.toChange(repo, branch, pr) : null, detail: plan.detail };
    }
    if (plan.kind !== 'write')
      throw new Error(`${repo}: the proposal planner gave ${plan.kind} after the parent was read`);
    const reservation = plan.reserve !== null ? await this.budget.reserve(plan.reserve, `${repo}`) : null;
    try {
      const run = async (): Promise<ChangeRequest> => {
        let headNow = head;
        let headSha = tip ?? baseTip;
        if (plan.commit) {
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
          await this.moveBranch(repo, branch, headNow, tip, commit, first.restart);
          headSha = commit;
          await this.rememberCommit(
            repo,
            headNow,
            parentView,
            pending,
            tree,
            commit,
            baseTip,
            first.restart ? [] : commits,
            message,
          );
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
      return { outcome: plan.outcome, change, detail: describeWrite(plan, facts, change) };
    } finally {
      reservation?.release();
    }
  }
}
