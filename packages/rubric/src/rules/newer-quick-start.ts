/**
 * `newer-quick-start` — the 1.1 header has no triager quick-start, or it does not end with the provenance gate.
 *
 * output-structure.md, "1.1 Header": "**Triager quick-start** — a boxed
 * routing algorithm" ending with step 8, "Before closing, check the
 * provenance of the claim that licenses the close … Record the outcome as
 * `closed`, `escalated`, or `provisional`". self-check.md Gate 3: the header
 * contains the quick-start, "its steps reference sections that actually
 * exist", and it "ends with the provenance gate, and the model uses the
 * `closed` / `provisional` / `escalated` status vocabulary". The quick-start
 * is the blockquote (or list) after a "Triager quick-start" label in the
 * header. Older-generation documents are not checked.
 */
import type { SectionId } from '@tmsync/core';
import { sectionByNumber } from '@tmsync/core';
import { at, atLine, newerDoc, nodesIn, section, sectionRefs } from '../newer/doc.js';
import { defineRule } from '../rule.js';

const CLAUSE = 'output-structure.md, "1.1 Header" (Triager quick-start)';

export default defineRule(
  {
    id: 'newer-quick-start',
    severity: 'error',
    summary:
      'The 1.1 header has no triager quick-start, it cites a section the document lacks, or it does not end with the provenance gate.',
    description: `${CLAUSE} and self-check.md Gate 3: the header holds a boxed routing algorithm whose steps cite sections that exist and which ends with the provenance gate and the closed/escalated/provisional status vocabulary.`,
    help: 'Add a `**Triager quick-start**` label followed by the boxed (blockquote) routing steps 0–8 of output-structure.md, in the project’s words.',
  },
  ({ tree, file, report }) => {
    const doc = newerDoc(tree, file);
    if (!doc) return;
    const header = section(doc, 'header');
    if (!header) return;
    const hs = header.range.start.offset;
    const he = header.range.end.offset;
    const label = /triager quick[- ]start/i.exec(doc.text.slice(hs, he));
    if (!label) {
      report(
        `${CLAUSE}: the header has no triager quick-start (the boxed routing algorithm a triager follows).`,
        atLine(doc, hs, he),
      );
      return;
    }
    const from = hs + label.index;
    const box =
      nodesIn(doc, 'blockquote', { start: from, end: he })[0] ??
      nodesIn(doc, 'list', { start: from, end: he }).find((l) => l.ordered) ??
      null;
    const span = box ? { start: box.position?.start.offset ?? from, end: box.position?.end.offset ?? from } : null;
    if (!span) {
      report(
        `${CLAUSE}: the triager quick-start has no steps; write the routing algorithm as a boxed list.`,
        at(doc, from, from + label[0].length),
      );
      return;
    }
    const text = doc.text.slice(span.start, span.end);
    const missing = ['closed', 'escalated', 'provisional'].filter((w) => !new RegExp(`\\b${w}\\b`, 'i').test(text));
    if (missing.length || !/provenance/i.test(text))
      report(
        `${CLAUSE}: the quick-start does not end with the provenance gate (check the licensing claim's provenance before closing; record the outcome as closed, escalated or provisional)${missing.length ? `: it never says ${missing.join(', ')}` : ''}.`,
        atLine(doc, span.start, span.end),
      );
    const have = new Set(doc.model.sections.map((s) => s.id).filter(Boolean) as SectionId[]);
    for (const n of new Set(sectionRefs(text))) {
      const id = sectionByNumber(n, 'newer');
      if (id && !have.has(id))
        report(
          `${CLAUSE}: the quick-start cites ${n}, a section this document does not have.`,
          atLine(doc, span.start, span.end),
        );
    }
  },
);
