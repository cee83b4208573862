/**
 * `newer-table-shape` — a table the newer spec requires is absent or lacks one of its columns.
 *
 * output-structure.md names six tables and their columns: the 1.7
 * per-input-operand trust table ("Prose is not sufficient") and
 * contract-dimension matrix, the 1.8 output-channel table, the 1.10 actor
 * table, the 1.12 disclaimer table and the 1.15 known non-finding table
 * (each under "Table shape"). A section marked Not applicable needs none. A
 * missing Provenance column is `newer-table-provenance`'s. The message sits on
 * the table (or the section heading when the table is absent). Older-generation
 * documents are not checked.
 */
import { atLine, newerDoc } from '../newer/doc.js';
import { findTable, missingColumns, PROVENANCE_TABLES } from '../newer/tables.js';
import { defineRule } from '../rule.js';

export default defineRule(
  {
    id: 'newer-table-shape',
    severity: 'error',
    summary:
      'A table the newer spec requires (1.7 trust table and matrix, 1.8, 1.10, 1.12, 1.15) is absent or lacks a column.',
    description:
      'output-structure.md gives the shape of six tables: 1.7 `Entry point | Input operand | Attacker-controllable? | Control kind | Caller must enforce | Provenance` and `Component | Dimension | Status | Conditions / boundary | Routes to | Provenance`; 1.8 `Output channel | Component | Taint | Downstream must not assume | Provenance`; 1.10 `Actor | In scope? | Capabilities held | Capabilities excluded | Goals | Provenance`; 1.12 `ID | The project does not provide | Conditions / boundary | Tier | False friend? | Provenance`; 1.15 `ID | Components | Symptom / attack class | What gets reported | Conditions for an exact match | Discharged by | Provenance`.',
    help: 'Write the table with the spec’s columns (or mark the whole section `Not applicable — <reason>`).',
  },
  ({ tree, file, report }) => {
    const doc = newerDoc(tree, file);
    if (!doc) return;
    for (const shape of PROVENANCE_TABLES) {
      const found = findTable(doc, shape);
      if (!found || found.na) continue;
      const cols = shape.columns.map(([n]) => n).join(' | ');
      if (!found.table) {
        report(
          `${shape.clause}: ${found.section.number ?? ''} has no ${shape.name} (\`${cols}\`); prose is not sufficient.`,
          atLine(doc, found.section.heading.start.offset, found.section.heading.end.offset),
        );
        continue;
      }
      const missing = missingColumns(found.table, shape).filter((c) => c !== 'Provenance');
      if (missing.length)
        report(
          `${shape.clause}: the ${shape.name} lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (shape \`${cols}\`).`,
          atLine(doc, found.table.start, found.table.end),
        );
    }
  },
);
