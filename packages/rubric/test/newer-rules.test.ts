/**
 * The upstream newer-generation spec's checks (output-structure.md,
 * self-check.md), one single-defect variant of the clean model per case.
 * Each case writes one defect in the spec's own terms; the test asserts that
 * the expected rule speaks on the expected line, and that any other rule that
 * speaks is one the case names as a known consequence of the same defect.
 * The cases live in newer-defects-form.ts and newer-defects-content.ts.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintText, RULE_IDS } from '../src/index.js';
import { CONTENT_DEFECTS } from './newer-defects-content.js';
import { FORM_DEFECTS } from './newer-defects-form.js';
import { apply, CLEAN, lineOf } from './newer-model.js';

const here = dirname(fileURLToPath(import.meta.url));
const DEFECTS = [...FORM_DEFECTS, ...CONTENT_DEFECTS];

describe('newer-generation spec rules', () => {
  it('the clean model has no messages, and examples/newer-generation is the same model', () => {
    expect(lintText(CLEAN, 'THREAT_MODEL.md').messages.map((m) => `${m.line} ${m.ruleId}`)).toEqual([]);
    const example = readFileSync(join(here, '../../../examples/newer-generation/THREAT_MODEL.md'), 'utf8');
    expect(example).toBe(CLEAN);
  });

  it('every newer-* rule and closure-escalates has at least one single-defect case', () => {
    const covered = new Set(DEFECTS.map((d) => d.rule));
    const spec = RULE_IDS.filter((id) => id.startsWith('newer-') || id === 'closure-escalates');
    expect(spec.filter((id) => !covered.has(id))).toEqual([]);
  });

  for (const d of DEFECTS) {
    it(`${d.rule}: ${d.name}`, () => {
      const text = apply(d.edits);
      const file = lintText(text, 'THREAT_MODEL.md');
      const line = lineOf(text, d.lineOf ?? d.edits[0]?.[1].split('\n').find((l) => l.trim()) ?? d.edits[0]?.[0] ?? '');
      const own = file.messages.filter((m) => m.ruleId === d.rule);
      expect(
        own.map((m) => m.line),
        file.messages.map((m) => `${m.line} ${m.ruleId}: ${m.reason}`).join('\n'),
      ).toContain(line);
      const others = file.messages.filter((m) => m.ruleId !== d.rule && !(d.also ?? []).includes(m.ruleId ?? ''));
      expect(others.map((m) => `${m.line} ${m.ruleId}: ${m.reason}`)).toEqual([]);
      for (const m of own) expect(m.reason).toMatch(/output-structure\.md|self-check\.md/);
    });
  }
});
