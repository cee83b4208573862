/**
 * The parser's reading of open questions (forms, states, waves, numbering, references) and of
 * dispositions.
 */
import { describe, expect, it } from 'vitest';
import { findQuestionRefs, parseThreatModel } from '../src/index.js';
import { fixture } from './helpers.js';

describe('questions', () => {
  it('reads paragraph, list and titled questions with waves and states', () => {
    const qs = parseThreatModel(fixture('older-full.md')).questions;
    expect(qs.map((q) => [q.id, q.status, q.wave])).toEqual([
      ['Q1', 'open', 'Wave 1 — scope and deployment'],
      ['Q2', 'resolved', 'Wave 1 — scope and deployment'],
      ['Q3', 'open', 'Wave 1 — scope and deployment'],
      ['Q4', 'resolved', 'Wave 2 — environment — ANSWERED'],
      ['Q5', 'struck', 'Wave 2 — environment — ANSWERED'],
    ]);
    expect(qs[0]?.mapsTo).toEqual(['scope']);
    expect(qs[0]?.range.start.line).toBe(92);
  });

  it('reads the forms real documents use', () => {
    const qs = parseThreatModel(fixture('question-forms.md')).questions;
    expect(qs.map((q) => [q.id, q.status])).toEqual([
      ['Q1', 'resolved'],
      ['Q2', 'open'],
      ['Q-secure', 'open'],
      ['Q-dos', 'resolved'],
      ['Q7', 'open'],
      ['Q8', 'open'],
      ['Q9', 'open'],
      ['Q10', 'open'],
      ['Q11', 'open'],
      ['Q12', 'open'],
      ['Q1', 'open'],
      ['Q2', 'resolved'],
    ]);
    expect(qs[0]?.mapsTo).toEqual(['scope']);
    expect(qs[10]?.wave).toBe('Still open');
  });

  it('reads every state form reviewed documents write (fixture question-states.md)', () => {
    const states = Object.fromEntries(
      parseThreatModel(fixture('question-states.md')).questions.map((q) => [q.id, q.status]),
    );
    expect(states).toEqual({
      // On the entry: RESOLVED after the question in any case, far into the entry, struck text then an answer.
      Q1: 'resolved',
      Q2: 'resolved',
      Q3: 'resolved',
      Q4: 'resolved',
      // Struck: strike-through with no answer, an explicit withdrawal, N/A.
      Q5: 'struck',
      Q6: 'struck',
      Q7: 'struck',
      // In the bold label, or an answer in the same entry.
      Q8: 'resolved',
      Q9: 'resolved',
      Q10: 'resolved',
      Q11: 'resolved',
      Q12: 'resolved',
      Q13: 'resolved',
      Q14: 'resolved',
      // Partial: said so, or a maintainer reply that does not settle it.
      Q15: 'partial',
      Q16: 'partial',
      // Not answers: proposals, requests, who raised it.
      Q17: 'open',
      Q18: 'open',
      Q19: 'open',
      Q20: 'open',
      Q21: 'open',
      // A wave declared answered; an entry's own marker still wins.
      Q22: 'resolved',
      Q23: 'open',
      Q24: 'resolved',
      Q25: 'resolved',
      Q26: 'open',
      // `- [Q1]: …`, `**(Q1)**` and `**(meta)**` in a numbered list.
      Q27: 'open',
      Q28: 'resolved',
      Q29: 'open',
      'Q-meta': 'resolved',
      // Numbered without ids, an inserted `32a.`, a state right after a topic label.
      Q30: 'resolved',
      Q31: 'resolved',
      Q32: 'open',
      Q32a: 'resolved',
      Q33: 'open',
    });
  });

  it('reads a section or wave declared answered, and keeps a sub-heading marked open open', () => {
    const read = (t: string) => parseThreatModel(t).questions.map((q) => [q.id, q.status]);
    expect(
      read(
        '# T\n\n## §14 Open questions — RESOLVED by the PMC (2026-06-12)\n\n**Q1.** A?\n\n### Still being discussed (open — awaiting infra)\n\n**Q2.** B?\n',
      ),
    ).toEqual([
      ['Q1', 'resolved'],
      ['Q2', 'open'],
    ]);
    expect(
      read('# T\n\n## §14 Open questions\n\n### Maintainer answers\n\n**Q1.** A?\n\n### Wave 2\n\n**Q2.** B?\n'),
    ).toEqual([
      ['Q1', 'resolved'],
      ['Q2', 'open'],
    ]);
  });

  it('reads questions numbered inside §14 (Q14.1, Q14.R1)', () => {
    const qs = parseThreatModel(fixture('chapter4.md')).questions;
    expect(qs.map((q) => [q.id, q.status])).toEqual([
      ['Q14.1', 'open'],
      ['Q14.R1', 'resolved'],
    ]);
  });

  it('gives plain numbered lists ids by position, also when a wave line precedes a list that CommonMark folds into it', () => {
    const text =
      '# T\n\n## §14 Open questions\n\n**Wave 1 — a:**\n1. First?\n2. Second?\n\n**Wave 2 — b:**\n3. Third?\n4. Fourth?\n';
    const qs = parseThreatModel(text).questions;
    expect(qs.map((q) => [q.id, q.wave])).toEqual([
      ['Q1', 'Wave 1 — a'],
      ['Q2', 'Wave 1 — a'],
      ['Q3', 'Wave 2 — b'],
      ['Q4', 'Wave 2 — b'],
    ]);
  });

  it('does not take a resolution word inside the question for an answer, and reads a label struck outside its bold', () => {
    const text =
      '# T\n\n## §14 Open questions\n\n**Q3.** Three postures — agreed (proposed: P1 is the default)?\n\n**Q4.** Is it so? → **Agreed.**\n\n~~**Q5.**~~ ~~Do you support Windows?~~\n';
    expect(parseThreatModel(text).questions.map((q) => [q.id, q.status])).toEqual([
      ['Q3', 'open'],
      ['Q4', 'resolved'],
      ['Q5', 'struck'],
    ]);
  });

  it('finds question references in every written form', () => {
    const refs = (s: string) => findQuestionRefs(s).map((r) => r.id);
    expect(refs('§14 Q6')).toEqual(['Q6']);
    expect(refs('see Q4 and Q5a')).toEqual(['Q4', 'Q5a']);
    expect(refs('§14.3')).toEqual(['Q3']);
    expect(findQuestionRefs('§4.14.2', ['14', '4.14']).map((r) => r.id)).toEqual(['Q2']);
    expect(refs('Q9–Q11')).toEqual(['Q9', 'Q10', 'Q11']);
    expect(refs('Q-Secure, Q14.r1')).toEqual(['Q-secure', 'Q14.R1']);
  });
});

describe('dispositions', () => {
  it('reads the §13 table and the dispositions used in §3, §11 and §11a', () => {
    const model = parseThreatModel(fixture('older-full.md'));
    expect(model.dispositions.map((d) => d.name)).toEqual([
      'VALID',
      'VALID-HARDENING',
      'OUT-OF-MODEL: trusted-input',
      'OUT-OF-MODEL: unsupported-component',
      'KNOWN-NON-FINDING',
      'MODEL-GAP',
    ]);
    expect(model.dispositions[2]?.licensedBy).toBe('§6');
    expect(model.dispositionUses.map((u) => [u.name, u.sectionId, u.range.start.line])).toEqual([
      ['OUT-OF-MODEL: trusted-input', 'out-of-scope', 22],
      ['OUT-OF-MODEL: unsupported-component', 'out-of-scope', 23],
      ['VALID-HARDENING', 'misuse', 67],
      ['KNOWN-NON-FINDING', 'non-findings', 71],
    ]);
  });
});
