// `@tmsync/rubric/results`: a linted file reduced to what the reporters read,
// as plain data a cache can store and as a small VFile. Loads no rule and no
// parser, so a run whose files all come from a cache stays light.
import { createRequire } from 'node:module';
import type { Point, Position } from 'unist';
import { VFile } from 'vfile';

/** One message as data: what the text, JSON and SARIF reporters read from it. */
export interface MessageRecord {
  reason: string;
  ruleId: string | null;
  source: string | null;
  fatal: boolean | null;
  line: number | null;
  column: number | null;
  place: Position | Point | null;
  url: string | null;
}

/** A linted file as data: its messages and the source lines they start on (SARIF hashes them). */
export interface FileRecord {
  messages: MessageRecord[];
  lines: Record<string, string>;
}

/** The line numbers a message points at (its place's start and its line). */
function linesOf(record: MessageRecord): number[] {
  const out = [record.line ?? 1];
  if (record.place && 'start' in record.place) out.push(record.place.start.line);
  return out;
}

/** A linted file's record: its messages (no tree, no ancestors) and the text of the lines they start on. */
export function toRecord(file: VFile): FileRecord {
  const messages: MessageRecord[] = file.messages.map((m) => ({
    reason: m.reason,
    ruleId: m.ruleId ?? null,
    source: m.source ?? null,
    fatal: m.fatal ?? null,
    line: m.line ?? null,
    column: m.column ?? null,
    place: m.place ?? null,
    url: m.url ?? null,
  }));
  const text = String(file.value ?? '').split(/\r?\n/);
  const lines: Record<string, string> = {};
  for (const record of messages)
    for (const n of linesOf(record)) {
      const line = text[n - 1];
      if (line !== undefined) lines[n] = line;
    }
  return { messages, lines };
}

/**
 * A small VFile from a record, named `path`: the same messages as the file
 * linted, and as its value the message lines at their numbers (blank lines
 * elsewhere), which is all the SARIF reporter reads of the text.
 */
export function fromRecord(path: string, record: FileRecord): VFile {
  const numbers = Object.keys(record.lines).map(Number);
  const value = numbers.length === 0 ? '' : new Array<string>(Math.max(...numbers)).fill('');
  if (Array.isArray(value)) for (const n of numbers) value[n - 1] = record.lines[n] ?? '';
  const file = new VFile({ path, value: Array.isArray(value) ? value.join('\n') : value });
  for (const m of record.messages) {
    const message = file.message(m.reason, {
      ...(m.place ? { place: m.place } : {}),
      ...(m.ruleId !== null ? { ruleId: m.ruleId } : {}),
      ...(m.source !== null ? { source: m.source } : {}),
    });
    message.fatal = m.fatal ?? undefined;
    message.line = m.line ?? undefined;
    message.column = m.column ?? undefined;
    if (m.url !== null) message.url = m.url;
  }
  return file;
}

/** A linted file with its text, tree and model let go: what a run keeps of each file until it reports. */
export function released(file: VFile): VFile {
  return fromRecord(file.path ?? '', toRecord(file));
}

/** This package's version (its package.json): rules change with it, so a lint cache is keyed by it. */
export const RUBRIC_VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string })
  .version;
