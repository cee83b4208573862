/**
 * `newer-trust-table` — a 1.7 trust-table row leaves a cell blank or names an unknown control kind.
 *
 * output-structure.md, "1.7 Assumptions about inputs": one row per input
 * operand, `Entry point | Input operand | Attacker-controllable? | Control
 * kind | Caller must enforce | Provenance`; "`Control kind` distinguishes
 * data, size/rate, type/class, callback/code, object-graph topology,
 * collaborator implementation, resource-name, and serialized state.
 * Project-specific kinds use an `x-` prefix." (self-check.md Gate 2: "Every
 * parameter records its control kind".) The Provenance cell is
 * `newer-table-provenance`'s. Older-generation documents are not checked.
 */
import { CONTROL_KIND_ALIASES, CONTROL_KINDS } from '@tmsync/core';
import { at, atLine, cell, newerDoc, plain } from '../newer/doc.js';
import { col, findTable, TRUST_TABLE } from '../newer/tables.js';
import { defineRule } from '../rule.js';

/** The spec's control kinds and the other ways prose writes them, dashed. */
const KINDS = new Set<string>([...CONTROL_KINDS, ...CONTROL_KIND_ALIASES]);

/** Whether a control-kind word is the spec's (or an `x-` project kind). */
export function knownControlKind(kind: string): boolean {
  const k = kind.toLowerCase().trim();
  const dashed = k.replace(/[\s_/]+/g, '-');
  return KINDS.has(dashed) || /^x-[\w-]+$/.test(k);
}

export default defineRule(
  {
    id: 'newer-trust-table',
    severity: 'error',
    summary: 'A 1.7 trust-table row has a blank cell or a control kind outside the spec’s vocabulary.',
    description:
      'output-structure.md 1.7: each row names the entry point, the input operand, whether it is attacker-controllable, its control kind (data, size/rate, type/class, callback/code, object-graph topology, collaborator implementation, resource-name, serialized state, or an x- kind) and what the caller must enforce.',
    help: 'Fill every cell; write the control kind in the spec’s words, or an `x-` kind for a project-specific one.',
  },
  ({ tree, file, report }) => {
    const doc = newerDoc(tree, file);
    if (!doc) return;
    const found = findTable(doc, TRUST_TABLE);
    if (!found?.table) return;
    const { table } = found;
    const names = ['Entry point', 'Input operand', 'Attacker-controllable?', 'Control kind', 'Caller must enforce'];
    for (const row of table.rows) {
      const label = plain(row.cells[0]?.text ?? '').slice(0, 40);
      for (const name of names) {
        const index = col(table, TRUST_TABLE, name);
        if (index < 0) continue;
        const c = cell(row, index);
        if (!c || plain(c.text) === '') {
          report(`${TRUST_TABLE.clause}: the row "${label}" leaves ${name} blank.`, atLine(doc, row.start, row.end));
          continue;
        }
        if (name !== 'Control kind') continue;
        const kinds = plain(c.text)
          .split(/\s*(?:,|;|\+|\band\b)\s*/)
          .filter(Boolean);
        const unknown = kinds.filter((k) => !knownControlKind(k));
        if (unknown.length)
          report(
            `${TRUST_TABLE.clause}: the row "${label}" names the control kind ${unknown.join(', ')}, not one of data, size/rate, type/class, callback/code, object-graph topology, collaborator implementation, resource-name, serialized state (or an x- kind).`,
            at(doc, c.start, c.end),
          );
      }
    }
  },
);
