import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Reads one of this package's own fixtures. */
export function fixture(name: string): string {
  return readFileSync(join(here, 'fixtures', name), 'utf8');
}

/** The shared corpus folder (../shared/corpus beside the repository), or null when absent. */
export const CORPUS_DIR: string | null = (() => {
  const candidates = [
    process.env.TMSYNC_SHARED ? join(process.env.TMSYNC_SHARED, 'corpus') : '',
    resolve(here, '../../../../shared/corpus'),
  ].filter(Boolean);
  return candidates.find((c) => existsSync(c)) ?? null;
})();

/** Names of the corpus's threat-model files. */
export function corpusFiles(): string[] {
  if (!CORPUS_DIR) return [];
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .sort();
}

const corpusCache = new Map<string, string>();

/** Reads a corpus document (once per test file). */
export function corpus(name: string): string {
  if (!CORPUS_DIR) throw new Error('corpus absent');
  let text = corpusCache.get(name);
  if (text === undefined) {
    text = readFileSync(join(CORPUS_DIR, name), 'utf8');
    corpusCache.set(name, text);
  }
  return text;
}

export const SKIP_CORPUS = CORPUS_DIR === null;
if (SKIP_CORPUS)
  console.warn(
    '[tmsync tests] ../shared/corpus not found: corpus tests are skipped. Put the shared folder beside the repository to run them.',
  );
