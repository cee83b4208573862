import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintText, RULE_IDS, RULES, statusAccepted, isDeclared, isClosing, toleranceFor } from '../src/index.js';
import { fixture, where } from './helpers.js';

const lint = (name: string) => lintText(fixture(name), name);
/** The rules added for the upstream newer-generation spec (tested in newer-rules.test.ts). */
const isSpecRule = (id: string) => id.startsWith('newer-') || id === 'closure-escalates';

describe('clean documents', () => {
  it('an older-generation model written to the rubric has no messages', () => {
    expect(where(lint('older-clean.md'))).toEqual([]);
  });
  it('a newer-generation model written to the upstream spec (1.1–1.19, tables, quick-start, backtest) has no messages', () => {
    expect(where(lint('newer-generation.md'))).toEqual([]);
  });
  it('a short newer-generation model meets the rubric rules; only the upstream spec’s own (newer-*) rules speak', () => {
    expect(where(lint('newer-clean.md')).filter(([id]) => !isSpecRule(id))).toEqual([]);
  });
});

/** For each rule: the fixture that triggers it, and exactly where its messages sit. */
const TRIGGERS: Record<string, { fixture: string; at: [string, number, number][]; says: RegExp }> = {
  'section-missing': {
    fixture: 'section-missing.md',
    at: [['section-missing', 34, 1]],
    says: /^§5a Build-time and configuration variants is missing: .* add it before §6 Assumptions about inputs \(line 34\)\.$/,
  },
  'section-order': {
    fixture: 'section-order.md',
    at: [['section-order', 34, 1]],
    says: /^§6 Assumptions about inputs is out of the rubric's order: move it after §5a .* \(line 38\) and before §7 Adversary model \(line 44\)\.$/,
  },
  'section-duplicate': {
    fixture: 'section-duplicate.md',
    at: [['section-duplicate', 70, 1]],
    says: /^§11a Known non-findings .* appears again here \(first at line 66\)/,
  },
  'header-field-missing': {
    fixture: 'header-field-missing.md',
    at: [
      ['header-field-missing', 3, 1],
      ['header-field-missing', 3, 1],
    ],
    says: /^The header \(§1 Header\) has no (Date|Reporting) field: add a `\*\*(Date|Reporting):\*\*` line/,
  },
  'legend-missing': {
    fixture: 'legend-missing.md',
    at: [['legend-missing', 3, 1]],
    says: /^The header \(§1 Header\) has no provenance legend: add/,
  },
  'confidence-mismatch': {
    fixture: 'confidence-mismatch.md',
    at: [
      ['confidence-mismatch', 13, 25],
      ['confidence-mismatch', 13, 55],
    ],
    says: /^The header declares (7 documented claims, but the document carries 6 documented tags|about 9 inferred claims \(~9\), but the document carries 3 inferred tags, more than 3 away)/,
  },
  'status-inconsistent': {
    fixture: 'status-inconsistent.md',
    at: [['status-inconsistent', 9, 15]],
    says: /^The status says the model is accepted, but 3 inferred claims remain \(the first at line 28\)/,
  },
  'inferred-without-question': {
    fixture: 'inferred-without-question.md',
    at: [['inferred-without-question', 32, 79]],
    says: /^This inferred claim cites no open question: name the §14 question/,
  },
  'question-unknown': {
    fixture: 'question-unknown.md',
    at: [['question-unknown', 32, 54]],
    says: /^This claim cites Q9, but §14 has no Q9 \(it has Q1–Q3\)/,
  },
  'question-uncited': {
    fixture: 'question-uncited.md',
    at: [['question-uncited', 95, 1]],
    says: /^Q4 is open but no claim cites it/,
  },
  'question-duplicate': {
    fixture: 'question-duplicate.md',
    at: [['question-duplicate', 97, 1]],
    says: /^Q2 is defined again here \(first at line 91\)/,
  },
  'claim-cites-struck-question': {
    fixture: 'claim-cites-struck-question.md',
    at: [['claim-cites-struck-question', 38, 52]],
    says: /^This inferred claim cites Q3, which §14 has struck \(line 93\)/,
  },
  'inferred-cites-resolved-question': {
    fixture: 'inferred-cites-resolved-question.md',
    at: [['inferred-cites-resolved-question', 38, 52]],
    says: /^This inferred claim cites Q3, which §14 marks resolved \(line 93\): promote it to a maintainer claim/,
  },
  'disposition-undeclared': {
    fixture: 'disposition-undeclared.md',
    at: [['disposition-undeclared', 65, 34]],
    says: /^`OUT-OF-MODEL: non-default-build` is used here but §13 Triage dispositions does not declare it \(it declares `OUT-OF-MODEL: trusted-input` and `OUT-OF-MODEL: unsupported-component`\)/,
  },
  'closure-unlicensed': {
    fixture: 'closure-unlicensed.md',
    at: [['closure-unlicensed', 22, 30]],
    says: /^`OUT-OF-MODEL: unsupported-component` closes reports, but the only claims in this list item are inferred \(Q3\), and closing needs a documented or maintainer claim/,
  },
  'tag-unclosed': { fixture: 'tag-unclosed.md', at: [['tag-unclosed', 42, 38]], says: /no closing parenthesis/ },
  'nesting-too-deep': {
    fixture: 'nesting-too-deep.md',
    at: [['nesting-too-deep', 7, 1]],
    says: /^Line 7 nests block quotes, lists or indentation more than 100 levels deep; the document was not parsed/,
  },
};

