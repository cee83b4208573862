/**
 * The desired state of a satellite's pointer files and addendum, computed
 * from what is there: files are created, or patched only where the tool's
 * managed sections go (the rest byte-identical); a chain people wrote that
 * already reaches the parent's model is left alone; a managed section a human
 * edited is reported and kept.
 */
import type { Campaign, Family, Satellite } from '@tmsync/core';
import { licenseHeaderComment } from '@tmsync/core';
import type { ChangeRequest, Forge } from '../forge/types.js';
import { forgeCompareUrl, forgeOrigin } from '../forge/web.js';
import type { DraftCarry } from './carry.js';
import { carryDraft, carryReason } from './carry.js';
import { followChain } from './chain.js';
import { baseName, relativeLink } from './links.js';
import { appendWithBlankLine, renderManagedBlock, withLineBreaks } from './managed.js';
import type { ParentState } from './parent.js';
import { inheritedIds } from './parent.js';
import { planAddendum } from './plan-addendum.js';
import { satelliteTarget } from './target.js';
import {
  describe,
  editedIssue,
  filePlan,
  humanSection,
  insertion,
  openPointerFile,
  linksTo,
  read,
  sameRepo,
} from './plan-text.js';
import type { PointerScope } from './plan-text.js';
import type { FilePlan, PlanMode, SatelliteIssue, SatellitePlan, SectionChange } from './plan-types.js';
import type { RenderContext } from './render.js';
import { agentsFile, agentsSectionBody, BLOCK, securityFile, securitySectionBody } from './render.js';

export type { FilePlan, PlanMode, SatelliteIssue, SatellitePlan, SectionChange } from './plan-types.js';
export { planChanges } from './plan-types.js';
export { compareRecord, freshRecord, sectionsAt } from './record.js';

/** The render context of a satellite (the licence header: the family's, else the campaign's). */
export function renderContext(
  parent: ParentState,
  satellite: Satellite,
  campaign?: Pick<Campaign, 'licenseHeader'>,
): RenderContext {
  const header = parent.family.licenseHeader ?? campaign?.licenseHeader;
  return {
    family: parent.family.name,
    repo: satellite.repo,
    parent: parent.repo,
    parentPath: parent.path,
    ref: parent.ref,
    modelUrl: parent.modelUrl,
    description: satellite.description,
    policyUrl: policyUrlOf(parent, satellite),
    ...(header ? { licenseHeader: licenseHeaderComment(header) } : {}),
  };
}

/**
 * The reporting link of a created SECURITY.md: the family's `policyUrl`, else
 * the parent's own security policy on its default branch (not for the parent
 * itself); never a page that does not exist.
 */
function policyUrlOf(parent: ParentState, satellite: Satellite): string | null {
  if (parent.family.policyUrl) return parent.family.policyUrl;
  return sameRepo(satellite.repo, parent.repo) ? null : parent.securityUrl;
}

