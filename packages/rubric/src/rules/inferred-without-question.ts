/**
 * `inferred-without-question` — an inferred (or assumption) claim names no open question.
 *
 * The rubric routes every *(inferred)* claim to the question in §14 (1.18)
 * whose answer would confirm or correct it: `*(inferred — §14 Q6)*`; the
 * newer generation's *(assumption, QN)* does the same. A bare
 * `*(inferred)*` cannot be promoted when the maintainers answer, because
 * nothing says which answer settles it. Claims written inside a §14 entry cite
 * that entry implicitly. The message sits on the tag.
 */
import { place, rubricModel, sectionNumber } from '../model.js';
import { defineRule } from '../rule.js';

export default defineRule(
  {
    id: 'inferred-without-question',
    severity: 'error',
    summary: 'An inferred or assumption claim cites no open question.',
    description:
      'Every *(inferred)* claim (and every *(assumption)* claim in the newer rubric) must name the open question whose answer would confirm or correct it, e.g. *(inferred — §14 Q6)*, so that answering the question promotes the claim.',
    help: 'Add the question reference to the tag (*(inferred — §14 Q6)* or *(assumption, Q6)*); if no question covers the claim yet, add one to the open questions.',
  },
  ({ file, report }) => {
    const model = rubricModel(file);
    if (!model) return;
    const q = sectionNumber(model, 'questions');
    for (const claim of model.claims) {
      if (claim.provenance !== 'inferred' && claim.provenance !== 'assumption') continue;
      if (claim.questionRefs.length > 0) continue;
      const example = claim.provenance === 'inferred' ? `*(inferred — ${q} Q3)*` : '*(assumption, Q3)*';
      report(
        `This ${claim.provenance} claim cites no open question: name the ${q} question whose answer would confirm or correct it, as in ${example}, adding the question to ${q} if there is none.`,
        place(claim.tagRange),
      );
    }
  },
);
