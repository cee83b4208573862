/**
 * Reads a question's state from its entry, with the markers of the core
 * vocabulary (`STATE_MARKERS`): in the bold label, right after it, anywhere
 * in the entry written as answers are written, and for a group of entries
 * (a wave heading, an intro paragraph). This module is the only place a
 * question's state is decided; every command reads the parser's result.
 */
import type { Claim, MarkerPlace, Question, QuestionStatus } from '@tmsync/core';
import { markersAt, notAnswerRegExp } from '@tmsync/core';

/** A state and the words that marked it. */
export interface StateReading {
  status: QuestionStatus;
  marker: string;
}

const COMPILED = new Map<MarkerPlace, ReturnType<typeof markersAt>>();

function compiled(place: MarkerPlace): ReturnType<typeof markersAt> {
  let list = COMPILED.get(place);
  if (!list) {
    list = markersAt(place);
    COMPILED.set(place, list);
  }
  return list;
}

interface Hit {
  status: QuestionStatus;
  index: number;
  text: string;
}

/**
 * The first hit of each marker of a place, in text order (ties in table order).
 * Every reader takes the earliest hit of a state, or of any state, and a
 * marker's first match is its earliest: later matches are never read.
 */
function hits(place: MarkerPlace, text: string): Hit[] {
  const out: Hit[] = [];
  const tail = text.lastIndexOf('?') + 1;
  for (const { marker, re } of compiled(place)) {
    // A marker written after the question is looked for in the text after its last `?` only.
    if (marker.afterLastQuestion && tail === 0) continue;
    const from = marker.afterLastQuestion ? tail : 0;
    re.lastIndex = 0;
    const m = re.exec(from ? text.slice(from) : text);
    if (m) out.push({ status: marker.state, index: m.index + from, text: m[0] });
  }
  return out.sort((a, b) => a.index - b.index);
}

function clean(marker: string): string {
  return marker
    .replace(/[*_]/g, '')
    .replace(/^[\s:.,;?!—–→>(-]+/, '')
    .replace(/[\s*_]+$/, '')
    .trim();
}

/** Phrases that are not answers, and the rest of a proposal's sentence. */
const NOT_ANSWERS: readonly RegExp[] = [notAnswerRegExp(), /(?<![A-Za-z])proposed\b[^.?!\n]*(?:[.?!]|$)/gim];

/** Blanks what is not an answer ("Proposed: …", "Confirm?", "please confirm …", inline code), keeping offsets. */
function withoutNonAnswers(text: string): string {
  const out = text.replace(/`[^`\n]*`/g, (s) => ' '.repeat(s.length));
  // Both read the same text: a not-answer phrase and the rest of a proposal's
  // sentence (`_Proposed:_ resolved by … — confirm?`) are blanked together.
  const spans: [number, number][] = [];
  for (const re of NOT_ANSWERS)
    for (const m of out.matchAll(re)) spans.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
  if (spans.length === 0) return out;
  let blanked = '';
  let cursor = 0;
  for (const [start, end] of spans.sort((a, b) => a[0] - b[0])) {
    if (end <= cursor) continue;
    const from = Math.max(start, cursor);
    blanked += out.slice(cursor, from) + ' '.repeat(end - from);
    cursor = end;
  }
  return blanked + out.slice(cursor);
}

/** Emphasis and link syntax removed, for reading a label or the head of an entry as prose. */
function plain(text: string): string {
  return text.replace(/[*_`]/g, '');
}

/** The state a label's words give (`— CONFIRMED`, `(answered, name)`, `⬜ Open`, `— withdrawn`). */
export function labelState(label: string): StateReading | null {
  const found = hits('label', plain(label));
  if (!found.length) return null;
  const struck = found.find((h) => h.status === 'struck');
  if (struck) return { status: 'struck', marker: clean(struck.text) };
  const partial = found.find((h) => h.status === 'partial');
  if (partial) return { status: 'partial', marker: clean(partial.text) };
  const first = found[0] as Hit;
  return { status: first.status, marker: clean(first.text) };
}

/** The state the start of an entry's text gives (`*resolved* —`, `*(Answered — …)*`, `(maintainer — name): …`). */
function headState(head: string): StateReading | null {
  const text = plain(withoutNonAnswers(head)).slice(0, 240);
  const found = hits('head', text);
  const first = found[0];
  return first ? { status: first.status, marker: clean(first.text) } : null;
}

