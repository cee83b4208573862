/**
 * The desired state of a satellite's pointer files and addendum, computed
 * from what is there: files are created, or patched only where the tool's
 * managed sections go (the rest byte-identical); a chain people wrote that
 * already reaches the parent's model is left alone; a managed section a human
 * edited is reported and kept.
 */
import type { Campaign, Family, Satellite } from '@tmsync/core';
import { normaliseIgnoringProvenance } from '@tmsync/core';
import { applyPatches, parseMarkdown, parseThreatModel } from '@tmsync/parser';
import type { TextPatch } from '@tmsync/parser';
import type { ChangeRequest, FileAtRef, FileChange, Forge } from '../forge/types.js';
import { ForgeError } from '../forge/types.js';
import type { ChainResult } from './chain.js';
import { followChain, resolveLink } from './chain.js';
import { wordDiff } from './diffs.js';
import type { Inherits } from './inherits.js';
import { findInherits, recordedIds, renderInherits } from './inherits.js';
import type { DocLink, MdNode } from './links.js';
import { baseName, classifyLink, dirOf, extractLinks, plain, relativeLink, THREAT_MODEL_NAME, walk } from './links.js';
import type { ManagedBlock } from './managed.js';
import {
  appendWithBlankLine,
  findManagedBlocks,
  insideManagedBlock,
  lineBreakOf,
  renderManagedBlock,
  withLineBreaks,
} from './managed.js';
import type { InheritedSection, ParentState } from './parent.js';
import { inheritedIds, inheritedSections } from './parent.js';
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

/** `pointers`: create what is missing, keep recorded inheritance; `refresh`: also re-record inherited sections at the parent's current ref. */
export type PlanMode = 'pointers' | 'refresh';

/** What happens to one file. */
export interface FilePlan {
  role: 'agents' | 'security' | 'addendum' | 'replaced';
  /** The path the campaign names. */
  path: string;
  /** The path written (a symlink's in-repository target). */
  writePath: string;
  action: 'create' | 'update' | 'delete' | 'keep';
  before: string | null;
  after: string | null;
  /** What the tool does and why, one sentence each (for the change body). */
  reasons: string[];
}

/** Something that needs a person (the file concerned is left as it is). */
export interface SatelliteIssue {
  code:
    | 'human-edit'
    | 'symlink-escape'
    | 'symlink-loop'
    | 'dangling-symlink'
    | 'needs-human'
    | 'unreadable'
    | 'bad-record';
  path: string;
  message: string;
}

/** An inherited section whose recorded fingerprint changes in this plan. */
export interface SectionChange {
  id: string;
  label: string;
  title: string;
  from: string | null;
  to: string;
  fromRef: string | null;
  toRef: string;
  provenanceOnly: boolean;
  /** Word diff of the section between the two refs, or null when the old text could not be read. */
  diff: string | null;
}

/** The plan of one satellite. */
export interface SatellitePlan {
  family: string;
  repo: string;
  defaultBranch: string;
  /** Where the files were read: the tool branch when a change is open, else the default branch. */
  readRef: string;
  openChange: ChangeRequest | null;
  /** The chain as it stands at `readRef`. */
  chain: ChainResult;
  /** The chain, written by people, already reaches the parent's model: pointer files left alone. */
  alreadyPoints: boolean;
  files: FilePlan[];
  issues: SatelliteIssue[];
  sectionChanges: SectionChange[];
  context: RenderContext;
}

/** The file changes of a plan (created, updated and deleted files). */
export function planChanges(plan: SatellitePlan): FileChange[] {
  return plan.files
    .filter((f) => f.action !== 'keep')
    .map((f) => ({ path: f.writePath, content: f.action === 'delete' ? null : f.after }));
}

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

type Read = { kind: 'file'; file: FileAtRef } | { kind: 'missing' } | { kind: 'issue'; issue: SatelliteIssue };

async function read(forge: Forge, repo: string, path: string, ref: string, listed: Set<string>): Promise<Read> {
  try {
    const file = await forge.readFile(repo, path, ref);
    if (file) return { kind: 'file', file };
    if (listed.has(path))
      return {
        kind: 'issue',
        issue: {
          code: 'dangling-symlink',
          path,
          message: `${path} is a symlink whose target does not exist; nothing written there`,
        },
      };
    for (const p of listed)
      if (p.startsWith(`${path}/`)) throw new Error(`${path} is a directory, not a file (at ${ref})`);
    return { kind: 'missing' };
  } catch (error) {
    if (error instanceof ForgeError && (error.code === 'symlink-escape' || error.code === 'symlink-loop')) {
      const message = error.message.startsWith(`${repo}: `) ? error.message.slice(repo.length + 2) : error.message;
      return { kind: 'issue', issue: { code: error.code, path, message: `${message}; nothing written there` } };
    }
    throw error;
  }
}

