import type { Claim, Diagnostic, DocumentKind, Question, Section, SectionId, ThreatModel } from '@tmsync/core';
import { flattenSections, QUESTIONS_SECTION_NUMBERS } from '@tmsync/core';
import type { Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfm } from 'micromark-extension-gfm';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import type { Span } from './claims.js';
import { scanBaseline } from './baseline.js';
import { findClaims } from './claims.js';
import type { InputLimits } from './bounds.js';
import { checkInputBounds, DEFAULT_INPUT_LIMITS } from './bounds.js';
import { scanDispositions, scanDispositionUses } from './dispositions.js';
import { scanHeader } from './header.js';
import { settleByPromotion } from './question-state.js';
import { scanQuestions } from './questions.js';
import { scanSections } from './sections.js';
import { SourceText } from './source.js';
import { gfmTableFor } from './table-guard.js';

/**
 * The grammar threat models are read with: CommonMark plus the two GFM
 * constructs the parser and the rules read (tables and strikethrough). GFM's
 * autolink literals, footnotes and task lists are left out: nothing reads
 * them in a model, and autolink literals alone cost a find-and-replace walk
 * of every text node (test/grammar.test.ts proves the readings are the same).
 * Tables are tried only where the next line could be a delimiter row
 * (table-guard.ts), which gives the same tree for a fifth less work.
 */
const STRIKETHROUGH = gfmStrikethrough();
const MDAST_EXTENSIONS = [gfmTableFromMarkdown(), gfmStrikethroughFromMarkdown()];

/** Parses a threat model's Markdown into an mdast tree with positions (CommonMark + GFM tables and strikethrough). */
export function parseMarkdown(text: string): Root {
  return fromMarkdown(text, { extensions: [gfmTableFor(text), STRIKETHROUGH], mdastExtensions: MDAST_EXTENSIONS });
}

let fullGfm: { extensions: ReturnType<typeof gfm>[]; mdastExtensions: ReturnType<typeof gfmFromMarkdown> } | null =
  null;

/**
 * Parses Markdown with all of GFM (autolink literals included), for pointer
 * files (AGENTS.md, SECURITY.md) whose links are often bare URLs.
 */
export function parseGfmMarkdown(text: string): Root {
  fullGfm ??= { extensions: [gfm()], mdastExtensions: gfmFromMarkdown() };
  return fromMarkdown(text, fullGfm);
}

function emptyModel(path: string, kind: DocumentKind, diagnostics: Diagnostic[]): ThreatModel {
  return {
    path,
    kind,
    generation: 'older',
    title: '',
    header: [],
    triagePolicy: null,
    status: null,
    declared: null,
    baseline: null,
    legend: null,
    sections: [],
    claims: [],
    questions: [],
    dispositions: [],
    dispositionUses: [],
    diagnostics,
  };
}

function looksBinary(text: string): boolean {
  if (text.includes('\0')) return true;
  const sample = text.slice(0, 8192);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 9 || (c > 13 && c < 32)) && c !== 27) control++;
    if (c === 0xfffd) control++;
  }
  return sample.length > 0 && control / sample.length > 0.05;
}

/** reStructuredText by content alone, before any Markdown reading: `..` directives, or underlined titles and no ATX heading. */
function looksRestructuredTextSource(text: string): boolean {
  const sample = text.slice(0, 200_000);
  const directives = (sample.match(/^\.\. [a-z-]+::/gm) ?? []).length;
  if (directives >= 2) return true;
  // Any ATX heading, provenance tag or Markdown link makes it Markdown; only then are underlines counted.
  if (/^ {0,3}#{1,6}\s/m.test(sample)) return false;
  if (/\(\s*[*_]{0,2}(?:documented|inferred|maintainer|assumption)\b/i.test(sample)) return false;
  if (/\[[^\]\n]+\]\([^)\s]+\)/.test(sample)) return false;
  return (sample.match(/^\S.*\n(={3,}|-{3,}|~{3,}|\^{3,})\s*$/gm) ?? []).length >= 2;
}

function looksRestructuredText(text: string, tree: Root): boolean {
  const atx = tree.children.some((n) => n.type === 'heading');
  const underlines = (text.match(/^\S.*\n(={3,}|-{3,}|~{3,}|\^{3,})\s*$/gm) ?? []).length;
  const directives = (text.match(/^\.\. [a-z-]+::/gm) ?? []).length;
  return (!atx && underlines >= 1) || directives >= 2;
}

/**
 * Points references at the questions the document really has: in a document
 * that numbers questions inside its questions section (`Q14.1`, `Q4.14.2`), a
 * reference written `§14.1` or `Q1` means `Q14.1` when that is the only match.
 */
