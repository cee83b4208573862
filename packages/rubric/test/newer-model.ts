/**
 * The clean newer-generation model and how the newer-rules tests mutate it: one
 * single-defect variant per case (the cases are in newer-defects-*.ts).
 */
import { expect } from 'vitest';
import { fixture } from './helpers.js';

/** The clean model: no rule speaks on it. */
export const CLEAN = fixture('newer-generation.md');

/** One defect written into the clean model, and the rule that must speak for it. */
export interface Defect {
  /** What the defect is, in the spec's words. */
  name: string;
  rule: string;
  /** Replacements applied to the clean model (each `find` must occur exactly once). */
  edits: [string, string][];
  /** The line the message sits on: a text whose (first) line in the mutated model it is; default the first edit's line. */
  lineOf?: string;
  /** Other rules that legitimately speak for the same defect. */
  also?: string[];
}

/** The clean model with `edits` applied, each `find` required to occur exactly once. */
export function apply(edits: [string, string][]): string {
  let text = CLEAN;
  for (const [find, replace] of edits) {
    expect(find, 'an edit needs a non-empty find').not.toBe('');
    const first = text.indexOf(find);
    expect(first, `"${find.slice(0, 60)}" occurs in the clean model`).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(find, first + 1), `"${find.slice(0, 60)}" occurs once`).toBe(-1);
    text = text.slice(0, first) + replace + text.slice(first + find.length);
  }
  return text;
}

/** The (1-based) line on which `needle` first occurs in `text`. */
export function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  expect(i, `"${needle}" is in the mutated model`).toBeGreaterThanOrEqual(0);
  return text.slice(0, i).split('\n').length;
}
