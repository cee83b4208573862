import type { Range, Section, SectionId, ThreatModel } from '@tmsync/core';
import { flattenSections, sectionDef, sectionLabel } from '@tmsync/core';
import { parseDocument, parseThreatModel } from '@tmsync/parser';
import type { Root } from 'mdast';
import type { Position } from 'unist';
import type { VFile } from 'vfile';

declare module 'vfile' {
  interface DataMap {
    /** The threat model parsed from the file, shared by every rule (set by `remarkThreatModel`). */
    threatModel: ThreatModel;
  }
}

/**
 * unified plugin: reads the model from the tree the processor parsed (remark
 * with GFM, so the document is parsed once) and stores it in
 * `file.data.threatModel` for the rules that run after it. A model already
 * present (a caller parsed it) is kept.
 */
export function remarkThreatModel() {
  return (tree: Root, file: VFile): undefined => {
    file.data.threatModel ??= parseDocument(String(file), { path: file.path ?? '', tree }).model;
    return undefined;
  };
}

/** The file's threat model, parsing it (once) when no plugin did. */
export function threatModelOf(file: VFile): ThreatModel {
  let model = file.data.threatModel;
  if (!model) {
    model = parseThreatModel(String(file), { path: file.path ?? '' });
    file.data.threatModel = model;
  }
  return model;
}

/** The file's model when it is a rubric model; null otherwise (then only `not-a-threat-model` speaks). */
export function rubricModel(file: VFile): ThreatModel | null {
  const model = threatModelOf(file);
  return model.kind === 'rubric-model' ? model : null;
}

/** A model range as a unist position, for `file.message(…, {place})`. */
export function place(range: Range): Position {
  return {
    start: { line: range.start.line, column: range.start.column, offset: range.start.offset },
    end: { line: range.end.line, column: range.end.column, offset: range.end.offset },
  };
}

/** The first line of a range as a position (headings, labels): a multi-line range stays on its first line. */
export function placeLine(range: Range, text: string): Position {
  const nl = text.indexOf('\n', range.start.offset);
  if (nl >= 0 && nl < range.end.offset) {
    const end = nl > 0 && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    return {
      start: { ...range.start },
      end: { line: range.start.line, column: range.start.column + (end - range.start.offset), offset: end },
    };
  }
  return place(range);
}

/** Every section of the model, depth first, in document order. */
export function allSections(model: ThreatModel): Section[] {
  return flattenSections(model.sections);
}

/** The first section with a canonical id, at any depth, or null. */
export function sectionById(model: ThreatModel, id: SectionId): Section | null {
  return allSections(model).find((s) => s.id === id) ?? null;
}

/** The chapter prefix an older-generation document numbers its rubric with (`4` in `4.3`), or null. */
export function chapterPrefix(model: ThreatModel): string | null {
  if (model.generation !== 'older') return null;
  const counts = new Map<string, number>();
  for (const s of allSections(model)) {
    if (!s.id || !s.number) continue;
    const m = /^(\d+)\.\d+[a-z]?$/.exec(s.number);
    if (m?.[1]) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestCount = 1;
  for (const [c, n] of counts) if (n > bestCount) [best, bestCount] = [c, n];
  return best;
}

/**
 * How the document itself numbers a rubric section: the number as written
 * when the section is there (`§7`, `§4.7`, `1.10`), else the rubric's number
 * in the document's generation (`sectionLabel`), with its chapter prefix.
 */
export function sectionNumber(model: ThreatModel, id: SectionId): string {
  const present = sectionById(model, id);
  if (present?.number) return model.generation === 'older' ? `§${present.number}` : present.number;
  const label = sectionLabel(id, model.generation);
  const chapter = chapterPrefix(model);
  if (chapter && label.startsWith('§')) return `§${chapter}.${label.slice(1)}`;
  return label;
}

/** A section named for a message: its number in the document's numbering and its rubric title (`§5a Build-time and configuration variants`). */
export function sectionName(model: ThreatModel, id: SectionId): string {
  return `${sectionNumber(model, id)} ${sectionDef(id).title}`;
}

/** `1 thing` / `2 things`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Joins words as prose: `a`, `a and b`, `a, b and c`. */
export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** The questions among `ids` that the document already marks answered (every one of them, or none). */
export function answeredAlready(model: ThreatModel, ids: readonly string[]): string[] {
  const answered = ids.filter((id) => model.questions.some((q) => q.id === id && q.status === 'resolved'));
  return ids.length && answered.length === ids.length ? answered : [];
}
