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

/** The compare page of a repository on a forge's host (its origin read off `webUrl`). */
export function forgeCompareUrl(
  forge: { webUrl(repo: string, ref: string, path: string): string },
  repo: string,
  from: string,
  to: string,
): string {
  const probe = forge.webUrl(repo, 'REF', 'PATH');
  const origin = probe.slice(0, probe.length - `/${repo}/blob/REF/PATH`.length);
  return compareUrl(origin, repo, from, to);
}
