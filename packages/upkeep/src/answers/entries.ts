/**
 * How `tmsync answer` removes answered questions from a newer-generation
 * document: the entry's lines, a wave heading left empty, and the one-line
 * records under "Answered questions" at the end of 1.18.
 */
import type { Question, Section, ThreatModel } from '@tmsync/core';
import { flattenSections } from '@tmsync/core';
import type { SourceText, TextPatch } from '@tmsync/parser';

const ANSWERED_HEADING = /^(?:answered|resolved)(?:\s+questions)?\b/i;

/** The patch deleting a question's entry (its whole lines, and one blank line when it stood between blank lines). */
export function deletionPatch(source: SourceText, q: Question): TextPatch {
  const text = source.text;
  const startLine = q.range.start.line;
  let endLine = source.point(Math.max(q.range.start.offset, q.range.end.offset - 1)).line;
  const start = source.lineStart(startLine);
  let end = endLine < source.lineCount ? source.lineStart(endLine + 1) : text.length;
  const prevBlank = startLine === 1 || source.line(startLine - 1).trim() === '';
  if (prevBlank && endLine + 1 <= source.lineCount && source.line(endLine + 1).trim() === '') {
    endLine++;
    end = endLine < source.lineCount ? source.lineStart(endLine + 1) : text.length;
  }
  return { start, end, replacement: '' };
}

/** Deletions, with a wave heading added when every entry under it is deleted and nothing else is left there. */
export function withEmptiedWaves(model: ThreatModel, text: string, deletions: TextPatch[]): TextPatch[] {
  if (deletions.length === 0) return deletions;
  const questions = flattenSections(model.sections).find((s) => s.id === 'questions');
  if (!questions) return deletions;
  let out = [...deletions];
  for (const wave of flattenSections(questions.children)) {
    if (wave.children.length) continue;
    const bodyStart = wave.heading.end.offset;
    const bodyEnd = wave.range.end.offset;
    const inside = out.filter((d) => d.start >= bodyStart && d.end <= bodyEnd);
    if (inside.length === 0) continue;
    let rest = '';
    let cursor = bodyStart;
    for (const d of [...inside].sort((a, b) => a.start - b.start)) {
      rest += text.slice(cursor, d.start);
      cursor = d.end;
    }
    rest += text.slice(cursor, bodyEnd);
    if (rest.trim() !== '') continue;
    out = out.filter((d) => !inside.includes(d));
    out.push({ start: wave.range.start.offset, end: bodyEnd, replacement: '' });
  }
  return out;
}

/** A question's text without provenance tags, for the record kept when it is deleted. */
export function askedText(q: Question): string {
  return q.text
    .replace(/\(\s*(?:documented|inferred|maintainer|assumption)\b[^()]*\)/gi, '')
    .replace(/^[\s:.—–-]+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Where answered questions' records go in a newer-generation document: an `Answered questions` subsection of §1.18. */
export function recordsInsertion(
  model: ThreatModel,
  text: string,
  records: string[],
  deletions: readonly TextPatch[],
): TextPatch | null {
  if (records.length === 0) return null;
  const questions = flattenSections(model.sections).find((s) => s.id === 'questions');
  if (!questions) return null;
  const existing: Section | undefined = flattenSections(questions.children).find((s) => ANSWERED_HEADING.test(s.title));
  const lines = records.map((r) => `- ${r}`).join('\n');
  const backUp = (offset: number, floor: number) => {
    let e = offset;
    for (;;) {
      while (e > floor && /\s/.test(text[e - 1] ?? '')) e--;
      // Never insert inside (or at the end of) an entry being deleted.
      const inside = deletions.find((d) => e > d.start && e <= d.end);
      if (!inside || inside.start < floor) return e;
      e = inside.start;
    }
  };
  if (existing) {
    const at = backUp(existing.range.end.offset, existing.heading.end.offset);
    return { start: at, end: at, replacement: at === existing.heading.end.offset ? `\n\n${lines}` : `\n${lines}` };
  }
  const at = backUp(questions.range.end.offset, questions.heading.end.offset);
  const hashes = '#'.repeat(Math.min(6, Math.max(2, questions.level + 1)));
  return { start: at, end: at, replacement: `\n\n${hashes} Answered questions\n\n${lines}` };
}
