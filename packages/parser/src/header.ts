import type { DeclaredCount, DeclaredCounts, HeaderField, Provenance } from '@tmsync/core';
import type { Span } from './claims.js';
import type { SourceText } from './source.js';
import { plainInline } from './source.js';

const FIELD_LINE_RE = /^(\s*(?:[-*+]\s+)?)\*\*([^*\n]{1,60}?)(?:\s*:\s*\*\*|\*\*\s*[:—–]|\.\*\*)\s*(.*)$/;
const TABLE_ROW_RE = /^\s*\|\s*(?:\*\*)?([^|*]{1,60}?)(?:\*\*)?\s*:?\s*\|\s*(.*?)\s*\|?\s*$/;
const HEADING_RE = /^\s{0,3}#{1,6}\s+(.*)$/;
/** A further `**Field:**` inside a field's value. */
const INLINE_FIELD_RE = /(?<=\s)\*\*([A-Z][^*\n]{0,40}?)(?:\s*:\s*\*\*|\*\*\s*:)\s*/g;
/** The header fields a label may name together (`**Reporting / version-binding / legend**`). */
const KNOWN_FIELD_RE =
  /^(?:project|commit|version|date|authors?|status|version[ -]binding|reporting|(?:provenance )?legend|draft[ -]confidence|triage[ -]policy)$/i;
/** A list item whose bold label names several known fields, followed by their shared value. */
const SEVERAL_FIELDS_RE = /^(\s*[-*+]\s+)\*\*([^*\n]{3,80}?(?:\s*[/,&]\s*|\s+and\s+)[^*\n]{2,80}?)\*\*\s+(.*)$/;

/** The field names a label holds: one, or several when every part of `A / B / C` is a known field. */
function fieldNames(label: string): string[] {
  const parts = label
    .split(/\s*[/,&]\s*|\s+and\s+/)
    .map((p) => p.trim())
    .filter(Boolean);
  // `Version / commit` is one field of its own name.
  if (/^(?:version|repository)\s*\/\s*commit$/i.test(label.trim())) return [label];
  if (parts.length >= 2 && parts.every((p) => KNOWN_FIELD_RE.test(p)))
    return parts.map((p) => {
      const spaced = p.replace(/-/g, ' ');
      return spaced.charAt(0).toUpperCase() + spaced.slice(1);
    });
  return [label];
}

function trimEnd(source: SourceText, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(source.text[e - 1] ?? '')) e--;
  return e;
}

/** What the header block holds. */
export interface HeaderScan {
  fields: HeaderField[];
  legend: Span | null;
  declared: DeclaredCounts | null;
  /** Spans of the declared-count statements (not claims). */
  declaredSpan: Span | null;
  status: string | null;
  triagePolicy: 'strict' | 'relaxed' | null;
}

interface RawField {
  name: string;
  /** Indentation of the field's list marker: deeper list items continue the field. */
  indent: number;
  start: number;
  valueStart: number;
  end: number;
}

