/**
 * Folds maintainers' answers into a threat model as byte patches at the
 * parser's positions: promoted tags, replaced claim texts, marked (or, in the
 * newer generation, deleted and recorded) §14 entries, and the header's
 * declared counts. Everything else is left byte for byte as it was.
 */
import type { Claim, Provenance, ProvenanceCounts, ThreatModel } from '@tmsync/core';
import { countProvenance } from '@tmsync/core';
import type { TextPatch } from '@tmsync/parser';
import { applyPatches, overLimitLine, parseThreatModel, SourceText } from '@tmsync/parser';
import { UpkeepError } from '../errors.js';
import { askedText, deletionPatch, recordsInsertion, withEmptiedWaves } from './entries.js';
import { answeredRecord, markPatches, token } from './marks.js';
import { questionState, sharesLabel } from './question-state.js';
import type { Answer, Replacement } from './schema.js';
import type { ResolutionStyle, TagStyle } from './style.js';
import { defaultTagStyle, documentTagStyle, maintainerPart, resolutionConvention } from './style.js';

/** What happened to one answer. */
export interface AnswerOutcome {
  question: string;
  action: Answer['action'];
  by: string;
  date: string;
  /** Claims whose tag became a maintainer tag. */
  promoted: number;
  /** Claims whose text was replaced. */
  replaced: number;
  /** What was done to the §14 entry. */
  entry: 'marked' | 'deleted' | 'noted' | 'unchanged';
  /** Claims that still cite the question (for strikes: the ones the rubric will report). */
  stillCiting: number;
  messages: string[];
}

/** The result of folding a set of answers into a document. */
export interface AnswerResult {
  text: string;
  changed: boolean;
  outcomes: AnswerOutcome[];
  before: ProvenanceCounts;
  after: ProvenanceCounts;
  /** Declared-count changes (`documented ~26 → 27`), with the line. */
  declared: { line: number; changes: string[] } | null;
  warnings: string[];
  tagStyle: string;
  resolutionStyle: ResolutionStyle;
  /** `in-place` (older generation: answered questions marked resolved) or `delete` (newer: removed and recorded). */
  mode: 'in-place' | 'delete';
}

/** Options of {@link applyAnswers}. */
export interface AnswerOptions {
  /** How to name the model in messages. */
  modelLabel: string;
  /** How to name the answers file in messages. */
  answersLabel: string;
  /** The date used when an answer gives none (YYYY-MM-DD). */
  today: string;
}

const PROMOTABLE: ReadonlySet<Provenance> = new Set(['inferred', 'assumption']);

