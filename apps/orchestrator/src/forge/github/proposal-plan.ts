/**
 * What a GitHub proposal does, decided from what the forge has read, as a pure
 * function: no network, no journal, no clock. The forge reads the facts
 * (the base tip, the open pull request, the tool branch's commits), asks
 * {@link planProposal}, and does what the plan says:
 *
 * - `refuse`: the branch holds commits tmsync did not make and nobody handed it
 *   back; leave it alone (labelling the pull request `edited` where it may).
 * - `read-parent`: the branch may be written on; read the tree of `parent`
 *   (the branch tip when the branch is ahead of the base, else the base tip)
 *   to learn which files differ, then ask again with `after` filled in.
 * - `unchanged`: no branch ahead of the base and nothing to write.
 * - `write`: commit the pending files (if any), open or refresh the pull
 *   request and close superseded drafts, within a reservation of `reserve`
 *   requests (null when nothing needs writing).
 *
 * Every plan says why in `reason`, and {@link describeWrite} turns a done
 * `write` into the line the user reads.
 */
import { same } from './text.js';

/** A commit on the tool branch ahead of the base, as the forge classified it. */
export interface PlanCommit {
  sha: string;
  /** Made by the token's user. */
  mine: boolean;
  /** Made by the token's user and carrying the tool's trailer. */
  owned: boolean;
}

/** What the forge knows when it plans a proposal. */
export interface ProposalFacts {
  repo: string;
  branch: string;
  base: string;
  baseTip: string;
  /** The open pull request of the branch (or the draft being repurposed into it). */
  pr: { number: number; labels: readonly string[] } | null;
  /** Where the branch lives; null when there is no branch yet and no fork to put it in. */
  head: { repo: string; ref: string } | null;
  /** The branch tip, or null when the branch does not exist. */
  tip: string | null;
  /** The branch's commits ahead of the base, oldest first. */
  commits: readonly PlanCommit[];
  /**
   * No pull request is open and the branch's last one was merged at the branch's
   * tip (by any method, squash and rebase included): its commits are in the base
   * already, so a new proposal starts again from the base.
   */
  landed: boolean;
  /** The hand-back marker in the pull request's body: commits up to it are accepted. */
  accepted: string | null;
  /** An earlier draft is being repurposed into this proposal. */
  repurposing: boolean;
  /** Labels and reviewers can be set (push access to the repository). */
  canLabel: boolean;
  handBackLabel: string;
  editedLabel: string;
  /** How many labels and reviewers the input asks for. */
  labels: number;
  reviewers: number;
  /** Earlier drafts this proposal closes. */
  toClose: readonly number[];
  /** Known once the parent's tree is read: how many files differ, and how many writes refreshing the PR text takes. */
  after?: { pending: number; textWrites: number };
}

/** Where the branch stands before anything is written: the parent to read, the marker and labels to set. */
interface Footing {
  /** The commit the new commit goes on, and the repository holding it. */
  parent: string;
  parentRepo: string;
  /** The hand-back marker the pull request body carries after this proposal. */
  marker: string | null;
  /** Labels to take off the pull request (the hand-back and edited labels, once handed back). */
  removeLabels: string[];
  /** Foreign commits handed back with the hand-back label, now built on. */
  handedBack: number;
  /** The branch's old commits landed with a merged pull request: move the branch to the new commit from the base (forced). */
  restart: boolean;
}

/** How a write ends, for the outcome and the line the user reads. */
export type WriteStory = 'repurposed' | 'committed-updated' | 'committed-opened' | 'up-to-date' | 'opened';

/** What to do with a proposal. */
export type ProposalPlan =
  | { kind: 'refuse'; reason: string; foreign: string[]; labelEdited: boolean; detail: string }
  | ({ kind: 'read-parent'; reason: string } & Footing)
  | { kind: 'unchanged'; reason: string; detail: string; recordChecked: boolean }
  | ({
      kind: 'write';
      reason: string;
      /** Write a commit of the pending files. */
      commit: boolean;
      /** Requests to reserve, or null when nothing needs writing. */
      reserve: number | null;
      outcome: 'created' | 'updated' | 'unchanged';
      story: WriteStory;
    } & Footing);

const labelled = (labels: readonly string[], name: string): boolean => labels.some((l) => same(l, name));

