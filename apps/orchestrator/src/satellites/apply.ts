/** Proposing a satellite's plan: one change with all its files, text from the campaign's templates. */
import type { Campaign } from '@tmsync/core';
import type { Forge, ProposeResult } from '../forge/types.js';
import type { SatellitePlan, SectionChange } from './plan.js';
import { planChanges } from './plan.js';
import { fillTemplate } from './render.js';

const WHAT = '## What this change does';
const LEFT = '## Left alone';
const SECTIONS = '## Inherited sections that changed in the parent';

/** The lines of a `## ` section of a body (without its heading), or []. */
function bodySection(body: string, heading: string): string[] {
  const lines = body.split('\n');
  const i = lines.indexOf(heading);
  if (i < 0) return [];
  const out: string[] = [];
  for (const line of lines.slice(i + 1)) {
    if (line.startsWith('## ')) break;
    out.push(line);
  }
  return out;
}

/**
 * The title and body of a satellite's change: the templates, then what changes
 * and why. When the change is already open (`previous` is its body), what it
 * said about files this run does not touch is kept.
 */
export function changeText(
  campaign: Campaign,
  plan: SatellitePlan,
  previous?: string,
): { title: string; body: string; message: string } {
  const title = fillTemplate(campaign.templates.title, plan.context);
  const touched = plan.files.filter((f) => f.action !== 'keep');
  const bullets: string[] = [];
  if (previous) {
    const names = touched.map((f) => `\`${f.path}\``);
    for (const line of bodySection(previous, WHAT))
      if (line.startsWith('- ') && !names.some((n) => line.startsWith(`- ${n}`))) bullets.push(line);
  }
  for (const file of touched) {
    const name = file.writePath !== file.path ? `\`${file.path}\` (→ \`${file.writePath}\`)` : `\`${file.path}\``;
    for (const reason of file.reasons) bullets.push(`- ${name}: ${reason}`);
  }
  const lines: string[] = [fillTemplate(campaign.templates.body, plan.context).trimEnd(), '', WHAT, '', ...bullets];
  if (plan.issues.length) {
    lines.push('', LEFT, '');
    for (const issue of plan.issues) lines.push(`- ${issue.message}`);
  }
  if (plan.sectionChanges.length) lines.push('', ...sectionChangesText(plan.sectionChanges));
  else if (previous && bodySection(previous, SECTIONS).length)
    lines.push('', SECTIONS, ...bodySection(previous, SECTIONS));
  const message = `${title}\n\n${touched.map((f) => `${f.action} ${f.writePath}`).join('\n')}`;
  return { title, body: `${lines.join('\n').trimEnd()}\n`, message };
}

/** Markdown describing inherited sections that changed in the parent, with their word diffs. */
export function sectionChangesText(changes: readonly SectionChange[]): string[] {
  const lines = [SECTIONS, ''];
  lines.push(
    "The recorded fingerprints are updated; please check that this repository's addendum still holds against the parent's new text.",
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
  outcome: ProposeResult['outcome'] | 'nothing-to-do';
  detail: string;
  changeId: number | null;
  url: string | null;
}

/**
 * Proposes a plan: one `propose` call with every file. With nothing to change
 * and a change open, the branch is still checked (with the change's own text,
 * so nothing is rewritten) so that commits someone else made there are reported.
 */
export async function applyPlan(forge: Forge, campaign: Campaign, plan: SatellitePlan): Promise<ApplyResult> {
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
      branch: campaign.branch,
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
  const text = changeText(campaign, plan, open?.body);
  const result = await forge.propose({
    repo: plan.repo,
    branch: campaign.branch,
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
