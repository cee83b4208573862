/** A replacement of `text[start, end)` by `replacement`. */
export interface TextPatch {
  start: number;
  end: number;
  replacement: string;
}

/** Raised when two patches overlap: the edit would be ambiguous, so nothing is applied. */
export class PatchConflictError extends Error {
  constructor(
    readonly a: TextPatch,
    readonly b: TextPatch,
  ) {
    super(`patches overlap at offsets ${a.start}-${a.end} and ${b.start}-${b.end}`);
    this.name = 'PatchConflictError';
  }
}

/**
 * Applies byte-exact patches at the parser's offsets: everything outside the
 * patched ranges is copied unchanged. Patches may come in any order; overlapping
 * ones are refused. Identical duplicate patches are applied once.
 */
export function applyPatches(text: string, patches: readonly TextPatch[]): string {
  const sorted = [...patches]
    .filter(
      (p, i, all) =>
        all.findIndex((q) => q.start === p.start && q.end === p.end && q.replacement === p.replacement) === i,
    )
    .sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let cursor = 0;
  let previous: TextPatch | null = null;
  for (const p of sorted) {
    if (p.start < 0 || p.end > text.length || p.start > p.end)
      throw new RangeError(`patch ${p.start}-${p.end} is outside the text (length ${text.length})`);
    if (previous && p.start < previous.end) throw new PatchConflictError(previous, p);
    out += text.slice(cursor, p.start) + p.replacement;
    cursor = p.end;
    previous = p;
  }
  return out + text.slice(cursor);
}
