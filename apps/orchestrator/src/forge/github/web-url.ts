/** Web links of a GitHub (or GitHub Enterprise Server) instance, derived from its REST API URL. */
import { blobUrl } from '../web.js';

/** The web origin of an API URL: `https://api.github.com` → `https://github.com`, `https://HOST/api/v3` → `https://HOST`. */
export function webOrigin(apiUrl: string): string {
  const url = new URL(apiUrl);
  if (url.hostname === 'api.github.com') return 'https://github.com';
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api\/v3$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

/** `ORIGIN/OWNER/REPO/blob/REF/PATH` on the instance the API URL belongs to. */
export function githubWebUrl(apiUrl: string, repo: string, ref: string, path: string): string {
  return blobUrl(webOrigin(apiUrl), repo, ref, path);
}
