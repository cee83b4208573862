/**
 * The baseline a delta model declares: "This is a delta document … §1, §2, §4
 * … of the umbrella model apply here unchanged", "inherits §3 / §4 / §7 from
 * …", or tmsync's own `<!-- tmsync:inherits {…} -->` record. The sections it
 * names are inherited, so they are not missing from the delta.
 */
import type { Baseline, SectionId } from '@tmsync/core';
import { isSectionId, resolveSectionRef } from '@tmsync/core';
import type { SourceText } from './source.js';

const RECORD_RE = /<!--\s*tmsync:inherits\s+([\s\S]*?)\s*-->/;
/** A sentence that declares a baseline: a delta or addendum, inheriting or applying the parent's sections unchanged. */
const DECLARES_RE =
  /\b(?:apply|applies)\s+(?:here\s+)?(?:unchanged|as[- ]is|verbatim)\b|\binherit(?:s|ed|ing)?\b[^.]*§|\b(?:unchanged|verbatim)\s+from\b|\bas in the (?:parent|umbrella|sibling|canonical)\b/i;
/** The document saying it is itself the delta (not describing other documents as deltas of it). */
const SELF_DELTA_RE =
  /\bthis\s+(?:is\s+an?|(?:document|model|file|page)\s+is\s+an?)\s+(?:\w+\s+)?(?:delta|addendum)\b|\bthis\s+(?:document|model|file|addendum|delta)\s+inherits\b|\bapply\s+here\b|\b(?:addendum|delta)\s+to\s+the\b/i;
const FROM_SELF_RE = /\bfrom\s+this\s+(?:document|model|file)\b/i;
const SECTION_REF_RE = /§\s*(\d{1,2}[a-z]?|1\.\d{1,2})\b/g;
const FROM_RE =
  /\b(?:of|from|in)\s+(the\s+(?:[\w-]+\s+){0,3}(?:model|document|threat model)|\[[^\]]+\]\([^)]+\)|https?:\/\/\S+|`[^`]+`)/i;

function unique(ids: SectionId[]): SectionId[] {
  return [...new Set(ids)];
}

function fromRecord(source: SourceText): Baseline | null {
  const m = RECORD_RE.exec(source.text);
  if (!m) return null;
  let json: unknown;
  try {
    json = JSON.parse(m[1] ?? '');
  } catch {
    return null;
  }
  if (!json || typeof json !== 'object') return null;
  const record = json as { parent?: unknown; path?: unknown; ref?: unknown; sections?: unknown };
  const keys = record.sections && typeof record.sections === 'object' ? Object.keys(record.sections) : [];
  const sections = keys.filter(isSectionId);
  const from =
    typeof record.parent === 'string'
      ? `${record.parent}${typeof record.path === 'string' ? ` ${record.path}` : ''}${typeof record.ref === 'string' ? ` at ${record.ref}` : ''}`
      : null;
  return { from, sections: unique(sections), range: source.range(m.index, m.index + m[0].length) };
}

/**
 * The matches of `/[^.!?]+(?:[.!?](?=\s|$)|$)/g` over a text, found in one pass:
 * the runs between `.`, `!` and `?` that end in one followed by white space or
 * the end (a run cut by `e.g.` or `1.2` is skipped, as the pattern skips it),
 * and the text after the last one. The pattern itself re-scans a skipped run
 * from each of its characters, quadratic in the run's length.
 */
export function* sentences(text: string): Generator<{ 0: string; index: number }> {
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 46 && c !== 33 && c !== 63) continue;
    if (i > start && (i + 1 === text.length || /\s/.test(text.charAt(i + 1))))
      yield { 0: text.slice(start, i + 1), index: start };
    start = i + 1;
  }
  if (start < text.length) yield { 0: text.slice(start), index: start };
}

/**
 * Reads the baseline a document declares in its opening (before `limit`): the
 * tmsync:inherits record, else the first sentence that both calls the document a
 * delta (or says it inherits) and names sections applying unchanged.
 */
export function scanBaseline(source: SourceText, limit: number): Baseline | null {
  const record = fromRecord(source);
  if (record) return record;
  const text = source.text.slice(0, Math.min(limit, source.text.length));
  // Sentences of the opening, blockquote markers and line breaks folded in.
  for (const m of sentences(text)) {
    const sentence = m[0];
    if (!DECLARES_RE.test(sentence)) continue;
    const around = text.slice(Math.max(0, (m.index ?? 0) - 400), (m.index ?? 0) + sentence.length);
    if (!SELF_DELTA_RE.test(around) || FROM_SELF_RE.test(sentence)) continue;
    const ids = unique(
      [...sentence.matchAll(SECTION_REF_RE)].flatMap((r) => {
        const id = resolveSectionRef(`§${r[1]}`);
        return id ? [id] : [];
      }),
    );
    if (!ids.length) continue;
    const from = FROM_RE.exec(sentence)?.[1]?.replace(/\s+/g, ' ').trim() ?? null;
    const start = m.index ?? 0;
    return { from, sections: ids, range: source.range(start, start + sentence.length) };
  }
  return null;
}
