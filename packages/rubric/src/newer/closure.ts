/**
 * The closure constraint judged per claim (output-structure.md, "1.17 Triage
 * dispositions", "Closure constraint — all statuses"): each closing route in
 * 1.3 or 1.15 is licensed by the claims attached to that route — in a table,
 * the row's Provenance cell (else the cell holding the route, else the row);
 * in a list item or paragraph, the claims in the route's own clause (sentence
 * or `;`-part), else the item's claims that no other route's clause holds.
 */
import type { Claim, DispositionUse } from '@tmsync/core';
import { dispositionCloses, LOW_BLAST_ROUTES } from '@tmsync/core';
import type { NewerDoc, Span } from './doc.js';
import { ancestorsAt, claimsIn, normaliseStatus, plain, spanOf as span } from './doc.js';

/** The routes an assumption may close under `relaxed` (the low-blast-radius closes). */
const LOW_BLAST = new Set<string>(LOW_BLAST_ROUTES);

/** A closing route and the verdict on its licensing claims. */
export interface RouteVerdict {
  use: DispositionUse;
  claims: Claim[];
  /** Why the claims cannot close: null when they license the close. */
  blocked: null | { kinds: string[]; questions: string[]; floor: boolean };
}

/** The clause of a text around an offset: from the previous `. `, `; ` or line break to the next. */
function clauseAt(doc: NewerDoc, unit: Span, offset: number): Span {
  const text = doc.text.slice(unit.start, unit.end);
  const rel = offset - unit.start;
  const re = /[.;](?=\s)|\n/g;
  let start = 0;
  let end = text.length;
  for (const m of text.matchAll(re)) {
    const i = m.index ?? 0;
    if (i < rel) start = i + 1;
    else {
      end = i;
      break;
    }
  }
  return { start: unit.start + start, end: unit.start + end };
}

/** The licensing claims of a closing use. */
function licensingClaims(doc: NewerDoc, use: DispositionUse, closing: DispositionUse[]): Claim[] {
  const offset = use.range.start.offset;
  const path = ancestorsAt(doc.tree, offset).reverse();
  const row = path.find((n) => n.type === 'tableRow');
  const table = path.find((n) => n.type === 'table');
  if (row && table && table.type === 'table' && row.type === 'tableRow') {
    const header =
      table.children[0]?.children.map((c) => plain(doc.text.slice(span(c).start, span(c).end)).toLowerCase()) ?? [];
    const pi = header.findIndex((h) => /provenance/.test(h.replace(/\|/g, '').trim()));
    const provCell = pi >= 0 ? row.children[pi] : undefined;
    const own = provCell ? claimsIn(doc, span(provCell)) : [];
    if (own.length) return own;
    const hostCell = row.children.find((c) => span(c).start <= offset && offset < span(c).end);
    const inCell = hostCell ? claimsIn(doc, span(hostCell)) : [];
    return inCell.length ? inCell : claimsIn(doc, span(row));
  }
  const units = path.filter((n) => n.type === 'listItem' || n.type === 'paragraph').map(span);
  for (const unit of units) {
    const all = claimsIn(doc, unit);
    if (all.length === 0) continue;
    const own = claimsIn(doc, clauseAt(doc, unit, offset));
    if (own.length) return own;
    const others = closing
      .filter((u) => u !== use && u.range.start.offset >= unit.start && u.range.start.offset < unit.end)
      .map((u) => clauseAt(doc, unit, u.range.start.offset));
    const free = all.filter(
      (c) => !others.some((o) => c.tagRange.start.offset >= o.start && c.tagRange.start.offset < o.end),
    );
    return free.length ? free : all;
  }
  return [];
}

/** Every closing route in 1.3 and 1.15 with the verdict on the claims that license it. */
export function closingRoutes(doc: NewerDoc): RouteVerdict[] {
  const policy = doc.model.triagePolicy ?? 'strict';
  const closing = doc.model.dispositionUses.filter(
    (u) => (u.sectionId === 'out-of-scope' || u.sectionId === 'non-findings') && dispositionCloses(u.name),
  );
  return closing.map((use) => {
    const claims = licensingClaims(doc, use, closing);
    if (claims.length === 0) return { use, claims, blocked: null };
    const authoritative = claims.some((c) => c.provenance === 'documented' || c.provenance === 'maintainer');
    const unitText = doc.text.slice(use.range.start.offset, Math.min(doc.text.length, use.range.end.offset + 200));
    const criticalDisclaimer = use.name === 'BY-DESIGN: property-disclaimed' && /security-critical/i.test(unitText);
    const lowBlast = LOW_BLAST.has(use.name) && !criticalDisclaimer;
    const assumptionCloses = policy === 'relaxed' && lowBlast && claims.some((c) => c.provenance === 'assumption');
    if (authoritative || assumptionCloses) return { use, claims, blocked: null };
    return {
      use,
      claims,
      blocked: {
        kinds: [...new Set(claims.map((c) => c.provenance))],
        questions: [...new Set(claims.flatMap((c) => c.questionRefs.map((r) => r.id)))],
        floor: policy === 'relaxed' && !lowBlast && claims.some((c) => c.provenance === 'assumption'),
      },
    };
  });
}

/** Whether the model's status is accepted (normalised per sidecar-schema.md). */
export function isAcceptedModel(doc: NewerDoc): boolean {
  return normaliseStatus(doc.model.status ?? '') === 'accepted';
}
