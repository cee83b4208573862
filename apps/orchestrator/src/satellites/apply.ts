/** Proposing a satellite's plan: one change with all its files, text from the campaign's templates. */
import type { Campaign } from '@tmsync/core';
import type { ChangeRequest, Forge, ProposeResult } from '../forge/types.js';
import type { SatellitePlan, SectionChange } from './plan.js';
import { planChanges } from './plan.js';
import { fillTemplate } from './render.js';

const WHAT = '## What this change does';
const LEFT = '## Left alone';
const SECTIONS = '## Inherited sections that changed in the parent';

/**
 * The title of a satellite's change: the campaign's template for a change that
 * adds pointers; a pin or a refresh of inherited sections, when that is all the
 * change does.
 */
export function changeTitle(campaign: Campaign, plan: SatellitePlan, described: SatellitePlan = plan): string {
  const touched = described.files.filter((f) => f.action !== 'keep');
  const onlyUpdates = touched.length > 0 && touched.every((f) => f.action === 'update');
  const ctx = plan.context;
  if (plan.mode === 'pin' && onlyUpdates) return `Pin the ${ctx.family} threat model links to ${ctx.parent}@${ctx.ref}`;
  const changes = described.sectionChanges;
  if (plan.mode === 'refresh' && onlyUpdates && changes.length && touched.every((f) => f.role === 'addendum')) {
    const to = changes[0]?.toRef ?? ctx.ref;
    const at = /^[0-9a-f]{40,64}$/.test(to) ? to.slice(0, 7) : to;
    return `Refresh inherited ${changes.map((c) => c.label).join(', ')} from ${ctx.parent}@${at}`;
  }
  return fillTemplate(campaign.templates.title, ctx);
}

/**
 * The title and body of a satellite's change. `net` is the plan read at the
 * base (for a change already open): the body describes the change as it will
 * be merged, not the last commit on its branch.
 */
export function changeText(
  campaign: Campaign,
  plan: SatellitePlan,
  net?: SatellitePlan,
): { title: string; body: string; message: string } {
  const described = net ?? plan;
  const title = changeTitle(campaign, plan, described);
  const bullets: string[] = [];
  for (const file of described.files.filter((f) => f.action !== 'keep')) {
    const name = file.writePath !== file.path ? `\`${file.path}\` (→ \`${file.writePath}\`)` : `\`${file.path}\``;
    for (const reason of file.reasons) bullets.push(`- ${name}: ${reason}`);
  }
  const follows = followsOf(campaign, plan);
  const lines: string[] = [
    ...(follows ? [`Follows ${follows}`, ''] : []),
    fillTemplate(campaign.templates.body, plan.context).trimEnd(),
    '',
    WHAT,
    '',
    ...bullets,
  ];
  if (plan.issues.length) {
    lines.push('', LEFT, '');
    for (const issue of plan.issues) lines.push(`- ${issue.message}`);
  }
  // Net, against the base; else (an open change re-recorded) what moved since its last update, said so.
  const moved = described.sectionChanges.length ? described : plan.sectionChanges.length ? plan : null;
  if (moved) {
    lines.push('', ...sectionChangesText(moved.sectionChanges, moved !== described));
    if (moved.compareUrl) lines.push(`Every change in the parent between the two refs: <${moved.compareUrl}>`, '');
  }
  const touched = plan.files.filter((f) => f.action !== 'keep');
  const message = `${title}\n\n${touched.map((f) => `${f.action} ${f.writePath}`).join('\n')}`;
  return { title, body: `${lines.join('\n').trimEnd()}\n`, message };
}

/** The pull request a plan's change follows (`owner/name#N`): its family's `follows`, else the campaign's. */
function followsOf(campaign: Campaign, plan: SatellitePlan): string | undefined {
  return campaign.families.find((f) => f.name === plan.family)?.follows ?? campaign.follows;
}

/** Markdown describing inherited sections that changed in the parent, with their word diffs. */
export function sectionChangesText(changes: readonly SectionChange[], sinceLastUpdate = false): string[] {
  const lines = [SECTIONS, ''];
  lines.push(
    sinceLastUpdate
      ? "Since this change was last updated, these sections moved in the parent and the record now holds their new fingerprints; please check that this repository's addendum still holds against the parent's new text."
      : "The recorded fingerprints are updated; please check that this repository's addendum still holds against the parent's new text.",
    '',
  );
  for (const c of changes) {
    const kind = c.provenanceOnly ? ' — provenance tags only' : '';
    lines.push(`### ${c.label} ${c.title}${kind}`, '');
    lines.push(
      `\`${c.from ?? '(not recorded)'}\` at ${shortRef(c.fromRef)} → \`${c.to}\` at ${shortRef(c.toRef)} (word diff: [-removed-]{+added+})`,
      '',
    );
    if (c.diff) lines.push('```text', c.diff, '```', '');
    else if (c.diff === null) lines.push('_(the recorded ref could not be read, so the diff is not available)_', '');
  }
  return lines;
}

function shortRef(ref: string | null): string {
  if (ref === null) return '—';
  return /^[0-9a-f]{40,64}$/.test(ref) ? ref.slice(0, 12) : ref;
}

/** What applying a plan did. */
export interface ApplyResult {
  outcome: ProposeResult['outcome'] | 'nothing-to-do' | 'declined';
  detail: string;
  changeId: number | null;
  url: string | null;
}

/**
 * Proposes a plan: one `propose` call with every file. With nothing to change
 * and a change open, the branch is still checked (with the change's own text,
 * so nothing is rewritten) so that commits someone else made there are reported.
 */
export async function applyPlan(
  forge: Forge,
  campaign: Campaign,
  plan: SatellitePlan,
  net?: SatellitePlan,
): Promise<ApplyResult> {
  const changes = planChanges(plan);
  const gh = campaign.github;
  const open = plan.openChange;
  if (changes.length === 0) {
    if (!open)
      return {
        outcome: 'nothing-to-do',
        detail: `${plan.defaultBranch} already holds these files`,
        changeId: null,
        url: null,
      };
    const check = await forge.propose({
      repo: plan.repo,
      branch: plan.branch,
      base: open.base,
      title: open.title,
      body: open.body,
      message: open.title,
      changes: [],
      labels: open.labels,
      draft: open.draft,
      ...(gh ? { reviewers: gh.reviewers } : {}),
    });
    if (check.outcome === 'foreign-commits')
      return { outcome: check.outcome, detail: check.detail, changeId: open.id, url: open.url };
    return {
      outcome: 'nothing-to-do',
      detail: `open change #${open.id} already holds these files`,
      changeId: open.id,
      url: open.url,
    };
  }
  if (!open && plan.declined)
    return {
      outcome: 'declined',
      detail: declinedText(plan.declined),
      changeId: plan.declined.id,
      url: plan.declined.url,
    };
  const text = changeText(campaign, plan, net);
  const result = await forge.propose({
    repo: plan.repo,
    branch: plan.branch,
    base: plan.defaultBranch,
    title: text.title,
    body: text.body,
    message: text.message,
    changes,
    ...(gh ? { labels: gh.labels, reviewers: gh.reviewers, draft: gh.draft } : {}),
  });
  return {
    outcome: result.outcome,
    detail: result.detail,
    changeId: result.change?.id ?? null,
    url: result.change?.url ?? null,
  };
}

/** Why a declined change is not proposed again, and what brings it back. */
export function declinedText(change: ChangeRequest): string {
  return `change #${change.id} with these files was closed without merging (${change.url}); not proposed again: reopen it to take it up, or it is proposed anew once what the campaign writes changes`;
}
