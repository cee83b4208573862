import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseThreatModel } from '@tmsync/parser';
import { describe, expect, it } from 'vitest';
import type { UpkeepErrorCode } from '../src/index.js';
import { applyAnswers, parseAnswers, UpkeepError } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const OLDER = readFileSync(join(here, 'fixtures', 'older-model.md'), 'utf8');
const OPTIONS = { modelLabel: 'm.md', answersLabel: 'answers.yaml', today: '2030-01-02' };

/** The UpkeepError `run` throws (failing the test when it throws none, or another error). */
function upkeepError(run: () => unknown): UpkeepError {
  try {
    run();
  } catch (error) {
    if (error instanceof UpkeepError) return error;
    throw error;
  }
  throw new Error('expected an UpkeepError, nothing was thrown');
}

describe('the answers file', () => {
  it('validates entries with zod and names the entry and key', () => {
    expect(() =>
      parseAnswers(
        '- {question: Q1, action: confirm, by: a}\n- {question: Q2, action: confirm, by: b}\n- {question: Q3, action: promote, by: c}\n',
        'answers.yaml',
      ),
    ).toThrow('answers.yaml: [2].action: expected confirm | correct | strike');
    expect(() => parseAnswers('- {question: Q1, action: confirm}\n', 'answers.yaml')).toThrow(
      /answers\.yaml: \[0\]\.by: /,
    );
    expect(() => parseAnswers('- {question: Q1, action: confirm, by: a, date: 2026-13-01}\n', 'a.yaml')).toThrow(
      'a.yaml: [0].date: expected a date as YYYY-MM-DD',
    );
    expect(() => parseAnswers('- {question: nope, action: confirm, by: a}\n', 'a.yaml')).toThrow(
      'a.yaml: [0].question: expected a question id such as Q12',
    );
    expect(() => parseAnswers('- {question: Q1, action: correct, by: a}\n', 'a.yaml')).toThrow(
      'a.yaml: [0].replacements: a correct answer needs at least one replacement',
    );
    expect(() =>
      parseAnswers('- {question: Q1, action: confirm, by: a, replacements: [{claim: 3, text: x}]}\n', 'a.yaml'),
    ).toThrow('a.yaml: [0].replacements: only a correct answer takes replacements');
    expect(() =>
      parseAnswers('- {question: Q1, action: correct, by: a, replacements: [{claim: 3}]}\n', 'a.yaml'),
    ).toThrow(/a\.yaml: \[0\]\.replacements\[0\]\.text: /);
    expect(() =>
      parseAnswers('- {question: Q1, action: confirm, by: a}\n- {question: q1, action: strike, by: b}\n', 'a.yaml'),
    ).toThrow('a.yaml: [1].question: Q1 is answered twice (also [0])');
    expect(() => parseAnswers('- {qestion: Q1, action: confirm, by: a}\n', 'a.yaml')).toThrow(/a\.yaml: \[0\]/);
    expect(() => parseAnswers('question: Q1\n', 'a.yaml')).toThrow('a.yaml: (top level): expected a list of answers');
    expect(() => parseAnswers('', 'a.yaml')).toThrow(
      'a.yaml: (top level): expected a list of answers, the file is empty',
    );
    expect(() => parseAnswers('- [unclosed\n', 'a.yaml')).toThrow(/^a\.yaml: does not parse as YAML: /);
    expect(() => parseAnswers('[{"question": "Q1",}]', 'a.json')).toThrow(/^a\.json: does not parse as JSON: /);
  });

  it('accepts JSON and the forms a person writes a question id in', () => {
    const answers = parseAnswers(
      JSON.stringify([
        { question: 12, action: 'confirm', by: 'a' },
        { question: '§14 Q3', action: 'strike', by: 'b', note: 'no\nlonger relevant' },
        {
          question: 'Q14.2',
          action: 'correct',
          by: 'c',
          date: '2026-06-04',
          replacements: [{ claim: 'line 41', text: 'x' }],
        },
        { question: 'q-Secure', action: 'confirm', by: 'd' },
      ]),
      'answers.json',
    );
    expect(answers.map((a) => a.question)).toEqual(['Q12', 'Q3', 'Q14.2', 'Q-secure']);
    expect(answers[1]?.note).toBe('no longer relevant');
  });
});

describe('typed errors', () => {
  const cases: { what: string; run: () => unknown; code: UpkeepErrorCode; starts: string[] }[] = [
    {
      what: 'an answers file that does not parse',
      run: () => parseAnswers('- [unclosed\n', 'a.yaml'),
      code: 'answers-syntax',
      starts: ['a.yaml: does not parse as YAML: '],
    },
    {
      what: 'an answers file with two bad entries',
      run: () =>
        parseAnswers('- {question: Q1, action: promote, by: a}\n- {question: Q2, action: confirm}\n', 'a.yaml'),
      code: 'answers-invalid',
      starts: ['a.yaml: [0].action: expected confirm | correct | strike', 'a.yaml: [1].by: '],
    },
    {
      what: 'a document that is not a rubric model',
      run: () => applyAnswers('# Security policy\n\n## Reporting a vulnerability\n\nMail us.\n', [], OPTIONS),
      code: 'not-a-rubric-model',
      starts: ['m.md: not a rubric threat model'],
    },
    {
      what: 'an unknown question and a locator matching no claim',
      run: () =>
        applyAnswers(
          OLDER,
          parseAnswers(
            '- {question: Q99, action: confirm, by: bob}\n- {question: Q3, action: correct, by: bob, replacements: [{claim: "no such words", text: x}]}\n',
            'answers.yaml',
          ),
          OPTIONS,
        ),
      code: 'answers-inapplicable',
      starts: [
        'answers.yaml: [0].question: Q99 is not a question of m.md (its questions: Q1, Q2, Q3, Q4, Q5, Q6)',
        'answers.yaml: [1].replacements[0].claim: "no such words" matches no claim citing Q3 in m.md',
      ],
    },
  ];
  it.each(cases)('$what: code $code, one problem per line, each naming the file', ({ run, code, starts }) => {
    const error = upkeepError(run);
    expect(error.code).toBe(code);
    expect(error.problems.map((p, i) => p.slice(0, starts[i]?.length ?? 0))).toEqual(starts);
    expect(error.message).toBe(error.problems.join('\n'));
  });
});

describe('applyAnswers', () => {
  it("returns the new text, dated with the caller's today when an answer gives no date, and is idempotent", () => {
    const answers = parseAnswers('- {question: Q2, action: confirm, by: bob}\n', 'answers.yaml');
    const once = applyAnswers(OLDER, answers, OPTIONS);
    expect(once.changed).toBe(true);
    expect(once.text).toContain(
      'It is embedded by applications that trust their callers *(maintainer — bob, 2030-01-02 — §14 Q2)*.',
    );
    expect(once.outcomes).toEqual([
      expect.objectContaining({ question: 'Q2', action: 'confirm', date: '2030-01-02', promoted: 3, entry: 'marked' }),
    ]);
    expect(once.after.maintainer - once.before.maintainer).toBe(3);
    expect(parseThreatModel(once.text).questions.find((q) => q.id === 'Q2')?.status).toBe('resolved');
    const twice = applyAnswers(once.text, answers, OPTIONS);
    expect(twice.changed).toBe(false);
    expect(twice.text).toBe(once.text);
  });
});
