import type { Question, QuestionStatus, Section } from '@tmsync/core';
import { resolveSectionRef } from '@tmsync/core';
import type { Heading, List, ListItem, Paragraph, PhrasingContent, Root, RootContent, Strong } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { StateReading } from './question-state.js';
import { entryState, groupState, introState } from './question-state.js';
import { findQuestionRefs } from './refs.js';
import { slug } from './sections.js';
import type { SourceText } from './source.js';
import { plainInline } from './source.js';

/**
 * The state a question's label and text mark, and the words that marked it,
 * or null when the entry carries no marker of its own.
 */
export function statusMarker(text: string, label = ''): { status: QuestionStatus; marker: string } | null {
  return entryState({ label, body: text, struckThrough: /^\s*(?:\*\*)?~~/.test(text) });
}

/** A task-list box before an entry's label (`- [x] **Q3** …`): GFM task lists are not parsed, so it is text. */
const TASK_BOX = /^\s*\[([ xX])\]\s+/;

function leadingStrong(p: Paragraph): Strong | null {
  const box = p.children[0];
  const rest = box && box.type === 'text' && TASK_BOX.test(box.value) && box.value.replace(TASK_BOX, '') === '';
  const first = p.children[rest ? 1 : 0] as PhrasingContent | undefined;
  if (first && first.type === 'delete') {
    const inner = first.children[0];
    return inner && inner.type === 'strong' ? inner : null;
  }
  return first && first.type === 'strong' ? first : null;
}

/** The question ids a label names: `Q1`, `Q18/Q25`, `Q9–Q13`, `Q-secure`, or `(Q1)` inside a titled label. */
function idsInLabel(label: string, questionsNumbers: string[]): string[] {
  const trimmed = label.trim();
  // Ids of another letter in a leading parenthetical: `(I3) …`, `(I4/I8) …`.
  const lettered = /^\(([A-PR-Z]\d{1,3}[a-z]?(?:\s*[/,]\s*[A-PR-Z]\d{1,3}[a-z]?)*)\)/.exec(trimmed);
  if (lettered?.[1]) return unique(lettered[1].split(/\s*[/,]\s*/));
  if (/^Q(?:\d|-[A-Za-z])/i.test(trimmed)) {
    const head = trimmed.split(/[:—]|\s[–-]\s/)[0] ?? trimmed;
    return unique(findQuestionRefs(head, questionsNumbers).map((r) => r.id));
  }
  const ids: string[] = [];
  for (const paren of trimmed.matchAll(/\(([^)]*)\)/g))
    ids.push(...findQuestionRefs(paren[1] ?? '', questionsNumbers).map((r) => r.id));
  return unique(ids);
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

function mapsTo(text: string, label: string): string[] {
  const found: string[] = [];
  const scan = (s: string) => {
    for (const m of s.matchAll(/§\s*(\d{1,2}(?:\.\d{1,2})?[a-z]?)/g)) {
      const id = resolveSectionRef(`§${m[1]}`) ?? resolveSectionRef(m[1] ?? '');
      found.push(id ?? `§${m[1]}`);
    }
  };
  for (const paren of label.matchAll(/\(([^)]*)\)/g)) scan(paren[1] ?? '');
  for (const m of text.matchAll(/\(((?:\s*§\s*\d{1,2}(?:\.\d{1,2})?[a-z]?\s*[/,;&+]?)+)\s*\.?\)/g)) scan(m[1] ?? '');
  for (const m of text.matchAll(/(?:maps to|→|->)\s*((?:[\s/,+&]*(?:§\s*\d{1,2}(?:\.\d{1,2})?[a-z]?|and))+)/gi))
    scan(m[1] ?? '');
  return unique(found.filter((f) => !/^§14$|^questions$/.test(f)));
}

interface Entry {
  ids: string[];
  positional: boolean;
  label: string;
  labelStart: number;
  labelEnd: number;
  start: number;
  end: number;
  /** Entry text without its label. */
  body: string;
}

