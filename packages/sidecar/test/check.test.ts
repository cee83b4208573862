import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkSidecar, proseVersionOf } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const dir = join(here, '../../../examples/newer-generation');
const PROSE = readFileSync(join(dir, 'THREAT_MODEL.md'), 'utf8');
const SIDECAR = readFileSync(join(dir, 'threat-model.yaml'), 'utf8');
const PATH = 'THREAT_MODEL.md';

function edit(text: string, edits: [string, string][]): string {
  let out = text;
  for (const [find, replace] of edits) {
    const i = out.indexOf(find);
    expect(i, `"${find.slice(0, 60)}" is in the text`).toBeGreaterThanOrEqual(0);
    expect(out.indexOf(find, i + 1), `"${find.slice(0, 60)}" occurs once`).toBe(-1);
    out = out.slice(0, i) + replace + out.slice(i + find.length);
  }
  return out;
}
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

interface Defect {
  name: string;
  check: string;
  /** Edits of the sidecar. */
  edits?: [string, string][];
  /** Edits of the prose (the sidecar then describes a prose it no longer matches). */
  prose?: [string, string][];
  /** A text of the (edited) sidecar on whose line the finding sits; default the first sidecar edit's replacement. */
  lineOf?: string;
}

const DEFECTS: Defect[] = [
  {
    name: 'a record key without x- prefix',
    check: 'sidecar-schema',
    edits: [
      [
        '    reachability_precondition: "reachable from the record bytes"',
        '    reachability_precondition: "reachable from the record bytes"\n    owner: core-team',
      ],
    ],
    lineOf: '    owner: core-team',
  },
  {
    name: 'a matrix row cites a question not in 1.18',
    check: 'sidecar-provenance',
    edits: [['      question_id: Q2,\n', '      question_id: Q9,\n']],
  },
  {
    name: 'generation block for a human-authored model',
    check: 'sidecar-generation',
    prose: [[/- \*\*Generation metadata\*\*: .*/.exec(PROSE)?.[0] ?? '', '- **Generation metadata**: human-authored.']],
    lineOf: 'generation:',
  },
  { name: 'not YAML', check: 'sidecar-yaml', edits: [['project: Tarn', 'project: [Tarn']], lineOf: 'prose_version' },
  {
    name: 'a required key is missing',
    check: 'sidecar-schema',
    edits: [['model_status: draft\n', '']],
    lineOf: 'schema:',
  },
  {
    name: 'an unknown key without x- prefix',
    check: 'sidecar-schema',
    edits: [['project: Tarn', 'project: Tarn\nowner: tarn-team']],
    lineOf: 'owner:',
  },
  {
    name: 'the wrong schema version',
    check: 'sidecar-schema',
    edits: [['schema: threat-model-sidecar/v2', 'schema: threat-model-sidecar/v1']],
  },
  {
    name: 'status not normalised',
    check: 'sidecar-schema',
    edits: [['model_status: draft', 'model_status: unratified draft']],
  },
  {
    name: 'prose_version is a label',
    check: 'sidecar-schema',
    edits: [[/prose_version: .*/.exec(SIDECAR)?.[0] ?? '', 'prose_version: v1']],
  },
  {
    name: 'documented provenance without source',
    check: 'sidecar-schema',
    edits: [
      ['provenance: { kind: documented, source: \'SECURITY.md "Threats"\' }', 'provenance: { kind: documented }'],
    ],
  },
  {
    name: 'maintainer provenance without date',
    check: 'sidecar-schema',
    edits: [
      [
        '    provenance: { kind: maintainer, date: "2026-09" }\n\nproperties_disclaimed',
        '    provenance: { kind: maintainer }\n\nproperties_disclaimed',
      ],
    ],
    lineOf: 'provenance: { kind: maintainer }',
  },
  {
    name: 'inferred provenance without question',
    check: 'sidecar-schema',
    edits: [['provenance: { kind: inferred, question_id: Q3 }', 'provenance: { kind: inferred }']],
  },
  {
    name: 'disclaimed property without tier',
    check: 'sidecar-schema',
    edits: [['    tier: correctness-only\n    false_friend: true\n', '    false_friend: true\n']],
    lineOf: '  - id: D2',
  },
  {
    name: 'control kind outside the enum',
    check: 'sidecar-schema',
    edits: [['control_kinds: [data]', 'control_kinds: [bytes]']],
  },
  {
    name: 'known non-finding without symptom',
    check: 'sidecar-schema',
    edits: [['    symptom: oob-read\n', '']],
    lineOf: '  - id: KNF-1',
  },
  {
    name: 'prose changed since the sidecar (hash)',
    check: 'sidecar-prose-version',
    prose: [['Tarn reads TLV records', 'Tarn reads TLV (type-length-value) records']],
    lineOf: 'prose_version',
  },
  {
    name: 'prose_version names another file',
    check: 'sidecar-prose-version',
    edits: [['prose_version: THREAT_MODEL.md@', 'prose_version: threat-model.md@']],
  },
  {
    name: 'confidence differs from the prose count',
    check: 'sidecar-confidence',
    edits: [['documented: 20', 'documented: 19']],
  },
  {
    name: 'model_status differs from the prose',
    check: 'sidecar-status',
    edits: [['model_status: draft', 'model_status: under-review']],
  },
  {
    name: 'accepted with inferred claims',
    check: 'sidecar-status',
    edits: [['model_status: draft', 'model_status: accepted']],
    prose: [['- **Status**: draft, 2026-10-02.', '- **Status**: accepted, 2026-10-02.']],
  },
  {
    name: 'triage policy differs from the prose',
    check: 'sidecar-triage-policy',
    edits: [['triage_policy: strict', 'triage_policy: relaxed']],
  },
  {
    name: 'generation model differs from the prose',
    check: 'sidecar-generation',
    edits: [['model: "Claude Opus 4.8"', 'model: "Claude Opus 4.7"']],
  },
  {
    name: 'a disposition missing',
    check: 'sidecar-dispositions',
    edits: [
      [
        '  - "OUT-OF-MODEL: dependency-contract"\n  - "BY-DESIGN: property-disclaimed"\n  - KNOWN-NON-FINDING\n  - MODEL-GAP\ndisposition_precedence',
        '  - "BY-DESIGN: property-disclaimed"\n  - KNOWN-NON-FINDING\n  - MODEL-GAP\ndisposition_precedence',
      ],
    ],
    lineOf: 'dispositions:',
  },
  {
    name: 'a project disposition added',
    check: 'sidecar-dispositions',
    edits: [
      [
        '  - MODEL-GAP\ndisposition_precedence',
        '  - MODEL-GAP\n  - "OUT-OF-MODEL: equivalent-harm"\ndisposition_precedence',
      ],
    ],
    lineOf: '  - "OUT-OF-MODEL: equivalent-harm"',
  },
  {
    name: 'precedence out of order',
    check: 'sidecar-dispositions',
    edits: [
      [
        'disposition_precedence:\n  - KNOWN-NON-FINDING\n  - "OUT-OF-MODEL: unsupported-component"',
        'disposition_precedence:\n  - "OUT-OF-MODEL: unsupported-component"\n  - KNOWN-NON-FINDING',
      ],
    ],
    lineOf: '  - "OUT-OF-MODEL: unsupported-component"\n  - KNOWN-NON-FINDING',
  },
  {
    name: 'a substantive section not represented',
    check: 'sidecar-coverage',
    edits: [[/known_misuses:[\s\S]*?(?=\nknown_non_findings)/.exec(SIDECAR)?.[0] ?? '', 'known_misuses: []\n']],
    lineOf: 'known_misuses',
  },
  {
    name: 'a record cites a question not in 1.18',
    check: 'sidecar-provenance',
    edits: [['provenance: { kind: assumption, question_id: Q1 }', 'provenance: { kind: assumption, question_id: Q7 }']],
  },
  {
    name: 'a record’s kind contradicts the prose tag',
    check: 'sidecar-provenance',
    edits: [['provenance: { kind: assumption, question_id: Q1 }', 'provenance: { kind: inferred, question_id: Q1 }']],
  },
  {
    name: 'a maintainer record with a date the prose lacks',
    check: 'sidecar-provenance',
    edits: [
      [
        '    provenance: { kind: maintainer, date: "2026-09" }\n\nproperties_disclaimed',
        '    provenance: { kind: maintainer, date: "2026-07" }\n\nproperties_disclaimed',
      ],
    ],
    lineOf: 'date: "2026-07"',
  },
  {
    name: 'an inferred property tiered security-critical',
    check: 'sidecar-closure-floor',
    edits: [
      [
        '    tier: correctness-only\n    conditions: "all builds"',
        '    tier: security-critical\n    conditions: "all builds"',
      ],
      [
        '    provenance: { kind: maintainer, date: "2026-09" }\n\nproperties_disclaimed',
        '    provenance: { kind: inferred, question_id: Q2 }\n\nproperties_disclaimed',
      ],
    ],
    lineOf: '    tier: security-critical\n    conditions: "all builds"',
  },
  {
    name: 'a non-finding for all-in-scope',
    check: 'sidecar-references',
    edits: [['  - id: KNF-1\n    components: [tlv-core]', '  - id: KNF-1\n    components: [all-in-scope]']],
    lineOf: 'components: [all-in-scope]',
  },
  {
    name: 'a non-finding discharged by a property that does not cover it',
    check: 'sidecar-references',
    edits: [
      ['    discharged_by: [P1]', '    discharged_by: [P3]'],
      [
        '  - id: D2\n    components: [tlv-core]',
        '  - id: P3\n    components: [examples]\n    conditions: "demos"\n    tier: correctness-only\n    false_friend: false\n    provenance: { kind: documented, source: \'README "Examples are unsupported"\' }\n  - id: D2\n    components: [tlv-core]',
      ],
    ],
    lineOf: '    discharged_by: [P3]',
  },
  {
    name: 'an obligation id bound to two requirements',
    check: 'sidecar-references',
    edits: [
      [
        '        caller_must_enforce: "none — P1"',
        '        obligation_id: real-buffer-size\n        caller_must_enforce: "buf is readable"',
      ],
    ],
    lineOf: '        obligation_id: real-buffer-size\n        caller_must_enforce: "len',
  },
  {
    name: 'attacker-controllable operand without obligation',
    check: 'sidecar-references',
    edits: [['caller_must_enforce: "none — P1"', 'caller_must_enforce: ""']],
  },
  {
    name: 'a security-relevant flag affecting nothing',
    check: 'sidecar-references',
    edits: [['    affects_properties:\n      - { property_id: P1, effect: voids }\n', '    affects_properties: []\n']],
  },
  {
    name: 'zero dependencies claimed without the policy',
    check: 'sidecar-coverage',
    edits: [['  zero_runtime_dependencies: true', '  zero_runtime_dependencies: false']],
    lineOf: 'dependencies: []',
  },
  {
    name: 'matrix misses a dimension',
    check: 'sidecar-matrix',
    edits: [
      [
        / {2}- \{\n {6}component: tlv-core,\n {6}dimension: resource-complexity,[\s\S]*?\n {4}\}\n/.exec(
          SIDECAR,
        )?.[0] ?? '',
        '',
      ],
    ],
    lineOf: 'contract_dimensions:',
  },
  {
    name: 'unresolved matrix row with documented provenance',
    check: 'sidecar-matrix',
    edits: [
      [
        '      question_id: Q2,\n      provenance: { kind: inferred, question_id: Q2 },',
        '      provenance: { kind: documented, source: "tarn.h" },',
      ],
    ],
    lineOf: 'status: unresolved',
  },
  {
    name: 'claimed matrix row without property',
    check: 'sidecar-matrix',
    edits: [
      ['      conditions: "lengths up to 2^31",\n      property_id: P1,', '      conditions: "lengths up to 2^31",'],
    ],
    lineOf: '  - {\n      component: tlv-core,\n      dimension: numeric-domain',
  },
];

