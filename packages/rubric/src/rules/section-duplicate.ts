/**
 * `section-duplicate` — a rubric section appears more than once.
 *
 * Two headings that map to the same rubric section (by number or title, at
 * any depth) make references like "§3" ambiguous and split what belongs
 * together. The message sits on each repeated heading and names the first.
 */
import type { SectionId } from '@tmsync/core';
import { allSections, placeLine, rubricModel, sectionName } from '../model.js';
import { defineRule } from '../rule.js';

export default defineRule(
  {
    id: 'section-duplicate',
    severity: 'error',
    summary: 'A rubric section appears more than once.',
    description:
      'Each rubric section (by meaning: §7 in the older rubric and 1.10 in the newer are both the adversary model) must appear once, so that a reference such as "§3" or "1.3" names one place.',
    help: "Merge the repeated section into the first one; if it is a section of the document's own, give it a number and title of its own (for example §11b).",
  },
  ({ file, report }) => {
    const model = rubricModel(file);
    if (!model) return;
    const first = new Map<SectionId, number>();
    for (const s of allSections(model)) {
      if (s.id === null) continue;
      const line = first.get(s.id);
      if (line === undefined) {
        first.set(s.id, s.heading.start.line);
        continue;
      }
      report(
        `${sectionName(model, s.id)} appears again here (first at line ${line}): merge this section into the first one, or renumber it as a section of the document's own.`,
        placeLine(s.heading, String(file)),
      );
    }
  },
);
