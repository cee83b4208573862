import type { Claim, Diagnostic, Provenance } from '@tmsync/core';
import { tagStartRegExp } from '@tmsync/core';
import { findQuestionRefs } from './refs.js';
import type { SourceText } from './source.js';

/** An offset interval [start, end). */
export interface Span {
  start: number;
  end: number;
}

/** The start of a tag, built from the core vocabulary's provenance words. */
const TAG_START_RE = tagStartRegExp();
const PROVENANCE_AT_START_RE = /^\s*[*_]{0,2}\s*(documented|inferred|maintainer|assumption)\b(?!-\w)/i;
const DATE_RE = /\b(\d{4}-\d{2}(?:-\d{2})?(?:\/\d{2})?)\b/;

/** Context the claim finder needs from the rest of the parser. */
export interface ClaimContext {
  source: SourceText;
  /** Spans where tags are not claims: code, HTML comments, the legend, the declared counts. */
  excluded: Span[];
  /** Blocks (paragraphs, table cells, headings) a claim's text is taken from, sorted by start. */
  blocks: Span[];
  /** The innermost section key and top-level section id at an offset. */
  sectionAt: (offset: number) => { key: string | null; id: Claim['sectionId'] };
  /** The document's questions section numbers as written (`14`, `4.14`, `1.18`). */
  questionsNumbers: string[];
  /** The question entry an offset sits in (claims inside a §14 entry cite it implicitly). */
  questionAt: (offset: number) => string | null;
  diagnostics: Diagnostic[];
}

function inSpans(spans: readonly Span[], offset: number): boolean {
  for (const s of spans) if (offset >= s.start && offset < s.end) return true;
  return false;
}

/** The innermost block containing an offset. */
function blockAt(blocks: readonly Span[], offset: number): Span | null {
  let best: Span | null = null;
  for (const b of blocks) {
    if (b.start > offset) break;
    if (offset < b.end && (!best || b.start >= best.start)) best = b;
  }
  return best;
}

/** Finds the `)` closing the parenthetical opened at `open`, within its paragraph; -1 when unclosed. */
function findClose(text: string, open: number): number {
  let depth = 0;
  const limit = Math.min(text.length, open + 4000);
  for (let i = open; i < limit; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 40) depth++;
    else if (ch === 41) {
      depth--;
      if (depth === 0) return i;
    } else if (ch === 10 && /^\n[ \t>]*\n/.test(text.slice(i, i + 40))) return -1;
  }
  return -1;
}

/** Splits a tag's inner text into parts, one per provenance word (`documented: x; inferred — Q3`, `documented + maintainer`). */
function splitParts(inner: string): Span[] {
  const cuts: number[] = [0];
  let depth = 0;
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i];
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (depth === 0 && (ch === ';' || ch === '+' || ch === ',' || ch === '/')) {
      if (PROVENANCE_AT_START_RE.test(inner.slice(i + 1, i + 40))) cuts.push(i + 1);
    } else if (
      depth === 0 &&
      /\s/.test(ch ?? '') &&
      /^\s*(?:and|or)\s+[*_]{0,2}(documented|inferred|maintainer|assumption)\b/i.test(inner.slice(i, i + 40))
    ) {
      const m = /^\s*(?:and|or)\s+/i.exec(inner.slice(i));
      if (m) cuts.push(i + m[0].length);
    }
  }
  const parts: Span[] = [];
  for (let k = 0; k < cuts.length; k++) {
    const start = cuts[k] as number;
    const end = k + 1 < cuts.length ? (cuts[k + 1] as number) - 1 : inner.length;
    parts.push({ start, end });
  }
  return parts;
}

const BARE_TAG_RE = /^\s*[*_]{0,2}\s*(?:documented|inferred|maintainer|assumption)\s*[*_]{0,2}\s*$/i;
const ANY_TAG = String.raw`[*_]{0,2}\(\s*[*_]{0,2}(?:documented|inferred|maintainer|assumption)\b[^()]{0,20}\)[*_]{0,2}`;
const NOUN_AFTER_RE = new RegExp(
  String.raw`^[*_]{0,2}\s*(?:(?:or|and|/|,)\s*${ANY_TAG}\s*)*(?:claims?|tags?|labels?|statements?|items?|entries|entry|rows?|parts?|ones|markers?|status)\b`,
  'i',
);
const DEFINITION_RE = new RegExp(String.raw`${ANY_TAG}\s*(?:—|–|=|:|-)\s`, 'gi');

/** A tag with the provenance word alone, no citation. */
function isBareTag(inner: string): boolean {
  return BARE_TAG_RE.test(inner);
}

/** Whether the words after a tag make it a noun ("… claim", "… or *(assumption)* claim"). */
function isNounUse(text: string, tagEnd: number): boolean {
  return NOUN_AFTER_RE.test(text.slice(tagEnd, tagEnd + 160));
}

