/**
 * `newer-non-finding-fields` — a 1.15 entry lacks its symptom, its discharging claim, or names every family.
 *
 * output-structure.md, "1.15 Known non-findings": each entry "cites the
 * specific assumption, disclaimer, or claimed-property ID that discharges
 * it" (rule 1: the `Discharged by` field must be a stable claim ID); rule 3:
 * "Name a symptom or attack class"; rule 2: "`any in-scope family` is
 * likewise forbidden as a component". A `Discharged by` ID is checked to be
 * defined in the document (a 1.11 heading, or the first cell of a 1.3, 1.7,
 * 1.11 or 1.12 table row or list item). Older-generation documents are not
 * checked.
 */
import { at, atLine, cell, newerDoc, plain } from '../newer/doc.js';
import { col, findTable, NON_FINDING_TABLE } from '../newer/tables.js';
import { defineRule } from '../rule.js';

export default defineRule(
  {
    id: 'newer-non-finding-fields',
    severity: 'error',
    summary:
      'A 1.15 known non-finding has no symptom, no Discharged-by claim ID (or one not in the document), or the component "any in-scope family".',
    description: `${NON_FINDING_TABLE.clause}: every entry names a symptom or attack class, is discharged by a stable claim ID from §1.11, §1.12, §1.7 or §1.3 of this document, and never names "any in-scope family" as its component.`,
    help: 'Name the symptom, cite the property or disclaimer ID that discharges the entry, and list the components it covers.',
  },
  ({ tree, file, report }) => {
    const doc = newerDoc(tree, file);
    if (!doc) return;
    const table = findTable(doc, NON_FINDING_TABLE)?.table;
    if (!table) return;
    const ci = col(table, NON_FINDING_TABLE, 'Components');
    const si = col(table, NON_FINDING_TABLE, 'Symptom / attack class');
    const di = col(table, NON_FINDING_TABLE, 'Discharged by');
    const defined = definedIds(doc.text);
    for (const row of table.rows) {
      const id = plain(row.cells[0]?.text ?? '');
      const line = atLine(doc, row.start, row.end);
      const comp = cell(row, ci);
      if (comp && /\bany in-scope family\b|\ball-in-scope\b/i.test(comp.text))
        report(
          `${NON_FINDING_TABLE.clause}: the entry "${id}" names "any in-scope family" as its component; an entry that matches everywhere matches too much.`,
          at(doc, comp.start, comp.end),
        );
      if (si >= 0 && plain(cell(row, si)?.text ?? '') === '')
        report(`${NON_FINDING_TABLE.clause}: the entry "${id}" names no symptom or attack class.`, line);
      if (di < 0) continue;
      const d = cell(row, di);
      const v = plain(d?.text ?? '');
      if (v === '') {
        report(
          `${NON_FINDING_TABLE.clause}: the entry "${id}" has an empty Discharged by; cite the claim ID that discharges it.`,
          line,
        );
        continue;
      }
      const ids = v.split(/\s*(?:,|;|\band\b)\s*/).filter(Boolean);
      const unknown = ids.filter((x) => /^[A-Za-z][\w.-]*\d[\w.-]*$|^[A-Z]+-[\w-]+$/.test(x) && !defined.has(x));
      if (unknown.length && d)
        report(
          `${NON_FINDING_TABLE.clause}: the entry "${id}" is discharged by ${unknown.join(', ')}, which no claim in this document defines.`,
          at(doc, d.start, d.end),
        );
    }
  },
);

/** Claim IDs the document defines: heading labels (`### P1 — …`), first table cells, bold list labels. */
function definedIds(text: string): Set<string> {
  const ids = new Set<string>();
  for (const m of text.matchAll(/^#{2,6}\s+(?:§?[\d.]+\s+)?`?([A-Za-z][\w.-]*)`?\s*[—–:-]/gm)) if (m[1]) ids.add(m[1]);
  for (const m of text.matchAll(/^\|\s*`?\*{0,2}([A-Za-z][\w.-]*)\*{0,2}`?\s*\|/gm)) if (m[1]) ids.add(m[1]);
  for (const m of text.matchAll(/^\s*[-*+]\s+\*\*`?([A-Za-z][\w.-]*)`?\*\*/gm)) if (m[1]) ids.add(m[1]);
  for (const m of text.matchAll(/^\s*(?:[-*+]\s+)?\*\*`?([A-Za-z][\w.-]*\d[\w.-]*)`?\s*[—–:.-]/gm))
    if (m[1]) ids.add(m[1]);
  for (const m of text.matchAll(/\b1\.(?:[1-9]|1[0-9])\b/g)) ids.add(m[0]);
  return ids;
}
