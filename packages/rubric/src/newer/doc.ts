/**
 * Reading a newer-generation (1.1–1.19) document for the `newer-*` rules: the
 * parsed model plus what the parser does not expose (tables with their cells,
 * `**Field**: value` lines, section bodies), computed from the mdast tree and
 * the source text. Every function here is a no-op (null) on older-generation
 * documents, which is what keeps the `newer-*` rules silent on them.
 */
import type { Claim, NewerDisposition, Section, SectionId, ThreatModel } from '@tmsync/core';
import { NEWER_DISPOSITIONS } from '@tmsync/core';
import { SourceText } from '@tmsync/parser';
import type { Nodes, Root, Table as MdTable } from 'mdast';
import type { Position } from 'unist';
import type { VFile } from 'vfile';
import { allSections, rubricModel } from '../model.js';

/** A newer-generation document: model, text and tree. */
export interface NewerDoc {
  model: ThreatModel;
  text: string;
  tree: Root;
  source: SourceText;
}

/** The file as a newer-generation rubric model, or null (older generation, not a model). */
export function newerDoc(tree: Root, file: VFile): NewerDoc | null {
  const known = docs.get(file);
  if (known !== undefined && (known === null || known.tree === tree)) return known;
  const model = rubricModel(file);
  let doc: NewerDoc | null = null;
  if (model?.generation === 'newer') {
    const text = String(file);
    doc = { model, text, tree, source: new SourceText(text) };
  }
  docs.set(file, doc);
  return doc;
}

// Built once per file and shared by the rules (each used to build its own, a line scan each).
const docs = new WeakMap<VFile, NewerDoc | null>();

/** An offset interval [start, end). */
export interface Span {
  start: number;
  end: number;
}

/** A position for `report` from two offsets. */
export function at(doc: NewerDoc, start: number, end = start): Position {
  const r = doc.source.range(start, Math.max(start, end));
  return { start: { ...r.start }, end: { ...r.end } };
}

/** A position covering only the first line of a span. */
export function atLine(doc: NewerDoc, start: number, end = start): Position {
  const nl = doc.text.indexOf('\n', start);
  return at(doc, start, nl >= 0 && nl < end ? nl : end);
}

/** The top-level (or first, at any depth) section with a canonical id. */
export function section(doc: NewerDoc, id: SectionId): Section | null {
  return allSections(doc.model).find((s) => s.id === id) ?? null;
}

/** The span of a section's body: after its heading line to its end (the whole range for the implicit header). */
export function bodySpan(s: Section): Span {
  return s.level === 0
    ? { start: s.range.start.offset, end: s.range.end.offset }
    : { start: s.heading.end.offset, end: s.range.end.offset };
}

/** The body text of a section with HTML comments removed. */
export function bodyText(doc: NewerDoc, s: Section): string {
  const b = bodySpan(s);
  return doc.text.slice(b.start, b.end).replace(/<!--[\s\S]*?-->/g, '');
}

/** `Not applicable — <reason>` as the entire body: the only N/A form the spec reads (output-structure.md, "Marking a section Not applicable"). */
export const NOT_APPLICABLE_RE = /^not applicable\s*[—–-]+\s*\S/i;

/** Whether a section is marked Not applicable (its whole body is the one N/A line). */
export function isNotApplicable(doc: NewerDoc, s: Section): boolean {
  const body = bodyText(doc, s).trim();
  return !body.includes('\n') && NOT_APPLICABLE_RE.test(body.replace(/^[*_]+|[*_]+$/g, ''));
}

/** Every mdast node of a type within a span, in document order. */
export function nodesIn<T extends Nodes['type']>(doc: NewerDoc, type: T, span: Span): Extract<Nodes, { type: T }>[] {
  const out: Extract<Nodes, { type: T }>[] = [];
  for (const n of nodesByType(doc.tree).get(type) ?? []) {
    const s = n.position?.start.offset ?? 0;
    const e = n.position?.end.offset ?? 0;
    if (e > span.start && s < span.end && s >= span.start && e <= span.end) out.push(n as Extract<Nodes, { type: T }>);
  }
  return out;
}

// The tree's nodes by type, in document order: one walk per tree, which every rule's `nodesIn` reads.
const indexes = new WeakMap<Root, Map<string, Nodes[]>>();

