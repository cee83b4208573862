import type { Diagnostic, ThreatModel } from '@tmsync/core';
import { SourceText } from './source.js';

/**
 * Bounds checked on the raw text before any Markdown parsing.
 *
 * remark-parse's cost grows with the square of container nesting (a 20 KB
 * line of 10,000 list markers takes over a minute) and its memory with the
 * size of the file (a 5 MB file takes 1.5 GB), so a crafted model in a CI job
 * or a campaign repository could tie the tool up. Both checks here are one
 * linear pass over the text.
 */
export interface InputLimits {
  /** Largest document accepted, in UTF-8 bytes. */
  maxBytes: number;
  /** Deepest container nesting accepted (block quotes, list items and indentation levels on one line). */
  maxNestingDepth: number;
}

/** The default bounds: about six times the largest real model seen, and far deeper nesting than any real document uses. */
export const DEFAULT_INPUT_LIMITS: InputLimits = { maxBytes: 1024 * 1024, maxNestingDepth: 100 };

/** Rule ids of the two bound findings (reported by lint under these ids). */
export const BOUND_RULE_IDS = ['document-too-large', 'nesting-too-deep'] as const;

const SPACE = 32;
const TAB = 9;
const GT = 62;

/** Length of a list marker (`-`, `*`, `+`, `1.`, `1)`) followed by a space, tab or line end at `i`, else 0. */
function listMarkerAt(text: string, i: number, end: number): number {
  const c = text.charCodeAt(i);
  let j = i;
  if (c === 45 || c === 42 || c === 43) j = i + 1;
  else {
    while (j < end && j - i < 9 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
    if (j === i || j >= end) return 0;
    const d = text.charCodeAt(j);
    if (d !== 46 && d !== 41) return 0;
    j++;
  }
  if (j === end) return j - i;
  const after = text.charCodeAt(j);
  return after === SPACE || after === TAB ? j - i : 0;
}

/** The container depth a line opens: its markers (`>`, list markers) plus its leading indentation in levels of two columns. */
function lineDepth(text: string, start: number, end: number, stopAt: number): number {
  let depth = 0;
  let i = start;
  let columns = 0;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === TAB) {
      // Indentation before the first marker nests; the padding after a marker does not.
      if (depth === 0) columns += c === TAB ? 4 : 1;
      i++;
      continue;
    }
    if (c === GT) {
      depth++;
      i++;
    } else {
      const marker = listMarkerAt(text, i, end);
      if (marker === 0) break;
      depth++;
      i += marker;
    }
    // Early exit keeps a pathological line linear, not a full walk of it.
    if (depth + (columns >> 1) > stopAt) break;
  }
  return depth + (columns >> 1);
}

/**
 * Checks a document against the bounds; returns the one finding (with its line)
 * when it exceeds one, else null. Linear in the text, no parsing.
 */
export function checkInputBounds(text: string, limits: InputLimits = DEFAULT_INPUT_LIMITS): Diagnostic | null {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxBytes) {
    const source = new SourceText(text);
    // The line where the limit is crossed (a byte offset of UTF-16 text: close enough to name a line).
    const at = source.point(Math.min(text.length, limits.maxBytes));
    return {
      ruleId: 'document-too-large',
      severity: 'error',
      message: `The document is ${bytes.toLocaleString('en')} bytes, over the limit of ${limits.maxBytes.toLocaleString('en')} bytes (crossed at line ${at.line}); it was not parsed. A threat model is rarely over 200 KB: check that this is the model, or raise limits.maxBytes in .tmsyncrc.`,
      range: { start: at, end: at },
    };
  }
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const depth = lineDepth(text, start, end, limits.maxNestingDepth);
    if (depth > limits.maxNestingDepth) {
      const source = new SourceText(text);
      const at = source.range(start, Math.min(end, start + 1));
      return {
        ruleId: 'nesting-too-deep',
        severity: 'error',
        message: `Line ${at.start.line} nests block quotes, lists or indentation more than ${limits.maxNestingDepth} levels deep; the document was not parsed (Markdown parsing slows with the square of the depth). Flatten the structure, or raise limits.maxNestingDepth in .tmsyncrc.`,
        range: at,
      };
    }
    start = end + 1;
  }
  return null;
}

/**
 * The one-line finding of a model the parser refused because it is over the
 * input bounds (`LABEL:LINE:COL: error RULE: message`), or null for any other model.
 */
export function overLimitLine(model: ThreatModel, label: string): string | null {
  if (model.kind !== 'over-limit') return null;
  const d = model.diagnostics[0];
  if (!d) return null;
  const at = d.range ? `${d.range.start.line}:${d.range.start.column}` : '1:1';
  return `${label}:${at}: error ${d.ruleId}: ${d.message}`;
}
