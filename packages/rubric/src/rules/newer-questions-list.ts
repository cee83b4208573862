/**
 * `newer-questions-list` — 1.18 is written as a table, a question has no proposed answer, or it is N/A while tags remain.
 *
 * output-structure.md, "1.18 Open questions for the maintainers":
 * "**Format: a list, never a table.** … A table row such as `| **Q1** | ... |`
 * … yields **zero** Q-IDs"; "Per question: state the **proposed answer**";
 * "Do not use "please clarify" as the proposed answer"; "Required while any
 * *(inferred, QN)* or *(assumption, QN)* tag remains." self-check.md Gate 1:
 * "every item states a proposed answer". Older-generation documents are not
 * checked.
 */
import { at, atLine, isNotApplicable, newerDoc, section, tablesIn } from '../newer/doc.js';
import { defineRule } from '../rule.js';

const CLAUSE = 'output-structure.md, "1.18 Open questions for the maintainers"';

export default defineRule(
  {
    id: 'newer-questions-list',
    severity: 'error',
    summary:
      '1.18 holds its questions in a table, a question states no proposed answer (or "please clarify"), or 1.18 is N/A while inferred/assumption tags remain.',
    description: `${CLAUSE}: one list item per question with the ID at the start of the line, each stating a proposed answer; a tabled 1.18 parses to zero Q-IDs; the section is required while any inferred or assumption tag remains.`,
    help: 'Write each question as `- **Q1** — …` with `Proposed answer:` and `Lands in:` sub-items.',
  },
  ({ tree, file, report }) => {
    const doc = newerDoc(tree, file);
    if (!doc) return;
    const s = section(doc, 'questions');
    if (!s) return;
    const head = atLine(doc, s.heading.start.offset, s.heading.end.offset);
    if (isNotApplicable(doc, s)) {
      const open = doc.model.claims.find((c) => c.provenance === 'inferred' || c.provenance === 'assumption');
      if (open)
        report(
          `${CLAUSE}: 1.18 is marked Not applicable, but ${open.provenance} tags remain (first on line ${open.tagRange.start.line}); it is required while any does.`,
          head,
        );
      return;
    }
    for (const t of tablesIn(doc, { start: s.range.start.offset, end: s.range.end.offset })) {
      if (!/\bQ[\w.-]*\d/.test(doc.text.slice(t.start, t.end))) continue;
      report(
        `${CLAUSE}: the questions are in a table, which yields zero Q-IDs; write one list item per question (\`- **Q1** — …\`).`,
        atLine(doc, t.start, t.end),
      );
    }
    for (const q of doc.model.questions) {
      if (q.status !== 'open') continue;
      const text = doc.text.slice(q.range.start.offset, q.range.end.offset);
      const answer = /proposed(?: answer)?\s*[:—–-]\s*(.*)/i.exec(text);
      if (!answer)
        report(`${CLAUSE}: ${q.id} states no proposed answer.`, atLine(doc, q.range.start.offset, q.range.end.offset));
      else if (/^\W*please clarify\b/i.test(answer[1] ?? ''))
        report(
          `${CLAUSE}: ${q.id}'s proposed answer is "please clarify"; offer the maintainer a concrete answer.`,
          at(doc, q.range.start.offset + answer.index, q.range.start.offset + answer.index + answer[0].length),
        );
    }
  },
);
