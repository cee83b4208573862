/**
 * The GitHub proposal planner on its own: every plan it can give (refuse, read-parent,
 * unchanged, write) and every line it writes, from facts built here. No network, no
 * emulator: forge-github-propose.test.ts checks the forge does what these plans say.
 */
import { describe, expect, it } from 'vitest';
import type { PlanCommit, ProposalFacts, ProposalPlan } from '../src/forge/github/proposal-plan.js';
import { describeWrite, planProposal } from '../src/forge/github/proposal-plan.js';

const BASE_TIP = 'b'.repeat(40);
const sha = (c: string): string => c.repeat(40);
const ours = (c: string): PlanCommit => ({ sha: sha(c), mine: true, owned: true });
const theirs = (c: string): PlanCommit => ({ sha: sha(c), mine: false, owned: false });
/** Made by the token's user without the tool's trailer (a hand-made commit in a draft). */
const mineUntagged = (c: string): PlanCommit => ({ sha: sha(c), mine: true, owned: false });

function facts(over: Partial<ProposalFacts> = {}): ProposalFacts {
  return {
    repo: 'acme/widget',
    branch: 'tmsync/pointer',
    base: 'main',
    baseTip: BASE_TIP,
    pr: null,
    head: { repo: 'acme/widget', ref: 'tmsync/pointer' },
    tip: null,
    commits: [],
    landed: false,
    accepted: null,
    repurposing: false,
    canLabel: true,
    handBackLabel: 'tmsync:hand-back',
    editedLabel: 'tmsync:edited',
    labels: 0,
    reviewers: 0,
    toClose: [],
    ...over,
  };
}

/** The branch one tool commit ahead of the base. */
const AHEAD = { tip: sha('1'), commits: [ours('1')] };
/** An open pull request. */
const open = (number: number, ...labels: string[]) => ({ pr: { number, labels } });
/** The parent has been read: this many files differ, and refreshing the PR text takes `textWrites`. */
const read = (pending: number, textWrites = 0) => ({ after: { pending, textWrites } });

function expectKind<K extends ProposalPlan['kind']>(plan: ProposalPlan, kind: K): Extract<ProposalPlan, { kind: K }> {
  expect(plan.kind, plan.reason).toBe(kind);
  return plan as Extract<ProposalPlan, { kind: K }>;
}

/** The plan for facts differing from the defaults by `over`, which must be of `kind`. */
function planOf<K extends ProposalPlan['kind']>(
  kind: K,
  over: Partial<ProposalFacts> = {},
): Extract<ProposalPlan, { kind: K }> {
  return expectKind(planProposal(facts(over)), kind);
}

