/**
 * `newer-property-voids` — a 1.11 property's "what voids it" is missing or not checkable.
 *
 * output-structure.md, 1.11 "Every property states what voids it — from the
 * code": required when the symptom is consequential (`oob-read`, `oob-write`,
 * `buffer-overflow`, `use-after-free`, `uninitialized-read`,
 * `bad-data-accepted`, `integrity-bypass`, `unbounded-allocation`); each
 * switch is written `<what the caller does> — <file>:<line>`; "Nothing voids
 * it" must come with the search, written as a command (a code span holding a
 * grep/rg/git grep/ag/ack/find command). Read from a `**Voided by**:` (or
 * "What voids it") field. Older-generation documents are not checked.
 */
import { at, atLine, fieldOf, FILE_LINE_RE, newerDoc, plain, propertyBlocks } from '../newer/doc.js';
import { CONSEQUENTIAL_SYMPTOMS, symptomsIn } from '../newer/properties.js';
import { defineRule } from '../rule.js';

const CLAUSE = 'output-structure.md, 1.11 "Every property states what voids it"';
const SEARCH_RE = /`[^`]*\b(grep|rg|git grep|ag|ack|find)\b[^`]*`/;

export default defineRule(
  {
    id: 'newer-property-voids',
    severity: 'error',
    summary:
      'A 1.11 property with a consequential symptom states no "Voided by", or a void is neither file:line nor a search command.',
    description: `${CLAUSE}: each off-switch is cited as file:line at the statement implementing it; "nothing voids it" comes with a re-runnable search command. Required for memory outcomes, bad-data-accepted, integrity-bypass and unbounded-allocation.`,
    help: 'Write `**Voided by**: <what the caller does> — file:line`, or `**Voided by**: nothing. Search: `grep -rn … <files>` — 0 hits`.',
  },
  ({ tree, file, report }) => {
    const doc = newerDoc(tree, file);
    if (!doc) return;
    for (const p of propertyBlocks(doc)) {
      const voids = fieldOf(p.fields, /void/);
      const symptom = fieldOf(p.fields, /symptom/);
      const consequential = symptomsIn(symptom?.value ?? '').filter((s) => CONSEQUENTIAL_SYMPTOMS.has(s));
      if (!voids) {
        if (consequential.length)
          report(
            `${CLAUSE}: the property "${p.title}" has the consequential symptom ${consequential.join(', ')} but states no "Voided by".`,
            atLine(doc, p.heading.start, p.heading.end),
          );
        continue;
      }
      // A void's value may continue on indented lines below the field.
      const value = doc.text.slice(voids.valueStart, nextFieldStart(p, voids));
      const where = at(doc, voids.valueStart, voids.end);
      if (/^\s*(nothing|none|no switch|no off-switch)\b/i.test(plain(value))) {
        if (!SEARCH_RE.test(value))
          report(
            `${CLAUSE}: the property "${p.title}" says nothing voids it but gives no search command; write the command and its result.`,
            where,
          );
      } else if (!FILE_LINE_RE.test(value)) {
        report(
          `${CLAUSE}: the property "${p.title}" lists an off-switch with no file:line at the statement that implements it.`,
          where,
        );
      }
    }
  },
);

function nextFieldStart(p: { end: number; fields: { start: number }[] }, f: { start: number; end: number }): number {
  const next = p.fields.find((x) => x.start > f.start);
  return next ? next.start : Math.min(p.end, f.end);
}
