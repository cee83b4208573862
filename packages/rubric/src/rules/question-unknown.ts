/**
 * `question-unknown` — a claim cites a question that the open questions do not have.
 *
 * A reference such as `§14 Q31`, `Q4`, `§14.3` or `Q-secure` must name a
 * question of §14 (1.18). A range (`Q9–Q13`) is checked id by id and reported
 * once. When the document has no open-questions section at all, each unknown
 * id is reported once (at its first citation), since `section-missing`
 * already reports the section. Maintainer claims are not checked: the
 * newer rubric deletes a question from the open questions once its answer is
 * folded in, and the promoted tag keeps citing it (`*(maintainer, 2026-05 —
 * Q2)*`).
 */
import { joinWords, place, rubricModel, sectionById, sectionNumber } from '../model.js';
import { defineRule } from '../rule.js';

/** A compact list of known ids for a message: `Q1–Q30` when consecutive, else the first few. */
function describeIds(ids: readonly string[]): string {
  if (ids.length === 0) return 'no questions';
  const nums = ids.map((id) => /^Q(\d+)$/.exec(id)?.[1]).map((n) => (n === undefined ? NaN : Number(n)));
  if (nums.every((n) => !Number.isNaN(n))) {
    const sorted = [...new Set(nums)].sort((a, b) => a - b);
    const first = sorted[0] as number;
    const last = sorted[sorted.length - 1] as number;
    if (last - first + 1 === sorted.length) return first === last ? `only Q${first}` : `Q${first}–Q${last}`;
  }
  return ids.length <= 6 ? joinWords(ids) : `${ids.slice(0, 5).join(', ')} … (${ids.length} in all)`;
}

export default defineRule(
  {
    id: 'question-unknown',
    severity: 'error',
    summary: 'A documented, inferred or assumption claim cites a question that the open questions do not have.',
    description:
      'Question references in provenance tags (`§14 Q31`, `Q4`, `§14.3`, `Q-secure`, ranges like `Q9–Q13`) must name questions that exist in §14 (1.18 in the newer rubric); a dangling reference cannot be answered.',
    help: 'Fix the reference to name the right question, or add the missing question to the open questions.',
  },
  ({ file, report }) => {
    const model = rubricModel(file);
    if (!model) return;
    const q = sectionNumber(model, 'questions');
    const known = new Set(model.questions.map((x) => x.id));
    const knownList = [...new Set(model.questions.map((x) => x.id))];
    const hasSection = sectionById(model, 'questions') !== null;
    const reportedIds = new Set<string>();
    for (const claim of model.claims) {
      if (claim.provenance === 'maintainer') continue;
      const byRange = new Map<
        number,
        { raw: string; range: (typeof claim.questionRefs)[number]['range']; ids: string[] }
      >();
      for (const ref of claim.questionRefs) {
        if (ref.raw === '' || known.has(ref.id)) continue;
        if (!hasSection && reportedIds.has(ref.id)) continue;
        reportedIds.add(ref.id);
        const entry = byRange.get(ref.range.start.offset) ?? { raw: ref.raw, range: ref.range, ids: [] };
        if (!entry.ids.includes(ref.id)) entry.ids.push(ref.id);
        byRange.set(ref.range.start.offset, entry);
      }
      for (const { raw, range, ids } of byRange.values()) {
        const missing = joinWords(ids);
        const reason = hasSection
          ? `This claim cites ${raw.trim()}, but ${q} has no ${missing} (it has ${describeIds(knownList)}): correct the reference or add the question to ${q}.`
          : `This claim cites ${raw.trim()}, but the document has no open-questions section (${q}) to hold ${missing}: add ${q} with the question, or correct the reference.`;
        report(reason, place(range));
      }
    }
  },
);
