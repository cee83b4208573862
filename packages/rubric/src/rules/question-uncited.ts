/**
 * `question-uncited` — an open question that no claim cites.
 *
 * An open question exists to settle claims; when no provenance tag cites it
 * (`*(inferred — §14 Q7)*`), answering it promotes nothing, and the claim
 * that depends on it is probably tagged without its reference. Only open and partly
 * answered questions are checked: a resolved or struck question may well be cited by
 * nothing any more. A warning by default.
 */
import { placeLine, rubricModel, sectionNumber } from '../model.js';
import { defineRule } from '../rule.js';

export default defineRule(
  {
    id: 'question-uncited',
    severity: 'warning',
    summary: 'An open question is not cited by any claim.',
    description:
      'Each open question should be cited by at least one claim (*(inferred — §14 Q7)*), so that answering it promotes or corrects something. Resolved and struck questions are not checked.',
    help: 'Cite the question from the claim that depends on it; if nothing depends on it, answer or strike it, or keep it deliberately with `<!-- tmsync disable question-uncited -->`.',
  },
  ({ file, report }) => {
    const model = rubricModel(file);
    if (!model) return;
    const q = sectionNumber(model, 'questions');
    const cited = new Set<string>();
    for (const claim of model.claims) for (const ref of claim.questionRefs) cited.add(ref.id);
    const done = new Set<string>();
    for (const question of model.questions) {
      if (
        (question.status !== 'open' && question.status !== 'partial') ||
        cited.has(question.id) ||
        done.has(question.id)
      )
        continue;
      done.add(question.id);
      report(
        `${question.id} is ${question.status === 'partial' ? 'partly answered' : 'open'} but no claim cites it: tag the claim that depends on it (*(inferred — ${q} ${question.id})*), or answer or strike the question if nothing does.`,
        placeLine(
          question.labelRange.end.offset > question.labelRange.start.offset ? question.labelRange : question.range,
          String(file),
        ),
      );
    }
  },
);