/** Reads the questions in the open-questions section: ids, waves, states and positions. */
export function scanQuestions(
  tree: Root,
  source: SourceText,
  section: Section,
  questionsNumbers: string[],
): Question[] {
  const start = section.range.start.offset;
  const end = section.range.end.offset;
  // The section's own title can declare every question in it answered ("Open questions — RESOLVED by the PMC").
  const titleState = groupState(section.title.replace(/^open questions\b/i, 'questions'));
  let sectionState = titleState && titleState.status !== 'open' ? titleState : null;
  let waveHasEntry = false;
  const out: Question[] = [];
  let wave: string | null = null;
  let waveState: StateReading | null = null;
  let last: Question | null = null;
  // In a section whose questions carry explicit ids, a numbered list without ids
  // after a question is part of that question's answer, not a run of new questions.
  let lastExplicit: Question | null = null;

  // States are read once every entry has its final extent (a following reply paragraph is part of the entry).
  const pending: { q: Question; entry: Entry; group: StateReading | null }[] = [];
  const push = (entry: Entry) => {
    const group = waveState ?? sectionState;
    for (const id of entry.ids) {
      const q: Question = {
        id,
        label: entry.label,
        wave,
        text: entry.body,
        mapsTo: mapsTo(entry.body, entry.label),
        status: 'open',
        statusMarker: null,
        range: source.range(entry.start, entry.end),
        labelRange: source.range(entry.labelStart, entry.labelEnd),
      };
      out.push(q);
      pending.push({ q, entry, group });
      last = q;
      waveHasEntry = true;
      if (!entry.positional) lastExplicit = q;
    }
  };

  for (const node of tree.children as RootContent[]) {
    const ns = node.position?.start.offset;
    const ne = node.position?.end.offset;
    if (ns === undefined || ne === undefined || ns < start || ns >= end) continue;
    if (node.type === 'heading') {
      if (ns === section.heading.start.offset) continue;
      const text = plainInline(toString(node as Heading));
      const ids = /^Q(?:\d|-[A-Za-z])/i.test(text) ? idsInLabel(text, questionsNumbers) : [];
      if (ids.length) {
        push({ ids, positional: false, label: text, labelStart: ns, labelEnd: ne, start: ns, end: ne, body: '' });
        continue;
      }
      wave = text;
      waveState = groupState(text);
      waveHasEntry = false;
      last = null;
      lastExplicit = null;
      continue;
    }
    if (node.type === 'paragraph') {
      // A paragraph may hold several entries: CommonMark lets only a list
      // starting at 1 interrupt a paragraph, so `**Wave 2:**` followed by
      // `4. …` on the next line is one paragraph with a wave line and entries.
      for (const group of lineGroups(source, ns, ne)) {
        const raw = source.slice(group.start, group.end);
        const strongMatch =
          /^\s*(?:[-*+]\s+)?(?:\[[ xX]\]\s+)?(?:~~)?\*\*(.+?)\*\*(?:~~)?/.exec(raw) ??
          /^\s*(?:[-*+]\s+)?\[(Q[^\]\s]{1,24})\]:?/.exec(raw);
        const numbered = /^\s*(\d+)([a-z])?[.)]\s+/.exec(raw);
        // `8a.` is no list marker to CommonMark: an inserted item is a paragraph of its own.
        const inserted = Boolean(numbered?.[2]);
        const labelOffset = numbered ? numbered[0].length : 0;
        const strongAfterNumber = numbered ? /^\*\*(.+?)\*\*/.exec(raw.slice(labelOffset)) : null;
        const label = plainInline(strongAfterNumber?.[1] ?? strongMatch?.[1] ?? '');
        const strongAt = strongMatch ? strongMatch[0].search(/\*\*|\[/) : 0;
        const ls = group.start + (strongAfterNumber ? labelOffset : strongMatch ? Math.max(0, strongAt) : 0);
        const le = strongAfterNumber
          ? ls + strongAfterNumber[0].length
          : strongMatch
            ? group.start + strongMatch[0].length
            : group.start + labelOffset;
        const ids = label ? idsInLabel(label, questionsNumbers) : [];
        if (ids.length && (numbered || /^Q/i.test(label.trim()))) {
          push({
            ids,
            positional: false,
            label,
            labelStart: ls,
            labelEnd: le,
            start: group.start,
            end: group.end,
            body: plainInline(source.slice(le, group.end)),
          });
          continue;
        }
        if (numbered && (group.start !== ns || inserted) && lastExplicit) {
          extend(lastExplicit, source, group.end);
          continue;
        }
        if (numbered && (group.start !== ns || inserted)) {
          push({
            ids: [`Q${Number(numbered[1])}${numbered[2] ?? ''}`],
            positional: true,
            label,
            labelStart: ls,
            labelEnd: le,
            start: group.start,
            end: group.end,
            body: plainInline(source.slice(le, group.end)),
          });
          continue;
        }
        const rest = strongMatch ? plainInline(raw.slice(strongMatch[0].length)).replace(/^[\s:.—–-]+/, '') : raw;
        if (
          strongMatch &&
          !numbered &&
          rest.length === 0 &&
          label.length <= 200 &&
          !/^\s*(?:→|->)/.test(label) &&
          !(last && isEntryVerdict(label))
        ) {
          wave = label.replace(/[:.]\s*$/, '');
          waveState = groupState(wave);
          waveHasEntry = false;
          last = null;
          continue;
        }
        if (!waveHasEntry) {
          const intro = introState(raw);
          if (intro) {
            if (wave === null) sectionState = intro;
            else waveState = intro;
          }
        }
        if (last) extend(last, source, group.end);
      }
      continue;
    }
    if (node.type === 'list') {
      const list = node as List;
      const items = list.children as ListItem[];
      const labels = items.map((item) => {
        const first = item.children[0];
        const strong = first && first.type === 'paragraph' ? leadingStrong(first as Paragraph) : null;
        if (strong) {
          const label = plainInline(toString(strong));
          const span = { start: strong.position?.start.offset ?? ns, end: strong.position?.end.offset ?? ns };
          return { item, span, label, ids: idsInLabel(label, questionsNumbers) };
        }
        // `- [Q1]: …`: a bracketed id (read as text, or as a definition when the rest is one word).
        const is = item.position?.start.offset ?? ns;
        const bracket = /^(\s*(?:[-*+]|\d+[.)])\s+)\[(Q[^\]\s]{1,24})\]:?/.exec(source.slice(is, is + 60));
        if (bracket?.[2]) {
          const span = { start: is + (bracket[1] ?? '').length, end: is + bracket[0].length };
          return { item, span, label: `[${bracket[2]}]`, ids: idsInLabel(bracket[2], questionsNumbers) };
        }
        return { item, span: null, label: '', ids: [] as string[] };
      });
      const anyExplicit = labels.some((l) => l.ids.length > 0);
      if (!anyExplicit && lastExplicit) {
        if (list.ordered) extend(lastExplicit, source, ne);
        continue;
      }
      labels.forEach(({ item, span, label, ids }, index) => {
        const is = item.position?.start.offset ?? ns;
        const itemEnd = item.position?.end.offset ?? ne;
        // An inserted item (`8a.`) right under another is a lazy line of it to CommonMark: split it off.
        const inserted = insertedLines(source, is, itemEnd);
        const ie = inserted[0]?.start ?? itemEnd;
        const ls = span?.start ?? is;
        const le = span?.end ?? is;
        let entryIds = ids;
        let positional = false;
        if (!entryIds.length) {
          if (list.ordered) {
            positional = true;
            entryIds = anyExplicit
              ? [`Q-${slug(label || plainInline(toString(item)).slice(0, 40))}`]
              : [`Q${(list.start ?? 1) + index}`];
          } else return;
        }
        const itemText = plainInline(source.slice(span ? le : is, ie)).replace(/^(?:[-*+]|\d+[.)])\s*/, '');
        push({ ids: entryIds, positional, label, labelStart: ls, labelEnd: le, start: is, end: ie, body: itemText });
        for (const extra of inserted)
          push({
            ids: [extra.id],
            positional: true,
            label: '',
            labelStart: extra.start,
            labelEnd: extra.start,
            start: extra.start,
            end: extra.end,
            body: plainInline(source.slice(extra.start, extra.end)).replace(/^\d+[a-z][.)]\s*/, ''),
          });
      });
      last = null;
      continue;
    }
    if (last && (node.type === 'blockquote' || node.type === 'code')) extend(last, source, ne);
  }
  for (const { q, entry, group } of pending) {
    const end = q.range.end.offset;
    const raw = source.slice(entry.start, end).replace(/^\s*(?:[-*+]|\d+[a-z]?[.)])\s+/, '');
    const body = source.slice(entry.labelEnd, end).replace(/^\s*(?:[-*+]|\d+[a-z]?[.)])\s+/, '');
    const box = TASK_BOX.exec(raw)?.[1];
    const own = entryState({
      label: entry.label,
      body,
      struckThrough: /^\s*(?:\*\*)?~~/.test(raw.replace(TASK_BOX, '')),
    });
    // A ticked box marks the entry answered, an empty one open, when its text says nothing itself.
    const ticked: StateReading | null =
      box === undefined
        ? null
        : box === ' '
          ? { status: 'open', marker: '[ ]' }
          : { status: 'resolved', marker: '[x]' };
    // In an entry naming several ids, a mark naming one of them (`*(Q7 answered — …)*`) is that id's own.
    const perId = entry.ids.length > 1 ? idMark(body, q.id) : null;
    const state = perId ?? own ?? ticked ?? group;
    q.status = state?.status ?? 'open';
    q.statusMarker = state ? state.marker : null;
  }
  return out;
}

