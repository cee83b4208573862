/**
 * `newer-adversary-excluded` — an in-scope actor has no excluded capabilities.
 *
 * output-structure.md, "1.10 Adversary model": "Every in-scope actor needs a
 * non-empty **Capabilities excluded** cell. That cell is what
 * `OUT-OF-MODEL: adversary-not-in-scope` cites." An actor is in scope when
 * its In scope? cell starts with yes/in. Older-generation documents are not
 * checked.
 */
import { at, atLine, cell, newerDoc, plain } from '../newer/doc.js';
import { ADVERSARY_TABLE, col, findTable } from '../newer/tables.js';
import { defineRule } from '../rule.js';

export default defineRule(
  {
    id: 'newer-adversary-excluded',
    severity: 'error',
    summary: 'An in-scope 1.10 actor has an empty Capabilities excluded cell.',
    description: `${ADVERSARY_TABLE.clause}: every in-scope actor needs a non-empty Capabilities excluded cell, which is what OUT-OF-MODEL: adversary-not-in-scope cites.`,
    help: 'Name what the actor cannot do (for example "runs code in the host process").',
  },
  ({ tree, file, report }) => {
    const doc = newerDoc(tree, file);
    if (!doc) return;
    const table = findTable(doc, ADVERSARY_TABLE)?.table;
    if (!table) return;
    const si = col(table, ADVERSARY_TABLE, 'In scope?');
    const xi = col(table, ADVERSARY_TABLE, 'Capabilities excluded');
    if (si < 0 || xi < 0) return;
    for (const row of table.rows) {
      if (!/^(yes|in\b|y\b)/i.test(plain(cell(row, si)?.text ?? ''))) continue;
      const c = cell(row, xi);
      const v = plain(c?.text ?? '').toLowerCase();
      if (v !== '' && !/^(none|n\/a|—|-|nothing)\.?$/.test(v)) continue;
      report(
        `${ADVERSARY_TABLE.clause}: the in-scope actor "${plain(row.cells[0]?.text ?? '')}" has ${v ? `"${v}" as` : 'an empty'} Capabilities excluded cell; every in-scope actor needs a non-empty one.`,
        c && v ? at(doc, c.start, c.end) : atLine(doc, row.start, row.end),
      );
    }
  },
);