/** Reads header fields (list items, `**Field:**` paragraphs or table rows) in a span of the document. */
export function scanHeader(source: SourceText, span: Span): HeaderScan {
  const fields: RawField[] = [];
  const firstLine = source.point(span.start).line;
  const lastLine = source.point(Math.max(span.start, span.end - 1)).line;
  let current: RawField | null = null;
  const headings: { line: number; text: string; start: number }[] = [];
  let inFence = false;
  for (let line = firstLine; line <= lastLine; line++) {
    const text = source.line(line);
    const start = source.lineStart(line);
    const end = source.lineEnd(line);
    if (/^\s*(```|~~~)/.test(text)) inFence = !inFence;
    if (inFence) continue;
    if (text.trim() === '') {
      current = null;
      continue;
    }
    const heading = HEADING_RE.exec(text);
    if (heading) {
      current = null;
      headings.push({ line, text: plainInline(heading[1] ?? ''), start });
      continue;
    }
    const field = FIELD_LINE_RE.exec(text) ?? SEVERAL_FIELDS_RE.exec(text);
    if (field && field[2] !== undefined) {
      const prefix = field[1] ?? '';
      const valueOffset = text.length - (field[3] ?? '').length;
      const indent = /^\s*/.exec(prefix)?.[0].length ?? 0;
      // A label naming several fields (`**Reporting / version-binding / legend** as in …`) gives each the value.
      const names = fieldNames(plainInline(field[2]));
      for (const name of names) {
        current = { name, start: start + prefix.length, valueStart: start + valueOffset, end, indent };
        fields.push(current);
      }
      // Several `**Field:**` in one item (`**Date:** … **Status:** …`): each ends where the next begins.
      for (const more of text.slice(valueOffset).matchAll(INLINE_FIELD_RE)) {
        const at = start + valueOffset + (more.index ?? 0);
        if (current) current.end = trimEnd(source, current.valueStart, at);
        current = {
          name: plainInline(more[1] ?? ''),
          start: at,
          valueStart: at + more[0].length,
          end,
          indent,
        };
        fields.push(current);
      }
      continue;
    }
    const row = TABLE_ROW_RE.exec(text);
    if (row && row[1] !== undefined && !/^[\s:-]+$/.test(row[1]) && !/^-+$/.test((row[2] ?? '').trim())) {
      const name = plainInline(row[1]);
      if (name && !/^(field|tag|meaning|key|name|item)$/i.test(name) && !/^\(/.test(row[1].trim())) {
        const valueStart = start + text.indexOf(row[2] ?? '', text.indexOf('|', text.indexOf('|') + 1));
        let valueEnd = end;
        while (valueEnd > valueStart && /[\s|]/.test(source.text[valueEnd - 1] ?? '')) valueEnd--;
        fields.push({ name, start, valueStart: Math.max(start, valueStart), end: valueEnd, indent: 0 });
      }
      current = null;
      continue;
    }
    const indent = /^\s*/.exec(text)?.[0].length ?? 0;
    if (current && (!/^\s*[-*+]\s+\S/.test(text) || indent > current.indent)) current.end = end;
    else current = null;
  }

  const out: HeaderField[] = fields.map((f) => ({
    name: f.name,
    value: plainInline(source.slice(f.valueStart, f.end)),
    range: source.range(f.start, f.end),
    valueRange: source.range(f.valueStart, f.end),
  }));

  // The provenance legend: a field, or a heading, possibly followed by its table.
  let legend: Span | null = null;
  const legendField = fields.find((f) => /legend/i.test(f.name));
  if (legendField) legend = extendThroughTable(source, { start: legendField.start, end: legendField.end }, span.end);
  const legendHeading = headings.find((h) => /provenance legend|^legend$/i.test(h.text));
  if (!legend && legendHeading) {
    const next = headings.find((h) => h.line > legendHeading.line);
    legend = { start: legendHeading.start, end: next ? next.start : span.end };
  }

  // The declared counts: a confidence field, or a paragraph under a "Draft confidence" heading.
  let declared: DeclaredCounts | null = null;
  let declaredSpan: Span | null = null;
  const confidenceField = fields.find((f) => /confidence/i.test(f.name));
  if (confidenceField) {
    declaredSpan = { start: confidenceField.start, end: confidenceField.end };
    declared = parseDeclared(source, confidenceField.valueStart, confidenceField.end);
  }
  // Declared counts where the header puts them: in another field's value (`**Status:** draft, ~14 documented / ~41 inferred`).
  if (!declared) {
    for (const f of fields) {
      if (legendField === f) continue;
      const found = parseDeclared(source, f.valueStart, f.end);
      if (found) {
        declared = found;
        declaredSpan = { start: found.countsRange.start.offset, end: found.countsRange.end.offset };
        break;
      }
    }
  }
  const confidenceHeading = headings.find((h) => /confidence/i.test(h.text));
  if (!declared && confidenceHeading) {
    const next = headings.find((h) => h.line > confidenceHeading.line);
    const end = next ? next.start : span.end;
    const paraStart = source.lineStart(confidenceHeading.line + 1);
    declaredSpan = { start: confidenceHeading.start, end };
    declared = parseDeclared(source, paraStart, firstParagraphEnd(source, paraStart, end));
  }

  const statusField = out.find((f) => /^status$/i.test(f.name));
  const policyField = out.find((f) => /triage policy/i.test(f.name));
  let triagePolicy: HeaderScan['triagePolicy'] = null;
  if (policyField)
    triagePolicy = /relaxed/i.test(policyField.value) ? 'relaxed' : /strict/i.test(policyField.value) ? 'strict' : null;
  return { fields: out, legend, declared, declaredSpan, status: statusField?.value ?? null, triagePolicy };
}

function firstParagraphEnd(source: SourceText, start: number, limit: number): number {
  const text = source.text;
  let i = start;
  while (i < limit && /\s/.test(text[i] ?? '')) i++;
  const blank = /\n[ \t]*\n/g;
  blank.lastIndex = i;
  const m = blank.exec(text);
  return m && m.index < limit ? m.index : limit;
}

function extendThroughTable(source: SourceText, span: Span, limit: number): Span {
  const text = source.text;
  let i = span.end;
  const rest = text.slice(i, Math.min(limit, i + 20000));
  const m = /^(?:[ \t]*\n)*((?:[ \t]*\|.*(?:\n|$))+)/.exec(rest);
  if (m) i += m[0].length;
  return { start: span.start, end: i };
}

const COUNT_RE =
  /(~|≈|about\s+|approx\.?\s+|approximately\s+)?(\d{1,6})\s*(?:[*_]{0,3}\(\s*)?[*_]{0,2}(documented|maintainer|inferred|assumptions?)\b[*_]{0,2}\)?[*_]{0,3}(?:\s+(?:claims?|tags?))?/gi;

/**
 * Reads declared counts in `text[start, end)`. Two or more counts joined only
 * by separators (`/`, `,`, `;`, `·`, `+`, `and`) make a declaration; a number
 * inside prose ("~30 documented citations, plus …") does not.
 */
export function parseDeclared(source: SourceText, start: number, end: number): DeclaredCounts | null {
  const text = source.slice(start, end);
  const matches: { m: RegExpExecArray; start: number; end: number }[] = [];
  COUNT_RE.lastIndex = 0;
  for (let m = COUNT_RE.exec(text); m; m = COUNT_RE.exec(text))
    matches.push({ m, start: m.index, end: m.index + m[0].length });
  // Keep the first run of counts joined by separators only.
  let run: typeof matches = [];
  for (const match of matches) {
    const prev = run[run.length - 1];
    if (prev && /^[\s*_()/,;·|+&]*(?:and\s*)?[\s*_(]*$/i.test(text.slice(prev.end, match.start))) run.push(match);
    else if (run.length >= 2) break;
    else run = [match];
  }
  if (run.length < 2) return null;
  const result: DeclaredCounts = {
    documented: null,
    inferred: null,
    maintainer: null,
    assumption: null,
    range: source.range(start, end),
    countsRange: source.range(
      start + (run[0] as { start: number }).start,
      start + (run[run.length - 1] as { end: number }).end,
    ),
  };
  for (const { m, start: s } of run) {
    const word = (m[3] ?? '').toLowerCase().replace(/s$/, '') as Provenance;
    const numberStart = s + (m[1] ?? '').length;
    const count: DeclaredCount = {
      value: Number(m[2]),
      approximate: Boolean(m[1]),
      range: source.range(start + s, start + numberStart + (m[2] ?? '').length),
    };
    if (result[word] === null) result[word] = count;
  }
  return result;
}
