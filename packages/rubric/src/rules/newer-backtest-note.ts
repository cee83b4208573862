/**
 * `newer-backtest-note` — the header's backtest note is missing, still pending, or has no figures.
 *
 * output-structure.md, "1.1 Header" (Backtest note): state corpus size and
 * cluster count, real versus synthesized items, the disposition histogram,
 * the fail-safe figure ("how many historically-fixed items route to a
 * closing disposition … the target is zero"); "publishing with that
 * placeholder [`_pending phase 3.6_`] still in place is a gate failure"; the
 * one honest exit is the sentence "no historical corpus was available; the
 * backtest routed N synthesized cases only". self-check.md Gate 3: "No corpus
 * item that the project actually fixed routes to a closing disposition."
 * Checked: the field exists, is not the placeholder, carries numbers, states
 * the fail-safe figure (unless it is the honest exit), and that figure is 0.
 * Older-generation documents are not checked.
 */
import { place } from '../model.js';
import { atLine, newerDoc, plain, section } from '../newer/doc.js';
import { defineRule } from '../rule.js';

const CLAUSE = 'output-structure.md, "1.1 Header" (Backtest note)';
const HONEST_RE = /no historical corpus was available; the backtest routed \d+ synthesi[sz]ed cases only/i;

export default defineRule(
  {
    id: 'newer-backtest-note',
    severity: 'error',
    summary:
      'The header’s backtest note is missing, still `_pending phase 3.6_`, has no figures, or routes a historically-fixed item to a close.',
    description: `${CLAUSE}: the note gives corpus size and clusters, real versus synthesized items, the disposition histogram and the fail-safe figure (target zero), or the honest exit sentence; the pending placeholder is a gate failure.`,
    help: 'Run the backtest and write its figures in the `**Backtest note**` field, or the exact sentence "no historical corpus was available; the backtest routed N synthesized cases only".',
  },
  ({ tree, file, report }) => {
    const doc = newerDoc(tree, file);
    if (!doc) return;
    const header = section(doc, 'header');
    if (!header) return;
    const field = doc.model.header.find((f) => /backtest/i.test(f.name));
    if (!field) {
      report(
        `${CLAUSE}: the header has no **Backtest note**.`,
        atLine(doc, header.range.start.offset, header.range.end.offset),
      );
      return;
    }
    const value = plain(field.value);
    const where = place(field.valueRange);
    if (/pending phase 3\.6/i.test(value)) {
      report(
        `${CLAUSE}: the backtest note is still the placeholder _pending phase 3.6_; publishing with it is a gate failure.`,
        where,
      );
      return;
    }
    if (HONEST_RE.test(value)) return;
    if (!/\d/.test(value)) {
      report(
        `${CLAUSE}: the backtest note has no figures (corpus size, clusters, real vs synthesized, histogram, fail-safe figure).`,
        where,
      );
      return;
    }
    const failSafe =
      /fail-safe[^.\d]*?(\d+)/i.exec(value) ??
      /(\d+)\s+historically[- ]fixed/i.exec(value) ??
      (/fail-safe[^.]*?\b(zero|none|no)\b/i.test(value) ? ['', '0'] : null);
    if (!failSafe) {
      report(
        `${CLAUSE}: the backtest note states no fail-safe figure (how many historically-fixed items route to a closing disposition).`,
        where,
      );
      return;
    }
    if (Number(failSafe[1]) > 0)
      report(
        `self-check.md Gate 3: the backtest routes ${failSafe[1]} historically-fixed item(s) to a closing disposition; the target is zero and this is the one blocking outcome.`,
        where,
      );
  },
);