function resolveQuestionAliases(claims: Claim[], questions: Question[]): void {
  const ids = new Set(questions.map((q) => q.id));
  const lettered = [...ids].filter((id) => /^[A-PR-Z]\d/.test(id));
  for (const claim of claims) {
    // Questions numbered with another letter (`I3`) are cited as written: `*(inferred — I3)*`.
    if (lettered.length && claim.questionRefs.length === 0) {
      for (const m of claim.citation.matchAll(/\b([A-PR-Z]\d{1,3}[a-z]?)\b/g)) {
        if (ids.has(m[1] as string))
          claim.questionRefs.push({ raw: m[1] as string, id: m[1] as string, range: claim.range });
      }
    }
    for (const ref of claim.questionRefs) {
      if (ids.has(ref.id)) continue;
      const n = /^Q(\d+[a-z]?)$/.exec(ref.id)?.[1];
      if (!n) continue;
      const matches = [...ids].filter((id) => new RegExp(`^Q\\d+(?:\\.\\d+)*\\.${n}$`).test(id));
      if (matches.length === 1) ref.id = matches[0] as string;
    }
  }
}

/** Options for parsing. */
export interface ParseOptions {
  /** The file path, used in messages. */
  path?: string;
  /** Bounds checked before parsing (default DEFAULT_INPUT_LIMITS); a document over them is not parsed. */
  limits?: Partial<InputLimits>;
  /** The text's mdast tree when a caller (remark) already parsed it with remark-parse and GFM: it is not parsed again. */
  tree?: Root;
}

/**
 * Reads a threat model into the typed model, every element with its source
 * position. Never throws: what it cannot make sense of becomes diagnostics.
 */
export function parseThreatModel(text: string, options: ParseOptions = {}): ThreatModel {
  return parseDocument(text, options).model;
}

/** A parsed document: the model and the mdast tree it was read from (one Markdown parse for both). */
export interface ParsedDocument {
  model: ThreatModel;
  tree: Root;
}

/**
 * Parses once and returns both the model and the mdast tree, for callers (such
 * as the linter's unified pipeline) that need the tree too. Never throws.
 */
