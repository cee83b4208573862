/**
 * `newer-provenance-detail` — a newer-generation tag lacks the detail its kind requires.
 *
 * output-structure.md, "Provenance tags": a *(documented, source)* tag names
 * its source; a *(maintainer, YYYY-MM)* tag is "always dated"; an
 * *(assumption, QN)* or *(inferred, QN)* tag carries the `QN` of exactly one
 * §1.18 question ("`QN` must resolve to a §1.18 ratification item"). And "a
 * parenthesized kind is always a claim tag": every one must carry its source,
 * date, or `QN`. The message sits on the tag. Older-generation documents are
 * not checked.
 */
import { place } from '../model.js';
import { newerDoc } from '../newer/doc.js';
import { defineRule } from '../rule.js';

const CLAUSE = 'output-structure.md, "Provenance tags"';

export default defineRule(
  {
    id: 'newer-provenance-detail',
    severity: 'error',
    summary: 'A newer-generation provenance tag lacks its source, date, or single question id.',
    description: `${CLAUSE}: documented names a source, maintainer carries a YYYY-MM date, assumption and inferred carry exactly one QN of a §1.18 question. A parenthesized kind word is always a claim tag, so a bare one fails.`,
    help: 'Write *(documented, <locator>)*, *(maintainer, YYYY-MM)*, *(assumption, QN)* or *(inferred, QN)*; name a tag kind as vocabulary in **bold**, never in parentheses.',
  },
  ({ tree, file, report }) => {
    const doc = newerDoc(tree, file);
    if (!doc) return;
    for (const c of doc.model.claims) {
      const refs = [...new Set(c.questionRefs.map((r) => r.id))];
      let problem: string | null = null;
      if (c.provenance === 'documented' && c.citation.replace(/[\s*_`.,;:—–-]/g, '') === '')
        problem = 'a documented tag names no source: write *(documented, <locator>)*';
      else if (c.provenance === 'maintainer' && !/\b\d{4}-\d{2}\b/.test(c.citation))
        problem = 'a maintainer tag carries no YYYY-MM date: write *(maintainer, YYYY-MM)*';
      else if ((c.provenance === 'inferred' || c.provenance === 'assumption') && refs.length !== 1)
        problem =
          refs.length === 0
            ? `an ${c.provenance} tag cites no question: write *(${c.provenance}, QN)* with the id of its §1.18 question`
            : `an ${c.provenance} tag cites ${refs.length} questions (${refs.join(', ')}): it carries exactly one QN`;
      if (problem) report(`${CLAUSE}: ${problem}.`, place(c.tagRange));
    }
  },
);
