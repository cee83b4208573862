/**
 * Newer-generation rules judging one claim at a time: a property written as a table row, and
 * closure routes judged per clause (escalation, harvest hint, relaxed triage).
 */
import { describe, expect, it } from 'vitest';
import { lintText } from '../src/index.js';
import { apply, CLEAN, lineOf } from './newer-model.js';

describe('1.11 properties written as a table', () => {
  const table = (evidence: string) =>
    CLEAN.replace(
      /### P1 — Decoding stays inside the buffer[\s\S]*?(?=### P2)/,
      `| ID | Property | Violation symptom | Tier | Evidence | Voided by | Provenance |\n| --- | --- | --- | --- | --- | --- | --- |\n| P1 | \`tarn_decode\` never reads past \`buf + len\` | \`oob-read\` | security-critical | ${evidence} | building with \`TARN_NO_BOUNDS\` — \`src/decode.c:41\` | *(documented, tarn.h \`tarn_decode\` comment "never reads past len")* |\n\n`,
    );
  const ids = (text: string) => lintText(text, 'm.md').messages.map((m) => `${m.line} ${m.ruleId}`);
  it('a table row is a property: with its code location it passes, without one the memory-symptom rule speaks', () => {
    expect(ids(table('`src/decode.c:88` checks the length'))).toEqual([]);
    const without = table('the manual says so');
    expect(ids(without)).toEqual([`${lineOf(without, '| P1 | `tarn_decode`')} newer-memory-symptom-code`]);
  });
});

describe('closure per claim', () => {
  const two =
    '- The `examples/` programs are demos → `OUT-OF-MODEL: unsupported-component` *(documented, README "Examples are unsupported")*; a wrong buffer length → `OUT-OF-MODEL: trusted-input` *(inferred, Q2)*.';
  const base = apply([
    [
      '- The `examples/` programs are demos, not supported code → `OUT-OF-MODEL: unsupported-component` *(documented, README "Examples are unsupported")*.\n- A caller who passes a wrong buffer length → `OUT-OF-MODEL: trusted-input` *(documented, tarn.h `tarn_decode` comment "len must be the buffer size")*.',
      two,
    ],
  ]);
  const closure = (text: string) =>
    lintText(text, 'm.md')
      .messages.filter((m) => m.ruleId === 'closure-escalates' || m.ruleId === 'closure-unlicensed')
      .map((m) => [m.ruleId, m.column, m.reason.match(/`([^`]+)`/)?.[1]]);

  it('judges each route of a list item by its own clause, not by the item', () => {
    const col = two.indexOf('OUT-OF-MODEL: trusted-input') + 1;
    expect(closure(base)).toEqual([['closure-escalates', col, 'OUT-OF-MODEL: trusted-input']]);
  });

  it('names `tmsync answer MODEL --harvest` when 1.18 already marks the question answered (draft and accepted)', () => {
    const answered = base.replace(
      '- **Q2** — May two threads decode with separate decoders at once?',
      '- **Q2** — May two threads decode with separate decoders at once? **RESOLVED** *(maintainer: kim, 2026-11-04)* — yes.',
    );
    expect(answered).not.toBe(base);
    const reason = (text: string, rule: string) =>
      lintText(text, 'm.md').messages.find((m) => m.ruleId === rule)?.reason ?? '';
    expect(reason(base, 'closure-escalates')).toMatch(/escalates until 1\.18 Q2 is answered/);
    expect(reason(answered, 'closure-escalates')).toMatch(
      /escalates until the claim is promoted: 1\.18 already marks Q2 answered \(`tmsync answer MODEL --harvest`/,
    );
    const accepted = answered.replace('- **Status**: draft, 2026-10-02.', '- **Status**: accepted, 2026-10-02.');
    expect(reason(accepted, 'closure-unlicensed')).toMatch(
      /1\.18 already marks Q2 answered, so promote the claim .*--harvest/,
    );
  });

  it('relaxed: an assumption licenses a low-blast close, never KNOWN-NON-FINDING', () => {
    const relaxed = base.replace('- **Triage policy**: `strict`', '- **Triage policy**: `relaxed`');
    expect(
      closure(
        relaxed.replace(
          '`OUT-OF-MODEL: trusted-input` *(inferred, Q2)*',
          '`OUT-OF-MODEL: trusted-input` *(assumption, Q1)*',
        ),
      ),
    ).toEqual([]);
    expect(
      closure(
        base.replace(
          '`OUT-OF-MODEL: trusted-input` *(inferred, Q2)*',
          '`OUT-OF-MODEL: trusted-input` *(assumption, Q1)*',
        ),
      ),
    ).toHaveLength(1);
    const knf = relaxed.replace(
      '| P1 | *(documented, tarn.h `tarn_decode` comment "never reads past len")* |',
      '| P1 → `KNOWN-NON-FINDING` | *(assumption, Q1)* |',
    );
    const out = closure(knf);
    expect(out.map((x) => x[2])).toContain('KNOWN-NON-FINDING');
    expect(
      lintText(knf, 'm.md').messages.find((m) => m.ruleId === 'closure-escalates' && /KNOWN/.test(m.reason))?.reason,
    ).toMatch(/security-critical floor/);
  });
});