describe('planProposal: refuse', () => {
  it('refuses a branch with a foreign commit and no pull request, without labelling', () => {
    const plan = planOf('refuse', { tip: sha('2'), commits: [ours('1'), theirs('2')] });
    expect(plan.foreign).toEqual([sha('2')]);
    expect(plan.labelEdited).toBe(false);
    expect(plan.detail).toBe(
      `Branch tmsync/pointer of acme/widget holds 1 commit(s) tmsync did not make (${'2'.repeat(12)}); left it alone.`,
    );
    expect(plan.reason).toMatch(/not tmsync's.*tmsync:hand-back/);
  });

  it('labels the open pull request edited when it may and the label is missing', () => {
    const plan = planOf('refuse', { tip: sha('3'), commits: [theirs('2'), theirs('3')], ...open(7) });
    expect(plan.foreign).toEqual([sha('2'), sha('3')]);
    expect(plan.labelEdited).toBe(true);
    expect(plan.detail).toBe(
      `Branch tmsync/pointer of acme/widget holds 2 commit(s) tmsync did not make (${'2'.repeat(12)}, ${'3'.repeat(12)}); left it alone, labelled #7 tmsync:edited (add the label tmsync:hand-back to hand it back).`,
    );
  });

  it('does not label twice: an edited label in any case counts', () => {
    const plan = planOf('refuse', {
      tip: sha('2'),
      commits: [theirs('2')],
      pr: { number: 7, labels: ['TMSYNC:Edited'] },
    });
    expect(plan.labelEdited).toBe(false);
    expect(plan.detail).toContain('labelled #7 tmsync:edited');
  });

  it('from a fork (no push access) names the fork and the pull request but labels nothing', () => {
    const plan = planOf('refuse', {
      canLabel: false,
      head: { repo: 'bot/widget', ref: 'tmsync/pointer' },
      tip: sha('2'),
      commits: [theirs('2')],
      ...open(9),
    });
    expect(plan.labelEdited).toBe(false);
    expect(plan.detail).toBe(
      `Branch tmsync/pointer (in bot/widget) of acme/widget holds 1 commit(s) tmsync did not make (${'2'.repeat(12)}); left it alone (#9).`,
    );
  });

  it('refuses a commit after the accepted marker, and names the branch when the head is unknown', () => {
    const plan = planOf('refuse', {
      head: null,
      tip: sha('3'),
      commits: [theirs('1'), theirs('3')],
      accepted: sha('1'),
      ...open(4),
    });
    expect(plan.foreign).toEqual([sha('3')]);
    expect(plan.detail).toMatch(/^Branch tmsync\/pointer of acme\/widget holds 1 commit/);
  });
});

describe('planProposal: read-parent', () => {
  it('reads the base tip when the branch holds nothing ahead of the base', () => {
    const plan = expectKind(planProposal(facts()), 'read-parent');
    expect(plan).toMatchObject({
      parent: BASE_TIP,
      parentRepo: 'acme/widget',
      marker: null,
      removeLabels: [],
      handedBack: 0,
    });
    expect(plan.reason).toMatch(/ahead of main: read the base tip/);
  });

  it('reads the branch tip, in the fork holding it, when the branch is ahead', () => {
    const plan = planOf('read-parent', {
      head: { repo: 'bot/widget', ref: 'tmsync/pointer' },
      tip: sha('2'),
      commits: [ours('1'), ours('2')],
    });
    expect(plan).toMatchObject({ parent: sha('2'), parentRepo: 'bot/widget', marker: null, handedBack: 0 });
    expect(plan.reason).toMatch(/2 commit\(s\) ahead of main/);
  });

  it('falls back to the base tip when commits are listed but the tip is unknown', () => {
    const plan = planOf('read-parent', { head: null, tip: null, commits: [ours('1')] });
    expect(plan).toMatchObject({ parent: BASE_TIP, parentRepo: 'acme/widget' });
    expect(plan.reason).toMatch(/read the base tip/);
  });

  it('accepts foreign commits up to the marker and keeps the marker', () => {
    const plan = planOf('read-parent', {
      tip: sha('3'),
      commits: [theirs('1'), theirs('2'), ours('3')],
      accepted: sha('2'),
      ...open(4),
    });
    expect(plan).toMatchObject({ parent: sha('3'), marker: sha('2'), removeLabels: [], handedBack: 0 });
  });

  it('builds on handed-back commits: marker to the tip, both labels removed (as they are spelt on the PR)', () => {
    const plan = planOf('read-parent', {
      tip: sha('2'),
      commits: [ours('1'), theirs('2')],
      pr: { number: 7, labels: ['TMSYNC:HAND-BACK', 'tmsync:edited', 'docs'] },
    });
    expect(plan).toMatchObject({
      parent: sha('2'),
      marker: sha('2'),
      removeLabels: ['tmsync:hand-back', 'tmsync:edited'],
      handedBack: 1,
    });
    expect(plan.reason).toMatch(/1 of them handed back/);
  });

  it('removes only the labels the pull request carries', () => {
    const plan = planOf('read-parent', {
      tip: sha('2'),
      commits: [theirs('2')],
      pr: { number: 7, labels: ['tmsync:hand-back'] },
    });
    expect(plan.removeLabels).toEqual(['tmsync:hand-back']);
  });

  it("accepts a repurposed draft's own commits for good: the marker goes to its tip", () => {
    const plan = planOf('read-parent', {
      repurposing: true,
      tip: sha('2'),
      commits: [mineUntagged('1'), mineUntagged('2')],
      ...open(3),
    });
    expect(plan).toMatchObject({ parent: sha('2'), marker: sha('2'), handedBack: 0 });
  });

  it("still refuses someone else's commit in a repurposed draft", () => {
    const plan = planProposal(
      facts({
        repurposing: true,
        tip: sha('2'),
        commits: [mineUntagged('1'), theirs('2')],
        ...open(3),
      }),
    );
    expect(expectKind(plan, 'refuse').foreign).toEqual([sha('2')]);
  });

  it('a repurposed draft with no commits gets no marker', () => {
    const plan = planOf('read-parent', { repurposing: true, tip: BASE_TIP, ...open(3) });
    expect(plan.marker).toBeNull();
  });

  it('still refuses once the parent is read: foreign commits are decided first', () => {
    const plan = planProposal(facts({ tip: sha('2'), commits: [theirs('2')], ...read(1) }));
    expect(plan.kind).toBe('refuse');
  });
});

describe('planProposal: unchanged', () => {
  it('no branch ahead and no file differing: nothing to propose, the repurpose check recorded', () => {
    const plan = planOf('unchanged', { ...read(0) });
    expect(plan.detail).toBe('acme/widget: main already holds these files; nothing to propose.');
    expect(plan.recordChecked).toBe(true);
  });

  it('does not record the repurpose check while drafts wait to be closed', () => {
    const plan = planOf('unchanged', { toClose: [5], ...read(0) });
    expect(plan.recordChecked).toBe(false);
  });

  it('is unchanged even with an open pull request whose text is stale (the base holds the files)', () => {
    const plan = planProposal(facts({ ...open(2), ...read(0, 2) }));
    expect(plan.kind).toBe('unchanged');
  });
});

describe('planProposal: write', () => {
  it('commits and opens a pull request: 3 writes for the commit, 1 to open, 1 each for labels and reviewers', () => {
    const plan = planOf('write', { labels: 2, reviewers: 1, ...read(2) });
    expect(plan).toMatchObject({ commit: true, reserve: 3 + 1 + 1 + 1, outcome: 'created', story: 'committed-opened' });
  });

  it('from a fork, labels and reviewers cost nothing (they are not set) and a missing fork costs one', () => {
    const plan = planOf('write', { canLabel: false, head: null, labels: 2, reviewers: 1, ...read(1) });
    expect(plan.reserve).toBe(3 + 1 + 1);
  });

  it('commits onto an open pull request: its text writes, plus two per draft closed', () => {
    const plan = planOf('write', {
      ...AHEAD,
      ...open(7),
      toClose: [3, 4],
      labels: 1,
      ...read(1, 2),
    });
    expect(plan).toMatchObject({
      commit: true,
      reserve: 3 + 2 + 4,
      outcome: 'updated',
      story: 'committed-updated',
      parent: sha('1'),
    });
  });

  it('reserves nothing when the branch and the pull request are up to date', () => {
    const plan = planOf('write', {
      ...AHEAD,
      ...open(7),
      ...read(0),
    });
    expect(plan).toMatchObject({ commit: false, reserve: null, outcome: 'unchanged', story: 'up-to-date' });
  });

  it('refreshes a stale pull request text without a commit', () => {
    const plan = planOf('write', {
      ...AHEAD,
      ...open(7),
      ...read(0, 1),
    });
    expect(plan).toMatchObject({ commit: false, reserve: 1, outcome: 'unchanged', story: 'up-to-date' });
  });

  it('closes drafts even when the pull request is up to date', () => {
    const plan = planOf('write', {
      ...AHEAD,
      ...open(7),
      toClose: [3],
      ...read(0),
    });
    expect(plan.reserve).toBe(2);
  });

  it('opens a pull request for a branch that already holds the files', () => {
    const plan = planOf('write', { ...AHEAD, ...read(0) });
    expect(plan).toMatchObject({ commit: false, reserve: 1, outcome: 'created', story: 'opened' });
  });

  it('repurposes a draft when files differ', () => {
    const plan = planOf('write', {
      repurposing: true,
      tip: sha('1'),
      commits: [mineUntagged('1')],
      ...open(3),
      ...read(2, 1),
    });
    expect(plan).toMatchObject({ commit: true, reserve: 4, outcome: 'updated', story: 'repurposed', marker: sha('1') });
  });

  it('carries the hand-back footing into the write', () => {
    const plan = planOf('write', {
      tip: sha('2'),
      commits: [theirs('2')],
      pr: { number: 7, labels: ['tmsync:hand-back'] },
      ...read(1, 2),
    });
    expect(plan).toMatchObject({ marker: sha('2'), removeLabels: ['tmsync:hand-back'], handedBack: 1 });
  });
});

describe('describeWrite', () => {
  const change = { id: 12, url: 'https://github.example/acme/widget/pull/12' };
  const described = (f: ProposalFacts): string => describeWrite(expectKind(planProposal(f), 'write'), f, change);

  it('tells each way a write ends', () => {
    expect(described(facts({ ...read(2) }))).toBe(
      `acme/widget: committed 2 file(s) on tmsync/pointer and opened pull request #12 (${change.url}).`,
    );
    expect(described(facts({ ...open(12), ...read(1) }))).toBe(
      'acme/widget: added a commit (1 file(s)) to tmsync/pointer and updated pull request #12.',
    );
    expect(
      described(
        facts({
          ...AHEAD,
          ...open(12),
          ...read(0),
        }),
      ),
    ).toBe('acme/widget: branch tmsync/pointer already holds these files; pull request #12 is up to date.');
    expect(described(facts({ ...AHEAD, ...read(0) }))).toBe(
      `acme/widget: branch tmsync/pointer already held these files; opened pull request #12 (${change.url}).`,
    );
    expect(
      described(
        facts({
          repurposing: true,
          head: { repo: 'acme/widget', ref: 'old-draft' },
          ...open(12),
          ...read(3),
        }),
      ),
    ).toBe('acme/widget: repurposed draft #12 into the pointer change (a commit of 3 file(s) on old-draft).');
  });

  it('names the closed drafts, the handed-back commits and what a fork cannot set', () => {
    expect(
      described(
        facts({
          canLabel: false,
          labels: 1,
          tip: sha('2'),
          commits: [theirs('2')],
          pr: { number: 12, labels: ['tmsync:hand-back'] },
          toClose: [3, 4],
          ...read(1),
        }),
      ),
    ).toBe(
      'acme/widget: added a commit (1 file(s)) to tmsync/pointer and updated pull request #12; closed draft(s) #3, #4.' +
        ' Resumed on top of 1 commit(s) handed back with tmsync:hand-back.' +
        ' (Labels and reviewers need push access; not set from the fork.)',
    );
  });

  it('says nothing of labels from a fork when none were asked for, nor from a repository it may label', () => {
    expect(described(facts({ canLabel: false, ...read(1) }))).not.toMatch(/push access/);
    expect(described(facts({ reviewers: 2, ...read(1) }))).not.toMatch(/push access/);
    expect(described(facts({ canLabel: false, reviewers: 1, ...read(1) }))).toMatch(/push access/);
  });
});

describe('planProposal: a branch kept after its pull request was merged', () => {
  it('starts again from the base and moves the branch by force, ignoring the landed commits', () => {
    const first = planOf('read-parent', { tip: sha('1'), commits: [ours('1'), theirs('2')], landed: true });
    expect(first.parent).toBe(BASE_TIP);
    expect(first.parentRepo).toBe('acme/widget');
    expect(first.restart).toBe(true);
    expect(first.handedBack).toBe(0);
    expect(first.reason).toContain('merged at its tip: start again from main');
    const plan = planOf('write', { tip: sha('1'), commits: [ours('1')], landed: true, ...read(2) });
    expect(plan.commit).toBe(true);
    expect(plan.restart).toBe(true);
    expect(plan.story).toBe('committed-opened');
  });

  it('proposes nothing when the base already holds the files', () => {
    planOf('unchanged', { tip: sha('1'), commits: [ours('1')], landed: true, ...read(0) });
  });

  it('never restarts a branch with an open pull request, nor one that did not land', () => {
    expect(planOf('read-parent', { ...AHEAD, landed: true, ...open(4) }).restart).toBe(false);
    expect(planOf('read-parent', { ...AHEAD }).restart).toBe(false);
  });
});
