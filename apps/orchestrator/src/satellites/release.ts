/**
 * Release tags of a parent: which of its tags is a newer release than the one a satellite is
 * pinned to (`v1.0.0` → `v1.1.0`; `cxf-4.0.1` → `cxf-4.0.2`). Tags are compared by their
 * numeric version under the same prefix; pre-releases (`v2.0.0-rc1`) are not releases.
 */
import type { TagRef } from '../forge/types.js';

/** A tag read as a release: its prefix and numeric parts, or null when it is not one. */
export function releaseVersion(tag: string): { prefix: string; parts: number[] } | null {
  const m = /^(.*?)(\d+(?:\.\d+)*)$/.exec(tag);
  if (!m) return null;
  const prefix = m[1] ?? '';
  // A digit run glued to a word is not a version (`build7`); a separator or `v` before it is.
  if (prefix !== '' && !/(?:^|[-_/.])v?$|^v$/i.test(prefix)) return null;
  return { prefix, parts: (m[2] ?? '').split('.').map((p) => Number.parseInt(p, 10)) };
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Release tags of the same prefix newer than `pinned`, oldest first (none when `pinned` is not a release tag). */
export function newerReleases(tags: readonly Pick<TagRef, 'name'>[], pinned: string): string[] {
  const at = releaseVersion(pinned);
  if (!at) return [];
  const newer: { name: string; parts: number[] }[] = [];
  for (const t of tags) {
    const v = releaseVersion(t.name);
    if (v && v.prefix === at.prefix && compare(v.parts, at.parts) > 0) newer.push({ name: t.name, parts: v.parts });
  }
  return newer.sort((a, b) => compare(a.parts, b.parts)).map((t) => t.name);
}

/** The newest release tag of the same prefix newer than `pinned`, or null (also when `pinned` is not a release tag). */
export function newerRelease(tags: readonly Pick<TagRef, 'name'>[], pinned: string): string | null {
  return newerReleases(tags, pinned).at(-1) ?? null;
}
