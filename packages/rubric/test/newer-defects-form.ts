/**
 * Single-defect cases for the newer-generation spec's form checks: provenance tags, header
 * fields, quick start, backtest note, section bodies, tables and the trust table.
 */
import { CLEAN, type Defect } from './newer-model.js';

/** Defects in the model's form (newer-rules.test.ts runs each). */
export const FORM_DEFECTS: Defect[] = [
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
];