function sameRepo(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Patches for links to the parent's model written by people: a pin moves their ref, a broken one is pointed at the model. */
async function linkRepairs(
  forge: Forge,
  text: string,
  blocks: readonly ManagedBlock[],
  repo: string,
  filePath: string,
  readRef: string,
  parent: ParentState,
  replaced: readonly string[],
  known: readonly string[],
): Promise<{ patches: TextPatch[]; reasons: string[]; repaired: number }> {
  const patches: TextPatch[] = [];
  const reasons: string[] = [];
  let repaired = 0;
  const seen = new Set<string>();
  for (const link of extractLinks(text)) {
    if (link.urlStart === null || insideManagedBlock(blocks, link.start)) continue;
    const target = classifyLink(link.url, dirOf(filePath));
    let why: string | null = null;
    if (target.kind === 'relative' && replaced.includes(target.path)) {
      why = `it linked ${target.path}, the standalone draft this change deletes`;
    } else if (target.kind === 'github' && sameRepo(target.repo, parent.repo)) {
      const path = target.rest.slice(1).join('/');
      const modelish = THREAT_MODEL_NAME.test(target.rest.at(-1) ?? '') || path.endsWith(parent.path);
      if (!modelish) continue;
      const resolved = await resolveLink(forge, link, repo, filePath, readRef, known);
      if (parent.pinned) {
        if (link.url.replace(/#.*$/, '') !== parent.modelUrl) why = `the pointers are pinned to ${parent.ref}`;
      } else if (!resolved.ok) {
        why = `it linked ${link.url}, whose ref does not exist in ${parent.repo}`;
      } else {
        const file = await forge.readFile(resolved.repo, resolved.path, resolved.ref).catch(() => null);
        if (!file) why = `it linked ${resolved.path} at ${resolved.ref}, which does not exist in ${parent.repo}`;
        else if (parseThreatModel(file.content).kind !== 'rubric-model')
          why = `it linked ${resolved.path} at ${resolved.ref}, which is not a rubric threat model`;
      }
    } else continue;
    if (!why) continue;
    // Keep an anchor into the model (`#3-out-of-scope`) as it was.
    const desired = `${parent.modelUrl}${/#.*$/.exec(link.url)?.[0] ?? ''}`;
    if (link.url === desired) continue;
    // Every occurrence of the URL inside the link (an autolink's text repeats it).
    const source = text.slice(link.start, link.end);
    let from = 0;
    for (;;) {
      const at = source.indexOf(link.url, from);
      if (at < 0) break;
      const start = link.start + at;
      if (!seen.has(`${start}`)) {
        patches.push({ start, end: start + link.url.length, replacement: desired });
        seen.add(`${start}`);
      }
      from = at + link.url.length;
    }
    repaired += 1;
    reasons.push(`line ${link.line}: the link to the threat model now reads ${desired}, because ${why}.`);
  }
  return { patches, reasons, repaired };
}

/** Links (outside managed blocks) from a file to a path of the same repository. */
function linksTo(
  text: string,
  blocks: readonly ManagedBlock[],
  fromPaths: readonly string[],
  repo: string,
  targets: readonly string[],
): boolean {
  return extractLinks(text).some((link: DocLink) => {
    if (insideManagedBlock(blocks, link.start)) return false;
    return fromPaths.some((from) => {
      const t = classifyLink(link.url, dirOf(from));
      if (t.kind === 'relative') return targets.includes(t.path);
      if (t.kind === 'github' && sameRepo(t.repo, repo)) return targets.some((p) => t.rest.join('/').endsWith(`/${p}`));
      return false;
    });
  });
}

/** Start and end offsets of the level-2 section whose heading matches, or null. */
function humanSection(
  text: string,
  blocks: readonly ManagedBlock[],
  title: RegExp,
): { start: number; end: number; line: number } | null {
  const headings: { depth: number; start: number; title: string; line: number }[] = [];
  walk(parseMarkdown(text) as unknown as MdNode, (n) => {
    if (n.type === 'heading' && n.position?.start.offset !== undefined)
      headings.push({
        depth: n.depth ?? 0,
        start: n.position.start.offset,
        title: plain(n).trim(),
        line: n.position.start.line,
      });
  });
  const i = headings.findIndex((h) => h.depth === 2 && title.test(h.title) && !insideManagedBlock(blocks, h.start));
  if (i < 0) return null;
  const h = headings[i] as (typeof headings)[number];
  const next = headings.slice(i + 1).find((x) => x.depth <= 2);
  return { start: h.start, end: next ? next.start : text.length, line: h.line };
}

/** A patch inserting `block` at `at` with a blank line before and after it. */
function insertion(text: string, at: number, block: string): TextPatch {
  if (at >= text.length) return { start: text.length, end: text.length, replacement: appendWithBlankLine(text, block) };
  const eol = lineBreakOf(text);
  const before = text.slice(0, at);
  const lead = before.length === 0 || /\n\s*\n$/.test(before) ? '' : before.endsWith('\n') ? eol : `${eol}${eol}`;
  return { start: at, end: at, replacement: `${lead}${block}${eol}` };
}

/** Where an addendum's header goes: after the first level-1 heading (and its blank line), else after a leading comment, else at the top. */
function headerInsertionPoint(text: string): number {
  const tree = parseMarkdown(text) as unknown as MdNode;
  const children = tree.children ?? [];
  const h1 = children.find((n) => n.type === 'heading' && n.depth === 1);
  const anchor = h1 ?? (children[0]?.type === 'html' ? children[0] : undefined);
  const end = anchor?.position?.end.offset;
  if (end === undefined) return 0;
  const nl = text.indexOf('\n', end);
  if (nl < 0) return text.length;
  let at = nl + 1;
  const blank = /^[ \t]*\r?\n/.exec(text.slice(at));
  if (blank) at += blank[0].length;
  return at;
}

/** The record an addendum gets now: the parent's ref (tag when pinned, else commit) and its current fingerprints. */
export function freshRecord(parent: ParentState): Inherits {
  const sections: Record<string, string> = {};
  for (const s of parent.sections) sections[s.id] = s.fingerprint;
  return {
    parent: parent.repo,
    path: parent.path,
    ref: parent.pinned ? parent.ref : parent.commit,
    commit: parent.commit,
    sections,
  };
}

/** Sections of the parent's model as they stood at a recorded ref, or null when that ref cannot be read. */
export async function sectionsAt(forge: Forge, record: Inherits): Promise<InheritedSection[] | null> {
  const ref = record.commit ?? record.ref;
  try {
    const file = await forge.readFile(record.parent, record.path, ref);
    if (!file) return null;
    return inheritedSections(file.content, recordedIds(record), record.path).sections;
  } catch {
    return null;
  }
}

/** The changes between a recorded inheritance and the parent now, section by section (only changed ones). */
export async function compareRecord(
  forge: Forge,
  parent: ParentState,
  record: Inherits,
  next: Inherits,
): Promise<SectionChange[]> {
  const changes: SectionChange[] = [];
  const old = await sectionsAt(forge, record);
  for (const s of parent.sections) {
    const from = record.sections[s.id] ?? null;
    const to = next.sections[s.id] ?? s.fingerprint;
    if (from === to) continue;
    const before = old?.find((o) => o.id === s.id) ?? null;
    changes.push({
      id: s.id,
      label: s.label,
      title: s.title,
      from,
      to,
      fromRef: from === null ? null : record.ref,
      toRef: next.ref,
      provenanceOnly:
        before !== null && normaliseIgnoringProvenance(before.text) === normaliseIgnoringProvenance(s.text),
      diff: before ? wordDiff(before.text, s.text) : null,
    });
  }
  return changes;
}

function shortRef(ref: string): string {
  return /^[0-9a-f]{40,64}$/.test(ref) ? ref.slice(0, 12) : ref;
}

function reasonList(labels: readonly InheritedSection[]): string {
  return labels.map((s) => s.label).join(', ') || 'no section';
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

/** A recorded inheritance kept as it is, its section list aligned with the family's (added sections fingerprinted at the recorded ref). */
async function keepRecord(forge: Forge, parent: ParentState, current: Inherits): Promise<Inherits> {
  const ids = inheritedIds(parent.family);
  const missing = ids.filter((id) => current.sections[id] === undefined);
  const extra = Object.keys(current.sections).filter((k) => !ids.includes(k as (typeof ids)[number]));
  if (missing.length === 0 && extra.length === 0) return current;
  let at: InheritedSection[] | null = null;
  if (missing.length > 0) {
    try {
      const file = await forge.readFile(current.parent, current.path, current.commit ?? current.ref);
      at = file ? inheritedSections(file.content, missing, current.path).sections : null;
    } catch {
      at = null;
    }
    if (!at || at.length < missing.length) return freshRecord(parent);
  }
  const sections: Record<string, string> = {};
  for (const id of ids) sections[id] = current.sections[id] ?? at?.find((s) => s.id === id)?.fingerprint ?? '';
  return { ...current, sections };
}

function describe(file: FileAtRef): string {
  return file.resolvedPath !== file.path ? `${file.path} (-> ${file.resolvedPath})` : file.path;
}

function editedIssue(file: FileAtRef, block: ManagedBlock): SatelliteIssue {
  const what = block.unterminated ? 'has lost its end marker' : 'was edited by a human since tmsync wrote it';
  return {
    code: 'human-edit',
    path: file.resolvedPath,
    message: `${describe(file)} line ${block.line}: the managed section "${block.name}" ${what}; left as it is (remove its tmsync markers to keep it as your own text, or delete the section to let tmsync write it again)`,
  };
}

function filePlan(
  role: FilePlan['role'],
  file: FileAtRef,
  text: string,
  patches: TextPatch[],
  reasons: string[],
): FilePlan {
  const after = patches.length ? applyPatches(text, patches) : text;
  return {
    role,
    path: file.path,
    writePath: file.resolvedPath,
    action: after === text ? 'keep' : 'update',
    before: text,
    after,
    reasons: after === text ? [] : reasons,
  };
}
