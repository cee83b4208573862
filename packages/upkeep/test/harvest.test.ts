import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseThreatModel } from '@tmsync/parser';
import { describe, expect, it } from 'vitest';
import { answerAuthor, applyAnswers, harvestAnswers, parseAnswers } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const HARVEST = readFileSync(join(here, 'fixtures', 'harvest-model.md'), 'utf8');
const OPTIONS = { modelLabel: 'm.md', today: '2030-01-02' };

/** The §14 section's text (the questions and their markers). */
function questionsSection(text: string): string {
  return text.slice(text.indexOf('## §14'));
}

describe('answerAuthor: who and when, from the answer as written', () => {
  it.each([
    ['**RESOLVED** *(maintainer: Jane Doe, 2026-03-02)* — yes', 'Jane Doe', '2026-03-02'],
    ['✅ Confirmed *(Answered — maintainer alice, 2026-05-01: thin)*', 'alice', '2026-05-01'],
    ['**Topic** *(maintainer — kim)*: it holds', 'kim', null],
    ['**Q3 — size limits (answered, Bob Roe).**', 'Bob Roe', null],
    ['### Wave 2 — environment (resolved by Carol Poe, 2026-04-11)', 'Carol Poe', '2026-04-11'],
    ['*Resolution: confirmed by vishesh92, 2026-06-04 — ok.*', 'vishesh92', '2026-06-04'],
    ['question? → **PMC: confirmed** — both hold.', 'PMC', null],
    ['Open questions — RESOLVED by the PMC (2026-01-10)', 'PMC', '2026-01-10'],
    ['  - (**maintainer**) Confirmed.', null, null],
  ])('%s → %s, %s', (text, by, date) => {
    expect(answerAuthor(text)).toEqual({ by, date });
  });

  it('reads no answerer from who raised a question or from prose after a verb', () => {
    expect(answerAuthor('*(maintainer-flagged — Ann Lee)* Is X trusted?').by).toBeNull();
    expect(answerAuthor('→ **Confirmed** — both hold, as documented.').by).toBeNull();
  });
});

