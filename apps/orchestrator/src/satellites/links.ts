/**
 * Links in Markdown as a scanner sees them: inline links, autolinks, GFM bare
 * URLs and reference definitions, each with its position and the exact span
 * of its URL in the source (so a URL can be patched without touching the rest).
 */
import { parseGfmMarkdown } from '@tmsync/parser';
import { posix } from 'node:path';
import { GITHUB_ORIGIN } from '../forge/web.js';

/** A link found in a document. */
export interface DocLink {
  url: string;
  /** Link text (empty for definitions). */
  text: string;
  line: number;
  column: number;
  /** Offsets of the whole link (or definition) in the source. */
  start: number;
  end: number;
  /** Offsets of the URL as written in the source, when it could be located. */
  urlStart: number | null;
  urlEnd: number | null;
}

/** Where a link points. */
export type LinkTarget =
  | { kind: 'relative'; path: string }
  | { kind: 'github'; repo: string; owner: string; name: string; rest: string[]; url: string }
  | { kind: 'external'; url: string }
  | { kind: 'anchor' };

/** The part of an mdast node this module reads. */
export interface MdNode {
  type: string;
  url?: string;
  value?: string;
  depth?: number;
  children?: MdNode[];
  position?: {
    start: { line: number; column: number; offset?: number };
    end: { line: number; column: number; offset?: number };
  };
}

/** Visits every node of an mdast tree, depth first. */
export function walk(node: MdNode, fn: (node: MdNode) => void): void {
  fn(node);
  for (const child of node.children ?? []) walk(child, fn);
}

/** The plain text of a node. */
export function plain(node: MdNode): string {
  if (typeof node.value === 'string') return node.value;
  return (node.children ?? []).map(plain).join('');
}

/** Every link of a Markdown document, in source order. */
export function extractLinks(text: string): DocLink[] {
  const links: DocLink[] = [];
  walk(parseGfmMarkdown(text) as unknown as MdNode, (node) => {
    if (node.type !== 'link' && node.type !== 'definition') return;
    const pos = node.position;
    if (!pos) return;
    const url = node.url ?? '';
    const startOffset = pos.start.offset ?? 0;
    const endOffset = pos.end.offset ?? startOffset;
    const source = text.slice(startOffset, endOffset);
    let urlStart: number | null = null;
    let urlEnd: number | null = null;
    // The URL as written: search from the end (the link text may repeat it, as in autolinks).
    const at = source.lastIndexOf(url);
    if (at >= 0) {
      urlStart = startOffset + at;
      urlEnd = urlStart + url.length;
    }
    const textValue = node.type === 'link' ? plain(node) : '';
    links.push({
      url,
      text: textValue,
      line: pos.start.line,
      column: pos.start.column,
      start: startOffset,
      end: endOffset,
      urlStart,
      urlEnd,
    });
  });
  links.sort((a, b) => a.line - b.line || a.column - b.column);
  return links;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const hostPatterns = new Map<string, RegExp>();

/** `ORIGIN/OWNER/NAME/(blob|tree|raw)/REST` on a forge's web origin (github.com: with or without `www.`; either scheme). */
function forgePattern(origin: string): RegExp {
  let re = hostPatterns.get(origin);
  if (!re) {
    const url = new URL(origin);
    const host = url.host.toLowerCase() === 'github.com' ? '(?:www\\.)?github\\.com' : escapeRegExp(url.host);
    const path = escapeRegExp(url.pathname.replace(/\/+$/, ''));
    re = new RegExp(
      `^https?:\\/\\/${host}${path}\\/([A-Za-z0-9._-]+)\\/([A-Za-z0-9._-]+)\\/(?:blob|tree|raw)\\/([^?#]+)`,
      'i',
    );
    hostPatterns.set(origin, re);
  }
  return re;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Classifies a link URL; `fromDir` is the repository folder of the document holding it, `origin`
 * the forge's web origin (`Forge.webUrl`'s host: github.com, or a GitHub Enterprise Server), whose
 * file links are followed; links to any other host leave the forge.
 */
export function classifyLink(url: string, fromDir: string, origin: string = GITHUB_ORIGIN): LinkTarget {
  const trimmed = url.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return { kind: 'anchor' };
  const onGitHub = /^https?:\/\/(?:www\.)?github\.com\/?$/i.test(origin);
  const gh = forgePattern(origin).exec(trimmed);
  if (gh) {
    const owner = gh[1] ?? '';
    const name = (gh[2] ?? '').replace(/\.git$/, '');
    return {
      kind: 'github',
      owner,
      name,
      repo: `${owner}/${name}`,
      rest: (gh[3] ?? '').split('/').filter(Boolean).map(safeDecode),
      url: trimmed,
    };
  }
  const raw = !onGitHub
    ? null
    : /^https?:\/\/raw\.githubusercontent\.com\/([A-Za-z0-9._-]+)\/([A-Za-z0-9._-]+)\/([^?#]+)/i.exec(trimmed);
  if (raw) {
    const owner = raw[1] ?? '';
    const name = raw[2] ?? '';
    return {
      kind: 'github',
      owner,
      name,
      repo: `${owner}/${name}`,
      rest: (raw[3] ?? '').split('/').filter(Boolean).map(safeDecode),
      url: trimmed,
    };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) || trimmed.startsWith('//')) return { kind: 'external', url: trimmed };
  const bare = safeDecode(trimmed.replace(/[?#].*$/, ''));
  if (bare === '') return { kind: 'anchor' };
  const joined = bare.startsWith('/')
    ? posix.normalize(bare.slice(1))
    : posix.normalize(posix.join(fromDir || '.', bare));
  return { kind: 'relative', path: joined.replace(/^\.\//, '') };
}

/** Whether a relative path climbs above the repository root. */
export function leavesRepository(path: string): boolean {
  return path === '..' || path.startsWith('../');
}

/** The folder part of a repository path ('' at the root). */
export function dirOf(path: string): string {
  const d = posix.dirname(path);
  return d === '.' ? '' : d;
}

/** Basename of a path. */
export function baseName(path: string): string {
  return posix.basename(path);
}

/** A repository-relative link from the file at `from` to `to` (`./SECURITY.md`, `../SECURITY.md`). */
export function relativeLink(from: string, to: string): string {
  const rel = posix.relative(dirOf(from) || '.', to);
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** Names a scanner takes for a security policy. */
export const SECURITY_NAME = /^security\.(md|markdown|adoc|rst)$/i;

/** Names of files that look like a threat model (`THREAT_MODEL.md`, `draft-THREAT-MODEL.md`, `doc/thrift-threat-model.md`). */
export const THREAT_MODEL_NAME = /threat[-_ .]?model[^/]*\.(md|markdown)$/i;

/** Where OpenSSF Scorecard looks for SECURITY.md, in order. */
export const SECURITY_LOCATIONS: readonly string[] = ['', '.github/', 'docs/']
  .flatMap((dir) => ['md', 'markdown', 'adoc', 'rst'].map((ext) => `${dir}SECURITY.${ext}`))
  .sort((a, b) => Number(!a.endsWith('.md')) - Number(!b.endsWith('.md')));