function nodesByType(tree: Root): Map<string, Nodes[]> {
  let index = indexes.get(tree);
  if (index) return index;
  const built = new Map<string, Nodes[]>();
  const walk = (n: Nodes) => {
    let list = built.get(n.type);
    if (!list) built.set(n.type, (list = []));
    list.push(n);
    if ('children' in n) for (const c of n.children as Nodes[]) walk(c);
  };
  walk(tree);
  index = built;
  indexes.set(tree, index);
  return index;
}

/** The chain of nodes from the root to the innermost node containing an offset. */
export function ancestorsAt(tree: Root, offset: number): Nodes[] {
  const path: Nodes[] = [];
  let node: Nodes = tree;
  for (;;) {
    path.push(node);
    if (!('children' in node)) break;
    const next: Nodes | undefined = (node.children as Nodes[]).find((c) => {
      const s = c.position?.start.offset;
      const e = c.position?.end.offset;
      return s !== undefined && e !== undefined && s <= offset && offset < e;
    });
    if (!next) break;
    node = next;
  }
  return path;
}

/** The offsets a node spans. */
export const spanOf = (n: Nodes): Span => ({ start: n.position?.start.offset ?? 0, end: n.position?.end.offset ?? 0 });

/** A table cell: its text (trimmed, as written) and span. */
export interface Cell extends Span {
  text: string;
}

/** A table row. */
export interface Row extends Span {
  cells: Cell[];
}

/** A GFM table with its header names (plain, lower-cased) and body rows. */
export interface Table extends Span {
  header: string[];
  rows: Row[];
}

/** Plain text of a Markdown fragment: no emphasis markers or backticks, spaces collapsed. */
export function plain(s: string): string {
  return s.replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim();
}

function rowOf(doc: NewerDoc, n: MdTable['children'][number]): Row {
  const cells = n.children.map((c) => {
    const s = c.position?.start.offset ?? 0;
    const e = c.position?.end.offset ?? 0;
    const raw = doc.text
      .slice(s, e)
      .replace(/^\s*\|?/, '')
      .replace(/\|\s*$/, '');
    const lead = doc.text.slice(s, e).indexOf(raw);
    return { text: raw.trim(), start: s + Math.max(0, lead), end: e };
  });
  return { cells, start: n.position?.start.offset ?? 0, end: n.position?.end.offset ?? 0 };
}

/** The tables inside a span. */
export function tablesIn(doc: NewerDoc, span: Span): Table[] {
  return nodesIn(doc, 'table', span).map((t) => {
    const [head, ...body] = t.children;
    return {
      header: head ? rowOf(doc, head).cells.map((c) => plain(c.text).toLowerCase()) : [],
      rows: body.map((r) => rowOf(doc, r)),
      start: t.position?.start.offset ?? 0,
      end: t.position?.end.offset ?? 0,
    };
  });
}

/** The index of the first header column matching a pattern, or -1. */
export function column(table: Table, re: RegExp): number {
  return table.header.findIndex((h) => re.test(h));
}

/** A row's cell at a column index, or null. */
export function cell(row: Row, index: number): Cell | null {
  return index < 0 ? null : (row.cells[index] ?? null);
}

/** The claims whose tag starts inside a span. */
export function claimsIn(doc: NewerDoc, span: Span): Claim[] {
  return doc.model.claims.filter((c) => c.tagRange.start.offset >= span.start && c.tagRange.start.offset < span.end);
}

/** A `**Name**: value` (or `*Name*: value`, `**Name:** value`) line inside a span. */
export interface Field extends Span {
  name: string;
  value: string;
  valueStart: number;
}

const FIELD_RE =
  /^[ \t]*(?:>[ \t]*)*(?:[-*+][ \t]+)?(?:\*\*|\*|_)([^*_\n]{1,60}?)(?::(?:\*\*|\*|_)|(?:\*\*|\*|_)[ \t]*:)[ \t]*(.*)$/gm;

/** The fields written as `- **Name**: value` lines in a span. */
export function fieldsIn(doc: NewerDoc, span: Span): Field[] {
  const slice = doc.text.slice(span.start, span.end);
  const out: Field[] = [];
  for (const m of slice.matchAll(FIELD_RE)) {
    const start = span.start + (m.index ?? 0);
    const value = m[2] ?? '';
    out.push({
      name: plain(m[1] ?? '').toLowerCase(),
      value,
      start,
      end: start + m[0].length,
      valueStart: start + m[0].length - value.length,
    });
  }
  return out;
}