describe('harvestAnswers', () => {
  it('promotes the claims citing each resolved question with the answer’s own who and date, and leaves every marker alone', () => {
    const r = harvestAnswers(HARVEST, OPTIONS);
    expect(r.harvested).toEqual([
      { question: 'Q1', line: 87, by: 'Jane Doe', date: '2026-03-02', claims: 1 },
      { question: 'Q2', line: 89, by: 'PMC', date: null, claims: 3 },
      { question: 'Q3', line: 92, by: 'Bob Roe', date: null, claims: 3 },
      { question: 'Q4', line: 96, by: 'Carol Poe', date: '2026-04-11', claims: 2 },
    ]);
    expect(r.partial).toEqual([{ question: 'Q5', line: 98, claims: 1, marker: 'Partially answered' }]);
    expect(r.text).toContain('its own review *(maintainer — Jane Doe, 2026-03-02 — §14 Q1)*.');
    expect(r.text).toContain('trust their callers *(maintainer — PMC, 2030-01-02 — §14 Q2)*.');
    expect(r.text).toContain('The host is trusted *(maintainer — Carol Poe, 2026-04-11 — §14 Q4)*.');
    // A mixed tag: only the inferred part changes.
    expect(r.text).toContain('*(documented: docs/design.md; maintainer — PMC, 2030-01-02 — §14 Q2)*');
    // The partly answered question's claim stays inferred; the open question is not touched.
    expect(r.text).toContain('No confidentiality of parsed data *(inferred — §14 Q5)*.');
    expect(questionsSection(r.text)).toBe(questionsSection(HARVEST));
    expect(r.after.inferred).toBe(1);
    expect(r.after.maintainer - r.before.maintainer).toBe(8);
    expect(r.declared?.changes).toEqual(['documented ~5 → 5', 'maintainer 1 → 10', 'inferred ~7 → 1']);
    // Nothing the rule reports is left, and the parser still reads the same states.
    const after = parseThreatModel(r.text);
    expect(after.questions.map((q) => q.status)).toEqual(parseThreatModel(HARVEST).questions.map((q) => q.status));
    expect(
      after.claims.filter(
        (c) => c.provenance === 'inferred' && c.questionRefs.some((ref) => ['Q1', 'Q2', 'Q3', 'Q4'].includes(ref.id)),
      ),
    ).toEqual([]);
  });

  it('changes nothing the second time', () => {
    const once = harvestAnswers(HARVEST, OPTIONS);
    const twice = harvestAnswers(once.text, { ...OPTIONS, today: '2031-05-05' });
    expect(twice.changed).toBe(false);
    expect(twice.text).toBe(once.text);
    expect(twice.harvested).toEqual([]);
    expect(twice.partial.map((p) => p.question)).toEqual(['Q5']);
  });

  it('takes who and when from the section intro when the entry names no one (`**Answered by Jane Doe on …**`)', () => {
    const text = HARVEST.replace(' → **PMC: confirmed** — both hold.', ' → **Confirmed.** Both hold.').replace(
      '## §14 Open questions for the maintainers\n',
      '## §14 Open questions for the maintainers\n\n**Answered by Ann\nLee (`alee`) on 2026-05-05**, with one note from Bo Lind.\n',
    );
    const r = harvestAnswers(text, OPTIONS);
    expect(r.harvested.find((h) => h.question === 'Q2')).toEqual(
      expect.objectContaining({ by: 'Ann Lee', date: '2026-05-05' }),
    );
    // An entry that names its own answerer keeps it, and takes no date from someone else's answer.
    expect(r.harvested.find((h) => h.question === 'Q3')).toEqual(
      expect.objectContaining({ by: 'Bob Roe', date: null }),
    );
    expect(r.text).toContain('trust their callers *(maintainer — Ann Lee, 2026-05-05 — §14 Q2)*.');
  });

  it('omits who when the answer names no one', () => {
    const text = HARVEST.replace(' → **PMC: confirmed** — both hold.', ' → **Confirmed.** Both hold.');
    const r = harvestAnswers(text, OPTIONS);
    expect(r.harvested.find((h) => h.question === 'Q2')).toEqual(
      expect.objectContaining({ by: null, date: null, claims: 3 }),
    );
    expect(r.text).toContain('trust their callers *(maintainer — 2030-01-02 — §14 Q2)*.');
  });
});

