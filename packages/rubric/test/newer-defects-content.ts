/**
 * Single-defect cases for the newer-generation spec's content checks: contract matrix,
 * adversary, properties, worked examples, disclaimer tiers, non-findings, dispositions,
 * questions and closure routes.
 */
import { CLEAN, type Defect } from './newer-model.js';

/** Defects in the model's content (newer-rules.test.ts runs each). */
export const CONTENT_DEFECTS: Defect[] = [
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
