/** Names of environment variables whose values are secrets and never appear in output. */
export const SECRET_ENV = ['GITHUB_TOKEN', 'GH_TOKEN', 'TMSYNC_TOKEN'] as const;

const TOKEN_PATTERNS = [
  /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g,
  /((?:authorization|token)["']?\s*[:=]\s*["']?(?:token|bearer)?\s*)[^\s"',]+/gi,
];

/** Replaces every known secret (token variables' values, token-shaped strings) in text with `***`. */
export function redactSecrets(
  text: string,
  env: NodeJS.ProcessEnv = process.env,
  extra: readonly string[] = [],
): string {
  let out = text;
  const secrets = [...SECRET_ENV.map((k) => env[k]), ...extra].filter(
    (s): s is string => typeof s === 'string' && s.length >= 4,
  );
  for (const s of secrets) out = out.split(s).join('***');
  for (const re of TOKEN_PATTERNS)
    out = out.replace(re, (_m, prefix?: string) => (typeof prefix === 'string' && prefix ? `${prefix}***` : '***'));
  return out;
}
