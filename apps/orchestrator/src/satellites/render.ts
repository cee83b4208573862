/**
 * The text tmsync writes: pointer sections, new pointer files and addendum
 * headers. Deterministic (no dates), so that a second run renders the same bytes.
 */
import type { Inherits } from './inherits.js';
import { renderInherits } from './inherits.js';
import type { InheritedSection } from './parent.js';

/** What the texts are made of. */
export interface RenderContext {
  family: string;
  /** The satellite, `owner/name`. */
  repo: string;
  /** The parent, `owner/name`. */
  parent: string;
  parentPath: string;
  /** The ref the model URL carries. */
  ref: string;
  modelUrl: string;
  /** The satellite's description from the campaign, if any. */
  description?: string | undefined;
  /** Absolute https link to the project's security process that exists (or will once the parent's own change merges); null when there is none. */
  policyUrl: string | null;
  /** The satellite's addendum, linked from its security policy (the link relative to the policy). */
  addendum?: { path: string; link: string } | undefined;
  /** The licence header (an HTML comment) heading every Markdown file the tool creates; none when the campaign sets none. */
  licenseHeader?: string | undefined;
  /** Set when the repository is the parent itself: its pointers link its own model, relative from each file. */
  self?: { fromAgents: string; fromSecurity: string } | undefined;
}

/** Managed block names. */
export const BLOCK = { agents: 'security', security: 'threat-model', addendum: 'inherits' } as const;

function shortName(repo: string): string {
  return repo.split('/')[1] ?? repo;
}

/** Body of the managed security section of the agent guide (`## Security`, or `### Threat model` under a human `## Security`). */
export function agentsSectionBody(
  ctx: RenderContext,
  securityLink: string,
  securityPath: string,
  level: 2 | 3,
): string {
  const heading = level === 2 ? '## Security' : '### Threat model';
  if (ctx.self)
    return [
      heading,
      '',
      `Security model: [${securityPath}](${securityLink}) → the ${ctx.family} threat model, [${ctx.parentPath}](${ctx.self.fromAgents}), maintained in this repository.`,
      '',
      'Agents (security scanners, code analysers, AI assistants) should consult that model, in particular its scope, out-of-scope and triage sections, before reporting issues.',
      '',
    ].join('\n');
  const about = ctx.description ? `This repository is ${ctx.description.replace(/\.\s*$/, '')}. ` : '';
  return [
    heading,
    '',
    `Security model: [${securityPath}](${securityLink}) → the ${ctx.family} threat model at <${ctx.modelUrl}>.`,
    '',
    `${about}${ctx.repo} has no threat model of its own: it inherits the one maintained in ${ctx.parent}. Agents (security scanners, code analysers, AI assistants) should consult that model before reporting issues.`,
    '',
  ].join('\n');
}

/** A created file's lines, headed by the campaign's licence header when it has one (never added to an existing file). */
function created(ctx: RenderContext, lines: string[]): string {
  return (ctx.licenseHeader ? [ctx.licenseHeader, '', ...lines] : lines).join('\n');
}

/** A new agent guide holding only the managed section. */
export function agentsFile(ctx: RenderContext, block: string): string {
  return created(ctx, [
    `# Agent guide for ${shortName(ctx.repo)}`,
    '',
    'This file is read by automated agents (security scanners, code analysers, AI assistants) working on this repository.',
    '',
    block,
  ]);
}

/** Body of the managed threat-model section of the security policy. */
export function securitySectionBody(ctx: RenderContext): string {
  if (ctx.self)
    return [
      '## Threat Model',
      '',
      `The ${ctx.family} threat model is maintained in this repository: [${ctx.parentPath}](${ctx.self.fromSecurity}). It also covers the repositories that point to it.`,
      '',
      'Reporters and triagers should consult it (in particular its scope and out-of-scope sections) alongside this policy.',
      '',
    ].join('\n');
  return [
    '## Threat Model',
    '',
    `${ctx.repo} has no threat model of its own: its security context is covered by the ${ctx.family} threat model, maintained in ${ctx.parent}:`,
    '',
    `<${ctx.modelUrl}>`,
    '',
    ...(ctx.addendum
      ? [
          `What ${ctx.repo} adds to that model (its own inputs, boundaries and open questions) is in its addendum, [${ctx.addendum.path}](${ctx.addendum.link}), which records the parent's sections it inherits.`,
          '',
        ]
      : []),
    'Reporters and triagers should consult that document (in particular its scope and out-of-scope sections) alongside this policy.',
    '',
  ].join('\n');
}

/** A new security policy: a reporting section (scored by OpenSSF Scorecard) and the managed threat-model section. */
export function securityFile(ctx: RenderContext, block: string): string {
  return created(ctx, [
    '# Security Policy',
    '',
    '## Reporting a Vulnerability',
    '',
    `Please report suspected security vulnerabilities privately, following the project's security process: <${ctx.policyUrl}>.`,
    'Do **not** open public issues or pull requests for security reports. Reports are handled under coordinated',
    'vulnerability disclosure: the vulnerability is disclosed publicly once a fix or mitigation is available.',
    '',
    block,
  ]);
}

/** Body of the managed addendum header: a link to the parent and the inherits record. */
export function addendumHeaderBody(
  ctx: RenderContext,
  sections: readonly Pick<InheritedSection, 'label' | 'title'>[],
  record: Inherits,
): string {
  const list = sections.length
    ? sections.map((s) => `${s.label} ${s.title.replace(/\s+/g, ' ').trim()}`).join('; ')
    : 'none';
  return [
    `> **Addendum to the [${ctx.family} threat model](${ctx.modelUrl})** maintained in ${ctx.parent}.`,
    `> It adds only what is specific to ${ctx.repo}, and inherits these sections of that model instead of copying them: ${list}.`,
    '',
    renderInherits(record),
    '',
  ].join('\n');
}

/** A new addendum: title, the managed header, then what a deleted draft carries (else a place for the satellite's own additions). */
export function addendumFile(ctx: RenderContext, block: string, carried = ''): string {
  if (carried.trim())
    return created(ctx, [`# Threat model addendum — ${shortName(ctx.repo)}`, '', block, carried.replace(/\n+$/, '\n')]);
  return created(ctx, [
    `# Threat model addendum — ${shortName(ctx.repo)}`,
    '',
    block,
    `## Additions specific to ${shortName(ctx.repo)}`,
    '',
    `_For the ${shortName(ctx.repo)} maintainers to write: what this repository adds to the ${ctx.family} threat model (its own inputs, trust boundaries or misuse patterns)._`,
    '',
  ]);
}

/** Fills a campaign template's `{family}`, `{repo}`, `{parent}`, `{modelUrl}` placeholders. */
export function fillTemplate(template: string, ctx: RenderContext): string {
  const values: Record<string, string> = {
    family: ctx.family,
    repo: ctx.repo,
    parent: ctx.parent,
    modelUrl: ctx.modelUrl,
    ref: ctx.ref,
    path: ctx.parentPath,
  };
  return template.replace(/\{(\w+)\}/g, (m, key: string) => values[key] ?? m);
}