describe('answer marks a question the way the document marks answered ones', () => {
  const confirm = (q: string) => parseAnswers(`- {question: ${q}, action: confirm, by: bob}\n`, 'answers.yaml');
  const apply = (text: string, q: string) =>
    applyAnswers(text, confirm(q), { ...OPTIONS, answersLabel: 'answers.yaml' });

  it('never adds a second marker to a question already marked answered, but still promotes its claims', () => {
    const r = apply(HARVEST, 'Q1');
    expect(r.outcomes[0]).toEqual(expect.objectContaining({ promoted: 1, entry: 'unchanged' }));
    expect(r.outcomes[0]?.messages).toContain('Q1 is already marked answered');
    expect(questionsSection(r.text)).toBe(questionsSection(HARVEST));
    // Declared answered by its wave: no marker either.
    const wave = apply(HARVEST, 'Q4');
    expect(wave.outcomes[0]?.entry).toBe('unchanged');
    expect(questionsSection(wave.text)).toBe(questionsSection(HARVEST));
  });

  it('a bold token after the label (`**RESOLVED**`), as written, case kept', () => {
    const text = HARVEST.replace(
      '**Q1.** Is the CLI a thin wrapper? *(maps to §2)* **RESOLVED** *(maintainer: Jane Doe, 2026-03-02)* — yes, it only parses arguments.',
      '**Q1.** **Resolved** *(maintainer: Jane Doe, 2026-03-02)* — yes. Is the CLI a thin wrapper? *(maps to §2)*',
    );
    const r = apply(text, 'Q6');
    expect(r.resolutionStyle).toBe('head-token');
    expect(r.text).toContain(
      '**Q6.** **Resolved** *(Answered — maintainer bob, 2030-01-02)* Should the parser run in a sandbox?',
    );
    expect(parseThreatModel(r.text).questions.find((q) => q.id === 'Q6')?.status).toBe('resolved');
    expect(apply(r.text, 'Q6').changed).toBe(false);
  });

  it('an italic token after the label (`*resolved* —`)', () => {
    const text = HARVEST.replace(
      '**Q1.** Is the CLI a thin wrapper? *(maps to §2)* **RESOLVED** *(maintainer: Jane Doe, 2026-03-02)* — yes, it only parses arguments.',
      '**Q1.** *resolved* — yes (Jane Doe). Is the CLI a thin wrapper? *(maps to §2)*',
    );
    const r = apply(text, 'Q6');
    expect(r.text).toContain('**Q6.** *resolved* *(Answered — maintainer bob, 2030-01-02)* Should the parser');
    expect(parseThreatModel(r.text).questions.find((q) => q.id === 'Q6')?.status).toBe('resolved');
  });

  it('an arrow after the question (`? → **Confirmed.**`), at the end of the entry’s first paragraph', () => {
    const text = HARVEST.replace(
      '**Q1.** Is the CLI a thin wrapper? *(maps to §2)* **RESOLVED** *(maintainer: Jane Doe, 2026-03-02)* — yes, it only parses arguments.',
      '**Q1.** Is the CLI a thin wrapper? → **Confirmed.** *(maps to §2)*',
    ).replace(' → **PMC: confirmed** — both hold.', ' → **Confirmed.**');
    const r = apply(text, 'Q6');
    expect(r.resolutionStyle).toBe('tail-token');
    expect(r.text).toContain(
      'Should the parser run in a sandbox? *(maps to §9)* Proposed: yes, under seccomp. → **Confirmed.** *(Answered — maintainer bob, 2030-01-02)*\n',
    );
    expect(parseThreatModel(r.text).questions.find((q) => q.id === 'Q6')?.status).toBe('resolved');
  });

  it('learns an arrow verdict written right after a label that is itself the question (`**(Q1) …** → **Agreed.**`)', () => {
    const text = HARVEST.replace(
      '**Q1.** Is the CLI a thin wrapper? *(maps to §2)* **RESOLVED** *(maintainer: Jane Doe, 2026-03-02)* — yes, it only parses arguments.',
      '1. **(Q1) The CLI is a thin wrapper.** → **Agreed.** It only parses arguments.',
    ).replace(' → **PMC: confirmed** — both hold.', ' → **Agreed**, both hold.');
    const r = apply(text, 'Q6');
    expect(r.resolutionStyle).toBe('tail-token');
    expect(r.text).toContain('Proposed: yes, under seccomp. → **Agreed.** *(Answered — maintainer bob, 2030-01-02)*\n');
    expect(parseThreatModel(r.text).questions.find((q) => q.id === 'Q6')?.status).toBe('resolved');
  });

  it('falls back to the default mark when the document marks no answered question', () => {
    const r = applyAnswers(
      readFileSync(join(here, 'fixtures', 'older-model.md'), 'utf8').replace(
        '✅ Confirmed *(Answered — maintainer alice, 2026-05-01)* ',
        '',
      ),
      confirm('Q3'),
      { ...OPTIONS, answersLabel: 'answers.yaml' },
    );
    expect(r.resolutionStyle).toBe('default');
    expect(r.text).toContain('**Q3.** ✅ Confirmed *(Answered — maintainer bob, 2030-01-02)* Is denial');
  });
});