/**
 * Whether a bold line standing alone under an entry is that entry's verdict
 * (`**Resolved.**`, `**Confirmed by the PMC (date).**`) rather than a group
 * line introducing the entries below it (`**Answered in review:**`, `**Wave 2 — answered**`).
 */
function isEntryVerdict(label: string): boolean {
  const text = label.trim();
  if (/:\s*$/.test(text) || /\b(?:wave|round|questions|items|entries|batch|group)\b/i.test(text)) return false;
  return /^(?:✅|✔|☑|❌)|^(?:resolved|confirmed|answered|agreed|ratified|accepted|withdrawn|struck|partially\s+(?:answered|resolved|confirmed)|partly\s+(?:answered|resolved|confirmed)|n\/a)\b/i.test(
    text,
  );
}

/** Splits a paragraph into groups of lines, a new group at each line that starts an entry (`4. `, `**Q`, `- **Q`). */
function lineGroups(source: SourceText, start: number, end: number): { start: number; end: number }[] {
  const groups: { start: number; end: number }[] = [];
  let groupStart = start;
  const first = source.point(start).line;
  const lastLine = source.point(Math.max(start, end - 1)).line;
  for (let line = first + 1; line <= lastLine; line++) {
    const text = source.line(line);
    if (/^\s*(?:\d+[a-z]?[.)]\s+\S|\*\*Q|[-*+]\s+\*\*Q|[-*+]\s+\[Q)/.test(text)) {
      const ls = source.lineStart(line);
      groups.push({ start: groupStart, end: source.lineEnd(line - 1) });
      groupStart = ls + (/^\s*/.exec(text)?.[0].length ?? 0);
    }
  }
  groups.push({ start: groupStart, end });
  return groups;
}

