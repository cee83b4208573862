/**
 * How `tmsync answer` marks a question answered or struck in place (the
 * older generation, and entries shared by several questions), and the records
 * those marks carry.
 */
import type { Question, ThreatModel } from '@tmsync/core';
import type { TextPatch } from '@tmsync/parser';
import type { AnswerOutcome } from './apply.js';
import { sharesLabel } from './question-state.js';
import type { Answer } from './schema.js';
import type { ResolutionConvention } from './style.js';
import { rawLabel } from './style.js';

const OPEN_TOKEN = /(?:⬜|☐)(?:\s*Open\b)?/;

/** Offset just after a list marker (`- `, `1. `) at `offset`, or `offset`. */
function afterListMarker(text: string, offset: number): number {
  const m = /^[ \t]*(?:[-*+]|\d+[.)])[ \t]+/.exec(text.slice(offset, offset + 12));
  return m ? offset + m[0].length : offset;
}

type LabelKind = 'bold' | 'heading' | 'none';

function labelKind(label: string): LabelKind {
  if (/^(\*\*|__)[\s\S]+\1$/.test(label)) return 'bold';
  if (/^\s{0,3}#{1,6}\s/.test(label)) return 'heading';
  return 'none';
}

function sentence(note: string | undefined): string {
  return (note ?? '').replace(/[\s.]+$/, '');
}

/** The end of the first paragraph of an entry's text from `from` (before a blank line or a sub-item), trailing spaces excluded. */
function firstParagraphEnd(text: string, from: number, end: number): number {
  const rest = text.slice(from, end);
  const stop = /\n[ \t]*(?:\n|[-*+][ \t]|\d+[a-z]?[.)][ \t]|>)/.exec(rest);
  let at = from + (stop ? stop.index : rest.length);
  while (at > from && /\s/.test(text[at - 1] ?? '')) at--;
  return at;
}

/** `*(Answered — maintainer NAME, DATE: NOTE)*`, the record every resolved mark carries. */
export function answeredRecord(a: Answer, date: string): string {
  const note = sentence(a.note);
  const what = a.action === 'correct' ? 'Answered with a correction' : 'Answered';
  return `*(${what} — maintainer ${a.by}, ${date}${note ? `: ${note}` : ''})*`;
}

function resolutionLine(a: Answer, date: string): string {
  const note = sentence(a.note);
  return `*Resolution: ${a.action === 'correct' ? 'corrected' : 'confirmed'} by ${a.by}, ${date}${note ? ` — ${note}` : ''}.*`;
}

function struckRecord(a: Answer, date: string): string {
  const note = sentence(a.note);
  return `struck by ${a.by}, ${date}${note ? `: ${note}` : ''}.`;
}

export function token(a: Answer): string {
  return a.action === 'correct' ? '✅ Corrected' : '✅ Confirmed';
}

/** The patches that mark a question answered or struck in place. */
export function markPatches(
  model: ThreatModel,
  text: string,
  q: Question,
  a: Answer,
  date: string,
  convention: ResolutionConvention,
): { patches: TextPatch[]; entry: AnswerOutcome['entry'] } {
  const style = convention.style;
  const label = rawLabel(text, q);
  const ls = q.labelRange.start.offset;
  const le = q.labelRange.end.offset;
  const kind = labelKind(label);
  if (sharesLabel(model, q)) {
    const note = sentence(a.note);
    const insert =
      a.action === 'strike'
        ? ` *(${q.id} struck by ${a.by}, ${date}${note ? `: ${note}` : ''})*`
        : ` *(${q.id} ${a.action === 'correct' ? 'answered with a correction' : 'answered'} — maintainer ${a.by}, ${date}${note ? `: ${note}` : ''})*`;
    return { patches: [{ start: le, end: le, replacement: insert }], entry: 'noted' };
  }
  const patches: TextPatch[] = [];
  if (a.action === 'strike') {
    if (kind === 'bold') {
      const openToken = style === 'label-token' ? OPEN_TOKEN.exec(label) : null;
      if (openToken)
        patches.push({
          start: ls + openToken.index,
          end: ls + openToken.index + openToken[0].length,
          replacement: '❌ Struck',
        });
      else if (!label.includes('~~')) {
        patches.push(
          { start: ls + 2, end: ls + 2, replacement: '~~' },
          { start: le - 2, end: le - 2, replacement: '~~' },
        );
      }
      patches.push({ start: le, end: le, replacement: ` — ${struckRecord(a, date)}` });
    } else if (kind === 'heading') {
      patches.push({ start: le, end: le, replacement: ` — ${struckRecord(a, date)}` });
    } else {
      const at = afterListMarker(text, le);
      patches.push({ start: at, end: at, replacement: `❌ ${struckRecord(a, date).replace(/^s/, 'S')} ` });
    }
    return { patches, entry: 'marked' };
  }
  const record = style === 'resolution-line' ? resolutionLine(a, date) : answeredRecord(a, date);
  if (style === 'head-token' || style === 'tail-token') {
    // The document's own token, where the document writes it: right after the label, or after the question.
    const mark = `${convention.token} ${record}`;
    if (style === 'tail-token') {
      const at = firstParagraphEnd(text, kind === 'none' ? afterListMarker(text, le) : le, q.range.end.offset);
      return { patches: [{ start: at, end: at, replacement: ` ${mark}` }], entry: 'marked' };
    }
    if (kind === 'heading') return { patches: [{ start: le, end: le, replacement: `\n\n${mark}` }], entry: 'marked' };
    if (kind === 'bold') return { patches: [{ start: le, end: le, replacement: ` ${mark}` }], entry: 'marked' };
    const at = afterListMarker(text, le);
    return { patches: [{ start: at, end: at, replacement: `${mark} ` }], entry: 'marked' };
  }
  let tok = style === 'default' || style === 'label-token' ? token(a) : '';
  if (kind === 'bold' && style === 'label-token') {
    const openToken = OPEN_TOKEN.exec(label);
    if (openToken) {
      patches.push({
        start: ls + openToken.index,
        end: ls + openToken.index + openToken[0].length,
        replacement: token(a),
      });
      tok = '';
    }
  }
  if (kind === 'bold' && style === 'answered-label') {
    const inner = label.slice(2, -2);
    const trail = /[.:]?\s*$/.exec(inner)?.[0] ?? '';
    patches.push({ start: le - 2 - trail.length, end: le - 2 - trail.length, replacement: ' — answered' });
  }
  if (kind === 'heading') {
    patches.push({ start: le, end: le, replacement: `${tok ? ` ${tok}` : ''}\n\n${record}` });
  } else if (kind === 'bold') {
    patches.push({ start: le, end: le, replacement: `${tok ? ` ${tok}` : ''} ${record}` });
  } else {
    const at = afterListMarker(text, le);
    patches.push({ start: at, end: at, replacement: `${tok ? `${tok} ` : ''}${record} ` });
  }
  return { patches, entry: 'marked' };
}
