import type { Provenance } from './ids.js';
import type { Claim, Question, QuestionStatus, Section } from './model.js';

/** Claims counted by provenance. */
export type ProvenanceCounts = Record<Provenance, number>;

/** A zero count for every provenance word. */
function emptyCounts(): ProvenanceCounts {
  return { documented: 0, inferred: 0, maintainer: 0, assumption: 0 };
}

/** Counts claims by provenance. */
export function countProvenance(claims: readonly Claim[]): ProvenanceCounts {
  const counts = emptyCounts();
  for (const claim of claims) counts[claim.provenance] += 1;
  return counts;
}

/** Questions counted by state, each id once (its first entry), with the total of distinct ids. */
export type QuestionStateCounts = Record<QuestionStatus, number> & { total: number };

/** Counts questions by the parser's state, each id once: every command that reports question counts uses this. */
export function countQuestionStates(questions: readonly Question[]): QuestionStateCounts {
  const counts: QuestionStateCounts = { total: 0, open: 0, resolved: 0, partial: 0, struck: 0 };
  const seen = new Set<string>();
  for (const q of questions) {
    if (seen.has(q.id)) continue;
    seen.add(q.id);
    counts.total += 1;
    counts[q.status] += 1;
  }
  return counts;
}

/** Every section of the model, depth first, in document order. */
export function flattenSections(sections: readonly Section[]): Section[] {
  const out: Section[] = [];
  const walk = (list: readonly Section[]) => {
    for (const s of list) {
      out.push(s);
      walk(s.children);
    }
  };
  walk(sections);
  return out;
}

/** Formats counts the way headers write them: `36 documented / 0 maintainer / 41 inferred` (+ assumptions when any). */
export function formatCounts(counts: ProvenanceCounts, withAssumption = counts.assumption > 0): string {
  const parts = [`${counts.documented} documented`, `${counts.maintainer} maintainer`, `${counts.inferred} inferred`];
  if (withAssumption) parts.push(`${counts.assumption} assumption`);
  return parts.join(' / ');
}
