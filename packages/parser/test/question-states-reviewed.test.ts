import { describe, expect, it } from 'vitest';
import { parseThreatModel } from '../src/index.js';
import { fixture } from './helpers.js';

/** Each question's state as the parser reads it, by id. */
function states(name: string): Record<string, string> {
  return Object.fromEntries(parseThreatModel(fixture(name)).questions.map((q) => [q.id, q.status]));
}

describe('question states in reviewed documents, written differently from question-states.md', () => {
  it('reviewed-forms.md: mixed case, markers mid-entry, multi-paragraph entries, waves and sub-headings', () => {
    expect(states('reviewed-forms.md')).toEqual({
      // A marker after the answer, lower-case `resolved:` after the question, `__RESOLVED__` two paragraphs down,
      // `*Confirmed*` on the last line of a later paragraph; a multi-paragraph entry with background only is open.
      Q1: 'resolved',
      Q2: 'resolved',
      Q3: 'resolved',
      Q4: 'resolved',
      Q5: 'open',
      // Struck text then "Withdrawn" is struck; struck text then an answer is resolved.
      Q6: 'struck',
      Q7: 'resolved',
      // In the label in mixed case, a `(resolved, name)` parenthesis, an emphasised word at the head, an arrow.
      Q8: 'resolved',
      Q9: 'resolved',
      Q10: 'resolved',
      Q11: 'resolved',
      // Not answers: who flagged it, a bold "Proposed answer", an emphasised "Proposed:" holding "resolved", "Confirm?".
      Q12: 'open',
      Q13: 'open',
      Q14: 'open',
      Q15: 'open',
      // Partial: "partly answered", "Partially resolved", a maintainer reply that does not settle it.
      Q16: 'partial',
      Q17: 'partial',
      Q18: 'partial',
      // A round declared answered; its sub-heading "(open — …)" keeps its items open unless one says otherwise.
      Q19: 'resolved',
      Q20: 'resolved',
      Q21: 'open',
      Q22: 'resolved',
      // `- [Q23]:`, `- [Q25]` without a colon, `**(Q26)**` and `**(meta)**` in a numbered list.
      Q23: 'resolved',
      Q24: 'open',
      Q25: 'resolved',
      Q26: 'resolved',
      Q27: 'open',
      'Q-meta': 'resolved',
      // Sub-items: a flagged question with a proposal, a `(maintainer, name)` reply, an `**Answer:**` line.
      Q28: 'open',
      Q29: 'resolved',
      Q30: 'resolved',
      // A bare `RESOLVED.`, `Resolved (name, date).`, "still open" after discussion, a maintainer tag then "Confirmed:".
      Q31: 'resolved',
      Q32: 'resolved',
      Q33: 'open',
      Q34: 'resolved',
      // "resolved" as a word of the question is no marker; N/A after struck text; struck words inside an answer.
      Q35: 'open',
      Q36: 'struck',
      Q37: 'resolved',
      // "Maintainer answers" heading; a partial answer under it stays partial.
      Q38: 'resolved',
      Q39: 'partial',
      // "All of the items in this round were confirmed …, except where marked".
      Q40: 'resolved',
      Q41: 'open',
      // A strike around the label then an answer; struck label and text with "struck by"; struck with nothing after.
      Q42: 'resolved',
      Q43: 'struck',
      Q44: 'struck',
      // A struck list item then an arrow answer; a RESOLVED sub-item; a blockquote reply.
      Q45: 'resolved',
      Q46: 'resolved',
      Q47: 'resolved',
      // A bold verdict on a line of its own belongs to the entry above, not a group over the entries below.
      Q48: 'resolved',
      Q49: 'open',
      Q50: 'resolved',
      Q51: 'open',
    });
  });

  it('reviewed-numbered.md: numbered without ids, counting across waves, with an inserted 8a.', () => {
    expect(states('reviewed-numbered.md')).toEqual({
      Q1: 'resolved',
      Q2: 'open',
      Q3: 'resolved',
      Q4: 'resolved',
      Q5: 'resolved',
      Q6: 'open',
      Q7: 'open',
      Q8: 'open',
      Q8a: 'resolved',
      // A struck-through proposed answer leaves the question open; a struck-through question is struck.
      Q9: 'open',
      Q10: 'struck',
      Q11: 'resolved',
      Q12: 'partial',
      Q13: 'resolved',
    });
  });

  it('reviewed-replies.md: answers written as labels, replies, parentheses and task boxes; wording that only looks like one', () => {
    expect(states('reviewed-replies.md')).toEqual({
      Q1: 'resolved', // **Status:** resolved
      Q2: 'resolved', // — **Answer (maintainer, date):** yes
      Q3: 'resolved', // ✔︎ yes
      Q4: 'resolved', // > **Maintainer:** yes (a blockquote reply)
      Q5: 'open', // *Status: open.*
      Q6: 'resolved', // (Resolved in 3.1: …)
      Q7: 'resolved', // [RESOLVED]
      Q8: 'resolved', // **A:** yes
      Q9: 'open', // **Q9 (open).**
      Q10: 'resolved', // *(maintainer, 2026-03)* Yes.
      Q11: 'open', // Not yet answered.
      Q12: 'open', // Still open: …
      Q13: 'struck', // ~~…~~ *(struck — duplicate of Q3)*
      Q14: 'open', // **Deferred** to 3.2.
      Q15: 'resolved', // Yes (confirmed by Jane Roe, date).
      Q16: 'resolved', // Maintainer answer: no.
      Q17: 'resolved', // *Maintainer:* no, never.
      Q18: 'resolved', // - [x] **Q18**
      Q19: 'open', // - [ ] **Q19**
      Q20: 'resolved', // Answered in §5: …
      Q21: 'partial', // **Resolved (partially)**
      Q22: 'resolved', // Answer: yes, by design.
      Q23: 'resolved', // **Closed** — not a concern.
      Q24: 'resolved', // **Done.**
      Q25: 'resolved', // under "### Answered"
      Q26: 'open', // under "### Unanswered"
      Q27: 'open', // under "### Remaining open questions"
      // Not answers: "the answer:" inside the question, "Response:", "(resolved by the loader …)" as a description,
      // "**Answer:** *(pending)*", "Suggested answer:", "closed" as a word, "Answer: TBD", "Maintainer: please advise".
      Q28: 'open',
      Q29: 'open',
      Q30: 'open',
      Q31: 'open',
      Q32: 'open',
      Q33: 'open',
      Q34: 'open',
      Q35: 'open',
      // Answers after the last question mark: a maintainer parenthesis, "Name (maintainer): …", "confirmed by @name",
      // "Answered by the PMC …", "Name confirmed: …"; not a word of the question itself, nor a maintainer claim it quotes.
      Q36: 'resolved',
      Q37: 'resolved',
      Q38: 'resolved',
      Q39: 'resolved',
      Q40: 'open',
      Q41: 'open',
      Q42: 'resolved',
      Q43: 'resolved',
      Q44: 'resolved',
      Q45: 'resolved',
      Q46: 'open',
      Q47: 'resolved',
      // Terse states: emphasised "Partial:"/"Partly", a reply leaving part open, "RESOLVED (in part)";
      // dropped, N/A, withdrawn, superseded, obsolete, not applicable; open, OPEN, "Status: open", deferred.
      Q48: 'partial',
      Q49: 'partial',
      Q50: 'partial',
      Q51: 'partial',
      Q52: 'struck',
      Q53: 'struck',
      Q54: 'struck',
      Q55: 'struck',
      Q56: 'struck',
      Q57: 'struck',
      Q58: 'open',
      Q59: 'open',
      Q60: 'open',
      Q61: 'open',
    });
  });

  it('reviewed-groups.md: a heading over a group of entries declares their state, in the words reviews use', () => {
    expect(states('reviewed-groups.md')).toEqual({
      Q1: 'resolved', // Answers from the PMC review (2026-02-10)
      Q2: 'resolved', // PMC responses
      Q3: 'resolved', // Resolved questions
      Q4: 'resolved', // Closed questions
      Q5: 'resolved', // Questions answered on the dev list (2026-03)
      Q6: 'open', // Outstanding
      Q7: 'open', // Open (pending)
      Q8: 'open', // Still to answer
      Q9: 'open', // Unresolved
      Q10: 'open', // Not yet resolved
      Q11: 'open', // Not yet answered
      Q12: 'open', // Wave 3 — awaiting answers
      Q13: 'open', // Wave 4 — pending maintainer input
      Q14: 'resolved', // Wave 5 — answered in the 2026-02 review
      Q15: 'open', // Wave 6 — for the PMC
      Q16: 'struck', // Withdrawn questions
      Q17: 'partial', // Wave 7 — partially answered
      Q18: 'resolved', // Wave 8 — answered except Q30
      Q19: 'open', // Follow-ups (open)
      Q20: 'open', // Deferred to 4.0
      Q21: 'resolved', // Confirmed by maintainers
      Q22: 'resolved', // Maintainer decisions
      Q23: 'resolved', // Wave 9 — review outcome: all confirmed
      Q24: 'open', // Questions still open after review
      Q25: 'resolved', // Answered
    });
  });

  it('a harvestable answer keeps the id of its question and the words that marked it', () => {
    const model = parseThreatModel(fixture('reviewed-forms.md'));
    const marker = (id: string) => model.questions.find((q) => q.id === id)?.statusMarker;
    expect(marker('Q1')).toBe('Resolved');
    expect(marker('Q19')).toBe('Round 2 — answered by the PMC (2026-04-02)');
    expect(marker('Q21')).toBe('Still under discussion (open — needs the storage team)');
    expect(marker('Q40')).toMatch(/^All of the items in this round were confirmed/);
  });
});

describe('questions answered by promotion', () => {
  it('a question cited only by maintainer claims, with no marker, is resolved; an inferred citation or an explicit marker keeps it open', () => {
    const model = parseThreatModel(fixture('answered-by-promotion.md'));
    expect(Object.fromEntries(model.questions.map((q) => [q.id, [q.status, q.statusMarker]]))).toEqual({
      // Cited by `(maintainer — Q1)` alone: the document's own convention says the answer was promoted.
      Q1: ['resolved', 'claims citing it promoted to maintainer'],
      // Still cited by an inferred claim: not settled.
      Q2: ['open', null],
      // Cited by nothing: nothing to read.
      Q3: ['open', null],
      // An explicit "(open — …)" marker wins over the promotion.
      Q4: ['open', expect.stringMatching(/open/i)],
    });
  });
});
