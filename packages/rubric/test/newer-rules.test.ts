import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintText, RULE_IDS } from '../src/index.js';
import { fixture } from './helpers.js';

/**
 * The upstream newer-generation spec's checks (output-structure.md,
 * self-check.md), one single-defect variant of the clean model per case.
 * Each case writes one defect in the spec's own terms; the test asserts that
 * the expected rule speaks on the expected line, and that any other rule that
 * speaks is one the case names as a known consequence of the same defect.
 */
const CLEAN = fixture('newer-generation.md');
const here = dirname(fileURLToPath(import.meta.url));

interface Defect {
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

const DEFECTS: Defect[] = [
  {
    name: 'maintainer tag without date',
    rule: 'newer-provenance-detail',
    edits: [['- **Provenance**: *(maintainer, 2026-09)*', '- **Provenance**: *(maintainer)*']],
  },
  {
    name: 'documented tag without source',
    rule: 'newer-provenance-detail',
    edits: [
      [
        'runs code in the host process | memory corruption | *(documented, SECURITY.md "Threats")*',
        'runs code in the host process | memory corruption | *(documented)*',
      ],
    ],
  },
  {
    name: 'inferred tag with two questions',
    rule: 'newer-provenance-detail',
    edits: [['beyond libc *(inferred, Q3)*', 'beyond libc *(inferred, Q3, Q2)*']],
  },
  {
    name: 'assumption tag without question',
    rule: 'newer-provenance-detail',
    edits: [['environment variables *(assumption, Q1)*', 'environment variables *(assumption)*']],
    also: ['question-uncited', 'inferred-without-question'],
  },
  {
    name: 'documented tag cites a bare filename',
    rule: 'newer-documented-locator',
    edits: [['*(documented, SECURITY.md "Threats")*', '*(documented, `SECURITY.md`)*']],
  },
  {
    name: 'hedge tag "generally known"',
    rule: 'newer-hedge-tag',
    edits: [
      [
        'beyond libc *(inferred, Q3)*.',
        'beyond libc *(inferred, Q3)*. It builds with any C99 compiler *(generally known)*.',
      ],
    ],
  },
  {
    name: 'hedge tag "documented in purpose"',
    rule: 'newer-hedge-tag',
    edits: [
      [
        'Tarn decodes TLV records inside an application\'s process *(documented, README "Intended use")*.',
        "Tarn decodes TLV records inside an application's process *(documented in purpose)*.",
      ],
    ],
    also: ['confidence-mismatch'],
  },
  {
    name: 'no triage policy line',
    rule: 'newer-header-fields',
    edits: [['- **Triage policy**: `strict`\n', '']],
    lineOf: '## 1.1 Header',
  },
  {
    name: 'status outside the four labels',
    rule: 'newer-header-fields',
    edits: [['- **Status**: draft, 2026-10-02.', '- **Status**: work in progress, 2026-10-02.']],
  },
  {
    name: 'no generation metadata',
    rule: 'newer-header-fields',
    edits: [
      [
        '- **Generation metadata**: Model/agent: Claude Opus 4.8. Effort level: high. Plugins/skills: threat-model, threat-model-surface, threat-model-sidecar.\n',
        '',
      ],
    ],
    lineOf: '## 1.1 Header',
  },
  {
    name: 'no provenance legend',
    rule: 'newer-header-fields',
    edits: [[/- \*\*Provenance legend\*\*: .*\n/.exec(CLEAN)?.[0] ?? '', '']],
    lineOf: '## 1.1 Header',
    also: ['legend-missing', 'confidence-mismatch'],
  },
  {
    name: 'confidence omits the assumption count',
    rule: 'newer-header-fields',
    edits: [['/ 2 inferred / 1 assumption', '/ 2 inferred']],
    lineOf: '- **Draft confidence**',
    also: ['confidence-mismatch'],
  },
  {
    name: 'no triager quick-start',
    rule: 'newer-quick-start',
    edits: [['**Triager quick-start**', '**Routing notes**']],
    lineOf: '## 1.1 Header',
  },
  {
    name: 'quick-start does not end with the provenance gate',
    rule: 'newer-quick-start',
    edits: [[' Record the outcome as `closed`, `escalated`, or `provisional`.', '']],
    lineOf: '> Given an inbound finding:',
  },
  {
    name: 'quick-start cites a section that does not exist',
    rule: 'newer-quick-start',
    edits: [
      ['apply 1.9.', 'apply 1.9 and 1.21.'],
      [
        '## 1.16 Conditions that would change this model\n\nA new public API, a new record format, a new dependency, or a report that cannot be routed to one 1.17 disposition.\n\n',
        '',
      ],
    ],
    lineOf: '> Given an inbound finding:',
    also: ['section-missing'],
  },
  {
    name: 'backtest note still pending',
    rule: 'newer-backtest-note',
    edits: [[/(?<=- \*\*Backtest note\*\*: ).*/.exec(CLEAN)?.[0] ?? '', '_pending phase 3.6_']],
  },
  {
    name: 'backtest note without figures',
    rule: 'newer-backtest-note',
    edits: [[/(?<=- \*\*Backtest note\*\*: ).*/.exec(CLEAN)?.[0] ?? '', 'the backtest ran and routed every item.']],
  },
  {
    name: 'backtest routes a fixed item to a close',
    rule: 'newer-backtest-note',
    edits: [['Fail-safe figure: 0 historically-fixed', 'Fail-safe figure: 2 historically-fixed']],
  },
  {
    name: 'section with an empty body',
    rule: 'newer-section-body',
    edits: [
      [
        'A new public API, a new record format, a new dependency, or a report that cannot be routed to one 1.17 disposition.\n',
        '',
      ],
    ],
    lineOf: '## 1.16',
  },
  {
    name: 'Not applicable without a reason',
    rule: 'newer-section-body',
    edits: [
      [
        'A new public API, a new record format, a new dependency, or a report that cannot be routed to one 1.17 disposition.',
        'Not applicable',
      ],
    ],
    lineOf: '## 1.16',
  },
  {
    name: '"not applicable" mid-section',
    rule: 'newer-section-body',
    edits: [
      [
        'A finding in `decode.c` matters only',
        'A second boundary is not applicable here. A finding in `decode.c` matters only',
      ],
    ],
  },
  {
    name: '1.19 missing',
    rule: 'newer-section-body',
    edits: [
      [
        '## 1.19 Machine-readable companions\n\nThe sidecar `threat-model.yaml` sits beside this file and records the prose version it derives from.\n',
        '',
      ],
    ],
    lineOf: '## 1.18',
  },
  {
    name: 'no 1.8 output table',
    rule: 'newer-table-shape',
    edits: [
      [
        /\| Output channel[\s\S]*?\n\n/.exec(CLEAN)?.[0] ?? '',
        'Decoded values are as untrusted as the input *(documented, tarn.h `struct tarn_value` comment "bytes are not validated")*.\n\n',
      ],
    ],
    lineOf: '## 1.8',
  },
  {
    name: '1.10 table lacks Goals',
    rule: 'newer-table-shape',
    edits: [
      [
        '| Actor | In scope? | Capabilities held | Capabilities excluded | Goals | Provenance |\n| --- | --- | --- | --- | --- | --- |',
        '| Actor | In scope? | Capabilities held | Capabilities excluded | Provenance |\n| --- | --- | --- | --- | --- |',
      ],
      ['| runs code in the host process | memory corruption |', '| runs code in the host process |'],
      ['| everything | none | none |', '| everything | none |'],
    ],
    lineOf: '| Actor |',
  },
  {
    name: '1.10 table without a Provenance column',
    rule: 'newer-table-provenance',
    edits: [
      ['| Goals | Provenance |\n| --- | --- | --- | --- | --- | --- |', '| Goals |\n| --- | --- | --- | --- | --- |'],
      [
        ' | memory corruption | *(documented, SECURITY.md "Threats")* |',
        ' | memory corruption; see SECURITY.md "Threats" |',
      ],
      [' | none | none | *(documented, SECURITY.md "The caller is trusted")* |', ' | none | none |'],
    ],
    lineOf: '| Actor |',
    also: ['confidence-mismatch'],
  },
  {
    name: '1.8 row with an empty Provenance cell',
    rule: 'newer-table-provenance',
    edits: [
      [
        '| that strings are valid UTF-8 | *(documented, tarn.h `struct tarn_value` comment "bytes are not validated")* |',
        '| that strings are valid UTF-8 | |',
      ],
    ],
    also: ['confidence-mismatch'],
  },
  {
    name: '1.15 row whose Provenance cell carries no tag',
    rule: 'newer-table-provenance',
    edits: [['| P1 | *(documented, tarn.h `tarn_decode` comment "never reads past len")* |', '| P1 | see tarn.h |']],
    also: ['confidence-mismatch'],
  },
  {
    name: 'trust-table row without control kind',
    rule: 'newer-trust-table',
    edits: [['| yes | data | nothing; P1 covers it |', '| yes |  | nothing; P1 covers it |']],
  },
  {
    name: 'trust-table control kind outside the vocabulary',
    rule: 'newer-trust-table',
    edits: [['| yes | data | nothing; P1 covers it |', '| yes | bytes | nothing; P1 covers it |']],
  },
  {
    name: 'matrix misses a dimension',
    rule: 'newer-contract-matrix',
    edits: [
      [
        '| tlv-core | resource-complexity | disclaimed | no limit on record count | D1 | *(documented, README "Limits")* |\n',
        '',
      ],
    ],
    lineOf: '| Component | Dimension |',
    also: ['confidence-mismatch'],
  },
  {
    name: 'matrix status outside the vocabulary',
    rule: 'newer-contract-matrix',
    edits: [['| reference-lifecycle | claimed |', '| reference-lifecycle | probably |']],
  },
  {
    name: 'matrix N/A without reason',
    rule: 'newer-contract-matrix',
    edits: [['| N/A — records are flat |', '| N/A |']],
  },
  {
    name: 'matrix misses an in-scope family',
    rule: 'newer-contract-matrix',
    edits: [
      [
        '| examples | `examples/dump.c` | stdout | out |',
        '| examples | `examples/dump.c` | stdout | out |\n| tlv-stream | `tarn_stream_next` | no | in |',
      ],
    ],
    lineOf: '| Component | Dimension |',
  },
  {
    name: 'matrix unresolved row without a question',
    rule: 'newer-contract-matrix',
    edits: [
      [
        '| concurrency-reentrancy | unresolved | one decoder per thread is assumed | Q2 | *(inferred, Q2)* |',
        '| concurrency-reentrancy | unresolved | one decoder per thread is assumed | 1.5 | *(documented, README "Threads")* |',
      ],
    ],
    lineOf: '| tlv-core | concurrency-reentrancy',
    also: ['confidence-mismatch', 'question-uncited'],
  },
  {
    name: 'matrix row with a blank cell',
    rule: 'newer-contract-matrix',
    edits: [['| lengths up to 2^31 | P1 |', '| lengths up to 2^31 |  |']],
  },
  {
    name: 'in-scope actor without excluded capabilities',
    rule: 'newer-adversary-excluded',
    edits: [['| writes the record bytes | runs code in the host process |', '| writes the record bytes |  |']],
  },
  {
    name: 'property symptom outside the closed set',
    rule: 'newer-property-fields',
    edits: [['- **Violation symptom**: `wrong-output`', '- **Violation symptom**: slices can be wrong']],
  },
  {
    name: 'property without tier',
    rule: 'newer-property-fields',
    edits: [['- **Tier**: correctness-only\n', '']],
    lineOf: '### P2',
  },
  {
    name: 'unratified property tiered security-critical',
    rule: 'newer-property-fields',
    edits: [
      [
        '- **Provenance**: *(documented, tarn.h `tarn_decode` comment "never reads past len")*',
        '- **Provenance**: *(inferred, Q2)*',
      ],
    ],
    lineOf: '- **Tier**: security-critical',
    also: ['confidence-mismatch'],
  },
  {
    name: 'memory symptom without a code location',
    rule: 'newer-memory-symptom-code',
    edits: [['- **Evidence**: `src/decode.c:88` checks the length before each read.\n', '']],
    lineOf: '- **Violation symptom**: `oob-read`',
  },
  {
    name: 'consequential property without "Voided by"',
    rule: 'newer-property-voids',
    edits: [['- **Voided by**: building with `TARN_NO_BOUNDS` — `src/decode.c:41`.\n', '']],
    lineOf: '### P1',
  },
  {
    name: 'off-switch without file:line',
    rule: 'newer-property-voids',
    edits: [['building with `TARN_NO_BOUNDS` — `src/decode.c:41`.', 'building with `TARN_NO_BOUNDS`.']],
  },
  {
    name: '"nothing voids it" without a search command',
    rule: 'newer-property-voids',
    edits: [
      [
        "nothing. Search: `grep -rn 'TARN_NO_\\|slice_' src/*.c include/*.h` — 0 hits outside `decode.c`.",
        'nothing; we read the code carefully.',
      ],
    ],
  },
  {
    name: 'worked examples without a VALID row',
    rule: 'newer-worked-examples',
    edits: [
      [
        '| Crafted record makes the decoder read past the buffer | `tarn_decode` | the record bytes | oob-read | `VALID` | P1 |',
        "| Crafted record makes the decoder read past the buffer | `tarn_decode` | the caller's `len` | oob-read | `OUT-OF-MODEL: trusted-input` (closed) | 1.7 |",
      ],
    ],
    lineOf: '| Reported | Sink |',
  },
  {
    name: 'worked example with an advisory id',
    rule: 'newer-worked-examples',
    edits: [['| Crafted record makes the decoder', '| CVE-2024-31337: crafted record makes the decoder']],
  },
  {
    name: 'worked example with a date',
    rule: 'newer-worked-examples',
    edits: [['| Scanner hit in `examples/dump.c` |', '| Scanner hit in `examples/dump.c`, 2025-11-03 |']],
  },
  {
    name: 'closing worked example without status',
    rule: 'newer-worked-examples',
    edits: [
      ['`OUT-OF-MODEL: unsupported-component` (closed) | 1.3 |', '`OUT-OF-MODEL: unsupported-component` | 1.3 |'],
    ],
  },
  {
    name: 'too many worked examples',
    rule: 'newer-worked-examples',
    edits: [
      [
        '| Scanner hit in `examples/dump.c` | `examples` | n/a | any | `OUT-OF-MODEL: unsupported-component` (closed) | 1.3 |',
        ['a', 'b', 'c', 'd']
          .map(
            (x) =>
              `| Scanner hit ${x} in \`examples/dump.c\` | \`examples\` | n/a | any | \`OUT-OF-MODEL: unsupported-component\` (closed) | 1.3 |`,
          )
          .join('\n'),
      ],
    ],
    lineOf: '| Reported | Sink |',
  },
  {
    name: 'disclaimer without tier',
    rule: 'newer-disclaimer-tier',
    edits: [['| correctness-only | yes |', '|  | yes |']],
  },
  {
    name: 'disclaimer tier outside the vocabulary',
    rule: 'newer-disclaimer-tier',
    edits: [['| correctness-only | yes |', '| low | yes |']],
  },
  {
    name: 'non-finding discharged by no claim',
    rule: 'newer-non-finding-fields',
    edits: [
      [
        '| the read is the length check at `src/decode.c:88` | P1 |',
        '| the read is the length check at `src/decode.c:88` |  |',
      ],
    ],
  },
  {
    name: 'non-finding discharged by an undefined id',
    rule: 'newer-non-finding-fields',
    edits: [
      [
        '| the read is the length check at `src/decode.c:88` | P1 |',
        '| the read is the length check at `src/decode.c:88` | P9 |',
      ],
    ],
  },
  {
    name: 'non-finding for any in-scope family',
    rule: 'newer-non-finding-fields',
    edits: [['| KNF-1 | tlv-core |', '| KNF-1 | any in-scope family |']],
  },
  {
    name: 'non-finding without symptom',
    rule: 'newer-non-finding-fields',
    edits: [['| KNF-1 | tlv-core | oob-read |', '| KNF-1 | tlv-core |  |']],
  },
  {
    name: '1.17 lacks dependency-contract',
    rule: 'newer-dispositions-set',
    edits: [['| `OUT-OF-MODEL: dependency-contract` | A dependency broke its own contract. | 1.9 |\n', '']],
    lineOf: '## 1.17',
  },
  {
    name: '1.17 adds a project disposition',
    rule: 'newer-dispositions-set',
    edits: [
      [
        '| `MODEL-GAP` | Fits none of the above. | triggers 1.16 |',
        '| `MODEL-GAP` | Fits none of the above. | triggers 1.16 |\n| `OUT-OF-MODEL: equivalent-harm` | Harm equal to what the caller can do. | 1.10 |',
      ],
    ],
    lineOf: '| `OUT-OF-MODEL: equivalent-harm`',
  },
  {
    name: '1.17 precedence out of order',
    rule: 'newer-dispositions-set',
    edits: [
      [
        '2. Unsupported component → `OUT-OF-MODEL: unsupported-component`.\n3. Unsupported configuration → `OUT-OF-MODEL: non-default-build`.',
        '2. Unsupported configuration → `OUT-OF-MODEL: non-default-build`.\n3. Unsupported component → `OUT-OF-MODEL: unsupported-component`.',
      ],
    ],
    lineOf: '## 1.17',
  },
  {
    name: '1.17 without precedence',
    rule: 'newer-dispositions-set',
    edits: [[/Precedence \(first matching rule wins\):\n\n[\s\S]*?\n\n/.exec(CLEAN)?.[0] ?? '', '']],
    lineOf: '## 1.17',
  },
  {
    name: 'question without proposed answer',
    rule: 'newer-questions-list',
    edits: [['  - Proposed answer: yes.\n', '']],
    lineOf: '- **Q3**',
  },
  {
    name: 'proposed answer "please clarify"',
    rule: 'newer-questions-list',
    edits: [['  - Proposed answer: yes.\n', '  - Proposed answer: please clarify.\n']],
  },
  {
    name: '1.18 as a table',
    rule: 'newer-questions-list',
    edits: [
      [
        /- \*\*Q1\*\*[\s\S]*?(?=\n## 1\.19)/.exec(CLEAN)?.[0] ?? '',
        '| ID | Question | Proposed answer |\n| --- | --- | --- |\n| **Q1** | Sockets? | no |\n| **Q2** | Threads? | yes |\n| **Q3** | libc only? | yes |\n',
      ],
    ],
    lineOf: '| ID | Question |',
    also: ['question-unknown'],
  },
  {
    name: 'closing route licensed only by an inferred claim (draft)',
    rule: 'closure-escalates',
    edits: [
      [
        '`OUT-OF-MODEL: trusted-input` *(documented, tarn.h `tarn_decode` comment "len must be the buffer size")*',
        '`OUT-OF-MODEL: trusted-input` *(inferred, Q2)*',
      ],
    ],
    lineOf: '- A caller who passes',
    also: ['confidence-mismatch'],
  },
  {
    name: 'closing route licensed by an assumption under strict',
    rule: 'closure-escalates',
    edits: [
      [
        '`OUT-OF-MODEL: trusted-input` *(documented, tarn.h `tarn_decode` comment "len must be the buffer size")*',
        '`OUT-OF-MODEL: trusted-input` *(assumption, Q1)*',
      ],
    ],
    lineOf: '- A caller who passes',
    also: ['confidence-mismatch'],
  },
  {
    name: 'closing route in an accepted model licensed by inferred',
    rule: 'closure-unlicensed',
    edits: [
      ['- **Status**: draft, 2026-10-02.', '- **Status**: accepted, 2026-10-02.'],
      [
        '`OUT-OF-MODEL: trusted-input` *(documented, tarn.h `tarn_decode` comment "len must be the buffer size")*',
        '`OUT-OF-MODEL: trusted-input` *(inferred, Q2)*',
      ],
    ],
    lineOf: '- A caller who passes',
    also: ['confidence-mismatch', 'status-inconsistent'],
  },
];

function apply(edits: [string, string][]): string {
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

function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  expect(i, `"${needle}" is in the mutated model`).toBeGreaterThanOrEqual(0);
  return text.slice(0, i).split('\n').length;
}

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