/** Computes the plan of one satellite. */
export async function planSatellite(
  forge: Forge,
  campaign: Campaign,
  family: Family,
  parent: ParentState,
  satellite: Satellite,
  mode: PlanMode,
  /** Read the satellite here instead (the default branch, to describe an open change's net diff). */
  readAt?: string,
): Promise<SatellitePlan> {
  const repo = satellite.repo;
  const known = [family.parent.repo, ...family.satellites.map((s) => s.repo)];
  const target = await satelliteTarget(forge, campaign, satellite);
  const defaultBranch = target.base;
  const openChange = await openChangeOf(forge, repo, target.branch, defaultBranch);
  const readRef = readAt ?? (openChange ? target.branch : defaultBranch);
  const listed = new Set(await forge.listFiles(repo, readRef));
  const chain = await followChain(forge, repo, {
    agents: satellite.agents,
    security: satellite.security,
    ref: readRef,
    knownRepos: known,
    parent: family.parent,
  });
  const ctx = renderContext(parent, satellite, campaign);
  const files: FilePlan[] = [];
  const issues: SatelliteIssue[] = [];
  let sectionChanges: SectionChange[] = [];

  // The security policy: the one the guide links or scanners find, else the configured path.
  const securityNode = chain.hops[1]?.to;
  const securityPath = securityNode && sameRepo(securityNode.repo, repo) ? securityNode.path : satellite.security;
  const self = sameRepo(repo, family.parent.repo);
  if (self)
    ctx.self = {
      fromAgents: relativeLink(satellite.agents, parent.path),
      fromSecurity: relativeLink(securityPath, parent.path),
    };
  if (satellite.addendum)
    ctx.addendum = { path: satellite.addendum, link: relativeLink(securityPath, satellite.addendum) };
  const modelHop = chain.hops[2];
  const reachesParent = !!(modelHop?.ok && chain.model && sameRepo(chain.model.repo, parent.repo));
  const scope: PointerScope = { forge, repo, readRef, parent, replaced: satellite.replaces, known, self };

  // --- SECURITY.md
  let securityHuman = false;
  const sec = await read(forge, repo, securityPath, readRef, listed);
  if (sec.kind === 'issue') issues.push(sec.issue);
  else if (sec.kind === 'missing' && ctx.policyUrl === null) {
    issues.push({
      code: 'needs-human',
      path: securityPath,
      message: `${securityPath} not created: there is no reporting link to give — the parent ${parent.repo} has no SECURITY.md; set policyUrl (an https link to the project's security process) in family ${family.name}, or add a SECURITY.md to the parent`,
    });
  } else if (sec.kind === 'missing') {
    const block = renderManagedBlock(BLOCK.security, securitySectionBody(ctx));
    files.push({
      role: 'security',
      path: securityPath,
      writePath: securityPath,
      action: 'create',
      before: null,
      after: securityFile(ctx, block),
      reasons: [
        `created with a reporting section (private vulnerability disclosure) and a managed \`## Threat Model\` section linking ${ctx.modelUrl}, so that scanners reach the parent's model.`,
      ],
    });
  } else {
    const file = sec.file;
    const { text, blocks, block, repaired, patches, reasons, eol } = await openPointerFile(scope, file, BLOCK.security);
    if (block) {
      if (block.edited) issues.push(editedIssue(file, block));
      else {
        const body = securitySectionBody(ctx);
        const rendered = withLineBreaks(renderManagedBlock(BLOCK.security, body), eol);
        if (text.slice(block.start, block.end) !== rendered) {
          patches.push({ start: block.start, end: block.end, replacement: rendered });
          reasons.push(`refreshed the managed \`## Threat Model\` section (it now links ${ctx.modelUrl}).`);
        }
      }
    } else if ((reachesParent && chain.hops[2]?.via?.path === securityPath) || repaired > 0) {
      securityHuman = true;
    } else {
      const own = humanSection(text, blocks, /threat[- ]?model/i);
      if (own) {
        issues.push({
          code: 'needs-human',
          path: file.path,
          message: `${describe(file)} line ${own.line}: its own Threat Model section does not link the parent's model (${ctx.modelUrl}); not rewritten — link it there by hand, or remove the section so the tool can add its own`,
        });
      } else {
        const rendered = withLineBreaks(renderManagedBlock(BLOCK.security, securitySectionBody(ctx)), eol);
        patches.push({ start: text.length, end: text.length, replacement: appendWithBlankLine(text, rendered) });
        reasons.push(
          `added a managed \`## Threat Model\` section linking ${ctx.modelUrl}; the rest of the file (contact text included) is unchanged.`,
        );
      }
    }
    files.push(filePlan('security', file, text, patches, reasons));
  }

  // --- AGENTS.md
  let agentsHuman = false;
  const securityTargets = [securityPath, ...(sec.kind === 'file' ? [sec.file.resolvedPath] : [])];
  const agents = await read(forge, repo, satellite.agents, readRef, listed);
  if (agents.kind === 'issue') issues.push(agents.issue);
  else if (agents.kind === 'missing') {
    const body = agentsSectionBody(ctx, relativeLink(satellite.agents, securityPath), baseName(securityPath), 2);
    files.push({
      role: 'agents',
      path: satellite.agents,
      writePath: satellite.agents,
      action: 'create',
      before: null,
      after: agentsFile(ctx, renderManagedBlock(BLOCK.agents, body)),
      reasons: [
        `created with a managed \`## Security\` section linking ${securityPath}, the first hop scanners and agents follow.`,
      ],
    });
  } else {
    const file = agents.file;
    const { text, blocks, block, patches, reasons, eol } = await openPointerFile(scope, file, BLOCK.agents);
    const link = relativeLink(file.resolvedPath, securityPath);
    if (block) {
      if (block.edited) issues.push(editedIssue(file, block));
      else {
        const level = /^###\s/.test(block.body.replace(/^\s+/, '')) ? 3 : 2;
        const rendered = withLineBreaks(
          renderManagedBlock(BLOCK.agents, agentsSectionBody(ctx, link, baseName(securityPath), level)),
          eol,
        );
        if (text.slice(block.start, block.end) !== rendered) {
          patches.push({ start: block.start, end: block.end, replacement: rendered });
          reasons.push(`refreshed the managed security section (it links ${securityPath} and ${ctx.modelUrl}).`);
        }
      }
    } else if (linksTo(text, blocks, [file.resolvedPath, file.path], repo, securityTargets, forgeOrigin(forge))) {
      agentsHuman = true;
    } else {
      const own = humanSection(text, blocks, /^security\b/i);
      if (own) {
        const rendered = withLineBreaks(
          renderManagedBlock(BLOCK.agents, agentsSectionBody(ctx, link, baseName(securityPath), 3)),
          eol,
        );
        patches.push(insertion(text, own.end, rendered));
        reasons.push(
          `added a managed \`### Threat model\` subsection at the end of its own \`## Security\` section (line ${own.line}), linking ${securityPath}; nothing else changed.`,
        );
      } else {
        const rendered = withLineBreaks(
          renderManagedBlock(BLOCK.agents, agentsSectionBody(ctx, link, baseName(securityPath), 2)),
          eol,
        );
        patches.push({ start: text.length, end: text.length, replacement: appendWithBlankLine(text, rendered) });
        reasons.push(
          `added a managed \`## Security\` section linking ${securityPath}; the rest of the file is unchanged.`,
        );
      }
    }
    const plan = filePlan('agents', file, text, patches, reasons);
    if (file.resolvedPath !== file.path && plan.action !== 'keep')
      plan.reasons.unshift(`${file.path} is a symlink to ${file.resolvedPath}: the section lands there.`);
    files.push(plan);
  }

  // --- standalone drafts this pointer supersedes: their own sections move into the addendum
  const carries: DraftCarry[] = [];
  for (const path of satellite.replaces) {
    if (!listed.has(path)) continue;
    const before = await forge.readFile(repo, path, readRef).catch(() => null);
    const reasons = [`deleted: this standalone draft is superseded by the canonical model at ${ctx.modelUrl}.`];
    if (before && satellite.addendum) {
      const carry = carryDraft(
        before.content,
        path,
        forge.webUrl(repo, before.commit, before.resolvedPath),
        parent,
        inheritedIds(family),
      );
      carries.push(carry);
      reasons[0] = `deleted: this standalone draft is superseded by the canonical model at ${ctx.modelUrl}; ${carryReason(carry, satellite.addendum)}`;
    }
    files.push({
      role: 'replaced',
      path,
      writePath: path,
      action: 'delete',
      before: before?.content ?? '',
      after: null,
      reasons,
    });
  }

  // --- the addendum
  if (satellite.addendum) {
    const planned = await planAddendum(
      forge,
      parent,
      satellite,
      satellite.addendum,
      ctx,
      readRef,
      listed,
      mode,
      carries,
    );
    files.splice(files.length - carries.length, 0, ...planned.files);
    issues.push(...planned.issues);
    sectionChanges = planned.sectionChanges;
  }

  const moved = sectionChanges.find((c) => c.fromRef !== null);
  const compareUrl = moved?.fromRef ? forgeCompareUrl(forge, parent.repo, moved.fromRef, moved.toRef) : null;
  const declined = openChange ? null : await declinedChange(forge, repo, target.branch, files);
  const pointerFiles = files.filter((f) => f.role === 'agents' || f.role === 'security');
  const alreadyPoints =
    chain.status === 'ok' &&
    reachesParent &&
    agentsHuman &&
    securityHuman &&
    pointerFiles.every((f) => f.action === 'keep');
  return {
    family: family.name,
    repo,
    defaultBranch,
    branch: target.branch,
    readRef,
    openChange,
    declined,
    chain,
    alreadyPoints,
    files,
    issues,
    sectionChanges,
    context: ctx,
    mode,
    compareUrl,
  };
}

