import { describe, expect, it } from 'vitest';
import { lintText } from '../src/index.js';
import { corpus, fixture, SKIP_CORPUS, where } from './helpers.js';

describe('not-a-threat-model: one clear message, and no other rule runs', () => {
  it.skipIf(SKIP_CORPUS)('a real threat model in another outline (apache/opendal-reqsign)', () => {
    const file = lintText(corpus('apache__opendal-reqsign__THREAT_MODEL.md'), 'THREAT_MODEL.md');
    expect(where(file)).toEqual([['not-a-threat-model', 1, 1]]);
    expect(file.messages[0]?.reason).toMatch(
      /^This file looks like a threat model in another outline \(its sections begin "1\. Status", "2\. Purpose", "3\. System Model"/,
    );
    expect(file.messages[0]?.reason).toMatch(/tmsync lint checks rubric models only/);
    expect(file.messages[0]?.fatal).toBe(true);
  });

  it('a SECURITY.md', () => {
    const file = lintText(fixture('SECURITY.md'), 'SECURITY.md');
    expect(where(file)).toEqual([['not-a-threat-model', 1, 1]]);
    expect(file.messages[0]?.reason).toMatch(
      /^This file looks like a security policy \(a SECURITY\.md.*lint the project's threat model instead/,
    );
  });

  it('a reStructuredText file', () => {
    const file = lintText(fixture('threat-model.rst'), 'threat-model.rst');
    expect(where(file)).toEqual([['not-a-threat-model', 1, 1]]);
    expect(file.messages[0]?.reason).toMatch(/^This file is reStructuredText .* not Markdown/);
  });

  it('an empty file, a binary file, and plain prose', () => {
    expect(lintText('', 'e.md').messages.map((m) => [m.ruleId, m.reason.slice(0, 18)])).toEqual([
      ['not-a-threat-model', 'The file is empty,'],
    ]);
    expect(lintText('  \n\n', 'e.md').messages).toHaveLength(1);
    const binary = lintText('\u0000\u0001\u0002PNG\u0000\u0000garbage', 'b.md');
    expect(binary.messages.map((m) => [m.ruleId, m.reason.slice(0, 28)])).toEqual([
      ['not-a-threat-model', 'This file holds binary data,'],
    ]);
    expect(where(lintText('# Notes\n\nSome thoughts about security.\n', 'n.md'))).toEqual([
      ['not-a-threat-model', 1, 1],
    ]);
  });
});
