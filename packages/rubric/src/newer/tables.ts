/**
 * The tables output-structure.md names, found by their signature columns in
 * the section the spec puts them in, with the columns each must have.
 */
import type { SectionId } from '@tmsync/core';
import type { NewerDoc, Table } from './doc.js';
import { column, isNotApplicable, section, tablesIn } from './doc.js';

/** A table shape the spec names. */
export interface TableShape {
  /** What the spec calls it. */
  name: string;
  section: SectionId;
  /** The spec's clause. */
  clause: string;
  /** A header column that identifies the table. */
  signature: RegExp;
  /** The columns as the spec writes them, each with a pattern matching its header. */
  columns: [string, RegExp][];
}

const PROVENANCE: [string, RegExp] = ['Provenance', /^provenance$/];

export const TRUST_TABLE: TableShape = {
  name: 'per-input-operand trust table',
  section: 'inputs',
  clause: 'output-structure.md, "1.7 Assumptions about inputs" (per-input-operand trust table)',
  signature: /input operand|attacker[- ]controllable/,
  columns: [
    ['Entry point', /entry point|route|endpoint|message/],
    ['Input operand', /operand|input/],
    ['Attacker-controllable?', /attacker[- ]controllable/],
    ['Control kind', /control kind/],
    ['Caller must enforce', /caller must enforce|must enforce/],
    PROVENANCE,
  ],
};

export const CONTRACT_MATRIX: TableShape = {
  name: 'contract-dimension matrix',
  section: 'inputs',
  clause: 'output-structure.md, "1.7 Assumptions about inputs" (contract-dimension matrix)',
  signature: /^dimension$/,
  columns: [
    ['Component', /component/],
    ['Dimension', /^dimension$/],
    ['Status', /^status$/],
    ['Conditions / boundary', /condition|boundary/],
    ['Routes to', /routes? to/],
    PROVENANCE,
  ],
};

export const OUTPUT_TABLE: TableShape = {
  name: 'output-channel table',
  section: 'outputs',
  clause: 'output-structure.md, "1.8 Assumptions and guarantees about outputs" (table shape)',
  signature: /output channel|^channel$/,
  columns: [
    ['Output channel', /channel/],
    ['Component', /component/],
    ['Taint', /taint/],
    ['Downstream must not assume', /must not assume/],
    PROVENANCE,
  ],
};

export const ADVERSARY_TABLE: TableShape = {
  name: 'actor table',
  section: 'adversary',
  clause: 'output-structure.md, "1.10 Adversary model" (table shape)',
  signature: /^actors?$/,
  columns: [
    ['Actor', /^actors?$/],
    ['In scope?', /in scope/],
    ['Capabilities held', /capabilities held|^capabilities$/],
    ['Capabilities excluded', /excluded/],
    ['Goals', /goal/],
    PROVENANCE,
  ],
};

export const DISCLAIMER_TABLE: TableShape = {
  name: 'disclaimer table',
  section: 'non-properties',
  clause: 'output-structure.md, "1.12 Security properties the project does not provide" (table shape)',
  signature: /does not provide|not provided/,
  columns: [
    ['ID', /^id$/],
    ['The project does not provide', /does not provide|not provided/],
    ['Conditions / boundary', /condition|boundary/],
    ['Tier', /^tier$/],
    ['False friend?', /false[- ]friend/],
    PROVENANCE,
  ],
};

export const NON_FINDING_TABLE: TableShape = {
  name: 'known non-finding table',
  section: 'non-findings',
  clause: 'output-structure.md, "1.15 Known non-findings" (table shape)',
  signature: /discharged by|what gets reported/,
  columns: [
    ['ID', /^id$/],
    ['Components', /component/],
    ['Symptom / attack class', /symptom|attack class/],
    ['What gets reported', /reported/],
    ['Conditions for an exact match', /condition/],
    ['Discharged by', /discharged by/],
    PROVENANCE,
  ],
};

/** Every table the spec names with a required Provenance column. */
export const PROVENANCE_TABLES: readonly TableShape[] = [
  TRUST_TABLE,
  CONTRACT_MATRIX,
  OUTPUT_TABLE,
  ADVERSARY_TABLE,
  DISCLAIMER_TABLE,
  NON_FINDING_TABLE,
];

/** A shape's table in the document: the section, whether it is N/A, and the first table carrying the signature column. */
export function findTable(
  doc: NewerDoc,
  shape: TableShape,
): { section: NonNullable<ReturnType<typeof section>>; na: boolean; table: Table | null } | null {
  const s = section(doc, shape.section);
  if (!s) return null;
  if (isNotApplicable(doc, s)) return { section: s, na: true, table: null };
  const table =
    tablesIn(doc, { start: s.range.start.offset, end: s.range.end.offset }).find(
      (t) => column(t, shape.signature) >= 0,
    ) ?? null;
  return { section: s, na: false, table };
}

/** The spec columns a table lacks. */
export function missingColumns(table: Table, shape: TableShape): string[] {
  return shape.columns.filter(([, re]) => column(table, re) < 0).map(([name]) => name);
}

/** A column's index in a table found for a shape. */
export function col(table: Table, shape: TableShape, name: string): number {
  const c = shape.columns.find(([n]) => n === name);
  return c ? column(table, c[1]) : -1;
}
