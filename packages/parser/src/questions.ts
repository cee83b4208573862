import type { Question, QuestionStatus, Section } from '@tmsync/core';
import { resolveSectionRef } from '@tmsync/core';
import type { Heading, List, ListItem, Paragraph, PhrasingContent, Root, RootContent, Strong } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { findQuestionRefs } from './refs.js';
import { slug } from './sections.js';
import type { SourceText } from './source.js';
import { plainInline } from './source.js';

const STRUCK_LABEL_RE = /\b(struck|withdrawn|dropped|obsolete|rejected)\b|❌/i;
const STRUCK_TEXT_RE = /\bstruck\b|\bwithdrawn\b|❌/i;
const OPEN_HEAD_RE = /⬜|☐|\bstill open\b|\bunanswered\b|\bnot yet answered\b|\(open\b|\bopen\s*[;:)]/i;
const OPEN_LABEL_RE = /\bopen\b|⬜|☐|\bpending\b/i;
const RESOLVED_RE =
  /✅|✔|☑|\bconfirmed\b|\banswered\b|\bresolved\b|\bagreed\b|\bresolution\s*:|\bdecision\s*:|\bratified\b|\(\s*maintainer\b/i;

/** Resolution words as written in running text: capitalised, or after a `:`, `—`, `→`, `(` or bold. */
const RESOLVED_TEXT_RE =
  /✅|✔|☑|(?:^|[:—–→(*]\s*|\*\*)\s*(?:Confirmed|Answered|Resolved|Agreed|Ratified|Resolution\s*:|Decision\s*:)|[—–→]\s*(?:answered|resolved|confirmed|agreed)\b(?!\s*\(?\s*proposed)|\(\s*maintainer\b/;

/**
 * The state a question's label and the start of its text mark, and the words
 * that marked it. The label speaks first; in the text, the earliest marker
 * wins, and a resolution word only counts as written by someone answering
 * (`✅`, `→ Agreed`, `Confirmed —`), not inside the question ("agreed (proposed …)?").
 */
export function statusMarker(text: string, label = ''): { status: QuestionStatus; marker: string } | null {
  const inLabel = STRUCK_LABEL_RE.exec(label) ?? null;
  if (inLabel) return { status: 'struck', marker: inLabel[0] };
  const openLabel = OPEN_HEAD_RE.exec(label) ?? OPEN_LABEL_RE.exec(label);
  const resolvedLabel = RESOLVED_RE.exec(label);
  if (openLabel && (!resolvedLabel || openLabel.index < resolvedLabel.index))
    return { status: 'open', marker: openLabel[0] };
  if (resolvedLabel) return { status: 'resolved', marker: resolvedLabel[0] };
  if (/^\s*~~/.test(text)) return { status: 'struck', marker: '~~' };
  const found: { status: QuestionStatus; m: RegExpExecArray }[] = [];
  for (const [status, re] of [
    ['struck', STRUCK_TEXT_RE],
    ['open', OPEN_HEAD_RE],
    ['resolved', RESOLVED_TEXT_RE],
  ] as const) {
    const m = re.exec(text);
    if (m) found.push({ status, m });
  }
  found.sort((a, b) => a.m.index - b.m.index);
  const first = found[0];
  return first ? { status: first.status, marker: first.m[0].replace(/^[\s:—–→(*]+/, '') } : null;
}

/** A wave or group heading's state (`— ANSWERED`, `✅`, `(open; …)`, `Still open`). */
function waveMarker(text: string): { status: QuestionStatus; marker: string } | null {
  if (/\bstill open\b|\(open\b|\bopen\b\s*[;:)]|—\s*open\b|\bunanswered\b/i.test(text))
    return { status: 'open', marker: text };
  if (/✅|\banswered\b|\bresolved\b|\bconfirmed\b|\bratified\b|\bdecided\b/i.test(text))
    return { status: 'resolved', marker: text };
  if (/\bstruck\b|\bwithdrawn\b/i.test(text)) return { status: 'struck', marker: text };
  return null;
}

function leadingStrong(p: Paragraph): Strong | null {
  const first = p.children[0] as PhrasingContent | undefined;
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
  const sectionState = /resolved|decisions|ratification|answered/i.test(section.title)
    ? waveMarker(section.title.replace(/ratification|decisions/i, 'resolved'))
    : null;
  const out: Question[] = [];
  let wave: string | null = null;
  let waveState: { status: QuestionStatus; marker: string } | null = null;
  let last: Question | null = null;
  // In a section whose questions carry explicit ids, a numbered list without ids
  // after a question is part of that question's answer, not a run of new questions.
  let lastExplicit: Question | null = null;

  const push = (entry: Entry) => {
    const head = source.slice(entry.labelEnd, Math.min(entry.end, entry.labelEnd + 160));
    const own = statusMarker(plainHead(head), entry.label);
    const state = own ?? waveState ?? sectionState;
    for (const id of entry.ids) {
      const q: Question = {
        id,
        label: entry.label,
        wave,
        text: entry.body,
        mapsTo: mapsTo(entry.body, entry.label),
        status: /^\s*~~/.test(source.slice(entry.start, entry.end).replace(/^\s*(?:[-*+]|\d+[.)])\s*/, ''))
          ? 'struck'
          : (state?.status ?? 'open'),
        statusMarker: state ? state.marker : null,
        range: source.range(entry.start, entry.end),
        labelRange: source.range(entry.labelStart, entry.labelEnd),
      };
      if (q.status === 'struck' && !state) q.statusMarker = '~~';
      out.push(q);
      last = q;
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
      waveState = waveMarker(text);
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
        const strongMatch = /^\s*(?:[-*+]\s+)?(?:~~)?\*\*(.+?)\*\*(?:~~)?/.exec(raw);
        const numbered = /^\s*(\d+)[.)]\s+/.exec(raw);
        const labelOffset = numbered ? numbered[0].length : 0;
        const strongAfterNumber = numbered ? /^\*\*(.+?)\*\*/.exec(raw.slice(labelOffset)) : null;
        const label = plainInline(strongAfterNumber?.[1] ?? strongMatch?.[1] ?? '');
        const ls = group.start + (strongAfterNumber ? labelOffset : strongMatch ? strongMatch[0].indexOf('**') : 0);
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
        if (numbered && group.start !== ns && lastExplicit) {
          extend(lastExplicit, source, group.end);
          continue;
        }
        if (numbered && group.start !== ns) {
          push({
            ids: [`Q${Number(numbered[1])}`],
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
        if (strongMatch && !numbered && rest.length === 0 && label.length <= 200) {
          wave = label.replace(/[:.]\s*$/, '');
          waveState = waveMarker(wave);
          last = null;
          continue;
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
        const label = strong ? plainInline(toString(strong)) : '';
        return { item, strong, label, ids: strong ? idsInLabel(label, questionsNumbers) : [] };
      });
      const anyExplicit = labels.some((l) => l.ids.length > 0);
      if (!anyExplicit && lastExplicit) {
        if (list.ordered) extend(lastExplicit, source, ne);
        continue;
      }
      labels.forEach(({ item, strong, label, ids }, index) => {
        const is = item.position?.start.offset ?? ns;
        const ie = item.position?.end.offset ?? ne;
        const ls = strong?.position?.start.offset ?? is;
        const le = strong?.position?.end.offset ?? is;
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
        const itemText = plainInline(source.slice(strong ? le : is, ie)).replace(/^(?:[-*+]|\d+[.)])\s*/, '');
        push({ ids: entryIds, positional, label, labelStart: ls, labelEnd: le, start: is, end: ie, body: itemText });
      });
      last = null;
      continue;
    }
    if (last && (node.type === 'blockquote' || node.type === 'code')) extend(last, source, ne);
  }
  return out;
}

/** Splits a paragraph into groups of lines, a new group at each line that starts an entry (`4. `, `**Q`, `- **Q`). */
function lineGroups(source: SourceText, start: number, end: number): { start: number; end: number }[] {
  const groups: { start: number; end: number }[] = [];
  let groupStart = start;
  const first = source.point(start).line;
  const lastLine = source.point(Math.max(start, end - 1)).line;
  for (let line = first + 1; line <= lastLine; line++) {
    const text = source.line(line);
    if (/^\s*(?:\d+[.)]\s+\S|\*\*Q|[-*+]\s+\*\*Q)/.test(text)) {
      const ls = source.lineStart(line);
      groups.push({ start: groupStart, end: source.lineEnd(line - 1) });
      groupStart = ls + (/^\s*/.exec(text)?.[0].length ?? 0);
    }
  }
  groups.push({ start: groupStart, end });
  return groups;
}

function plainHead(text: string): string {
  return text.replace(/[*_`]/g, '');
}

function extend(q: Question, source: SourceText, end: number): void {
  q.range = source.range(q.range.start.offset, end);
}
