/** Pure text helpers of the github forge: the hand-back marker, label names, digests. */
import { createHash } from 'node:crypto';
import type { ApiPull } from './api.js';

export const MARKER = /^<!-- tmsync:handed-back ([0-9a-f]{40}) -->$/m;
/** What a tool commit is lives in one module, for both forges. */
export { hasToolTrailer } from '../tool-commit.js';

/** A PR body without the tool's hidden markers. */
export function stripMarkers(body: string): string {
  return body
    .replace(/\r\n/g, '\n')
    .split('\n')
    .filter((line) => !MARKER.test(line))
    .join('\n')
    .replace(/\s+$/, '\n')
    .replace(/^\n$/, '');
}

export function withMarker(body: string, accepted: string | null): string {
  const text = stripMarkers(body);
  if (!accepted) return text;
  return `${text.replace(/\s+$/, '')}\n\n<!-- tmsync:handed-back ${accepted} -->\n`;
}

export function acceptedOf(body: string | null): string | null {
  return MARKER.exec((body ?? '').replace(/\r\n/g, '\n'))?.[1] ?? null;
}

export function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function labelNames(pr: ApiPull): string[] {
  return pr.labels.map((l) => l.name ?? '').filter(Boolean);
}

export function hasLabel(pr: ApiPull, name: string): boolean {
  return labelNames(pr).some((l) => same(l, name));
}

export function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}
