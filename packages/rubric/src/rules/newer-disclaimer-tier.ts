/**
 * `newer-disclaimer-tier` — a 1.12 disclaimer has no tier or no boundary.
 *
 * output-structure.md, "1.12 Security properties the project does not
 * provide": "**Tier** is required on every row and takes the §1.11
 * vocabulary, `security-critical` or `correctness-only`"; "A missing tier is
 * not a neutral omission … Fill every cell"; Conditions / boundary says
 * "where the disclaimer stops". self-check.md Gate 3: "no tier cell is
 * blank". Older-generation documents are not checked.
 */
import { at, atLine, cell, newerDoc, plain } from '../newer/doc.js';
import { col, DISCLAIMER_TABLE, findTable } from '../newer/tables.js';
import { defineRule } from '../rule.js';

export default defineRule(
  {
    id: 'newer-disclaimer-tier',
    severity: 'error',
    summary: 'A 1.12 disclaimer row has no security-critical/correctness-only tier, or no conditions/boundary.',
    description: `${DISCLAIMER_TABLE.clause}: every disclaimer states its conditions/boundary and a tier, security-critical or correctness-only; triage fails closed on a blank tier.`,
    help: 'Tier the disclaimer by the worst impact of a report it would close, and say where it stops.',
  },
  ({ tree, file, report }) => {
    const doc = newerDoc(tree, file);
    if (!doc) return;
    const table = findTable(doc, DISCLAIMER_TABLE)?.table;
    if (!table) return;
    const ti = col(table, DISCLAIMER_TABLE, 'Tier');
    const bi = col(table, DISCLAIMER_TABLE, 'Conditions / boundary');
    for (const row of table.rows) {
      const id = plain(row.cells[0]?.text ?? '');
      if (ti >= 0) {
        const c = cell(row, ti);
        const v = plain(c?.text ?? '').toLowerCase();
        if (v !== 'security-critical' && v !== 'correctness-only')
          report(
            `${DISCLAIMER_TABLE.clause}: the disclaimer "${id}" has ${v ? `the tier "${v}"` : 'no tier'}; the tier is security-critical or correctness-only, and triage fails closed on a blank.`,
            c && v ? at(doc, c.start, c.end) : atLine(doc, row.start, row.end),
          );
      }
      if (bi >= 0 && plain(cell(row, bi)?.text ?? '') === '')
        report(
          `${DISCLAIMER_TABLE.clause}: the disclaimer "${id}" has no conditions/boundary; a disclaimer with no boundary over-closes.`,
          atLine(doc, row.start, row.end),
        );
    }
  },
);
