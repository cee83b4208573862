/**
 * The one way tmsync words a zod error: one line per problem, naming the file
 * and the key path (`campaign.yaml: families[0].satellites[1].repo: …`), unknown
 * keys by name, and zod's default wording made plain.
 */
import type { z } from 'zod';

/** A key path as `families[0].satellites[1].repo`; `(top level)` when empty. */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out || '(top level)';
}

/** How {@link formatZodError} places the issues in their file. */
export interface ZodErrorPlace {
  /** The key path of the validated value inside the file (the issues' paths are relative to it). */
  at?: readonly PropertyKey[];
  /** The line of a key path in the file (of `key` under it, for an unknown key), or null; written as `(line N)`. */
  lineOf?: (path: readonly PropertyKey[], key?: string) => number | null;
}

const EXPECTED: Record<string, string> = {
  array: 'a list',
  object: 'a mapping of keys',
  record: 'a mapping of keys',
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
};

/** An issue's message, zod's defaults reworded (`missing (expected a list)`, `expected a string`); a schema's own message as written. */
function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message))
    return `missing (expected ${EXPECTED[issue.expected] ?? issue.expected})`;
  if (issue.code === 'invalid_type')
    return issue.message.replace(/^Invalid input: expected (\w+)/, (_m, w: string) => `expected ${EXPECTED[w] ?? w}`);
  if (issue.code === 'too_small' && issue.origin === 'array' && /^Too small\b/.test(issue.message))
    return `expected at least ${String(issue.minimum)} entr${issue.minimum === 1 ? 'y' : 'ies'}`;
  return issue.message;
}

/** A zod error as one line per problem: `FILE: key.path: message`, `FILE: key.path: unknown key "k"`, each with `(line N)` when `place.lineOf` knows it. */
export function formatZodError(error: z.ZodError, file: string, place: ZodErrorPlace = {}): string[] {
  const lineNote = (path: readonly PropertyKey[], key?: string) => {
    const line = place.lineOf?.(path, key) ?? null;
    return line ? ` (line ${line})` : '';
  };
  const lines: string[] = [];
  for (const issue of error.issues) {
    const path = [...(place.at ?? []), ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        lines.push(`${file}: ${formatKeyPath(path)}: unknown key "${key}"${lineNote(path, key)}`);
      continue;
    }
    lines.push(`${file}: ${formatKeyPath(path)}: ${messageOf(issue)}${lineNote(path)}`);
  }
  return lines;
}
