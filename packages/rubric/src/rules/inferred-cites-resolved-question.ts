/**
 * `inferred-cites-resolved-question` — answered but not yet promoted.
 *
 * The document marks a question resolved, yet an *(inferred)* or
 * *(assumption)* claim still cites it: the answer was written down in the
 * questions section and never folded into the claim. Promote the claim to
 * *(maintainer)* (`tmsync answer MODEL --harvest` does it with the answer's
 * own who and date), or correct it if the answer says otherwise. A warning by
 * default; the message sits on the reference.
 */
import { UNRATIFIED_PROVENANCES } from '@tmsync/core';
import { place, rubricModel, sectionNumber } from '../model.js';
import { defineRule } from '../rule.js';

export default defineRule(
  {
    id: 'inferred-cites-resolved-question',
    severity: 'warning',
    summary: 'An inferred or assumption claim cites a question the document marks resolved.',
    description:
      'Once the questions section records an answer, the claims that cited the question should be promoted to maintainer claims (or corrected); an unratified claim citing a resolved question is an answer not yet folded in.',
    help: 'Promote the claim to *(maintainer — who, date — Qn)* (`tmsync answer MODEL --harvest` folds recorded answers in), or correct it if the answer differs.',
  },
  ({ file, report }) => {
    const model = rubricModel(file);
    if (!model) return;
    const q = sectionNumber(model, 'questions');
    const resolved = new Map<string, (typeof model.questions)[number]>();
    for (const question of model.questions)
      if (question.status === 'resolved' && !resolved.has(question.id)) resolved.set(question.id, question);
    if (resolved.size === 0) return;
    for (const claim of model.claims) {
      if (!UNRATIFIED_PROVENANCES.includes(claim.provenance)) continue;
      for (const ref of claim.questionRefs) {
        const question = resolved.get(ref.id);
        if (!question) continue;
        report(
          `This ${claim.provenance} claim cites ${ref.id}, which ${q} marks resolved (line ${question.range.start.line}): promote it to a maintainer claim with the answer's who and date, or correct it if the answer says otherwise.`,
          place(ref.range),
        );
      }
    }
  },
);
