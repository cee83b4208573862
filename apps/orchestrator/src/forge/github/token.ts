/** Where the GitHub forge finds its token. */
import { execFileSync } from 'node:child_process';
import { ForgeError } from '../types.js';

/** A token and where it came from (never the token in messages: only the source). */
export interface ResolvedToken {
  token: string;
  source: 'GITHUB_TOKEN' | 'GH_TOKEN' | 'gh auth token';
}

export interface TokenOptions {
  /** API base URL; a GitHub Enterprise Server URL makes `gh auth token` ask for that host. */
  apiUrl?: string;
  /** The `gh` executable (default `gh`, looked up on PATH); false skips it. */
  gh?: string | false;
}

/** The host `gh` knows an API URL by (`github.com` for the public API). */
export function ghHostOf(apiUrl: string | undefined): string {
  if (!apiUrl) return 'github.com';
  try {
    const host = new URL(apiUrl).hostname;
    return host === 'api.github.com' ? 'github.com' : host;
  } catch {
    return 'github.com';
  }
}

function clean(value: string | undefined): string | null {
  const t = value?.trim();
  return t && !/\s/.test(t) ? t : null;
}

/** Finds a token: `GITHUB_TOKEN`, else `GH_TOKEN`, else `gh auth token` when gh is installed; a clear error otherwise. */
export function resolveGitHubToken(env: NodeJS.ProcessEnv, options: TokenOptions = {}): ResolvedToken {
  const fromGithub = clean(env.GITHUB_TOKEN);
  if (fromGithub) return { token: fromGithub, source: 'GITHUB_TOKEN' };
  const fromGh = clean(env.GH_TOKEN);
  if (fromGh) return { token: fromGh, source: 'GH_TOKEN' };
  let why = 'gh is not installed';
  if (options.gh !== false) {
    const host = ghHostOf(options.apiUrl);
    try {
      const out = execFileSync(options.gh ?? 'gh', ['auth', 'token', '--hostname', host], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 15_000,
        env: { ...env, GH_PROMPT_DISABLED: '1', NO_COLOR: '1' },
        windowsHide: true,
      });
      const token = clean(out);
      if (token) return { token, source: 'gh auth token' };
      why = `gh has no token for ${host}`;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      why = code === 'ENOENT' ? 'gh is not installed' : `gh has no login for ${host} (run \`gh auth login\`)`;
    }
  }
  throw new ForgeError(
    'permission',
    `no GitHub token found: tried GITHUB_TOKEN, GH_TOKEN and \`gh auth token\` (${why}); set GITHUB_TOKEN to a token that can read the satellites and open pull requests`,
  );
}
