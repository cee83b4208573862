import { describe, expect, it } from 'vitest';
import { checkInputBounds, DEFAULT_INPUT_LIMITS, parseDocument } from '../src/index.js';

const model = (body: string) => `# Threat model\n\n## §1 Header\n\n- **Project:** x\n\n${body}\n`;

describe('input bounds, checked on the raw text before parsing', () => {
  it('refuses a 10,000-deep nested list with nesting-too-deep at its line, without parsing', () => {
    const text = model(`${'- '.repeat(10_000)}x`);
    const { model: m, tree } = parseDocument(text, { path: 'deep.md' });
    expect(m.kind).toBe('over-limit');
    expect(tree.children).toHaveLength(0);
    expect(m.diagnostics).toHaveLength(1);
    expect(m.diagnostics[0]).toMatchObject({ ruleId: 'nesting-too-deep', severity: 'error' });
    expect(m.diagnostics[0]?.range?.start.line).toBe(7);
    expect(m.diagnostics[0]?.message).toMatch(/Line 7 nests .* more than 100 levels/);
  });

  it('counts block quotes, ordered markers and indentation levels', () => {
    const limits = { maxBytes: 1e6, maxNestingDepth: 5 };
    expect(checkInputBounds('> > > > > x', limits)).toBeNull();
    expect(checkInputBounds('> > > > > > x', limits)?.ruleId).toBe('nesting-too-deep');
    expect(checkInputBounds('>>>>>>x', limits)?.ruleId).toBe('nesting-too-deep');
    expect(checkInputBounds('1. 2) - * + 3. x', limits)?.ruleId).toBe('nesting-too-deep');
    expect(checkInputBounds(`${' '.repeat(12)}- x`, limits)?.ruleId).toBe('nesting-too-deep');
    expect(checkInputBounds(`${' '.repeat(8)}- x`, limits)).toBeNull();
    // Not containers: a thematic-break-like run without spaces, emphasis, a number without its dot.
    expect(checkInputBounds('-----', limits)).toBeNull();
    expect(checkInputBounds('**a** *b* 2024 was a year', limits)).toBeNull();
  });

  it('refuses a document over the size limit with document-too-large, naming the sizes', () => {
    const text = model('word '.repeat(300_000));
    const { model: m } = parseDocument(text, { path: 'big.md' });
    expect(m.kind).toBe('over-limit');
    expect(m.diagnostics).toEqual([
      expect.objectContaining({
        ruleId: 'document-too-large',
        message: expect.stringMatching(/1,500,0\d\d bytes, over the limit of 1,048,576 bytes/),
      }),
    ]);
    expect(m.diagnostics[0]?.range?.start.line).toBe(7);
  });

  it('takes the limits as options', () => {
    const text = model('word '.repeat(50));
    expect(parseDocument(text, { limits: { maxBytes: 100 } }).model.kind).toBe('over-limit');
    expect(parseDocument(`${'> '.repeat(150)}x`, { limits: { maxNestingDepth: 200 } }).model.kind).not.toBe(
      'over-limit',
    );
    expect(DEFAULT_INPUT_LIMITS).toEqual({ maxBytes: 1024 * 1024, maxNestingDepth: 100 });
  });

  it('leaves every real-shaped document alone (deep but sane nesting, tables, code)', () => {
    const body = [
      '1. item',
      '   - sub',
      '     - subsub',
      '       > quoted',
      '',
      '```',
      '        deeply indented code',
      '```',
      '| a | b |',
      '| - | - |',
    ].join('\n');
    expect(checkInputBounds(model(body))).toBeNull();
  });
});
