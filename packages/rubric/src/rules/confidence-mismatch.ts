/**
 * `confidence-mismatch` — the header's declared counts disagree with the tags.
 *
 * "Draft confidence: 36 documented / 0 maintainer / 41 inferred" declares
 * how many claims carry each provenance tag; the rule counts the tags and
 * compares, per provenance word, putting both numbers in the message:
 *
 * - an exact count (`36 documented`) must match exactly;
 * - an approximate count (`~26 documented`, `≈`, "about") must be within a
 *   tolerance of max(3, 25 % of the declared value, rounded up): `~59` allows
 *   44–74, `~8` allows 5–11 (options `tolerance: { absolute, relative }`);
 * - a provenance the declaration leaves out must be absent from the body.
 *
 * Counts declared in prose ("~30 documented citations, plus …") are not a
 * declaration and are not checked. The message sits on the declared number.
 */
import type { Provenance } from '@tmsync/core';
import { countProvenance, PROVENANCES } from '@tmsync/core';
import { place, plural, rubricModel } from '../model.js';
import { defineRule } from '../rule.js';

/** Options: the tolerance for approximate counts (validated by `confidenceOptions` in rule-options.ts). */
export interface ConfidenceOptions {
  tolerance?: { absolute?: number | undefined; relative?: number | undefined } | undefined;
}

/** The default tolerance for approximate declared counts: max(3, 25 %). */
export const DEFAULT_TOLERANCE = { absolute: 3, relative: 0.25 } as const;

/** How far a counted value may be from an approximate declared one. */
export function toleranceFor(
  declared: number,
  tolerance: { absolute?: number | undefined; relative?: number | undefined } = {},
): number {
  const absolute = tolerance.absolute ?? DEFAULT_TOLERANCE.absolute;
  const relative = tolerance.relative ?? DEFAULT_TOLERANCE.relative;
  return Math.max(absolute, Math.ceil(declared * relative));
}

export default defineRule<ConfidenceOptions>(
  {
    id: 'confidence-mismatch',
    severity: 'error',
    summary: 'The declared draft-confidence counts do not match the provenance tags in the body.',
    description:
      'The header\'s "Draft confidence" declares how many claims are documented, maintainer, inferred (and assumption). ' +
      'Exact counts must match the tags exactly; approximate counts (~N) must be within max(3, 25%) of the count; a provenance left out of the declaration must not occur.',
    help: 'Update the Draft confidence line to the counted numbers (tmsync stats prints them), or fix the tags it was counted from.',
    takesOptions: true,
  },
  ({ file, options, report }) => {
    const model = rubricModel(file);
    if (!model?.declared) return;
    const declared = model.declared;
    const counts = countProvenance(model.claims);
    for (const word of PROVENANCES as readonly Provenance[]) {
      const d = declared[word];
      const counted = counts[word];
      if (!d) {
        if (counted > 0) {
          report(
            `The header's declared counts give no ${word} figure, but the document carries ${plural(counted, `${word} tag`)}: add "${counted} ${word}" to the declaration.`,
            place(declared.countsRange),
          );
        }
        continue;
      }
      if (!d.approximate) {
        if (d.value !== counted) {
          report(
            `The header declares ${d.value} ${word} claims, but the document carries ${plural(counted, `${word} tag`)}: update the declaration to ${counted} ${word}, or fix the tags.`,
            place(d.range),
          );
        }
        continue;
      }
      const tol = toleranceFor(d.value, options?.tolerance);
      if (Math.abs(d.value - counted) > tol) {
        report(
          `The header declares about ${d.value} ${word} claims (~${d.value}), but the document carries ${plural(counted, `${word} tag`)}, more than ${tol} away: update the declaration to ${counted} ${word}, or fix the tags.`,
          place(d.range),
        );
      }
    }
  },
);
