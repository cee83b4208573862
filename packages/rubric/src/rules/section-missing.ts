/**
 * `section-missing` — a section the rubric requires is absent.
 *
 * The older rubric requires §1–§14 with §5a and §11a; the newer one requires
 * 1.1–1.18 (it adds 1.8 outputs and 1.9 dependencies). The machine-readable
 * companion (§15 / 1.19) is optional. A section counts as present at any
 * heading depth (`### 11a.` under §11 counts). The message sits on the
 * heading of the section the missing one should precede (or follow, at the
 * end) and names both in the document's own numbering. A delta model's
 * inherited sections (its declared baseline) are not missing.
 */
import type { Section, SectionId } from '@tmsync/core';
import { SECTION_ORDER, sectionDef, sectionRank } from '@tmsync/core';
import { allSections, placeLine, rubricModel, sectionName } from '../model.js';
import { defineRule } from '../rule.js';

export default defineRule(
  {
    id: 'section-missing',
    severity: 'error',
    summary: 'A section the rubric requires is missing.',
    description:
      'Every rubric section must be present: §1–§14 with §5a and §11a in the older generation, 1.1–1.18 in the newer one (which adds outputs and dependencies). ' +
      'Sections are recognised by number and title in either generation; the optional machine-readable companion is not required.',
    help: 'Add the missing section with its rubric number and title where the message says; if a section says nothing, write so in one line ("None: …") rather than leaving it out.',
  },
  ({ file, report }) => {
    const model = rubricModel(file);
    if (!model) return;
    const text = String(file);
    const present = allSections(model).filter((s): s is Section & { id: SectionId } => s.id !== null);
    const have = new Set(present.map((s) => s.id));
    // A delta model inherits the sections its baseline declaration names.
    for (const id of model.baseline?.sections ?? []) have.add(id);
    for (const def of SECTION_ORDER.map(sectionDef)) {
      if (!def.required[model.generation] || have.has(def.id)) continue;
      const rank = sectionRank(def.id);
      const after = present.find((s) => sectionRank(s.id) > rank);
      const before = [...present].reverse().find((s) => sectionRank(s.id) < rank);
      const anchor = after ?? before;
      const where = after
        ? `before ${sectionName(model, after.id)} (line ${after.heading.start.line})`
        : before
          ? `after ${sectionName(model, before.id)} (line ${before.heading.start.line})`
          : 'in its rubric place';
      const at = anchor
        ? placeLine(anchor.level === 0 ? anchor.range : anchor.heading, text)
        : { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
      report(`${sectionName(model, def.id)} is missing: the rubric requires it, so add it ${where}.`, at);
    }
  },
);
