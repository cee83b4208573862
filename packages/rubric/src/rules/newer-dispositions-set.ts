/**
 * `newer-dispositions-set` — 1.17 does not list the closed disposition set, or lacks the precedence order.
 *
 * output-structure.md, "1.17 Triage dispositions": "The **closed set** of
 * outcomes, each citing the licensing section" — `VALID`, `VALID-HARDENING`,
 * the five `OUT-OF-MODEL:` routes (including `dependency-contract`),
 * `BY-DESIGN: property-disclaimed`, `KNOWN-NON-FINDING`, `MODEL-GAP` — and
 * "**Precedence (first matching rule wins)**" in the fixed order
 * (self-check.md Gate 3: "§1.17 enumerates the closed disposition set, each
 * citing its licensing section, including `dependency-contract`" and "states
 * deterministic precedence, including exact §1.15 matches"). Checked: each of
 * the ten is in the 1.17 table with a Licensed-by cell, no disposition outside
 * the set is added, and a numbered precedence list names them in the fixed
 * order. Older-generation documents are not checked.
 */
import { DISPOSITION_PRECEDENCE as PRECEDENCE, NEWER_DISPOSITIONS as DISPOSITIONS } from '@tmsync/core';
import {
  atLine,
  canonicalDisposition,
  dispositionsIn,
  isNotApplicable,
  newerDoc,
  nodesIn,
  normDisposition,
  section,
} from '../newer/doc.js';
import { place } from '../model.js';
import { defineRule } from '../rule.js';

const CLAUSE = 'output-structure.md, "1.17 Triage dispositions"';

export default defineRule(
  {
    id: 'newer-dispositions-set',
    severity: 'error',
    summary:
      '1.17 misses one of the ten dispositions or its licensing section, adds one outside the closed set, or lacks the first-match precedence order.',
    description: `${CLAUSE}: the table lists the closed set of ten dispositions (including OUT-OF-MODEL: dependency-contract), each citing its licensing section, and a numbered precedence list gives the fixed first-match order starting with KNOWN-NON-FINDING.`,
    help: 'List all ten dispositions with their licensing sections, add none of your own (a report that fits none is MODEL-GAP), and write the precedence as a numbered list in the spec’s order.',
  },
  ({ tree, file, report }) => {
    const doc = newerDoc(tree, file);
    if (!doc) return;
    const s = section(doc, 'dispositions');
    if (!s || isNotApplicable(doc, s)) return;
    const head = atLine(doc, s.heading.start.offset, s.heading.end.offset);
    const declared = new Map(doc.model.dispositions.map((d) => [normDisposition(d.name), d]));
    const missing = DISPOSITIONS.filter((d) => !declared.has(d.toUpperCase()));
    if (missing.length)
      report(
        `${CLAUSE}: the disposition table lacks ${missing.map((d) => `\`${d}\``).join(', ')}; it lists the whole closed set.`,
        head,
      );
    for (const [norm, d] of declared) {
      if (!canonicalDisposition(norm))
        report(
          `${CLAUSE}: \`${d.name}\` is not in the closed set; a report that fits none of the ten is \`MODEL-GAP\`.`,
          place(d.range),
        );
      else if (d.licensedBy.trim() === '')
        report(`${CLAUSE}: \`${d.name}\` cites no licensing section.`, place(d.range));
    }
    const lists = nodesIn(doc, 'list', { start: s.range.start.offset, end: s.range.end.offset }).filter(
      (l) => l.ordered,
    );
    const order = lists
      .map((l) =>
        l.children
          .map(
            (item) =>
              dispositionsIn(doc.text.slice(item.position?.start.offset ?? 0, item.position?.end.offset ?? 0))[0],
          )
          .filter((x): x is string => Boolean(x)),
      )
      .find((names) => names.length >= 5);
    if (!order) {
      report(`${CLAUSE}: 1.17 states no precedence order (a numbered "first matching rule wins" list).`, head);
      return;
    }
    const expected = PRECEDENCE.map((d) => d.toUpperCase()).filter((d) => order.includes(d));
    const got = order.filter((d, i) => order.indexOf(d) === i && expected.includes(d));
    const firstWrong = got.findIndex((d, i) => d !== expected[i]);
    const absent = PRECEDENCE.slice(0, 7).filter((d) => !order.includes(d.toUpperCase()));
    if (firstWrong >= 0 || absent.length)
      report(
        `${CLAUSE}: the precedence order ${firstWrong >= 0 ? `puts ${got[firstWrong]} where ${expected[firstWrong]} belongs` : `omits ${absent.join(', ')}`}; the first-match order is ${PRECEDENCE.join(' → ')}.`,
        head,
      );
  },
);
