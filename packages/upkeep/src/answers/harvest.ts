/**
 * `tmsync answer MODEL --harvest`: folds in the answers a document already
 * carries. Every inferred or assumption claim citing a question the parser
 * reads as resolved is promoted to a maintainer claim, with who and when taken
 * from the answer's own words where they are written (`*(maintainer: Jane Doe,
 * 2026-03-02)*`, `(answered, name)`, `→ PMC: confirmed`, a wave "resolved by
 * name"), through the same surgical edits as an answers file. Partly answered
 * questions are left alone; the question's own marker is never touched.
 */
import type { Question, ThreatModel } from '@tmsync/core';
import { flattenSections, UNRATIFIED_PROVENANCES } from '@tmsync/core';
import { parseThreatModel } from '@tmsync/parser';
import { UpkeepError } from '../errors.js';
import type { AnswerOptions, AnswerResult } from './apply.js';
import { applyAnswers } from './apply.js';
import type { Answer } from './schema.js';

/** Where a harvested answer's who and when came from. */
export interface HarvestedAnswer {
  question: string;
  /** The line of the question's entry. */
  line: number;
  /** Who answered, as the answer writes it, or null when it names no one. */
  by: string | null;
  /** The answer's own date (YYYY-MM-DD or YYYY-MM), or null when it gives none (then today is used). */
  date: string | null;
  /** How many inferred or assumption claims cite it. */
  claims: number;
}

/** A partly answered question whose citing claims are not harvested. */
export interface SkippedPartial {
  question: string;
  line: number;
  claims: number;
  marker: string;
}

/** What a harvest did: the answer round's result, and where each answer's who and when came from. */
export interface HarvestResult extends AnswerResult {
  harvested: HarvestedAnswer[];
  partial: SkippedPartial[];
  /** Every question the document marks resolved, with its answer's date (or today): what a sidecar's records are promoted by. */
  answered: { id: string; date: string }[];
}

const DATE = /\b(\d{4}-\d{2}(?:-\d{2})?)\b/;
/** Words that are not a name (a role, a verb, a filler) where a name could stand. */
const NOT_A_NAME =
  /^(?:the\s+)?(?:maintainers?|name|who|confirmed|answered|resolved|agreed|ratified|accepted|decided|yes|no|see|per|as|in|on|with|note|partly|partially|open)$/i;
const ANSWER_VERB = '(?:answered|resolved|confirmed|ratified|agreed|accepted|decided)';

