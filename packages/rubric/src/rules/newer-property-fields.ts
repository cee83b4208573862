/**
 * `newer-property-fields` — a 1.11 property lacks its symptom or tier, or an unratified one is security-critical.
 *
 * output-structure.md, "1.11 Security properties the project provides": each
 * property states (2) its violation symptom "from the closed set" (`crash`,
 * `oob-read`, … `data-race`, or an `x-` value) and (3) its severity tier
 * (security-critical or correctness-only); and "An unratified property —
 * **inferred** or **assumption** — may not carry a `security-critical`
 * tier." A property is a subsection of 1.11 (worked examples aside) with
 * `**Violation symptom**:` and `**Tier**:` fields. Older-generation documents
 * are not checked.
 */
import { at, atLine, claimsIn, fieldOf, newerDoc, plain, propertyBlocks } from '../newer/doc.js';
import { symptomsIn } from '../newer/properties.js';
import { defineRule } from '../rule.js';

const CLAUSE = 'output-structure.md, "1.11 Security properties the project provides"';

export default defineRule(
  {
    id: 'newer-property-fields',
    severity: 'error',
    summary:
      'A 1.11 property has no symptom from the closed vocabulary or no tier, or an inferred/assumption property is security-critical.',
    description: `${CLAUSE}: every property carries a violation symptom from the closed set and a severity tier; an unratified (inferred or assumption) property may not carry the security-critical tier.`,
    help: 'Add `**Violation symptom**:` and `**Tier**:`; leave an unratified guarantee as an unresolved matrix row with a §1.18 question rather than a security-critical property.',
  },
  ({ tree, file, report }) => {
    const doc = newerDoc(tree, file);
    if (!doc) return;
    for (const p of propertyBlocks(doc)) {
      const head = atLine(doc, p.heading.start, p.heading.end);
      const symptom = fieldOf(p.fields, /symptom/);
      if (!symptom) report(`${CLAUSE}: the property "${p.title}" states no violation symptom.`, head);
      else if (symptomsIn(symptom.value).length === 0)
        report(
          `${CLAUSE}: the property "${p.title}" has the symptom "${plain(symptom.value).slice(0, 40)}", which is not in the closed vocabulary (crash, oob-read, oob-write, buffer-overflow, use-after-free, uninitialized-read, info-leak, hang, unbounded-allocation, wrong-output, bad-data-accepted, integrity-bypass, data-race, or x-…).`,
          at(doc, symptom.valueStart, symptom.end),
        );
      const tier = fieldOf(p.fields, /tier|severity/);
      const tierValue = plain(tier?.value ?? '').toLowerCase();
      if (!tier || !/security-critical|correctness-only/.test(tierValue)) {
        report(
          `${CLAUSE}: the property "${p.title}" has no severity tier (security-critical or correctness-only).`,
          tier ? at(doc, tier.valueStart, tier.end) : head,
        );
        continue;
      }
      if (!tierValue.includes('security-critical')) continue;
      const kinds = new Set(claimsIn(doc, p).map((c) => c.provenance));
      if ((kinds.has('inferred') || kinds.has('assumption')) && !kinds.has('documented') && !kinds.has('maintainer'))
        report(
          `${CLAUSE}: the property "${p.title}" is unratified (${[...kinds].join(', ')}) but tiered security-critical; leave it an unresolved matrix row with a §1.18 choice question.`,
          at(doc, tier.valueStart, tier.end),
        );
    }
  },
);
