/**
 * `question-duplicate` — two questions share an id.
 *
 * A reference like `§14 Q3` must name one question. Ids repeat when a wave
 * restarts its numbering (`1.` … in every wave of a plain numbered list) or
 * when a question is copied instead of moved. The message sits on each
 * repeated question and names the line of the first.
 */
import { placeLine, rubricModel, sectionNumber } from '../model.js';
import { defineRule } from '../rule.js';

export default defineRule(
  {
    id: 'question-duplicate',
    severity: 'error',
    summary: 'Two open questions share an id.',
    description:
      "Question ids (Q1, Q14.R1, Q-secure; by position in plain numbered lists) must be unique across all waves, so that a claim's reference names one question.",
    help: 'Renumber the repeated question (numbering continues across waves), or merge it into the first if both ask the same thing; then check the claims that cite it.',
  },
  ({ file, report }) => {
    const model = rubricModel(file);
    if (!model) return;
    const q = sectionNumber(model, 'questions');
    const first = new Map<string, number>();
    for (const question of model.questions) {
      const line = first.get(question.id);
      if (line === undefined) {
        first.set(question.id, question.range.start.line);
        continue;
      }
      if (line === question.range.start.line) continue; // one entry naming the id twice
      report(
        `${question.id} is defined again here (first at line ${line}): give every question in ${q} its own id, numbering on across waves, or merge the two if they ask the same thing.`,
        placeLine(
          question.labelRange.end.offset > question.labelRange.start.offset ? question.labelRange : question.range,
          String(file),
        ),
      );
    }
  },
);