/** A name as written (`Jane Doe`, `lmccay`, `the PMC`), or null when the words are not one. */
function nameOf(raw: string | undefined): string | null {
  if (!raw) return null;
  const name = raw
    .replace(/[*_`]/g, '')
    .replace(/^\s*(?:by\s+)?/i, '')
    .replace(/\s+(?:on|in)\s*$/i, '')
    .trim()
    .replace(/^the\s+(PMC|committee)$/i, '$1');
  if (!name || NOT_A_NAME.test(name)) return null;
  if (!/^[\p{L}@][\p{L}\p{N} .'&@-]{0,40}$/u.test(name) || name.split(/\s+/).length > 4) return null;
  return name.replace(/[\s.]+$/, '');
}

/** Who answered and when, from a piece of text that records an answer; each null when not written. */
export function answerAuthor(text: string): { by: string | null; date: string | null } {
  const plain = text.replace(/[*_`]/g, '').replace(/\s+/g, ' ');
  // `(maintainer: Jane Doe, 2026-03-02)`, `(Answered — maintainer bob, 2026-05-01: note)`, `(maintainer — name)`.
  for (const m of plain.matchAll(/\(([^()\n]*?\bmaintainer\b(?!-)([^()\n]*))\)/gi)) {
    const after = (m[2] ?? '').replace(/^\s*[:—–,;-]?\s*/, '');
    const by = nameOf(after.split(/\s*[,;:—–(]\s*|\s+-\s+/)[0]);
    const date = DATE.exec(m[1] ?? '')?.[1] ?? null;
    if (by || date) return { by, date };
  }
  // `(answered, name)`, `(resolved by name, 2026-01-10)`; outside a parenthesis only `resolved by Jane Doe`, `confirmed by bob, 2026-05-01`.
  const verbs = [
    new RegExp(String.raw`\(\s*${ANSWER_VERB}\s*(?:[,—–]\s*(?:by\s+)?|by\s+)([^,;:.()\n—–]{1,40}?)\s*[,;:.)—–]`, 'gi'),
    new RegExp(String.raw`\b${ANSWER_VERB}\s+by\s+([^,;:.()\n—–]{1,40}?)\s*(?:[,;:.()\n—–]|$)`, 'gi'),
  ];
  for (const verb of verbs)
    for (const m of plain.matchAll(verb)) {
      const by = nameOf(m[1]);
      if (!by) continue;
      const near = plain.slice(m.index ?? 0, (m.index ?? 0) + m[0].length + 48);
      return { by, date: DATE.exec(near)?.[1] ?? null };
    }
  // `→ PMC: confirmed`, `PMC: answered`.
  const body = new RegExp(String.raw`\b(PMC|committee|maintainers?)\s*:\s*${ANSWER_VERB}\b`, 'i').exec(plain);
  if (body?.[1]) return { by: /^maintainers?$/i.test(body[1]) ? null : body[1], date: null };
  return { by: null, date: null };
}

/** The questions section's title and its intro (the text before its first entry or sub-heading), where reviews say who answered. */
function sectionIntro(text: string, model: ThreatModel): string[] {
  const section = flattenSections(model.sections).find((s) => s.id === 'questions');
  if (!section) return [];
  const starts = [
    section.range.end.offset,
    ...model.questions.map((q) => q.range.start.offset).filter((o) => o > section.heading.end.offset),
    ...section.children.map((c) => c.range.start.offset),
  ];
  return [section.title, text.slice(section.heading.end.offset, Math.min(...starts))];
}

/** Who answered a resolved question and when: its entry first, then the wave or section that declared it answered. */
function authorOf(text: string, q: Question, model: ThreatModel): { by: string | null; date: string | null } {
  const entry = answerAuthor(text.slice(q.labelRange.start.offset, q.range.end.offset));
  const groups = [q.statusMarker ?? '', q.wave ?? '', ...sectionIntro(text, model)];
  let by = entry.by;
  let date = entry.date;
  for (const g of groups) {
    if (by && date) break;
    const found = answerAuthor(g);
    // A group's who and when count only with the group's own answer (not an entry's stray date).
    if (!by && found.by) {
      by = found.by;
      date = date ?? found.date;
    } else if (!date && found.date && (by === null || found.by === by)) date = found.date;
  }
  return { by, date };
}

/**
 * Folds in the answers a document already records: the answer round for every
 * question the parser reads as resolved that an inferred or assumption claim
 * still cites, with who and when from the answer's text (today when it gives no
 * date). Throws an UpkeepError as {@link applyAnswers} does.
 */
export function harvestAnswers(text: string, options: Omit<AnswerOptions, 'answersLabel'>): HarvestResult {
  const model = parseThreatModel(text, { path: options.modelLabel });
  if (model.kind !== 'rubric-model') {
    throw new UpkeepError('not-a-rubric-model', [
      `${options.modelLabel}: not a rubric threat model (read as ${model.kind}); answers are harvested from the questions of a model with §1–§14 sections`,
    ]);
  }
  const harvested: HarvestedAnswer[] = [];
  const partial: SkippedPartial[] = [];
  const answers: Answer[] = [];
  const answered: HarvestResult['answered'] = [];
  const seen = new Set<string>();
  for (const q of model.questions) {
    if (seen.has(q.id)) continue;
    seen.add(q.id);
    const claims = model.claims.filter(
      (c) => UNRATIFIED_PROVENANCES.includes(c.provenance) && c.questionRefs.some((r) => r.id === q.id),
    ).length;
    const line = q.range.start.line;
    if (q.status === 'partial' && claims > 0) {
      partial.push({ question: q.id, line, claims, marker: q.statusMarker ?? '' });
      continue;
    }
    if (q.status !== 'resolved') continue;
    const { by, date } = authorOf(text, q, model);
    answered.push({ id: q.id, date: date ?? options.today });
    if (claims === 0) continue;
    harvested.push({ question: q.id, line, by, date, claims });
    answers.push({ question: q.id, action: 'confirm', by: by ?? '', date: date ?? options.today });
  }
  const result = applyAnswers(text, answers, { ...options, answersLabel: `${options.modelLabel} (harvest)` });
  return { ...result, harvested, partial, answered };
}