const QUANTIFIER_BEFORE_RE = /\b(?:each|every|any|all|remaining|matching|no|other|such)\s*[*_]{0,2}$/i;
const COPULA_BEFORE_RE =
  /\b(?:is|are|was|were|be|been|being|remains?|stays?|still|tagged|marked|labell?ed|kept)\s*[*_]{0,2}$/i;
const TAGGED_BEFORE_RE = /\b(?:tagged|marked|labell?ed|retagged)\s*(?:as\s*)?[*_]{0,2}$/i;
const DIRECTION_BEFORE_RE = /\b(?:to|from|into|as)\s*[*_]{0,2}$/i;
/** Words of a sentence about tags rather than about the project. */
const META_SENTENCE_RE =
  /\btags?\b|\bclaims?\b|§\s*1(?:4|\.18)\b|\bquestions?\b|\brout(?:e|es|ed)\b|\bpromot|\bconfirm|\bpending\b|\bawait|\bratif|\bclos(?:e|es|ing|ure)\b|\bescalat|\blicens/i;
const PROMOTE_RE = /\b(?:promot|retag|demot|mov|convert|upgrad|turn)\w*/i;

/** The sentence around an offset within a block: from the previous sentence end to the next. */
function sentenceAround(text: string, blockStart: number, blockEnd: number, offset: number): string {
  const before = text.slice(blockStart, offset);
  const startCut = Math.max(before.lastIndexOf('. '), before.lastIndexOf('? '), before.lastIndexOf('! '));
  const after = text.slice(offset, blockEnd);
  const endCut = after.search(/[.?!](?:\s|$)/);
  return text.slice(
    startCut >= 0 ? blockStart + startCut + 2 : blockStart,
    endCut >= 0 ? offset + endCut + 1 : blockEnd,
  );
}

/**
 * Whether a bare tag is mentioned rather than used: prose about tags ("Each *(inferred)* routes to §14",
 * "are *(inferred)* and must be confirmed", "promote the matching *(inferred)* tags to *(maintainer)*").
 * Judged by the sentence: a quantifier before the tag, or a copula or direction word before it in a
 * sentence about tags, questions or closing, with the sentence running on after the tag.
 */
function isMention(text: string, open: number, tagEnd: number, block: Span | null): boolean {
  const start = block ? block.start : Math.max(0, open - 300);
  const end = block ? block.end : Math.min(text.length, tagEnd + 300);
  const opener = /[*_]{0,2}$/.exec(text.slice(Math.max(start, open - 2), open))?.[0].length ?? 0;
  const before = text.slice(Math.max(start, open - 80), open - opener);
  if (QUANTIFIER_BEFORE_RE.test(before) || TAGGED_BEFORE_RE.test(before)) return true;
  const runsOn = /^[*_]{0,2}\s+(?:and\s+|or\s+)?[a-z]/.test(text.slice(tagEnd, tagEnd + 20));
  if (!runsOn) return false;
  const sentence = sentenceAround(text, start, end, open);
  if (COPULA_BEFORE_RE.test(before)) return META_SENTENCE_RE.test(sentence);
  if (DIRECTION_BEFORE_RE.test(before)) return PROMOTE_RE.test(sentence);
  return false;
}

/** A block that defines two or more tags (`*(documented)* — …; *(inferred)* — …`) is a legend. */
function isLegendBlock(block: string): boolean {
  return (block.match(DEFINITION_RE) ?? []).length >= 2;
}

const NOT_A_NAME =
  /^(resolution|resolved|confirmed|answered|proposed|pending|tbd|see|per|from|via|in|on|the|a|an|and|or|out|inferred|documented|maintainer|assumption)$/i;

/**
 * The person a maintainer tag names: a handle (`vishesh92`, `@lmccay`, `vlsi + milamberspace`)
 * or a capitalised name (`L. McCay`, `Larry McCay`), ignoring dates, question references and prose.
 */
