/**
 * `newer-table-provenance` — a spec-named table has no Provenance column, or a row leaves it without a tag.
 *
 * output-structure.md: the Provenance column is required in the 1.7 trust
 * table and contract-dimension matrix, the 1.8 output table ("the Provenance
 * column is required"; "Never answer a citation problem by deleting the
 * column"), the 1.10 actor table ("Provenance column required"), the 1.12
 * disclaimer table and the 1.15 non-finding table ("Provenance is its own
 * required column"). Every row's Provenance cell carries a provenance tag.
 * Older-generation documents are not checked.
 */
import { at, atLine, cell, claimsIn, newerDoc, plain } from '../newer/doc.js';
import { col, findTable, PROVENANCE_TABLES } from '../newer/tables.js';
import { defineRule } from '../rule.js';

export default defineRule(
  {
    id: 'newer-table-provenance',
    severity: 'error',
    summary: 'A table the spec names has no Provenance column, or a row’s Provenance cell carries no tag.',
    description:
      'output-structure.md requires a Provenance column in the 1.7 trust table and matrix and the 1.8, 1.10, 1.12 and 1.15 tables, filled in every row: a row with no tag keeps its authority while losing its evidence, and an untagged row cannot close a report.',
    help: 'Add the Provenance column and tag every row *(documented, <locator>)*, *(maintainer, YYYY-MM)*, *(assumption, QN)* or *(inferred, QN)*.',
  },
  ({ tree, file, report }) => {
    const doc = newerDoc(tree, file);
    if (!doc) return;
    for (const shape of PROVENANCE_TABLES) {
      const found = findTable(doc, shape);
      if (!found?.table) continue;
      const { table } = found;
      const pc = col(table, shape, 'Provenance');
      if (pc < 0) {
        report(
          `${shape.clause}: the ${shape.name} has no Provenance column; it is required — never answer a citation problem by deleting the column.`,
          atLine(doc, table.start, table.end),
        );
        continue;
      }
      for (const row of table.rows) {
        const c = cell(row, pc);
        if (c && claimsIn(doc, c).length > 0) continue;
        const label = plain(row.cells[0]?.text ?? '').slice(0, 40);
        report(
          `${shape.clause}: the ${shape.name} row "${label}" has ${c && plain(c.text) ? 'no provenance tag in its Provenance cell' : 'an empty Provenance cell'}; tag it.`,
          c && plain(c.text) ? at(doc, c.start, c.end) : atLine(doc, row.start, row.end),
        );
      }
    }
  },
);