describe('checkSidecar', () => {
  it('x- keys are allowed at the top level and in records', () => {
    const sidecar = edit(SIDECAR, [
      ['project: Tarn', 'project: Tarn\nx-owner: core-team'],
      [
        '    reachability_precondition: "reachable from the record bytes"',
        '    reachability_precondition: "reachable from the record bytes"\n    x-owner: core-team',
      ],
    ]);
    expect(checkSidecar({ prose: PROSE, prosePath: PATH, sidecar })).toEqual([]);
  });

  it('the example sidecar matches its prose: no findings', () => {
    expect(checkSidecar({ prose: PROSE, prosePath: PATH, sidecar: SIDECAR })).toEqual([]);
    expect(SIDECAR).toContain(proseVersionOf(PROSE, PATH));
  });

  for (const d of DEFECTS) {
    it(`${d.check}: ${d.name}`, () => {
      const sidecar = edit(SIDECAR, d.edits ?? []);
      const prose = edit(PROSE, d.prose ?? []);
      const findings = checkSidecar({ prose, prosePath: PATH, sidecar });
      const needle = d.lineOf ?? d.edits?.[0]?.[1] ?? '';
      const line = lineOf(sidecar, needle);
      const shown = findings.map((f) => `${f.line} ${f.check} ${f.path}: ${f.message}`).join('\n');
      expect(
        findings.filter((f) => f.check === d.check && f.severity === 'error').map((f) => f.line),
        shown,
      ).toContain(line);
      // The one defect may show in related checks of the same record only; an unrelated check must stay silent.
      // An edit of the prose also changes its digest, so the binding speaks too.
      const unrelated = findings.filter(
        (f) =>
          f.check !== d.check &&
          !RELATED[d.check]?.includes(f.check) &&
          !(d.prose && f.check === 'sidecar-prose-version'),
      );
      expect(unrelated.map((f) => `${f.line} ${f.check}: ${f.message}`)).toEqual([]);
    });
  }
});

/** Checks that legitimately speak with another for one defect. */
const RELATED: Record<string, string[]> = {
  'sidecar-status': ['sidecar-prose-version', 'sidecar-confidence'],
  'sidecar-closure-floor': ['sidecar-provenance'],
  'sidecar-references': ['sidecar-matrix'],
  'sidecar-matrix': ['sidecar-provenance'],
};
