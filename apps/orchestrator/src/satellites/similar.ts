/** Files that look like a threat model under another name, for "did you mean" messages. */
import type { Forge } from '../forge/types.js';
import { baseName, dirOf, THREAT_MODEL_NAME } from './links.js';

/** Threat-model-like files of a repository at a ref, except `except`, those in the same folder first. */
export async function similarModels(forge: Forge, repo: string, ref: string, except: string): Promise<string[]> {
  let files: string[];
  try {
    files = await forge.listFiles(repo, ref);
  } catch {
    return [];
  }
  const dir = dirOf(except);
  const norm = (p: string) =>
    baseName(p)
      .toLowerCase()
      .replace(/[-_ .]/g, '');
  const want = norm(except);
  const rank = (f: string) => (norm(f) === want ? 0 : norm(f).includes(want) || want.includes(norm(f)) ? 1 : 2);
  return files
    .filter((f) => f !== except && (THREAT_MODEL_NAME.test(baseName(f)) || norm(f) === want))
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        Number(dirOf(b) === dir) - Number(dirOf(a) === dir) ||
        a.split('/').length - b.split('/').length ||
        Math.abs(a.length - except.length) - Math.abs(b.length - except.length) ||
        a.localeCompare(b),
    );
}
