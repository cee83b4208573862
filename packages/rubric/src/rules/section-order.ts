/**
 * `section-order` — rubric sections are out of the rubric's order.
 *
 * Takes the rubric sections in document order (first occurrence of each),
 * keeps the longest run that is already in rubric order, and reports each
 * section outside it: the fewest moves that restore the order, so one
 * misplaced section gives one message, not one per section after it.
 */
import type { Section, SectionId } from '@tmsync/core';
import { sectionRank } from '@tmsync/core';
import { allSections, placeLine, rubricModel, sectionName } from '../model.js';
import { defineRule } from '../rule.js';

/** Indexes of a longest strictly increasing subsequence of `values`. */
function longestIncreasing(values: readonly number[]): Set<number> {
  const tails: number[] = [];
  const prev: number[] = new Array<number>(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((values[tails[mid] as number] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1] as number;
    tails[lo] = i;
  }
  const keep = new Set<number>();
  for (let k = tails.length ? (tails[tails.length - 1] as number) : -1; k >= 0; k = prev[k] as number) keep.add(k);
  return keep;
}

export default defineRule(
  {
    id: 'section-order',
    severity: 'warning',
    summary: "Rubric sections are not in the rubric's order.",
    description:
      "Triagers navigate a model by the rubric's order (header, scope, out of scope, … dispositions, open questions). " +
      'The rule finds the fewest sections to move to restore that order and reports each of them.',
    help: "Move the section between the two sections the message names; sections of the document's own may stay where they are.",
  },
  ({ file, report }) => {
    const model = rubricModel(file);
    if (!model) return;
    const seen = new Set<SectionId>();
    const list: (Section & { id: SectionId })[] = [];
    for (const s of allSections(model)) {
      if (s.id === null || seen.has(s.id)) continue;
      seen.add(s.id);
      list.push(s as Section & { id: SectionId });
    }
    const ranks = list.map((s) => sectionRank(s.id));
    const keep = longestIncreasing(ranks);
    const ordered = list.filter((_, i) => keep.has(i));
    list.forEach((s, i) => {
      if (keep.has(i)) return;
      const rank = ranks[i] as number;
      const before = [...ordered].reverse().find((o) => sectionRank(o.id) < rank);
      const after = ordered.find((o) => sectionRank(o.id) > rank);
      const where = [
        before ? `after ${sectionName(model, before.id)} (line ${before.heading.start.line})` : '',
        after ? `before ${sectionName(model, after.id)} (line ${after.heading.start.line})` : '',
      ]
        .filter(Boolean)
        .join(' and ');
      report(
        `${sectionName(model, s.id)} is out of the rubric's order: move it ${where || 'to its rubric place'}.`,
        placeLine(s.level === 0 ? s.range : s.heading, String(file)),
      );
    });
  },
);