/** Decides what a proposal does from the facts read so far (see the module comment). */
export function planProposal(facts: ProposalFacts): ProposalPlan {
  const { pr, tip } = facts;
  const restart = facts.landed && !pr;
  // A landed branch's commits are the merged pull request's: none of them is built on again.
  const commits = restart ? [] : facts.commits;
  const acceptedUpTo = facts.accepted ? commits.findIndex((c) => c.sha === facts.accepted) : -1;
  const foreign = commits.filter((c, i) => !c.owned && i > acceptedUpTo && !(facts.repurposing && c.mine));
  // A repurposed draft's own commits are accepted for good: the marker in the PR body says up to where.
  let marker = facts.accepted ?? (facts.repurposing && tip && commits.length ? tip : null);
  const removeLabels: string[] = [];
  if (foreign.length > 0) {
    if (!pr || !labelled(pr.labels, facts.handBackLabel))
      return refusal(
        facts,
        foreign.map((c) => c.sha),
      );
    marker = tip;
    for (const l of [facts.handBackLabel, facts.editedLabel]) if (labelled(pr.labels, l)) removeLabels.push(l);
  }
  const own = commits.length;
  const footing: Footing = {
    parent: own > 0 && tip ? tip : facts.baseTip,
    parentRepo: own > 0 && facts.head ? facts.head.repo : facts.repo,
    marker,
    removeLabels,
    handedBack: foreign.length,
    restart: restart && !!tip,
  };
  const after = facts.after;
  if (!after)
    return {
      kind: 'read-parent',
      reason:
        own > 0 && tip
          ? `the branch is ${own} commit(s) ahead of ${facts.base}${foreign.length ? `, ${foreign.length} of them handed back` : ''}: read its tip`
          : restart
            ? `the branch's last pull request was merged at its tip: start again from ${facts.base}`
            : `the branch holds nothing of its own ahead of ${facts.base}: read the base tip`,
      ...footing,
    };
  if (after.pending === 0 && own === 0)
    return {
      kind: 'unchanged',
      reason: `no branch ahead of ${facts.base} and no file differs`,
      detail: `${facts.repo}: ${facts.base} already holds these files; nothing to propose.`,
      recordChecked: facts.toClose.length === 0,
    };
  return write(facts, footing, after);
}

function refusal(facts: ProposalFacts, foreign: string[]): ProposalPlan {
  const { pr, head, repo } = facts;
  const shas = foreign.map((sha) => sha.slice(0, 12)).join(', ');
  const where = head && !same(head.repo, repo) ? ` (in ${head.repo})` : '';
  return {
    kind: 'refuse',
    reason: `${foreign.length} commit(s) on the branch are not tmsync's and the pull request does not carry ${facts.handBackLabel}`,
    foreign,
    labelEdited: !!pr && facts.canLabel && !labelled(pr.labels, facts.editedLabel),
    detail:
      `Branch ${head?.ref ?? facts.branch}${where} of ${repo} holds ${foreign.length} commit(s) tmsync did not make (${shas}); left it alone` +
      (pr
        ? facts.canLabel
          ? `, labelled #${pr.number} ${facts.editedLabel} (add the label ${facts.handBackLabel} to hand it back).`
          : ` (#${pr.number}).`
        : '.'),
  };
}

function write(facts: ProposalFacts, footing: Footing, after: { pending: number; textWrites: number }): ProposalPlan {
  const { pr, canLabel } = facts;
  const pending = after.pending;
  const openWrites = 1 + (canLabel && facts.labels ? 1 : 0) + (canLabel && facts.reviewers ? 1 : 0);
  const estimate =
    (pending ? 3 : 0) +
    (pending && !facts.head ? 1 : 0) +
    (pr ? after.textWrites : openWrites) +
    2 * facts.toClose.length;
  const needsWrites = pending > 0 || !pr || facts.toClose.length > 0 || after.textWrites > 0;
  const story: WriteStory =
    facts.repurposing && pending > 0
      ? 'repurposed'
      : pending > 0
        ? pr
          ? 'committed-updated'
          : 'committed-opened'
        : pr
          ? 'up-to-date'
          : 'opened';
  const outcome = story === 'up-to-date' ? 'unchanged' : pr ? 'updated' : 'created';
  const reasons: Record<WriteStory, string> = {
    repurposed: `${pending} file(s) differ and an earlier draft is taken over`,
    'committed-updated': `${pending} file(s) differ and the pull request is open`,
    'committed-opened': `${pending} file(s) differ and no pull request is open`,
    'up-to-date': 'the branch already holds the files; only the pull request may need refreshing',
    opened: 'the branch already holds the files but no pull request is open',
  };
  return {
    kind: 'write',
    reason: reasons[story],
    commit: pending > 0,
    reserve: needsWrites ? estimate : null,
    outcome,
    story,
    ...footing,
  };
}

/** The line the user reads once a `write` plan is done, given the pull request it ended with. */
export function describeWrite(
  plan: Extract<ProposalPlan, { kind: 'write' }>,
  facts: ProposalFacts,
  change: { id: number; url: string },
): string {
  const { repo, branch } = facts;
  const files = facts.after?.pending ?? 0;
  const closed = facts.toClose.length ? `; closed draft(s) ${facts.toClose.map((n) => `#${n}`).join(', ')}` : '';
  let detail: string;
  switch (plan.story) {
    case 'repurposed':
      detail = `${repo}: repurposed draft #${change.id} into the pointer change (a commit of ${files} file(s) on ${facts.head?.ref ?? branch})${closed}.`;
      break;
    case 'committed-updated':
      detail = `${repo}: added a commit (${files} file(s)) to ${branch} and updated pull request #${change.id}${closed}.`;
      break;
    case 'committed-opened':
      detail = `${repo}: committed ${files} file(s) on ${branch} and opened pull request #${change.id} (${change.url})${closed}.`;
      break;
    case 'up-to-date':
      detail = `${repo}: branch ${branch} already holds these files; pull request #${change.id} is up to date${closed}.`;
      break;
    case 'opened':
      detail = `${repo}: branch ${branch} already held these files; opened pull request #${change.id} (${change.url})${closed}.`;
      break;
  }
  if (plan.handedBack > 0)
    detail += ` Resumed on top of ${plan.handedBack} commit(s) handed back with ${facts.handBackLabel}.`;
  if (!facts.canLabel && (facts.labels || facts.reviewers))
    detail += ' (Labels and reviewers need push access; not set from the fork.)';
  return detail;
}
