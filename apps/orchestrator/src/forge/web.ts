/** Web links to files on a forge: one shape (`ORIGIN/OWNER/REPO/blob/REF/PATH`) for github.com, GitHub Enterprise Server and the local forge. */

/** The web origin links of the local forge carry (it stands in for github.com). */
export const GITHUB_ORIGIN = 'https://github.com';

/** `ORIGIN/OWNER/REPO/blob/REF/PATH`, ref and path segments escaped. */
export function blobUrl(origin: string, repo: string, ref: string, path: string): string {
  const enc = (s: string) =>
    s
      .split('/')
      .map((p) => encodeURIComponent(p))
      .join('/');
  return `${origin.replace(/\/+$/, '')}/${repo}/blob/${enc(ref)}/${enc(path)}`;
}

/** `ORIGIN/OWNER/REPO/compare/FROM...TO`. */
export function compareUrl(origin: string, repo: string, from: string, to: string): string {
  return `${origin.replace(/\/+$/, '')}/${repo}/compare/${encodeURIComponent(from)}...${encodeURIComponent(to)}`;
}

/** The web origin of a forge (`https://github.com`, `https://ghe.example.com`), read off its `webUrl`. */
export function forgeOrigin(forge: { webUrl(repo: string, ref: string, path: string): string }): string {
  const probe = forge.webUrl('o/r', 'REF', 'PATH');
  return probe.slice(0, probe.length - '/o/r/blob/REF/PATH'.length);
}

/** The compare page of a repository on a forge's host (its origin read off `webUrl`). */
export function forgeCompareUrl(
  forge: { webUrl(repo: string, ref: string, path: string): string },
  repo: string,
  from: string,
  to: string,
): string {
  return compareUrl(forgeOrigin(forge), repo, from, to);
}
