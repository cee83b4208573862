import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ThreatModel } from '@tmsync/core';
import {
  BaselineSchema,
  ClaimSchema,
  DeclaredCountsSchema,
  DiagnosticSchema,
  DispositionSchema,
  DispositionUseSchema,
  DocumentKindSchema,
  HeaderFieldSchema,
  QuestionSchema,
  SectionSchema,
} from '@tmsync/core';
import { applyPatches, parseThreatModel } from '../src/index.js';
import { fixture } from './helpers.js';

const pieces = [
  '# ',
  '## ',
  '### ',
  '§',
  '14',
  '1.18',
  '5a',
  ' ',
  '\n',
  '\n\n',
  '- ',
  '1. ',
  '> ',
  '|',
  ' --- ',
  '**',
  '*',
  '_',
  '~~',
  '`',
  '```\n',
  '(',
  ')',
  '*(inferred — §14 Q',
  '*(documented: ',
  '*(maintainer, 2026-01-01 — ',
  '*(assumption, Q',
  ')*',
  'Q1',
  'Q-x',
  '**Q2.**',
  '✅',
  '⬜',
  'Wave 1 — ',
  'OUT-OF-MODEL: ',
  'VALID',
  '[link](http://x)',
  '<!-- c -->',
  '\u0000',
  '\r\n',
  '\t',
  'é',
  '😀',
  '\\',
];

/** What every parse must satisfy: each part of the output valid against its core schema, and no parser failure. */
function wellFormed(model: ThreatModel): void {
  const invalid: unknown[] = [];
  const check = (schema: { safeParse(v: unknown): { success: boolean } }, values: readonly unknown[]) => {
    for (const v of values) if (!schema.safeParse(v).success) invalid.push(v);
  };
  check(DocumentKindSchema, [model.kind]);
  check(HeaderFieldSchema, model.header);
  check(DeclaredCountsSchema, model.declared ? [model.declared] : []);
  check(BaselineSchema, model.baseline ? [model.baseline] : []);
  check(SectionSchema, model.sections);
  check(ClaimSchema, model.claims);
  check(QuestionSchema, model.questions);
  check(DispositionSchema, model.dispositions);
  check(DispositionUseSchema, model.dispositionUses);
  check(DiagnosticSchema, model.diagnostics);
  expect(invalid.slice(0, 2)).toEqual([]);
  expect(model.diagnostics.filter((d) => d.ruleId === 'parser:failed')).toEqual([]);
}

describe('the parser never throws', () => {
  it('on random Markdown-like text', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 200, size: 'max' }), (parts) => {
        wellFormed(parseThreatModel(parts.join('')));
      }),
      { numRuns: 300, seed: 20261125 },
    );
  });

  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000, size: 'max' }), (s) => {
        wellFormed(parseThreatModel(s));
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('on mutations of a real-shaped model (deleted, duplicated and swapped slices)', () => {
    const base = fixture('older-full.md');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(base.length), fc.nat(base.length), fc.constantFrom('delete', 'dup', 'insert')), {
          maxLength: 8,
          size: 'max',
        }),
        fc.constantFrom(...pieces),
        (edits, piece) => {
          let text = base;
          for (const [a, b, kind] of edits) {
            const [s, e] = a < b ? [a, b] : [b, a];
            if (kind === 'delete') text = text.slice(0, s) + text.slice(e);
            else if (kind === 'dup') text = text.slice(0, e) + text.slice(s, e) + text.slice(e);
            else text = text.slice(0, s) + piece + text.slice(s);
          }
          const model = parseThreatModel(text);
          wellFormed(model);
          for (const c of model.claims) {
            expect(c.tagRange.start.offset).toBeLessThanOrEqual(c.tagRange.end.offset);
            expect(c.tagRange.end.offset).toBeLessThanOrEqual(text.length);
          }
        },
      ),
      // At full size each run makes up to 8 edits of a 100-line model; 100 runs keep the suite under its timeout on a loaded machine.
      { numRuns: 100, seed: 42 },
    );
  });

  it('on extreme input: deep nesting, a long line, many headings', () => {
    for (const text of [
      `${'>'.repeat(5000)} x`,
      `${'- '.repeat(3000)}x`,
      '['.repeat(10000),
      `${'*('.repeat(5000)}inferred`,
      '#'.repeat(100000),
      '## §14 Q\n**Q1.** x\n'.repeat(2000),
    ]) {
      expect(() => parseThreatModel(text)).not.toThrow();
    }
  });
});

describe('applyPatches', () => {
  it('changes only the patched bytes, in any patch order', () => {
    expect(
      applyPatches('abcdef', [
        { start: 4, end: 5, replacement: 'E' },
        { start: 0, end: 1, replacement: 'AA' },
      ]),
    ).toBe('AAbcdEf');
  });
  it('refuses overlapping patches', () => {
    expect(() =>
      applyPatches('abcdef', [
        { start: 0, end: 3, replacement: 'x' },
        { start: 2, end: 4, replacement: 'y' },
      ]),
    ).toThrow(/overlap/);
  });
  it('refuses a patch outside the text', () => {
    expect(() => applyPatches('abc', [{ start: 2, end: 9, replacement: 'x' }])).toThrow(/outside/);
  });
});
