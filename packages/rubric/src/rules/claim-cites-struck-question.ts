/**
 * `claim-cites-struck-question` — a claim still rests on a struck question.
 *
 * When the maintainers strike a question (`~~Q5~~`, "struck", "withdrawn"),
 * the claims that cited it lose their footing: they must be corrected or
 * removed, and their reference dropped. Maintainer claims are exempt, since
 * their tag may record the strike itself (`*(maintainer, 2026-06 — Q5
 * struck)*`). The message sits on the reference.
 */
import { place, rubricModel, sectionNumber } from '../model.js';
import { defineRule } from '../rule.js';

export default defineRule(
  {
    id: 'claim-cites-struck-question',
    severity: 'error',
    summary: 'A claim cites a question that has been struck.',
    description:
      'A struck question no longer stands, so a documented, inferred or assumption claim that still cites it rests on nothing; folding answers in must correct such claims.',
    help: 'Correct or remove the claim in the light of the strike, and drop the reference (or cite the question that replaced it).',
  },
  ({ file, report }) => {
    const model = rubricModel(file);
    if (!model) return;
    const q = sectionNumber(model, 'questions');
    const struck = new Map(model.questions.filter((x) => x.status === 'struck').map((x) => [x.id, x]));
    if (struck.size === 0) return;
    for (const claim of model.claims) {
      if (claim.provenance === 'maintainer') continue;
      for (const ref of claim.questionRefs) {
        const question = struck.get(ref.id);
        if (!question) continue;
        report(
          `This ${claim.provenance} claim cites ${ref.id}, which ${q} has struck (line ${question.range.start.line}): correct or remove the claim and drop the reference, since the question it rests on no longer stands.`,
          place(ref.range),
        );
      }
    }
  },
);
