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
