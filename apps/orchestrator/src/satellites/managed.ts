/**
 * Managed sections: text tmsync writes into documents people own, delimited by
 *
 *     <!-- tmsync:begin NAME sha256=HASH -->
 *     …the managed body…
 *     <!-- tmsync:end NAME -->
 *
 * HASH is the first 16 hex digits of the SHA-256 of the body (line endings
 * normalised) as the tool wrote it. A body whose hash no longer matches was
 * edited by someone else: the tool reports it and leaves it alone.
 */
import { createHash } from 'node:crypto';

/** A managed block found in a document. */
export interface ManagedBlock {
  name: string;
  /** Offset of the begin marker's line. */
  start: number;
  /** Offset just past the end marker's line (its line break included). */
  end: number;
  bodyStart: number;
  bodyEnd: number;
  body: string;
  /** 1-based line of the begin marker. */
  line: number;
  recordedHash: string;
  actualHash: string;
  /** Whether the body differs from what the tool recorded (a human edit), or the end marker is missing. */
  edited: boolean;
  /** Whether the end marker is missing (the block then runs to the end of the file). */
  unterminated: boolean;
}

const BEGIN = /^<!-- tmsync:begin ([a-z][a-z0-9-]*) sha256=([0-9a-f]{16}) -->[ \t]*$/;

/** Hash of a managed body as recorded in its begin marker. */
export function bodyHash(body: string): string {
  return createHash('sha256').update(body.replace(/\r\n?/g, '\n'), 'utf8').digest('hex').slice(0, 16);
}

/** Every managed block of a document, in order. */
export function findManagedBlocks(text: string): ManagedBlock[] {
  const blocks: ManagedBlock[] = [];
  let offset = 0;
  let line = 1;
  let open: { name: string; hash: string; start: number; bodyStart: number; line: number } | null = null;
  while (offset <= text.length) {
    const nl = text.indexOf('\n', offset);
    const lineEnd = nl < 0 ? text.length : nl;
    const next = nl < 0 ? text.length : nl + 1;
    const content = text.slice(offset, lineEnd).replace(/\r$/, '');
    if (open) {
      if (content.trimEnd() === `<!-- tmsync:end ${open.name} -->`) {
        const body = text.slice(open.bodyStart, offset);
        const actual = bodyHash(body);
        blocks.push({
          name: open.name,
          start: open.start,
          end: next,
          bodyStart: open.bodyStart,
          bodyEnd: offset,
          body,
          line: open.line,
          recordedHash: open.hash,
          actualHash: actual,
          edited: actual !== open.hash,
          unterminated: false,
        });
        open = null;
      }
    } else {
      const m = BEGIN.exec(content);
      if (m) open = { name: m[1] ?? '', hash: m[2] ?? '', start: offset, bodyStart: next, line };
    }
    if (nl < 0) break;
    offset = next;
    line += 1;
  }
  if (open) {
    const body = text.slice(open.bodyStart);
    blocks.push({
      name: open.name,
      start: open.start,
      end: text.length,
      bodyStart: open.bodyStart,
      bodyEnd: text.length,
      body,
      line: open.line,
      recordedHash: open.hash,
      actualHash: bodyHash(body),
      edited: true,
      unterminated: true,
    });
  }
  return blocks;
}

/** The managed block of a name, or null. */
export function findManagedBlock(text: string, name: string): ManagedBlock | null {
  return findManagedBlocks(text).find((b) => b.name === name) ?? null;
}

/** Renders a managed block around `body` (which should end with a line break). */
export function renderManagedBlock(name: string, body: string): string {
  const b = body.endsWith('\n') ? body : `${body}\n`;
  return `<!-- tmsync:begin ${name} sha256=${bodyHash(b)} -->\n${b}<!-- tmsync:end ${name} -->\n`;
}

/** Whether offset lies inside any managed block. */
export function insideManagedBlock(blocks: readonly ManagedBlock[], offset: number): boolean {
  return blocks.some((b) => offset >= b.start && offset < b.end);
}

/** The line break a document uses (`\r\n` when most of its lines end so). */
export function lineBreakOf(text: string): '\n' | '\r\n' {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length;
  return crlf > 0 && crlf * 2 >= lf ? '\r\n' : '\n';
}

/** Text with `\n` line breaks converted to the document's. */
export function withLineBreaks(text: string, eol: '\n' | '\r\n'): string {
  return eol === '\n' ? text : text.replace(/\r?\n/g, '\r\n');
}

/** What to insert at the end of `text` so that `block` follows it after one blank line. */
export function appendWithBlankLine(text: string, block: string): string {
  const eol = lineBreakOf(text);
  if (text.length === 0) return block;
  if (text.endsWith(`${eol}${eol}`) || text.endsWith('\n\n')) return block;
  if (text.endsWith('\n')) return `${eol}${block}`;
  return `${eol}${eol}${block}`;
}