/** A `file:line` code location (`src/decode.c:88`, `inflate.c:1393`). */
export const FILE_LINE_RE = /\b[\w./-]*\w\.[A-Za-z][\w]*:\d+\b/;

/** Section references written in the newer numbering (`1.7`, `§1.18`), as numbers. */
export function sectionRefs(s: string): string[] {
  return [...s.matchAll(/(?<![\d.])§?(1\.(?:1[0-9]|[1-9]))(?![\d])/g)].map((m) => m[1] ?? '');
}

/** The §1.11 properties: each subsection of 1.11 (worked examples aside) with its fields. */
export interface PropertyBlock extends Span {
  title: string;
  heading: Span;
  fields: Field[];
}

/**
 * The property blocks of 1.11: each leaf subsection (worked examples aside)
 * with its `**Field**:` lines, and each row of a 1.11 table that has a
 * symptom column (other than the worked-examples table), its cells as fields.
 */
export function propertyBlocks(doc: NewerDoc): PropertyBlock[] {
  const props = section(doc, 'properties');
  if (!props) return [];
  const leaves: Section[] = [];
  const walk = (s: Section) => {
    for (const c of s.children) {
      if (/worked|routing example|example/i.test(c.title)) continue;
      if (c.children.length) walk(c);
      else leaves.push(c);
    }
  };
  walk(props);
  const blocks: PropertyBlock[] = leaves.map((c) => {
    const span = { start: c.heading.end.offset, end: c.range.end.offset };
    return {
      title: c.title,
      heading: { start: c.heading.start.offset, end: c.heading.end.offset },
      start: span.start,
      end: span.end,
      fields: fieldsIn(doc, span),
    };
  });
  for (const t of tablesIn(doc, { start: props.range.start.offset, end: props.range.end.offset })) {
    if (column(t, /routes? to/) >= 0 || column(t, /symptom/) < 0) continue;
    for (const row of t.rows) {
      const fields: Field[] = row.cells.map((c, i) => ({
        name: t.header[i] ?? '',
        value: c.text,
        start: c.start,
        end: c.end,
        valueStart: c.start,
      }));
      blocks.push({
        title: plain(row.cells[0]?.text ?? ''),
        heading: { start: row.start, end: row.end },
        start: row.start,
        end: row.end,
        fields,
      });
    }
  }
  return blocks.sort((x, y) => x.start - y.start);
}

/** The value of a block's first field whose name matches. */
export function fieldOf(fields: readonly Field[], re: RegExp): Field | null {
  return fields.find((f) => re.test(f.name)) ?? null;
}

/** A disposition name normalised for comparison (`OUT-OF-MODEL: trusted-input`). */
export function normDisposition(s: string): string {
  return plain(s)
    .replace(/\s*:\s*/, ': ')
    .toUpperCase();
}

/** Disposition names written in a text, in order (`VALID`, `OUT-OF-MODEL: x`, …). */
export function dispositionsIn(s: string): string[] {
  const re = /\b(VALID-HARDENING|VALID|KNOWN-NON-FINDING|MODEL-GAP|(?:OUT-OF-MODEL|BY-DESIGN)\s*:\s*[a-z][a-z-]*)\b/g;
  return [...s.matchAll(re)].map((m) => normDisposition(m[1] ?? ''));
}

/** The canonical spelling of a normalised disposition, or null when it is not one of the ten. */
export function canonicalDisposition(norm: string): NewerDisposition | null {
  return NEWER_DISPOSITIONS.find((d) => d.toUpperCase() === norm) ?? null;
}

/** The status labels §1.1 allows, normalised as sidecar-schema.md says. */
export const STATUS_LABELS: readonly [string, string][] = [
  ['unratified draft', 'unratified-draft'],
  ['under maintainer review', 'under-review'],
  ['draft', 'draft'],
  ['accepted', 'accepted'],
];

/** The normalised status (`draft`, `unratified-draft`, `under-review`, `accepted`) a status text starts with, or null. */
export function normaliseStatus(status: string): string | null {
  const s = plain(status).toLowerCase();
  for (const [label, norm] of STATUS_LABELS) if (s.startsWith(label)) return norm;
  return null;
}
