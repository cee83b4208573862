/** Reading a satellite's files and patching them: link repairs, section lookups, insertion points, file plans. */
import { parseMarkdown, parseThreatModel, applyPatches } from '@tmsync/parser';
import type { TextPatch } from '@tmsync/parser';
import type { FileAtRef, Forge } from '../forge/types.js';
import { ForgeError } from '../forge/types.js';
import { forgeOrigin } from '../forge/web.js';
import { resolveLink } from './chain.js';
import type { DocLink, MdNode } from './links.js';
import { classifyLink, dirOf, extractLinks, plain, THREAT_MODEL_NAME, walk } from './links.js';
import type { ManagedBlock } from './managed.js';
import { appendWithBlankLine, findManagedBlocks, insideManagedBlock, lineBreakOf } from './managed.js';
import type { ParentState } from './parent.js';
import type { FilePlan, SatelliteIssue } from './plan-types.js';

/** A file read for planning: its content, absent, or a problem a person must look at. */
export type Read = { kind: 'file'; file: FileAtRef } | { kind: 'missing' } | { kind: 'issue'; issue: SatelliteIssue };

/** Reads a satellite file at a ref: a symlink leaving the repository or dangling is an issue, not an error. */
export async function read(forge: Forge, repo: string, path: string, ref: string, listed: Set<string>): Promise<Read> {
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

/** Whether two `owner/name` spellings are the same repository. */
export function sameRepo(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Where a satellite's pointer files are read and which repositories their links may name. */
export interface PointerScope {
  forge: Forge;
  repo: string;
  readRef: string;
  parent: ParentState;
  /** Standalone drafts the pointer replaces. */
  replaced: readonly string[];
  /** The family's repositories. */
  known: readonly string[];
  /** The satellite is the parent itself. */
  self: boolean;
}

/** An existing pointer file ready to patch: its managed blocks (and the tool's own, `name`), its line break, and the link repairs it needs first. */
export async function openPointerFile(
  scope: PointerScope,
  file: FileAtRef,
  name: string,
): Promise<{
  text: string;
  blocks: ManagedBlock[];
  block: ManagedBlock | undefined;
  repaired: number;
  patches: TextPatch[];
  reasons: string[];
  eol: ReturnType<typeof lineBreakOf>;
}> {
  const text = file.content;
  const blocks = findManagedBlocks(text);
  const { forge, repo, readRef, parent, replaced, known, self } = scope;
  const repairs = await linkRepairs(
    forge,
    text,
    blocks,
    repo,
    file.resolvedPath,
    readRef,
    parent,
    replaced,
    known,
    self,
  );
  return {
    text,
    blocks,
    block: blocks.find((b) => b.name === name),
    repaired: repairs.repaired,
    patches: [...repairs.patches],
    reasons: [...repairs.reasons],
    eol: lineBreakOf(text),
  };
}

/** Patches for links to the parent's model written by people (none in the parent itself): a pin moves their ref, a broken one is pointed at the model. */
export async function linkRepairs(
  forge: Forge,
  text: string,
  blocks: readonly ManagedBlock[],
  repo: string,
  filePath: string,
  readRef: string,
  parent: ParentState,
  replaced: readonly string[],
  known: readonly string[],
  self = false,
): Promise<{ patches: TextPatch[]; reasons: string[]; repaired: number }> {
  const patches: TextPatch[] = [];
  // The parent's own files link its model as its people wrote them: nothing to repair there.
  if (self) return { patches, reasons: [], repaired: 0 };
  const reasons: string[] = [];
  let repaired = 0;
  const seen = new Set<string>();
  for (const link of extractLinks(text)) {
    if (link.urlStart === null || insideManagedBlock(blocks, link.start)) continue;
    const target = classifyLink(link.url, dirOf(filePath), forgeOrigin(forge));
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
export function linksTo(
  text: string,
  blocks: readonly ManagedBlock[],
  fromPaths: readonly string[],
  repo: string,
  targets: readonly string[],
  origin: string,
): boolean {
  return extractLinks(text).some((link: DocLink) => {
    if (insideManagedBlock(blocks, link.start)) return false;
    return fromPaths.some((from) => {
      const t = classifyLink(link.url, dirOf(from), origin);
      if (t.kind === 'relative') return targets.includes(t.path);
      if (t.kind === 'github' && sameRepo(t.repo, repo)) return targets.some((p) => t.rest.join('/').endsWith(`/${p}`));
      return false;
    });
  });
}

/** Start and end offsets of the level-2 section whose heading matches, or null. */
export function humanSection(
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
export function insertion(text: string, at: number, block: string): TextPatch {
  if (at >= text.length) return { start: text.length, end: text.length, replacement: appendWithBlankLine(text, block) };
  const eol = lineBreakOf(text);
  const before = text.slice(0, at);
  const lead = before.length === 0 || /\n\s*\n$/.test(before) ? '' : before.endsWith('\n') ? eol : `${eol}${eol}`;
  return { start: at, end: at, replacement: `${lead}${block}${eol}` };
}

/** Where an addendum's header goes: after the first level-1 heading (and its blank line), else after a leading comment, else at the top. */
export function headerInsertionPoint(text: string): number {
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

/** A file as a message names it (`AGENTS.md (-> CLAUDE.md)` for a symlink). */
export function describe(file: FileAtRef): string {
  return file.resolvedPath !== file.path ? `${file.path} (-> ${file.resolvedPath})` : file.path;
}

/** The issue of a managed block a human edited (or whose end marker is gone). */
export function editedIssue(file: FileAtRef, block: ManagedBlock): SatelliteIssue {
  const what = block.unterminated ? 'has lost its end marker' : 'was edited by a human since tmsync wrote it';
  return {
    code: 'human-edit',
    path: file.resolvedPath,
    message: `${describe(file)} line ${block.line}: the managed section "${block.name}" ${what}; left as it is (remove its tmsync markers to keep it as your own text, or delete the section to let tmsync write it again)`,
  };
}

/** The plan of an existing file: its patches applied, `keep` when nothing changes. */
export function filePlan(
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