/** The state answers written anywhere in the entry give; a reply that leaves part open makes it partial. */
function anywhereState(body: string): StateReading | null {
  const found = hits('anywhere', withoutNonAnswers(body));
  if (!found.length) return null;
  const partial = found.find((h) => h.status === 'partial');
  if (partial) return { status: 'partial', marker: clean(partial.text) };
  const resolved = found.find((h) => h.status === 'resolved');
  const struck = found.find((h) => h.status === 'struck');
  if (struck && (!resolved || /struck by/i.test(struck.text))) return { status: 'struck', marker: clean(struck.text) };
  const open = found.find((h) => h.status === 'open');
  if (resolved && open && open.index > resolved.index) return { status: 'partial', marker: clean(open.text) };
  if (resolved) return { status: 'resolved', marker: clean(resolved.text) };
  if (open) return { status: 'open', marker: clean(open.text) };
  return null;
}

/** What a question entry is made of, as its source text. */
export interface EntryText {
  /** The label as written, emphasis removed (`Q3 — Topic — CONFIRMED.`), or '' for a numbered item without one. */
  label: string;
  /** The entry's Markdown after its label, to the end of the entry (sub-items and following paragraphs included). */
  body: string;
  /** Whether the entry starts struck through (`~~…~~`, the label or the question). */
  struckThrough: boolean;
}

/**
 * An entry's own state, or null when it has no marker of its own (then its
 * group's state applies, else it is open). The label speaks first, then the
 * head of the text, then answers written anywhere in the entry. Struck-through
 * text followed by an answer is resolved; struck-through with no answer is struck.
 */
export function entryState(entry: EntryText): StateReading | null {
  let body = entry.body;
  if (entry.struckThrough || /^\s*~~/.test(body)) {
    // The answer, if any, follows the struck-through text.
    const open = /^\s*(?:\*\*)?~~/.exec(body);
    const close = body.indexOf('~~', open ? open[0].length : 0);
    body = close >= 0 ? body.slice(close + 2) : '';
    const after = headState(body) ?? anywhereState(body);
    if (after && (after.status === 'resolved' || after.status === 'partial'))
      return { status: after.status, marker: `~~ ${after.marker}` };
    return { status: 'struck', marker: after?.status === 'struck' ? after.marker : '~~' };
  }
  const label = labelState(entry.label);
  const head = headState(body);
  const anywhere = anywhereState(body);
  const own = label ?? head ?? anywhere;
  if (!own) return null;
  // An answer that leaves part of the question open is partial.
  if (own.status === 'resolved' && anywhere && (anywhere.status === 'partial' || anywhere.status === 'open'))
    return { status: 'partial', marker: anywhere.marker };
  return own;
}

/** A group's state: a wave heading or bold group line (`— ANSWERED`, `(resolved by name)`, `(open — …)`). */
export function groupState(text: string): StateReading | null {
  const found = hits('group', plain(text));
  if (!found.length) return null;
  for (const status of ['open', 'partial', 'resolved', 'struck'] as const) {
    const hit = found.find((h) => h.status === status);
    if (hit) return { status, marker: text.trim() };
  }
  return null;
}

/** The state an intro paragraph declares for every entry below it ("All items below have now been confirmed …"). */
export function introState(text: string): StateReading | null {
  const found = hits('intro', plain(text));
  const first = found[0];
  return first ? { status: first.status, marker: clean(first.text) } : null;
}

/** The marker a question answered by promotion carries: every claim citing it was promoted to maintainer. */
export const PROMOTED_MARKER = 'claims citing it promoted to maintainer';

/**
 * Reads the answer a document records by promotion rather than by a marker:
 * rubric documents say "when a question is answered, promote the matching
 * *(inferred)* tags to *(maintainer)*", and some do exactly that and leave the
 * entry as it was. A question with no marker of its own or of its group, cited
 * by at least one claim and by maintainer claims only, is resolved. A question
 * still cited by an inferred or assumption claim stays open.
 */
export function settleByPromotion(questions: Question[], claims: readonly Claim[]): void {
  const citing = new Map<string, Claim['provenance'][]>();
  for (const claim of claims)
    for (const ref of claim.questionRefs) {
      const list = citing.get(ref.id) ?? [];
      list.push(claim.provenance);
      citing.set(ref.id, list);
    }
  for (const q of questions) {
    if (q.status !== 'open' || q.statusMarker !== null) continue;
    const tags = citing.get(q.id);
    if (tags?.length && tags.every((t) => t === 'maintainer')) {
      q.status = 'resolved';
      q.statusMarker = PROMOTED_MARKER;
    }
  }
}