function normaliseForMatch(s: string): string {
  return s.replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The claims a locator names among `claims` (distinct claim texts). */
function locate(claims: Claim[], locator: Replacement['claim']): Claim[] {
  const byText = new Map<number, Claim>();
  const lineMatch = typeof locator === 'number' ? locator : /^\s*(?:line\s*|L)(\d+)\s*$/i.exec(locator)?.[1];
  if (lineMatch !== undefined) {
    const line = Number(lineMatch);
    for (const c of claims)
      if (c.textRange.start.line <= line && line <= c.tagRange.end.line && !byText.has(c.textRange.start.offset))
        byText.set(c.textRange.start.offset, c);
    return [...byText.values()];
  }
  const wanted = normaliseForMatch(String(locator).replace(/^\s*["“']|["”']\s*$/g, ''));
  const exact = claims.filter((c) => normaliseForMatch(c.text) === wanted);
  const pool = exact.length ? exact : claims.filter((c) => normaliseForMatch(c.text).includes(wanted));
  for (const c of pool) if (!byText.has(c.textRange.start.offset)) byText.set(c.textRange.start.offset, c);
  return [...byText.values()];
}

function describeLocator(locator: Replacement['claim']): string {
  return typeof locator === 'number' ? `line ${locator}` : JSON.stringify(locator);
}

function listIds(model: ThreatModel): string {
  const ids = [...new Set(model.questions.map((q) => q.id))];
  if (ids.length === 0) return 'it has no questions';
  return `its questions: ${ids.slice(0, 12).join(', ')}${ids.length > 12 ? `, … (${ids.length} in all)` : ''}`;
}

/**
 * Folds answers into a document's text and returns the new text with what was
 * done; throws an UpkeepError (`document-over-limit`, `not-a-rubric-model`, `answers-inapplicable`
 * listing every problem, or `edits-overlap`) when the answers cannot be applied.
 */
export function applyAnswers(text: string, answers: readonly Answer[], options: AnswerOptions): AnswerResult {
  const { modelLabel, answersLabel } = options;
  const model = parseThreatModel(text, { path: modelLabel });
  const bound = overLimitLine(model, modelLabel);
  if (bound) throw new UpkeepError('document-over-limit', [bound]);
  if (model.kind !== 'rubric-model') {
    throw new UpkeepError('not-a-rubric-model', [
      `${modelLabel}: not a rubric threat model (read as ${model.kind}); answers fold into the questions of a model with §1–§14 sections`,
    ]);
  }
  const source = new SourceText(text);
  const errors: string[] = [];
  const warnings: string[] = [];
  const docStyle = documentTagStyle(model, text);
  const convention = resolutionConvention(model, text);
  const resStyle = convention.style;
  const mode: AnswerResult['mode'] = model.generation === 'newer' ? 'delete' : 'in-place';
  const patches: TextPatch[] = [];
  const deletions: { range: TextPatch; question: string }[] = [];
  const records: string[] = [];
  const patchedParts = new Set<number>();
  const patchedTexts = new Set<number>();
  const outcomes: AnswerOutcome[] = [];

  answers.forEach((a, i) => {
    const at = `${answersLabel}: [${i}]`;
    const date = a.date ?? options.today;
    const outcome: AnswerOutcome = {
      question: a.question,
      action: a.action,
      by: a.by,
      date,
      promoted: 0,
      replaced: 0,
      entry: 'unchanged',
      stillCiting: 0,
      messages: [],
    };
    outcomes.push(outcome);
    const q = model.questions.find((x) => x.id === a.question);
    if (!q) {
      errors.push(`${at}.question: ${a.question} is not a question of ${modelLabel} (${listIds(model)})`);
      return;
    }
    const state = questionState(model, text, q);
    if (a.action === 'strike' && state === 'resolved') {
      errors.push(
        `${at}.action: ${a.question} is already marked answered in ${modelLabel} (line ${q.range.start.line}); un-mark it by hand before striking it`,
      );
      return;
    }
    if (a.action !== 'strike' && state === 'struck') {
      errors.push(
        `${at}.action: ${a.question} is struck in ${modelLabel} (line ${q.range.start.line}); un-strike it by hand before answering it`,
      );
      return;
    }
    const citing = model.claims.filter((c) => c.questionRefs.some((r) => r.id === a.question));

    if (a.action !== 'strike') {
      // Replacements first: they may fail, and name the claims they change.
      (a.replacements ?? []).forEach((r, j) => {
        const where = `${at}.replacements[${j}].claim`;
        const found = locate(citing, r.claim);
        if (found.length === 0) {
          if (citing.some((c) => normaliseForMatch(c.text) === normaliseForMatch(r.text))) {
            outcome.messages.push(`replacement ${j + 1} is already in place`);
            return;
          }
          errors.push(
            `${where}: ${describeLocator(r.claim)} matches no claim citing ${a.question} in ${modelLabel}${citing.length ? ` (claims citing it are at lines ${citing.map((c) => c.tagRange.start.line).join(', ')})` : ''}`,
          );
          return;
        }
        if (found.length > 1) {
          errors.push(
            `${where}: ${describeLocator(r.claim)} matches ${found.length} claims citing ${a.question} (lines ${found.map((c) => c.tagRange.start.line).join(', ')}); quote more of the claim's text or give its line`,
          );
          return;
        }
        const claim = found[0] as Claim;
        const current = text.slice(claim.textRange.start.offset, claim.textRange.end.offset);
        if (normaliseForMatch(current) === normaliseForMatch(r.text)) {
          outcome.messages.push(`replacement ${j + 1} is already in place`);
          return;
        }
        if (patchedTexts.has(claim.textRange.start.offset)) {
          errors.push(`${where}: the claim at line ${claim.tagRange.start.line} is replaced twice`);
          return;
        }
        patchedTexts.add(claim.textRange.start.offset);
        patches.push({ start: claim.textRange.start.offset, end: claim.textRange.end.offset, replacement: r.text });
        outcome.replaced++;
      });
      for (const claim of citing) {
        if (!PROMOTABLE.has(claim.provenance) || patchedParts.has(claim.range.start.offset)) continue;
        const style: TagStyle = docStyle ?? defaultTagStyle(claim);
        const part = text.slice(claim.range.start.offset, claim.range.end.offset);
        patches.push({
          start: claim.range.start.offset,
          end: claim.range.end.offset,
          replacement: maintainerPart(part, claim, style, a.by, date),
        });
        patchedParts.add(claim.range.start.offset);
        outcome.promoted++;
      }
    } else {
      outcome.stillCiting = citing.length;
    }

    if (state !== 'open') {
      outcome.messages.push(`${a.question} is already marked ${state === 'struck' ? 'struck' : 'answered'}`);
      return;
    }
    if (mode === 'delete' && a.action !== 'strike' && !sharesLabel(model, q)) {
      const patch = deletionPatch(source, q);
      deletions.push({ range: patch, question: a.question });
      const asked = askedText(q);
      records.push(`**${q.id}.** ${token(a)} ${answeredRecord(a, date)}${asked ? ` Asked: ${asked}` : ''}`);
      outcome.entry = 'deleted';
      return;
    }
    const marked = markPatches(model, text, q, a, date, convention);
    patches.push(...marked.patches);
    outcome.entry = marked.entry;
    if (marked.entry === 'noted')
      outcome.messages.push(
        `${a.question} shares its entry with other questions: a note was added, the entry's own state is unchanged`,
      );
  });

  if (errors.length) throw new UpkeepError('answers-inapplicable', errors);

  // A deleted entry takes the patches inside it along (claims cited inside a deleted question go with it).
  let kept = patches;
  for (const d of deletions) {
    const inside = kept.filter((p) => p.start >= d.range.start && p.end <= d.range.end);
    if (inside.length) {
      kept = kept.filter((p) => !inside.includes(p));
      const outcome = outcomes.find((o) => o.question === d.question);
      if (outcome) outcome.messages.push(`${inside.length} edit(s) inside ${d.question}'s entry went with it`);
    }
  }
  const removals = withEmptiedWaves(
    model,
    text,
    deletions.map((d) => d.range),
  );
  kept = [
    ...kept.filter((p) => !removals.some((r) => p.start >= r.start && p.end <= r.end && r.end > r.start)),
    ...removals,
  ];
  const recordPatch = recordsInsertion(model, text, records, removals);
  if (recordPatch) kept.push(recordPatch);

  const before = countProvenance(model.claims);
  let next: string;
  try {
    next = applyPatches(text, kept);
  } catch (error) {
    throw new UpkeepError('edits-overlap', [
      `${modelLabel}: the answers' edits overlap (${error instanceof Error ? error.message : String(error)})`,
    ]);
  }

  // Recompute the declared counts on the patched text, each number in place.
  // Count patches touch only the header's numbers: the claims and questions read from `next` stay valid after them.
  const model1 = next === text ? model : parseThreatModel(next, { path: modelLabel });
  const after = countProvenance(model1.claims);
  let declared: AnswerResult['declared'] = null;
  if (model1.declared) {
    const d = model1.declared;
    const countPatches: TextPatch[] = [];
    const changes: string[] = [];
    for (const p of ['documented', 'maintainer', 'inferred', 'assumption'] as const) {
      const count = d[p];
      if (!count) {
        if (after[p] > 0 && after[p] !== before[p])
          warnings.push(
            `the header declares no ${p} count (line ${d.countsRange.start.line}); the body now has ${after[p]} ${p} claims`,
          );
        continue;
      }
      if (count.approximate || count.value !== after[p]) {
        const written = next.slice(count.range.start.offset, count.range.end.offset);
        countPatches.push({
          start: count.range.start.offset,
          end: count.range.end.offset,
          replacement: String(after[p]),
        });
        changes.push(`${p} ${written} → ${after[p]}`);
      }
    }
    if (countPatches.length) next = applyPatches(next, countPatches);
    declared = { line: d.countsRange.start.line, changes };
  }

  // Check the result reads the way it was meant to.
  for (const o of outcomes) {
    const q1 = model1.questions.find((x) => x.id === o.question);
    if (o.action === 'strike') {
      o.stillCiting = model1.claims.filter((c) => c.questionRefs.some((r) => r.id === o.question)).length;
      if (q1 && q1.status !== 'struck' && o.entry === 'marked')
        warnings.push(
          `${o.question} is marked struck, but the parser reads its entry as ${q1.status} (line ${q1.range.start.line})`,
        );
      continue;
    }
    const left = model1.claims.filter(
      (c) => PROMOTABLE.has(c.provenance) && c.questionRefs.some((r) => r.id === o.question),
    );
    if (left.length)
      warnings.push(
        `${o.question}: ${left.length} claim(s) citing it are still ${left.map((c) => `${c.provenance} (line ${c.tagRange.start.line})`).join(', ')}`,
      );
    if (q1 && q1.status !== 'resolved' && o.entry === 'marked')
      warnings.push(
        `${o.question} is marked answered, but the parser reads its entry as ${q1.status} (its text has "${q1.statusMarker ?? ''}", line ${q1.range.start.line})`,
      );
  }

  return {
    text: next,
    changed: next !== text,
    outcomes,
    before,
    after,
    declared,
    warnings,
    tagStyle: docStyle
      ? `${docStyle.source}: (maintainer${docStyle.gap}${docStyle.template})`
      : "default: the replaced tag's separator, then {who}, {date} — {ref}",
    resolutionStyle: resStyle,
    mode,
  };
}
