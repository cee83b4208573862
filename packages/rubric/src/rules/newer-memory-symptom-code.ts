/**
 * `newer-memory-symptom-code` — a memory-safety symptom is not backed by a code location.
 *
 * output-structure.md, 1.11, "A memory-safety symptom needs a code citation,
 * not a doc quote": "When the symptom is `oob-read`, `oob-write`,
 * `buffer-overflow`, or `use-after-free`, the evidence must include a
 * `file:line` pointing at the write or access path." The `file:line` must
 * sit in the property outside its "Voided by" field (an off-switch is not the
 * access path). Older-generation documents are not checked.
 */
import { at, atLine, fieldOf, FILE_LINE_RE, newerDoc, propertyBlocks } from '../newer/doc.js';
import { MEMORY_SYMPTOMS, symptomsIn } from '../newer/properties.js';
import { defineRule } from '../rule.js';

const CLAUSE = 'output-structure.md, 1.11 "A memory-safety symptom needs a code citation"';

export default defineRule(
  {
    id: 'newer-memory-symptom-code',
    severity: 'error',
    summary: 'A 1.11 property with an oob-read/oob-write/buffer-overflow/use-after-free symptom cites no file:line.',
    description: `${CLAUSE}: documentation promises return codes, only code shows memory outcomes, so a memory-safety symptom needs a file:line at the access path.`,
    help: 'Add evidence as `file:line` pointing at the access or write path, or soften the symptom to what the cited evidence establishes.',
  },
  ({ tree, file, report }) => {
    const doc = newerDoc(tree, file);
    if (!doc) return;
    for (const p of propertyBlocks(doc)) {
      const symptom = fieldOf(p.fields, /symptom/);
      if (!symptom) continue;
      const memory = symptomsIn(symptom.value).filter((s) => MEMORY_SYMPTOMS.has(s));
      if (memory.length === 0) continue;
      const voids = p.fields.filter((f) => /void/.test(f.name));
      let body = doc.text.slice(p.start, p.end);
      for (const v of voids)
        body = body.slice(0, v.start - p.start) + ' '.repeat(v.end - v.start) + body.slice(v.end - p.start);
      if (FILE_LINE_RE.test(body)) continue;
      report(
        `${CLAUSE}: the property "${p.title}" has the symptom ${memory.join(', ')} but its evidence has no file:line at the access path.`,
        symptom ? at(doc, symptom.valueStart, symptom.end) : atLine(doc, p.heading.start, p.heading.end),
      );
    }
  },
);
