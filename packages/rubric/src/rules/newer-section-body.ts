/**
 * `newer-section-body` — a 1.1–1.19 section is empty, absent (1.19), or marked Not applicable wrongly.
 *
 * output-structure.md, opening: "Use these sections, in this order … Each
 * section is either substantive or explicitly marked `Not applicable —
 * <reason>`. Empty headings are a smell." and "Marking a section Not
 * applicable": a section is N/A only when its entire body is the single line
 * `Not applicable — <reason>`; inside a substantive section say what is
 * absent in plain words rather than writing "not applicable" mid-section
 * (self-check.md Gate 1: "says so on its first line and nowhere else").
 * Missing 1.1–1.18 are `section-missing`'s; 1.19 (machine-readable
 * companions), which that rule treats as optional, is required here. The
 * message sits on the heading. Older-generation documents are not checked.
 */
import type { SectionId } from '@tmsync/core';
import { SECTION_ORDER, sectionDef } from '@tmsync/core';
import { atLine, bodySpan, bodyText, isNotApplicable, newerDoc, section } from '../newer/doc.js';
import { defineRule } from '../rule.js';

const CLAUSE = 'output-structure.md, "Marking a section Not applicable"';

export default defineRule(
  {
    id: 'newer-section-body',
    severity: 'error',
    summary: 'A 1.1–1.19 section is empty, missing (1.19), or marked Not applicable other than as its whole body.',
    description: `${CLAUSE}: every section 1.1–1.19 is substantive or its entire body is the single line "Not applicable — <reason>"; a substantive section states what is absent in plain words, never "not applicable" mid-section.`,
    help: 'Write the section, or make its whole body one line `Not applicable — <reason>`; inside a substantive section say what is absent in plain words.',
  },
  ({ tree, file, report }) => {
    const doc = newerDoc(tree, file);
    if (!doc) return;
    const last = doc.model.sections[doc.model.sections.length - 1];
    for (const id of SECTION_ORDER as readonly SectionId[]) {
      const def = sectionDef(id);
      const s = section(doc, id);
      if (!s) {
        if (id === 'companion' && last)
          report(
            `${CLAUSE}: ${def.newer} ${def.title} is missing; every section 1.1–1.19 is present, substantive or "Not applicable — <reason>".`,
            atLine(doc, last.heading.start.offset, last.heading.end.offset),
          );
        continue;
      }
      const head = atLine(doc, s.heading.start.offset, s.heading.end.offset);
      const body = bodyText(doc, s).trim();
      const name = `${s.number ?? def.newer} ${def.title}`;
      if (body === '') {
        report(`${CLAUSE}: ${name} has an empty body; write it, or make it "Not applicable — <reason>".`, head);
        continue;
      }
      if (isNotApplicable(doc, s)) continue;
      const lines = body.split('\n');
      const first = (lines[0] ?? '').replace(/^[*_>\s-]+/, '');
      if (/^(not applicable|n\/a)\b/i.test(first)) {
        report(
          `${CLAUSE}: ${name} starts with Not applicable but ${lines.length > 1 ? 'has more than that one line' : 'gives no reason'}; the N/A form is the single line "Not applicable — <reason>".`,
          head,
        );
        continue;
      }
      const span = bodySpan(s);
      const m = /\bnot applicable\b/i.exec(doc.text.slice(span.start, span.end));
      if (m)
        report(
          `${CLAUSE}: ${name} is substantive but says "not applicable" mid-section; tooling reads only the first line, so say what is absent in plain words.`,
          atLine(doc, span.start + m.index, span.start + m.index + m[0].length),
        );
    }
  },
);