/**
 * The tool's last change on `branch` when it was closed without merging and its
 * head holds exactly what `files` would write (a declined change), else null.
 * Asked only when there is something to write and no change is open.
 */
export async function declinedChange(
  forge: Forge,
  repo: string,
  branch: string,
  files: readonly FilePlan[],
): Promise<ChangeRequest | null> {
  const writes = files.filter((f) => f.action !== 'keep');
  // A change a person closed keeps its branch (closing does not delete it); no branch, nothing declined.
  if (writes.length === 0 || !(await forge.hasBranch(repo, branch))) return null;
  const last = await forge.changeStatus(repo, branch);
  if (last?.change.state !== 'closed') return null;
  for (const f of writes) {
    const held = await forge.readFile(repo, f.writePath, last.change.headSha).catch(() => null);
    if (f.action === 'delete' ? held !== null : held?.content !== f.after) return null;
  }
  return last.change;
}

/** The open change on the tool branch, unless its head is already the default branch's tip (merged by fast-forward). */
export async function openChangeOf(
  forge: Forge,
  repo: string,
  branch: string,
  defaultBranch: string,
): Promise<ChangeRequest | null> {
  const open = await forge.findChange(repo, branch);
  if (open?.state !== 'open') return null;
  const tip = await forge.resolveRef(repo, defaultBranch);
  return tip === open.headSha ? null : open;
}
