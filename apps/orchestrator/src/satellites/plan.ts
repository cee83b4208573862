/**
 * The desired state of a satellite's pointer files and addendum, computed
 * from what is there: files are created, or patched only where the tool's
 * managed sections go (the rest byte-identical); a chain people wrote that
 * already reaches the parent's model is left alone; a managed section a human
 * edited is reported and kept.
 */
import type { Campaign, Family, Satellite } from '@tmsync/core';
import type { TextPatch } from '@tmsync/parser';
import type { ChangeRequest, Forge } from '../forge/types.js';
import { followChain } from './chain.js';
import type { Inherits } from './inherits.js';
import { findInherits, renderInherits } from './inherits.js';
import { baseName, relativeLink } from './links.js';
import { appendWithBlankLine, findManagedBlocks, lineBreakOf, renderManagedBlock, withLineBreaks } from './managed.js';
import type { ParentState } from './parent.js';
import {
  describe,
  editedIssue,
  filePlan,
  headerInsertionPoint,
  humanSection,
  insertion,
  linkRepairs,
  linksTo,
  read,
  sameRepo,
} from './plan-text.js';
import type { FilePlan, PlanMode, SatelliteIssue, SatellitePlan, SectionChange } from './plan-types.js';
import { compareRecord, freshRecord, keepRecord, reasonList, shortRef } from './record.js';
import type { RenderContext } from './render.js';
import {
  addendumFile,
  addendumHeaderBody,
  agentsFile,
  agentsSectionBody,
  BLOCK,
  securityFile,
  securitySectionBody,
} from './render.js';

export type { FilePlan, PlanMode, SatelliteIssue, SatellitePlan, SectionChange } from './plan-types.js';
export { planChanges } from './plan-types.js';
export { compareRecord, freshRecord, sectionsAt } from './record.js';

/** The render context of a satellite. */
export function renderContext(parent: ParentState, satellite: Satellite): RenderContext {
  return {
    family: parent.family.name,
    repo: satellite.repo,
    parent: parent.repo,
    parentPath: parent.path,
    ref: parent.ref,
    modelUrl: parent.modelUrl,
    description: satellite.description,
    policyUrl: parent.family.policyUrl ?? `https://github.com/${parent.repo}/security/policy`,
  };
}