describe('every rule has a fixture that triggers it, at the right place', () => {
  it('covers every rule except not-a-threat-model and document-too-large (tested on their own) and the spec rules (newer-rules.test.ts)', () => {
    const own = ['not-a-threat-model', 'document-too-large'];
    expect(Object.keys(TRIGGERS).sort()).toEqual(RULE_IDS.filter((id) => !own.includes(id) && !isSpecRule(id)).sort());
  });
  for (const [id, t] of Object.entries(TRIGGERS)) {
    it(`${id}: ${t.fixture}`, () => {
      const file = lint(t.fixture);
      expect(where(file)).toEqual(t.at);
      for (const m of file.messages) {
        expect(m.reason).toMatch(t.says);
        expect(m.source).toBe('tmsync');
        expect(m.ruleId).toBe(id);
        expect(m.url).toMatch(new RegExp(`#${id}$`));
      }
    });
  }
});

describe('rule details', () => {
  it('a delta model gets no section-missing or header-field-missing for what its baseline declaration inherits', () => {
    const delta = fixture('delta-model.md');
    expect(where(lintText(delta, 'delta-model.md'))).toEqual([]);
    // The same document without its declaration is missing §1, §2, §4 and §7.
    const own = delta.replace(/^> .*\n/gm, '');
    const missing = lintText(own, 'own.md').messages.filter((m) => m.ruleId === 'section-missing');
    expect(missing.map((m) => m.reason.split(' is missing')[0])).toEqual([
      '§1 Header',
      '§2 Scope and intended use',
      '§4 Trust boundaries and data flow',
      '§7 Adversary model',
    ]);
  });

  it('document-too-large: one message at the line where a generated 1.2 MB model crosses the bound, nothing else', () => {
    const text = `# Threat model\n\n## §1 Header\n\n${'- A claim *(documented)*.\n'.repeat(48_000)}`;
    const file = lintText(text, 'large.md');
    expect(file.messages.map((m) => m.ruleId)).toEqual(['document-too-large']);
    expect(file.messages[0]?.reason).toMatch(
      /^The document is 1,248,0\d\d bytes, over the limit of 1,048,576 bytes \(crossed at line 40333\)/,
    );
    expect(file.messages[0]?.line).toBe(40333);
  });

  it('the section in the message points at the precise element', () => {
    const text = fixture('question-unknown.md');
    const [m] = lintText(text, 'x.md').messages;
    const line = text.split('\n')[(m?.line ?? 1) - 1] ?? '';
    expect(line.slice((m?.column ?? 1) - 1, (m?.column ?? 1) + 1)).toBe('Q9');
    const struck = fixture('claim-cites-struck-question.md');
    const [s] = lintText(struck, 'y.md').messages;
    expect((struck.split('\n')[(s?.line ?? 1) - 1] ?? '').slice((s?.column ?? 1) - 1)).toMatch(/^§14 Q3/);
  });

  it('an approximate count within max(3, 25%) passes', () => {
    expect(where(lint('confidence-approx.md'))).toEqual([]);
    expect(toleranceFor(8)).toBe(3);
    expect(toleranceFor(59)).toBe(15);
    expect(toleranceFor(20, { absolute: 0, relative: 0.1 })).toBe(2);
  });

  it('closure: an assumption licenses a close under relaxed triage, not under strict (a newer draft: it escalates)', () => {
    const strict = where(lint('closure-strict.md')).filter(([id]) => id.startsWith('closure-'));
    expect(strict).toEqual([['closure-escalates', 26, 31]]);
    expect(lint('closure-strict.md').messages.find((m) => m.ruleId === 'closure-escalates')?.reason).toMatch(
      /escalates until 1\.18 Q1 is answered: the claim that licenses it is assumption/,
    );
    expect(where(lint('closure-relaxed.md')).filter(([id]) => id.startsWith('closure-'))).toEqual([]);
  });

  it('closure advice: a question already marked answered names `tmsync answer MODEL --harvest`, an open one asks for the answer', () => {
    const reason = (text: string) =>
      lintText(text, 'closure-unlicensed.md').messages.find((m) => m.ruleId === 'closure-unlicensed' && m.line === 22)
        ?.reason ?? '';
    const open = fixture('closure-unlicensed.md');
    expect(reason(open)).toMatch(/get §14 Q3 answered and promote the claim/);
    expect(reason(open)).not.toMatch(/harvest/);
    const answered = open.replace(
      '**Q3.** Should ragged rows be rejected by default? *(maps to §5a)*',
      '**Q3.** Should ragged rows be rejected by default? *(maps to §5a)* **RESOLVED** *(maintainer: jdoe, 2026-06-04)* — yes.',
    );
    expect(answered).not.toBe(open);
    expect(reason(answered)).toMatch(
      /§14 already marks Q3 answered, so promote the claim to a maintainer claim with the answer's who and date \(`tmsync answer MODEL --harvest`\)/,
    );
  });

  it('a bare family name matches a declared member, and a family declared bare accepts its members', () => {
    expect(isDeclared('OUT-OF-MODEL', ['VALID', 'OUT-OF-MODEL: trusted-input'])).toBe(true);
    expect(isDeclared('BY-DESIGN', ['VALID', 'OUT-OF-MODEL: trusted-input'])).toBe(false);
    expect(isDeclared('OUT-OF-MODEL: anything', ['OUT-OF-MODEL'])).toBe(true);
    expect(isDeclared('OUT-OF-MODEL: other', ['OUT-OF-MODEL: trusted-input'])).toBe(false);
    expect(isClosing('KNOWN-NON-FINDING')).toBe(true);
    expect(isClosing('OUT-OF-MODEL: trusted-input')).toBe(true);
    expect(isClosing('VALID-HARDENING')).toBe(false);
  });

  it('reads accepted statuses and the words that undo them', () => {
    expect(statusAccepted('v1 — ratified by the Ozone PMC. Maintainer review complete.')).toBe(true);
    expect(statusAccepted('Accepted')).toBe(true);
    expect(statusAccepted('DRAFT v2 — Wave 1 partially ratified by Jens Geyer; pending review.')).toBe(false);
    expect(statusAccepted('v0 draft, produced by the security team. Not yet ratified.')).toBe(false);
    expect(statusAccepted('unratified draft. No maintainer has reviewed it.')).toBe(false);
    expect(statusAccepted('DRAFT — under maintainer review (2026-06-10). Not yet ratified.')).toBe(false);
  });

  it('the newer generation is named in its own numbering', () => {
    const text = fixture('newer-clean.md').replace(/## 1\.6 Build-time[\s\S]*?(?=## 1\.7)/, '');
    const file = lintText(text, 'n.md');
    expect(file.messages.filter((m) => !isSpecRule(m.ruleId ?? '')).map((m) => m.reason)).toEqual([
      '1.6 Build-time and configuration variants is missing: the rubric requires it, so add it before 1.7 Assumptions about inputs (line 36).',
    ]);
  });

  it('question-unknown: without an open-questions section, each unknown id is reported once', () => {
    const text = fixture('newer-clean.md')
      .replace(/## 1\.18[\s\S]*$/, '')
      .replace('*(inferred, Q2)*', '*(inferred, Q1)*');
    const file = lintText(text, 'n.md');
    expect(
      where(file)
        .map(([id]) => id)
        .filter((id) => !isSpecRule(id)),
    ).toEqual(['question-unknown', 'section-missing']);
    expect(file.messages.find((m) => m.ruleId === 'question-unknown')?.reason).toMatch(
      /no open-questions section \(1\.18\)/,
    );
  });

  it('maintainer claims may cite a question that has been answered and deleted', () => {
    const text = fixture('older-clean.md').replace(
      '*(maintainer — jdoe, 2026-06-04)*',
      '*(maintainer — jdoe, 2026-06-04 — Q7)*',
    );
    expect(where(lintText(text, 'm.md'))).toEqual([]);
  });
});

describe('rule modules', () => {
  const here = dirname(fileURLToPath(import.meta.url));
  const dir = join(here, '../src/rules');
  it('one module per rule id, each opening with a doc comment, each in the preset with its metadata', () => {
    const modules = readdirSync(dir)
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(modules).toEqual([...RULE_IDS].sort());
    for (const id of modules)
      expect(readFileSync(join(dir, `${id}.ts`), 'utf8')).toMatch(new RegExp(`^/\\*\\*\\n \\* \`${id}\` — `));
    expect(RULES.map((r) => r.meta.id)).toEqual([...RULE_IDS]);
    for (const r of RULES) {
      expect(['error', 'warning']).toContain(r.meta.severity);
      expect(r.meta.summary.length).toBeGreaterThan(10);
      expect(r.meta.description.length).toBeGreaterThan(r.meta.summary.length - 40);
      expect(r.meta.help.length).toBeGreaterThan(10);
      expect(r.plugin.name).toBe(`tmsync:${r.meta.id}`);
    }
  });
});

describe('robustness', () => {
  it('CRLF line endings give the same messages at the same places', () => {
    for (const name of [
      'older-clean.md',
      'question-unknown.md',
      'section-missing.md',
      'closure-unlicensed.md',
      'status-inconsistent.md',
    ]) {
      const lf = lintText(fixture(name), name);
      const crlf = lintText(fixture(name).replace(/\n/g, '\r\n'), name);
      expect(where(crlf)).toEqual(where(lf));
    }
  });

  it('never throws on odd input: deep nesting, random bytes, a huge line, a lone heading', () => {
    const deep = `${'> '.repeat(500)}x\n${'- '.repeat(300)}(inferred — Q1)\n`;
    let seed = 7;
    const random = Array.from({ length: 5000 }, () =>
      String.fromCharCode((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 0x3000),
    ).join('');
    for (const text of [
      deep,
      random,
      'x'.repeat(200_000),
      '## §14 Open questions\n',
      fixture('older-clean.md').slice(0, 1234),
    ]) {
      expect(() => lintText(text, 'odd.md')).not.toThrow();
    }
  });
});
