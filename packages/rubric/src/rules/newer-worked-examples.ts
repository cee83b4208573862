/**
 * `newer-worked-examples` — 1.11's worked routing examples are missing, too few or many, lack a VALID row, or carry advisory ids.
 *
 * output-structure.md, 1.11 "Worked routing examples": "Close §1.11 with two
 * to four one-line examples … **At least one must route `VALID`.** … carry no
 * CVE IDs, reporter names, or dates"; "Every closing row carries its status
 * (§1.17); `VALID` takes none." Read from the 1.11 table with a "Routes to"
 * column. Advisory ids are CVE-, GHSA-, OSV- and similar; dates are
 * YYYY-MM(-DD). Older-generation documents are not checked.
 */
import {
  at,
  atLine,
  cell,
  column,
  dispositionsIn,
  isNotApplicable,
  newerDoc,
  section,
  tablesIn,
} from '../newer/doc.js';
import { defineRule } from '../rule.js';

const CLAUSE = 'output-structure.md, 1.11 "Worked routing examples"';
const ADVISORY_RE =
  /\b(CVE-\d{4}-\d{3,}|GHSA(?:-[0-9a-z]{4}){3}|OSV-\d{4}-\d+|PYSEC-\d{4}-\d+|RUSTSEC-\d{4}-\d+|GO-\d{4}-\d+)\b/i;
const DATE_RE = /\b(19|20)\d{2}-(0[1-9]|1[0-2])(-\d{2})?\b/;

export default defineRule(
  {
    id: 'newer-worked-examples',
    severity: 'error',
    summary:
      '1.11 has no worked routing examples table, fewer than 2 or more than 4 rows, no VALID row, an advisory id or date, or a closing row without its status.',
    description: `${CLAUSE}: two to four de-identified one-line examples, at least one routing VALID, no CVE IDs, reporter names or dates; every closing row carries its closed/provisional/escalated status.`,
    help: 'Add a `Reported | Sink | Attacker needs | Symptom | Routes to | Licensed by` table with 2–4 rows, one routing `VALID`, no advisory ids or dates.',
  },
  ({ tree, file, report }) => {
    const doc = newerDoc(tree, file);
    if (!doc) return;
    const props = section(doc, 'properties');
    if (!props || isNotApplicable(doc, props)) return;
    const table = tablesIn(doc, { start: props.range.start.offset, end: props.range.end.offset }).find(
      (t) => column(t, /routes? to/) >= 0,
    );
    if (!table) {
      report(
        `${CLAUSE}: 1.11 has no worked routing examples table (two to four rows, one routing VALID).`,
        atLine(doc, props.heading.start.offset, props.heading.end.offset),
      );
      return;
    }
    const where = atLine(doc, table.start, table.end);
    const n = table.rows.length;
    if (n < 2 || n > 4) report(`${CLAUSE}: there are ${n} worked examples; write two to four.`, where);
    const ri = column(table, /routes? to/);
    let valid = false;
    for (const row of table.rows) {
      const route = cell(row, ri);
      const names = dispositionsIn(route?.text ?? '');
      if (names.includes('VALID')) valid = true;
      let text = doc.text.slice(row.start, row.end);
      for (const c of doc.model.claims)
        if (c.tagRange.start.offset >= row.start && c.tagRange.end.offset <= row.end) {
          const a = c.tagRange.start.offset - row.start;
          const b = c.tagRange.end.offset - row.start;
          text = text.slice(0, a) + ' '.repeat(b - a) + text.slice(b);
        }
      const advisory = ADVISORY_RE.exec(text);
      if (advisory)
        report(
          `${CLAUSE}: a worked example carries the advisory id ${advisory[0]}; examples are de-identified.`,
          at(doc, row.start + advisory.index, row.start + advisory.index + advisory[0].length),
        );
      const date = DATE_RE.exec(text);
      if (date)
        report(
          `${CLAUSE}: a worked example carries the date ${date[0]}; examples carry no dates.`,
          at(doc, row.start + date.index, row.start + date.index + date[0].length),
        );
      const closing = names.some(
        (d) => d.startsWith('OUT-OF-MODEL') || d.startsWith('BY-DESIGN') || d === 'KNOWN-NON-FINDING',
      );
      if (closing && route && !/\b(closed|provisional|escalated)\b/i.test(route.text))
        report(
          `${CLAUSE}: the closing route ${names[0]} carries no status; write it as \`DISPOSITION (closed|provisional|escalated)\`.`,
          at(doc, route.start, route.end),
        );
    }
    if (!valid) report(`${CLAUSE}: no worked example routes \`VALID\`; at least one must.`, where);
  },
);
