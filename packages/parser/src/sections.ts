import type { Generation, Section, SectionId } from '@tmsync/core';
import { sectionByNumber, sectionByTitle } from '@tmsync/core';
import type { Heading, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { SourceText } from './source.js';
import { plainInline } from './source.js';

/** A heading as the section finder sees it. */
export interface HeadingInfo {
  depth: number;
  text: string;
  start: number;
  end: number;
  /** The number as written without `§` (`5a`, `4.3`, `1.10`), or null. */
  number: string | null;
  /** The title after the number. */
  title: string;
  appendix: boolean;
}

const NUMBER_RE = /^(?:§\s*)?(\d{1,2}(?:\.\d{1,2}){0,2}[a-z]?)(?:\.(?=\s|$))?(?:\s*[—–:-]\s*|\s+|$)(.*)$/u;

/** Splits a heading's text into number and title. */
export function splitHeading(text: string): { number: string | null; title: string; appendix: boolean } {
  const plain = plainInline(text);
  const m = NUMBER_RE.exec(plain);
  if (m && m[1] !== undefined) {
    return { number: m[1], title: (m[2] ?? '').trim(), appendix: /^appendix\b/i.test(m[2] ?? '') };
  }
  return { number: null, title: plain, appendix: /^(appendix|annex)\b/i.test(plain) };
}

/** Headings of the document's top level (not inside lists or quotes), in order. */
export function collectHeadings(tree: Root): HeadingInfo[] {
  const out: HeadingInfo[] = [];
  for (const node of tree.children) {
    if (node.type !== 'heading') continue;
    const h = node as Heading;
    const start = h.position?.start.offset;
    const end = h.position?.end.offset;
    if (start === undefined || end === undefined) continue;
    const text = toString(h);
    out.push({ depth: h.depth, text, start, end, ...splitHeading(text) });
  }
  return out;
}

/** Splits a written number into chapter prefix and local number: `4.3` → [`4`, `3`], `5a` → [null, `5a`]. */
function splitChapter(number: string): { chapter: string | null; local: string } {
  const parts = number.split('.');
  if (parts.length === 1) return { chapter: null, local: number };
  return { chapter: parts.slice(0, -1).join('.'), local: parts[parts.length - 1] ?? number };
}

/** The canonical id a number means in a generation, given the document's chapter prefix. */
function idForNumber(number: string, generation: Generation, chapter: string | null): SectionId | null {
  const { chapter: c, local } = splitChapter(number);
  if (generation === 'older') {
    if (c === null) return sectionByNumber(local, 'older');
    if (chapter !== null && c === chapter) return sectionByNumber(local, 'older');
    return null;
  }
  if (c === null) return null;
  if (c === '1' || (chapter !== null && c === chapter)) return sectionByNumber(`1.${local}`, 'newer');
  return null;
}

/** The most common chapter prefix among dotted numbers, or null. */
function commonChapter(numbers: string[]): string | null {
  const counts = new Map<string, number>();
  for (const n of numbers) {
    const { chapter } = splitChapter(n);
    if (chapter !== null) counts.set(chapter, (counts.get(chapter) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestCount = 1;
  for (const [c, k] of counts) if (k > bestCount) [best, bestCount] = [c, k];
  return best;
}

export interface SectionScan {
  sections: Section[];
  generation: Generation;
  /** The document's title (first level-1 heading that is not a rubric section), or ''. */
  title: string;
  /** Offsets of the title heading, when any. */
  titleEnd: number;
  /** How many sections were recognised by an agreeing number and title (or title alone when unnumbered). */
  confident: number;
  /** How many top-level sections carry a rubric id. */
  mapped: number;
}

interface Candidate extends HeadingInfo {
  id: SectionId | null;
  agree: boolean;
}

function score(
  headings: HeadingInfo[],
  generation: Generation,
  chapter: string | null,
  byTitle: (title: string) => SectionId | null,
): number {
  let s = 0;
  for (const h of headings) {
    if (!h.number) continue;
    const byNumber = idForNumber(h.number, generation, chapter);
    if (byNumber && byNumber === byTitle(h.title)) s += 2;
    if (generation === 'older' && /^\d+(?:\.\d+)?a$/.test(h.number) && byNumber) s += 1;
  }
  return s;
}

/** Finds the document's sections, its generation and its title. */
export function scanSections(tree: Root, source: SourceText, hints: { newerSignals: boolean }): SectionScan {
  const all = collectHeadings(tree);
  // Each title is matched against the rubric's title patterns once, however often a heading is classified.
  const titles = new Map<string, SectionId | null>();
  const sectionOfTitle = (title: string): SectionId | null => {
    let id = titles.get(title);
    if (id === undefined) {
      id = sectionByTitle(title);
      titles.set(title, id);
    }
    return id;
  };
  let title = '';
  let titleEnd = 0;
  const firstH1 = all.find((h) => h.depth === 1);
  const body = all.filter((h) => h.depth > 1);
  const bodyDepth = Math.min(...body.map((b) => b.depth));
  const numbers = body.filter((h) => h.number !== null && h.depth === bodyDepth).map((h) => h.number as string);
  const chapter = commonChapter(numbers.length ? numbers : body.filter((h) => h.number).map((h) => h.number as string));
  const olderScore = score(body, 'older', chapter, sectionOfTitle);
  const newerScore = score(body, 'newer', chapter, sectionOfTitle);
  let generation: Generation;
  if (newerScore > olderScore) generation = 'newer';
  else if (olderScore > newerScore) generation = 'older';
  else if (numbers.length && numbers.every((n) => /^1\.\d+$/.test(n))) generation = 'newer';
  else if (body.some((h) => /^\d+a$/.test(h.number ?? ''))) generation = 'older';
  else
    generation =
      hints.newerSignals || body.some((h) => ['outputs', 'dependencies'].includes(sectionOfTitle(h.title) ?? ''))
        ? 'newer'
        : 'older';

  // Decide which headings are rubric sections and at which depth the rubric lives.
  const classify = (h: HeadingInfo, topLevel: boolean): Candidate => {
    const byTitle = sectionOfTitle(h.title);
    if (h.number) {
      const byNumber = idForNumber(h.number, generation, chapter);
      if (byNumber && byTitle && byNumber !== byTitle) {
        // Number and title disagree: trust the title, but only for a rubric-shaped number.
        return { ...h, id: topLevel ? byTitle : null, agree: false };
      }
      if (byNumber && byTitle === byNumber) return { ...h, id: byNumber, agree: true };
      if (byNumber && !byTitle) {
        if (h.appendix || /\b(appendix|back-?map|annex)\b/i.test(h.title)) return { ...h, id: null, agree: false };
        if (byNumber === 'companion' || byNumber === 'header') return { ...h, id: null, agree: false };
        return { ...h, id: topLevel || /[a-z]$/.test(h.number) ? byNumber : null, agree: false };
      }
      return { ...h, id: null, agree: false };
    }
    if (!topLevel || h.appendix) return { ...h, id: null, agree: false };
    return { ...h, id: byTitle, agree: byTitle !== null };
  };

  const depthCounts = new Map<number, number>();
  for (const h of all) {
    const c = classify(h, true);
    if (c.id) depthCounts.set(h.depth, (depthCounts.get(h.depth) ?? 0) + (c.agree ? 2 : 1));
  }
  let level = 2;
  let bestCount = 0;
  for (const [depth, count] of [...depthCounts].sort((a, b) => a[0] - b[0])) {
    if (count > bestCount + 2 || (bestCount === 0 && count > 0)) [level, bestCount] = [depth, count];
  }
  if (firstH1 && (level > 1 || classify(firstH1, true).id === null)) {
    title = plainInline(firstH1.text);
    titleEnd = firstH1.end;
  }

  const top: Section[] = [];
  const keys = new Set<string>();
  const uniqueKey = (base: string) => {
    let k = base;
    for (let i = 2; keys.has(k); i++) k = `${base}-${i}`;
    keys.add(k);
    return k;
  };
  let confident = 0;
  const stack: Section[] = [];
  const headings = all.filter((h) => h !== firstH1 || (level === 1 && classify(h, true).id !== null));
  for (let i = 0; i < headings.length; i++) {
    const h = headings[i] as HeadingInfo;
    const topLevel = h.depth <= level;
    const c = classify(h, topLevel);
    if (topLevel && c.agree) confident++;
    let endOffset = source.text.length;
    for (let j = i + 1; j < headings.length; j++) {
      const next = headings[j] as HeadingInfo;
      if (next.depth <= h.depth || (topLevel && next.depth <= level)) {
        endOffset = next.start;
        break;
      }
    }
    const base = c.id ?? (h.number ? `§${h.number}` : slug(h.title) || `section-${i + 1}`);
    const section: Section = {
      id: c.id,
      key: uniqueKey(base),
      generation,
      number: h.number,
      title: h.title,
      level: h.depth,
      heading: source.range(h.start, h.end),
      range: source.range(h.start, endOffset),
      children: [],
    };
    while (stack.length && (stack[stack.length - 1] as Section).level >= h.depth) stack.pop();
    const parent = stack[stack.length - 1];
    if (topLevel || !parent) {
      stack.length = 0;
      top.push(section);
    } else parent.children.push(section);
    stack.push(section);
  }
  const mapped = top.filter((s) => s.id !== null).length;
  return { sections: top, generation, title, titleEnd, confident, mapped };
}

/** A lower-case, dash-separated slug of a title. */
export function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}
