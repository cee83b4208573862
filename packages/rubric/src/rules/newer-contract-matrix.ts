/**
 * `newer-contract-matrix` — the 1.7 contract-dimension matrix is incomplete or a row is malformed.
 *
 * output-structure.md, "1.7 Assumptions about inputs" (contract-dimension
 * matrix): "one row per applicable dimension for every in-scope component
 * family"; the eight required dimensions are numeric domain, failure
 * atomicity, recursive/cyclic topology, callback/collaborator execution,
 * serialization/reconstruction, reference/object lifecycle,
 * concurrency/reentrancy and resource complexity (`x-` dimensions are
 * additional); status is `claimed`, `disclaimed`, `N/A — reason` or
 * `unresolved`; each row routes to its owning claim. self-check.md Gate 2:
 * "no cell is blank". 1.18: "Every `unresolved` contract-dimension row must
 * have a question". The in-scope families are read from the 1.2
 * component-family table when it has an in/out column. Older-generation
 * documents are not checked.
 */
import { CONTRACT_DIMENSION_WORDS, CONTRACT_DIMENSIONS } from '@tmsync/core';
import { at, atLine, cell, column, newerDoc, plain, section, tablesIn } from '../newer/doc.js';
import { col, CONTRACT_MATRIX, findTable } from '../newer/tables.js';
import { defineRule } from '../rule.js';

const DIMENSION_WORDS = CONTRACT_DIMENSION_WORDS.map(([dimension, words]) => [dimension, new RegExp(words)] as const);

/** The required dimension a matrix cell names (in words or the sidecar slug), `x-…` as written, or null. */
export function dimensionOf(text: string): string | null {
  const t = plain(text).toLowerCase();
  if (/^x-/.test(t)) return t;
  return DIMENSION_WORDS.find(([, words]) => words.test(t))?.[0] ?? null;
}

const CLAUSE = CONTRACT_MATRIX.clause;

export default defineRule(
  {
    id: 'newer-contract-matrix',
    severity: 'error',
    summary:
      'The 1.7 contract-dimension matrix misses an in-scope family or a required dimension, or a row is blank or malformed.',
    description:
      'output-structure.md 1.7: every in-scope component family has one row for each of the eight required dimensions; status is claimed, disclaimed, N/A — reason, or unresolved; no cell is blank; an unresolved row has a §1.18 question.',
    help: 'Add the missing rows (use `N/A — <reason>` rather than omitting one), fill every cell, and give each unresolved row its QN.',
  },
  ({ tree, file, report }) => {
    const doc = newerDoc(tree, file);
    if (!doc) return;
    const found = findTable(doc, CONTRACT_MATRIX);
    if (!found?.table) return;
    const { table } = found;
    const ci = col(table, CONTRACT_MATRIX, 'Component');
    const di = col(table, CONTRACT_MATRIX, 'Dimension');
    const si = col(table, CONTRACT_MATRIX, 'Status');
    const seen = new Map<string, Set<string>>();
    for (const row of table.rows) {
      const comp = plain(cell(row, ci)?.text ?? '');
      const dimCell = cell(row, di);
      const dim = dimensionOf(dimCell?.text ?? '');
      const label = `${comp || '?'} / ${plain(dimCell?.text ?? '') || '?'}`;
      const blank = CONTRACT_MATRIX.columns
        .map(([name]) => name)
        .filter((name) => name !== 'Provenance')
        .filter((name) => {
          const index = col(table, CONTRACT_MATRIX, name);
          return index >= 0 && plain(cell(row, index)?.text ?? '') === '';
        });
      if (blank.length) {
        report(
          `${CLAUSE}: the matrix row "${label}" leaves ${blank.join(', ')} blank; no cell is blank.`,
          atLine(doc, row.start, row.end),
        );
        continue;
      }
      if (comp && dim) {
        const dims = seen.get(comp.toLowerCase()) ?? new Set<string>();
        dims.add(dim);
        seen.set(comp.toLowerCase(), dims);
      }
      const statusCell = cell(row, si);
      const status = plain(statusCell?.text ?? '').toLowerCase();
      if (!statusCell) continue;
      if (/^(n\/a|not[- ]applicable)\b/.test(status)) {
        if (!/^(n\/a|not[- ]applicable)\s*[—–-]+\s*\S/.test(status))
          report(
            `${CLAUSE}: the matrix row "${label}" is N/A without a reason; write \`N/A — <reason>\`.`,
            at(doc, statusCell.start, statusCell.end),
          );
      } else if (status === 'unresolved') {
        const rowText = doc.text.slice(row.start, row.end);
        if (!/\bQ[\w.-]*\d/.test(rowText))
          report(
            `output-structure.md, "1.18 Open questions": the unresolved matrix row "${label}" has no §1.18 question; every unresolved row has one offering the maintainer an explicit choice.`,
            at(doc, statusCell.start, statusCell.end),
          );
      } else if (status !== 'claimed' && status !== 'disclaimed') {
        report(
          `${CLAUSE}: the matrix row "${label}" has status "${status}"; it is claimed, disclaimed, N/A — reason, or unresolved.`,
          at(doc, statusCell.start, statusCell.end),
        );
      }
    }
    // Which families must be covered: the matrix's own components, plus the in-scope ones of the 1.2 family table.
    const families = new Map<string, string>([...seen.keys()].map((k) => [k, k]));
    const scope = section(doc, 'scope');
    if (scope) {
      for (const t of tablesIn(doc, { start: scope.range.start.offset, end: scope.range.end.offset })) {
        const inOut = column(t, /^in\b|in\/out|in scope|in model|in-scope|scope/);
        const name = column(t, /family|component/);
        if (inOut < 0 || name < 0) continue;
        for (const r of t.rows) {
          const v = plain(cell(r, inOut)?.text ?? '').toLowerCase();
          const fam = plain(cell(r, name)?.text ?? '');
          if (fam && /^(in|yes|in scope|in-scope|in model)\b/.test(v)) families.set(fam.toLowerCase(), fam);
        }
      }
    }
    const norm = (x: string) => x.toLowerCase().replace(/[^a-z0-9]+/g, '');
    for (const [key, fam] of families) {
      const dims =
        seen.get(key) ??
        [...seen.entries()].find(
          ([k]) => norm(k) !== '' && (norm(k).includes(norm(key)) || norm(key).includes(norm(k))),
        )?.[1];
      const missing = CONTRACT_DIMENSIONS.filter((d) => !dims?.has(d));
      if (missing.length === 0) continue;
      report(
        dims
          ? `${CLAUSE}: the matrix has no row for ${fam} × ${missing.join(', ')}; every in-scope family has one row per required dimension (N/A — reason when it does not apply).`
          : `${CLAUSE}: the in-scope family ${fam} (1.2) has no rows in the contract-dimension matrix; it needs one per required dimension.`,
        atLine(doc, table.start, table.end),
      );
    }
  },
);