/** A state mark naming one id of a shared entry: `(Q7 answered — …)`, `(Q7 struck by …)`. */
function idMark(body: string, id: string): StateReading | null {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`\\(\\s*${escaped}\\s+(answered|resolved|confirmed|struck|withdrawn)\\b`, 'i').exec(body);
  if (!m?.[1]) return null;
  return { status: /struck|withdrawn/i.test(m[1]) ? 'struck' : 'resolved', marker: m[0].replace(/^\(\s*/, '') };
}

/** Lines inside a list item that start an inserted item (`8a. …`), each with its extent and id (`Q8a`). */
function insertedLines(source: SourceText, start: number, end: number): { id: string; start: number; end: number }[] {
  const out: { id: string; start: number; end: number }[] = [];
  const first = source.point(start).line;
  const lastLine = source.point(Math.max(start, end - 1)).line;
  for (let line = first + 1; line <= lastLine; line++) {
    const m = /^(\s*)(\d+)([a-z])[.)]\s+\S/.exec(source.line(line));
    if (!m) continue;
    const at = source.lineStart(line) + (m[1] ?? '').length;
    const prev = out[out.length - 1];
    if (prev) prev.end = source.lineEnd(line - 1);
    out.push({ id: `Q${Number(m[2])}${m[3]}`, start: at, end });
  }
  return out;
}

function extend(q: Question, source: SourceText, end: number): void {
  q.range = source.range(q.range.start.offset, end);
}
