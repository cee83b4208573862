import type { Point, Range } from '@tmsync/core';

/** A document's text with fast offset → line/column conversion. */
export class SourceText {
  readonly text: string;
  private readonly lineStarts: number[];

  constructor(text: string) {
    this.text = text;
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.lineStarts = starts;
  }

  /** Number of lines. */
  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The point at an offset (clamped to the text). */
  point(offset: number): Point {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - (this.lineStarts[lo] ?? 0) + 1, offset: o };
  }

  /** The range between two offsets. */
  range(start: number, end: number): Range {
    return { start: this.point(start), end: this.point(end) };
  }

  /** Offset where a 1-based line starts. */
  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line - 1, this.lineStarts.length - 1))] ?? 0;
  }

  /** Offset where a 1-based line ends (before its newline). */
  lineEnd(line: number): number {
    const next = this.lineStarts[line];
    if (next === undefined) return this.text.length;
    return this.text.charCodeAt(next - 2) === 13 ? next - 2 : next - 1;
  }

  /** The text of a 1-based line, without its line ending. */
  line(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  /** The text between two offsets. */
  slice(start: number, end: number): string {
    return this.text.slice(start, end);
  }
}

/** Strips Markdown emphasis, code ticks and link syntax from inline text, keeping the words. */
export function plainInline(text: string): string {
  // Each replacement runs only when its first character is there: most text has no link or tag.
  let plain = text;
  if (plain.includes('[')) plain = plain.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1');
  if (plain.includes('<')) plain = plain.replace(/<[^>]+>/g, '');
  if (plain.includes('~~')) plain = plain.replace(/~~/g, '');
  return plain
    .replace(/[*_`]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
