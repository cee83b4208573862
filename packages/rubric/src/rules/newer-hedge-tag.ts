/**
 * `newer-hedge-tag` — an invented hedge tag stands in for a provenance tag.
 *
 * output-structure.md, "Provenance tags": "Do not invent hedge-tags
 * ("*(implicit)*", "*(documented in purpose)*", "*(generally known)*")"; a
 * claim carries exactly one of the four tags. Flagged: an emphasised
 * parenthetical that is a hedge word (implicit, implied, generally known,
 * well known, common knowledge, assumed, presumed, likely, probable,
 * speculative, unverified, observed), and a kind word run into other words with
 * no separator (*(documented in purpose)*). Older-generation documents are not
 * checked.
 */
import { at, newerDoc, nodesIn } from '../newer/doc.js';
import { defineRule } from '../rule.js';

const CLAUSE = 'output-structure.md, "Provenance tags" ("Do not invent hedge-tags")';
const HEDGE_RE =
  /^\(\s*(implicit|implied|generally known|well[- ]known|common knowledge|assumed|presumed|likely|probable|speculative|unverified|observed)\s*\)$/i;
const RUN_ON_RE = /^\(\s*(documented|maintainer|assumption|inferred)\s+(?![—–-])[a-z]{2,}/;

export default defineRule(
  {
    id: 'newer-hedge-tag',
    severity: 'error',
    summary: 'An invented hedge tag (implicit, generally known, documented in purpose…) replaces a provenance tag.',
    description: `${CLAUSE}: a claim that is not clearly documented or maintainer is an assumption (a committed default) or inferred (an open question); hedge variants carry no source, date or QN and are not read as tags.`,
    help: 'Replace the hedge with *(documented, <locator>)*, *(maintainer, YYYY-MM)*, *(assumption, QN)* or *(inferred, QN)*.',
  },
  ({ tree, file, report }) => {
    const doc = newerDoc(tree, file);
    if (!doc) return;
    const span = { start: 0, end: doc.text.length };
    for (const em of nodesIn(doc, 'emphasis', span)) {
      const s = em.position?.start.offset ?? 0;
      const e = em.position?.end.offset ?? 0;
      const inner = doc.text.slice(s + 1, e - 1).trim();
      if (!inner.startsWith('(') || !inner.endsWith(')')) continue;
      if (!HEDGE_RE.test(inner) && !RUN_ON_RE.test(inner)) continue;
      report(`${CLAUSE}: *${inner}* is a hedge tag, not one of the four provenance tags.`, at(doc, s, e));
    }
  },
);