export function whoIn(citation: string): string | null {
  for (const piece of citation.split(/\s*[,—–;(]\s*/)) {
    const p = piece
      .replace(DATE_RE, '')
      .replace(/§\S*/g, '')
      .replace(/\bQ[\w.-]*\d[\w.-]*/g, '')
      .replace(/[*_`)]+/g, '')
      .trim();
    if (!p) continue;
    if (/^@?[A-Za-z][\w.-]*(?:\s*[+&]\s*@?[A-Za-z][\w.-]*)*$/.test(p) && !NOT_A_NAME.test(p)) return p;
    const tokens = p.split(/\s+/);
    const name: string[] = [];
    for (const t of tokens) {
      if (/^(?:[A-Z]\.|[A-Z][\w'’.-]+|@[\w.-]+)$/.test(t) && !NOT_A_NAME.test(t)) name.push(t);
      else break;
    }
    if (name.length) return name.join(' ');
  }
  return null;
}

/** Finds every provenance claim in the document. */
export function findClaims(ctx: ClaimContext): Claim[] {
  const { source } = ctx;
  const text = source.text;
  const claims: Claim[] = [];
  let lastTagEnd = -1;
  TAG_START_RE.lastIndex = 0;
  for (let m = TAG_START_RE.exec(text); m; m = TAG_START_RE.exec(text)) {
    const open = m.index;
    if (open < lastTagEnd || inSpans(ctx.excluded, open)) continue;
    const before = text.slice(Math.max(0, open - 2), open);
    const italic = /[*_]$/.test(before) || /^\(\s*[*_]/.test(m[0]);
    const afterWord = text.slice(open + m[0].length, open + m[0].length + 3);
    // A plain (non-italic) parenthetical is a tag only when the word stands alone or is followed by a separator.
    if (!italic && !/^\s*[):—–,;-]/.test(afterWord) && !/^\s*\)/.test(afterWord)) continue;
    let close = findClose(text, open);
    if (close < 0) {
      const lineEnd = text.indexOf('\n', open);
      close = lineEnd < 0 ? text.length - 1 : lineEnd - 1;
      ctx.diagnostics.push({
        ruleId: 'parser:unclosed-tag',
        severity: 'warning',
        message: `The provenance tag at line ${source.point(open).line} has no closing parenthesis; it was read to the end of the line. Close it with ")".`,
        range: source.range(open, close + 1),
      });
    }
    const tagEnd = close + 1;
    const inner = text.slice(open + 1, close);
    const block = blockAt(ctx.blocks, open);
    // A bare tag used as a noun ("an *(inferred)* claim", "a *(documented)* or *(maintainer)* claim")
    // or defined in a prose legend ("*(documented)* — backed by shipped docs; *(inferred)* — …") is not a claim.
    if (
      isBareTag(inner) &&
      (isNounUse(text, tagEnd) ||
        isMention(text, open, tagEnd, block) ||
        (block !== null && isLegendBlock(text.slice(block.start, block.end))))
    ) {
      lastTagEnd = tagEnd;
      continue;
    }
    const blockStart = block ? block.start : source.lineStart(source.point(open).line);
    // The claim's text runs from the previous tag in the same block (or the block's start) to this tag.
    let textStart = Math.max(blockStart, Math.max(lastTagEnd, blockStart));
    // A leading bold label (`**Project:**`, `**Q14.1**`) names the block, not the claim.
    const label = /^[ \t]*(?:[-*+][ \t]+|\d+[.)][ \t]+)?[*_]{2}[^*_\n]{1,80}[*_]{2}:?[ \t]+/.exec(
      text.slice(textStart, open),
    );
    if (label && textStart + label[0].length < open) textStart += label[0].length;
    let textEnd = open;
    while (textEnd > textStart && /[\s*_]/.test(text[textEnd - 1] ?? '')) textEnd--;
    while (textStart < textEnd && /[\s*_.;,|>-]/.test(text[textStart] ?? '')) textStart++;
    if (/^\d+\.\s/.test(text.slice(textStart, textEnd)))
      textStart += (/^\d+\.\s+/.exec(text.slice(textStart, textEnd)) ?? [''])[0].length;
    const claimText = text.slice(textStart, textEnd).replace(/\s+/g, ' ');
    const { key, id } = ctx.sectionAt(open);
    const implicitQuestion = ctx.questionAt(open);
    for (const part of splitParts(inner)) {
      const partText = inner.slice(part.start, part.end);
      const pm = PROVENANCE_AT_START_RE.exec(partText);
      if (!pm || pm[1] === undefined) continue;
      const provenance = pm[1].toLowerCase() as Provenance;
      const rest = partText.slice(pm[0].length);
      const sepMatch = /^\s*([:—–,;-])/.exec(rest);
      const separator = sepMatch?.[1] ?? '';
      const citation = rest
        .slice(sepMatch ? sepMatch[0].length : 0)
        .trim()
        .replace(/^[*_]+|[*_]+$/g, '')
        .trim();
      const partStart = open + 1 + part.start;
      const partEnd = open + 1 + part.end;
      const refs = findQuestionRefs(citation, ctx.questionsNumbers);
      const citationOffset = partStart + partText.indexOf(citation);
      const questionRefs = refs.map((r) => ({
        raw: r.raw,
        id: r.id,
        range: source.range(citationOffset + r.start, citationOffset + r.end),
      }));
      if (questionRefs.length === 0 && implicitQuestion && (provenance === 'inferred' || provenance === 'assumption')) {
        questionRefs.push({ raw: '', id: implicitQuestion, range: source.range(partStart, partEnd) });
      }
      const date = DATE_RE.exec(citation)?.[1] ?? null;
      const who = provenance === 'maintainer' ? whoIn(citation) : null;
      claims.push({
        provenance,
        citation,
        questionRefs,
        who,
        date,
        section: key,
        sectionId: id,
        range: source.range(partStart, partEnd),
        tagRange: source.range(open, tagEnd),
        separator,
        text: claimText,
        textRange: source.range(textStart, Math.max(textStart, textEnd)),
      });
    }
    lastTagEnd = tagEnd;
  }
  return claims;
}
