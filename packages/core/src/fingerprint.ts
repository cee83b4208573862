import { createHash } from 'node:crypto';

/**
 * Normalises section text for fingerprinting: line endings unified, runs of
 * white space folded to one space, leading and trailing white space dropped.
 * Re-wrapping a paragraph therefore keeps the fingerprint; changing a word does not.
 */
export function normaliseText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\s+/g, ' ').trim();
}

/** Fingerprint of a section's text: `sha256:` and the first 16 hex digits of the hash of its normalised text. */
export function fingerprint(text: string): string {
  return `sha256:${createHash('sha256').update(normaliseText(text), 'utf8').digest('hex').slice(0, 16)}`;
}

/** Normalises text with every provenance tag's word reduced to one token, so that promotions alone do not change it. */
export function normaliseIgnoringProvenance(text: string): string {
  return normaliseText(text).replace(/\(\s*(?:documented|inferred|maintainer|assumption)\b[^()]*\)/gi, '(tag)');
}