/** Computes the plan of one satellite. */
export async function planSatellite(
  forge: Forge,
  campaign: Campaign,
  family: Family,
  parent: ParentState,
  satellite: Satellite,
  mode: PlanMode,
): Promise<SatellitePlan> {
  const repo = satellite.repo;
  const known = [family.parent.repo, ...family.satellites.map((s) => s.repo)];
  const defaultBranch = await forge.defaultBranch(repo);
  const openChange = await openChangeOf(forge, repo, campaign.branch, defaultBranch);
  const readRef = openChange ? campaign.branch : defaultBranch;
  const listed = new Set(await forge.listFiles(repo, readRef));
  const chain = await followChain(forge, repo, {
    agents: satellite.agents,
    security: satellite.security,
    ref: readRef,
    knownRepos: known,
    parent: family.parent,
  });
  const ctx = renderContext(parent, satellite);
  const files: FilePlan[] = [];
  const issues: SatelliteIssue[] = [];
  let sectionChanges: SectionChange[] = [];

  // The security policy: the one the guide links or scanners find, else the configured path.
  const securityNode = chain.hops[1]?.to;
  const securityPath = securityNode && sameRepo(securityNode.repo, repo) ? securityNode.path : satellite.security;
  const modelHop = chain.hops[2];
  const reachesParent = !!(
    modelHop?.ok &&
    chain.model &&
    sameRepo(chain.model.repo, parent.repo) &&
    !satellite.replaces.includes(chain.model.resolvedPath)
  );

  // --- SECURITY.md
  let securityHuman = false;
  const sec = await read(forge, repo, securityPath, readRef, listed);
  if (sec.kind === 'issue') issues.push(sec.issue);
  else if (sec.kind === 'missing') {
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
    const text = file.content;
    const blocks = findManagedBlocks(text);
    const block = blocks.find((b) => b.name === BLOCK.security);
    const repairs = await linkRepairs(
      forge,
      text,
      blocks,
      repo,
      file.resolvedPath,
      readRef,
      parent,
      satellite.replaces,
      known,
    );
    const patches: TextPatch[] = [...repairs.patches];
    const reasons = [...repairs.reasons];
    const eol = lineBreakOf(text);
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
    } else if ((reachesParent && chain.hops[2]?.via?.path === securityPath) || repairs.repaired > 0) {
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
    const text = file.content;
    const blocks = findManagedBlocks(text);
    const block = blocks.find((b) => b.name === BLOCK.agents);
    const repairs = await linkRepairs(
      forge,
      text,
      blocks,
      repo,
      file.resolvedPath,
      readRef,
      parent,
      satellite.replaces,
      known,
    );
    const patches: TextPatch[] = [...repairs.patches];
    const reasons = [...repairs.reasons];
    const eol = lineBreakOf(text);
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
    } else if (linksTo(text, blocks, [file.resolvedPath, file.path], repo, securityTargets)) {
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

  // --- the addendum
  if (satellite.addendum) {
    const add = await read(forge, repo, satellite.addendum, readRef, listed);
    if (add.kind === 'issue') issues.push(add.issue);
    else {
      const text = add.kind === 'file' ? add.file.content : null;
      const found = text !== null ? findInherits(text) : null;
      const current = found?.record ?? null;
      if (found?.error)
        issues.push({
          code: 'bad-record',
          path: satellite.addendum,
          message: `${satellite.addendum}: ${found.error}; it will be rewritten`,
        });
      let desired = freshRecord(parent);
      const reasons: string[] = [];
      if (current && mode === 'pointers' && sameRepo(current.parent, parent.repo) && current.path === parent.path) {
        desired = await keepRecord(forge, parent, current);
      }
      if (current && JSON.stringify(current) !== JSON.stringify(desired)) {
        sectionChanges = await compareRecord(forge, parent, current, desired);
      }
      const header = (record: Inherits) => addendumHeaderBody(ctx, parent.sections, record);
      if (add.kind === 'missing' || text === null) {
        const block = renderManagedBlock(BLOCK.addendum, header(desired));
        files.push({
          role: 'addendum',
          path: satellite.addendum,
          writePath: satellite.addendum,
          action: 'create',
          before: null,
          after: addendumFile(ctx, block),
          reasons: [
            `created with a header linking the parent's model and a record of the inherited sections (${reasonList(parent.sections)}) at ${parent.repo}@${shortRef(desired.ref)}, and a place for ${repo}'s own additions.`,
          ],
        });
      } else if (add.kind === 'file') {
        const file = add.file;
        const blocks = findManagedBlocks(text);
        const block = blocks.find((b) => b.name === BLOCK.addendum);
        const eol = lineBreakOf(text);
        const patches: TextPatch[] = [];
        const recordReason = current
          ? `recorded the inherited sections (${reasonList(parent.sections)}) at ${parent.repo}@${shortRef(desired.ref)} (was ${shortRef(current.ref)}).`
          : `recorded the inherited sections (${reasonList(parent.sections)}) at ${parent.repo}@${shortRef(desired.ref)}.`;
        if (block) {
          if (block.edited) issues.push(editedIssue(file, block));
          else {
            const rendered = withLineBreaks(renderManagedBlock(BLOCK.addendum, header(desired)), eol);
            if (text.slice(block.start, block.end) !== rendered) {
              patches.push({ start: block.start, end: block.end, replacement: rendered });
              reasons.push(
                JSON.stringify(current) !== JSON.stringify(desired)
                  ? recordReason
                  : 'refreshed the managed header linking the parent model.',
              );
            }
          }
        } else if (found) {
          const comment = renderInherits(desired);
          if (text.slice(found.start, found.end) !== comment) {
            patches.push({ start: found.start, end: found.end, replacement: comment });
            reasons.push(recordReason);
          }
        } else {
          const rendered = withLineBreaks(renderManagedBlock(BLOCK.addendum, header(desired)), eol);
          patches.push(insertion(text, headerInsertionPoint(text), rendered));
          reasons.push(
            `added a managed header linking the parent's model; ${recordReason} The addendum's own content is unchanged.`,
          );
        }
        files.push(filePlan('addendum', file, text, patches, reasons));
      }
    }
  }

  // --- standalone drafts this pointer supersedes
  for (const path of satellite.replaces) {
    if (!listed.has(path)) continue;
    const before = await forge.readFile(repo, path, readRef).catch(() => null);
    files.push({
      role: 'replaced',
      path,
      writePath: path,
      action: 'delete',
      before: before?.content ?? '',
      after: null,
      reasons: [`deleted: this standalone draft is superseded by the canonical model at ${ctx.modelUrl}.`],
    });
  }

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
    readRef,
    openChange,
    chain,
    alreadyPoints,
    files,
    issues,
    sectionChanges,
    context: ctx,
  };
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
