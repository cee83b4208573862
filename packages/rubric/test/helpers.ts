import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VFile } from 'vfile';

const here = dirname(fileURLToPath(import.meta.url));

/** Path of one of this package's fixtures. */
export function fixturePath(name: string): string {
  return join(here, 'fixtures', name);
}

/** Reads one of this package's own fixtures. */
export function fixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
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

/** Reads a corpus document. */
export function corpus(name: string): string {
  if (!CORPUS_DIR) throw new Error('corpus absent');
  return readFileSync(join(CORPUS_DIR, name), 'utf8');
}

export const SKIP_CORPUS = CORPUS_DIR === null;
if (SKIP_CORPUS)
  console.warn(
    '[tmsync rubric tests] ../shared/corpus not found: corpus tests are skipped. Put the shared folder beside the repository (or set TMSYNC_SHARED) to run them.',
  );

/** A file's messages as `[ruleId, line, column]`, sorted by position. */
export function where(file: VFile): [string, number, number][] {
  return file.messages
    .map((m) => [m.ruleId ?? '', m.line ?? 0, m.column ?? 0] as [string, number, number])
    .sort((a, b) => a[1] - b[1] || a[2] - b[2] || a[0].localeCompare(b[0]));
}
