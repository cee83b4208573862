/** Diffs for people: unified diffs of planned files, word diffs of parent sections. */
import { createTwoFilesPatch, diffWords, structuredPatch } from 'diff';

/** A unified diff of one file (`/dev/null` for a created or deleted side). */
export function fileDiff(path: string, before: string | null, after: string | null): string {
  const patch = createTwoFilesPatch(
    before === null ? '/dev/null' : `a/${path}`,
    after === null ? '/dev/null' : `b/${path}`,
    before ?? '',
    after ?? '',
    undefined,
    undefined,
    { context: 3 },
  );
  // Drop the `Index:`/`===` preamble createTwoFilesPatch writes; keep the `---`/`+++` headers.
  return patch.replace(/^={5,}\n/m, '').replace(/^Index: .*\n/m, '');
}

/** Lines added and removed in one file (a created or deleted side is empty), as `git diff --stat` counts them. */
export function fileStat(before: string | null, after: string | null): { added: number; removed: number } {
  const patch = structuredPatch('a', 'b', before ?? '', after ?? '', undefined, undefined, { context: 0 });
  let added = 0;
  let removed = 0;
  for (const hunk of patch.hunks)
    for (const line of hunk.lines) {
      if (line.startsWith('+')) added += 1;
      else if (line.startsWith('-')) removed += 1;
    }
  return { added, removed };
}

/**
 * A word-level diff in `git diff --word-diff=plain` notation (`[-old-]{+new+}`),
 * cut down to the changed lines with one line of context around them.
 */
export function wordDiff(before: string, after: string, context = 1): string {
  const parts = diffWords(before.replace(/\r\n?/g, '\n'), after.replace(/\r\n?/g, '\n'));
  const lines: string[] = [''];
  const changed: boolean[] = [false];
  for (const part of parts) {
    const open = part.added ? '{+' : part.removed ? '[-' : '';
    const close = part.added ? '+}' : part.removed ? '-]' : '';
    const pieces = part.value.split('\n');
    pieces.forEach((piece, k) => {
      if (k > 0) {
        lines.push('');
        changed.push(false);
      }
      if (piece === '' && open && pieces.length > 1) {
        if (k === 0 || k === pieces.length - 1) return;
      }
      const last = lines.length - 1;
      lines[last] += open && piece !== '' ? `${open}${piece}${close}` : piece;
      if (open) changed[last] = true;
    });
  }
  while (lines.length > 1 && lines[lines.length - 1] === '' && !changed[lines.length - 1]) {
    lines.pop();
    changed.pop();
  }
  if (!changed.some(Boolean)) return '';
  const keep = lines.map((_, i) => {
    for (let j = Math.max(0, i - context); j <= Math.min(lines.length - 1, i + context); j++)
      if (changed[j]) return true;
    return false;
  });
  const out: string[] = [];
  let skipped = false;
  lines.forEach((line, i) => {
    if (keep[i]) {
      if (skipped && out.length > 0) out.push('…');
      out.push(line);
      skipped = false;
    } else skipped = true;
  });
  while (out.length && out[0]?.trim() === '') out.shift();
  while (out.length && out[out.length - 1]?.trim() === '') out.pop();
  return out.join('\n');
}