export function parseDocument(text: string, options: ParseOptions = {}): ParsedDocument {
  const path = options.path ?? '';
  try {
    return parseUnsafe(
      typeof text === 'string' ? text : String(text),
      path,
      {
        ...DEFAULT_INPUT_LIMITS,
        ...options.limits,
      },
      options.tree,
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return withEmptyTree(
      emptyModel(path, 'not-markdown', [
        {
          ruleId: 'parser:failed',
          severity: 'error',
          message: `The document could not be read as Markdown (${message.slice(0, 200)}). Check that it is a UTF-8 Markdown file.`,
          range: null,
        },
      ]),
    );
  }
}

function withEmptyTree(model: ThreatModel): ParsedDocument {
  return { model, tree: { type: 'root', children: [] } };
}

function parseUnsafe(text: string, path: string, limits: InputLimits, parsed?: Root): ParsedDocument {
  const diagnostics: Diagnostic[] = [];
  if (text.trim() === '') {
    return withEmptyTree(
      emptyModel(path, 'empty', [
        {
          ruleId: 'parser:empty',
          severity: 'error',
          message: 'The file is empty: there is no threat model to read.',
          range: null,
        },
      ]),
    );
  }
  const overLimit = checkInputBounds(text, limits);
  if (overLimit) return withEmptyTree(emptyModel(path, 'over-limit', [overLimit]));
  if (looksBinary(text)) {
    return withEmptyTree(
      emptyModel(path, 'not-markdown', [
        {
          ruleId: 'parser:binary',
          severity: 'error',
          message: 'The file holds binary data, not Markdown text: point tmsync at the THREAT_MODEL.md itself.',
          range: null,
        },
      ]),
    );
  }
  if (/\.(?:rst|rest)$/i.test(path) || looksRestructuredTextSource(text)) {
    return withEmptyTree(
      emptyModel(path, 'not-markdown', [
        {
          ruleId: 'parser:restructuredtext',
          severity: 'error',
          message:
            'This file is reStructuredText (by its extension or its underlined headings and `..` directives), not Markdown: convert it (pandoc -f rst -t gfm) or point tmsync at the Markdown model.',
          range: null,
        },
      ]),
    );
  }
  const source = new SourceText(text);
  let tree: Root;
  try {
    tree = parsed ?? parseMarkdown(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return withEmptyTree(
      emptyModel(path, 'not-markdown', [
        {
          ruleId: 'parser:markdown',
          severity: 'error',
          message: `The Markdown parser gave up on this file (${message.slice(0, 160)}); its nesting may be too deep. Simplify the structure and try again.`,
          range: null,
        },
      ]),
    );
  }

  // Spans whose text is never a claim: code and raw HTML (comments included).
  const masked: Span[] = [];
  const blocks: Span[] = [];
  // One depth-first walk in document order (unist-util-visit's), on an explicit stack:
  // the type is tested before anything else is read, and text leaves cost one test.
  const stack: (Root | RootContent)[] = [tree];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const type = node.type;
    if (type === 'text') continue;
    const into =
      type === 'code' || type === 'inlineCode' || type === 'html'
        ? masked
        : type === 'paragraph' || type === 'tableCell' || type === 'heading'
          ? blocks
          : null;
    if (into) {
      const s = node.position?.start.offset;
      const e = node.position?.end.offset;
      if (s !== undefined && e !== undefined) into.push({ start: s, end: e });
    }
    const children = (node as { children?: RootContent[] }).children;
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as RootContent);
  }
  blocks.sort((a, b) => a.start - b.start);

  const newerSignals = /\(\s*[*_]{0,2}assumption\b/i.test(text) || /triage policy/i.test(text);
  const scan = scanSections(tree, source, { newerSignals });
  let sections = scan.sections;

  // A header written without a heading of its own: the block between the title and the first section.
  let headerSection = sections.find((s) => s.id === 'header') ?? null;
  const firstTop = sections.find(
    (s) => s.level <= Math.max(2, Math.min(...sections.map((x) => x.level))) && s.level > 0,
  );
  const preambleEnd = firstTop ? firstTop.range.start.offset : text.length;
  let headerSpan: Span = headerSection
    ? { start: headerSection.range.start.offset, end: headerSection.range.end.offset }
    : { start: scan.titleEnd, end: preambleEnd };
  let header = scanHeader(source, headerSpan);
  if (!headerSection && header.fields.length >= 2) {
    const topLevel = firstTop?.level ?? 2;
    const inside = sections.filter((s) => s.range.start.offset < preambleEnd && s.level > topLevel);
    headerSection = {
      id: 'header',
      key: 'header',
      generation: scan.generation,
      number: null,
      title: 'Header',
      level: 0,
      heading: source.range(headerSpan.start, headerSpan.start),
      range: source.range(headerSpan.start, headerSpan.end),
      children: inside,
    };
    sections = [headerSection, ...sections.filter((s) => !inside.includes(s))];
  } else if (!headerSection) {
    headerSpan = { start: 0, end: 0 };
    header = scanHeader(source, headerSpan);
  }

  const flat = flattenSections(sections);
  const sectionAt = (offset: number): { key: string | null; id: SectionId | null } => {
    let inner: Section | null = null;
    let top: Section | null = null;
    for (const s of flat) {
      if (offset >= s.range.start.offset && offset < s.range.end.offset) {
        if (!inner || s.range.start.offset >= inner.range.start.offset) inner = s;
        if (sections.includes(s)) top = s;
      }
    }
    const id = top?.id ?? inner?.id ?? null;
    return { key: inner?.key ?? null, id };
  };

  const questionsSection = sections.find((s) => s.id === 'questions') ?? flat.find((s) => s.id === 'questions') ?? null;
  const questionsNumbers = [...QUESTIONS_SECTION_NUMBERS];
  if (questionsSection?.number) questionsNumbers.push(questionsSection.number.replace(/^§/, ''));
  const questions: Question[] = questionsSection ? scanQuestions(tree, source, questionsSection, questionsNumbers) : [];
  const questionAt = (offset: number): string | null => {
    for (const q of questions) if (offset >= q.range.start.offset && offset < q.range.end.offset) return q.id;
    return null;
  };

  const excluded: Span[] = [...masked];
  if (header.legend) excluded.push(header.legend);
  if (header.declaredSpan) excluded.push(header.declaredSpan);
  const claims = findClaims({ source, excluded, blocks, sectionAt, questionsNumbers, questionAt, diagnostics });
  resolveQuestionAliases(claims, questions);
  settleByPromotion(questions, claims);

  const dispositionsSection = flat.find((s) => s.id === 'dispositions') ?? null;
  const dispositions = dispositionsSection ? scanDispositions(tree, source, dispositionsSection) : [];
  const fences = masked.filter(
    (m) => text.startsWith('```', m.start) || text.startsWith('~~~', m.start) || text.startsWith('<!--', m.start),
  );
  const dispositionUses = scanDispositionUses(source, sections, fences, sectionAt);

  let kind: DocumentKind = 'rubric-model';
  const rubricLike =
    scan.confident >= 4 || (scan.confident >= 2 && claims.length >= 5) || (scan.mapped >= 8 && claims.length >= 5);
  if (!rubricLike) {
    const headingText = `${flat.map((s) => s.title).join('\n')}\n${scan.title}`;
    if (looksRestructuredText(text, tree)) kind = 'not-markdown';
    else if (/security policy|reporting (a )?(security )?(vulnerabilit|issue)|supported versions/i.test(headingText))
      kind = 'security-policy';
    else kind = 'other-outline';
  }

  const model: ThreatModel = {
    path,
    kind,
    generation: scan.generation,
    title: scan.title,
    header: header.fields,
    triagePolicy: header.triagePolicy,
    status: header.status,
    declared: header.declared,
    baseline: scanBaseline(source, Math.max(preambleEnd, headerSpan.end, 6000)),
    legend: header.legend ? source.range(header.legend.start, header.legend.end) : null,
    sections,
    claims,
    questions,
    dispositions,
    dispositionUses,
    diagnostics,
  };
  return { model, tree };
}
