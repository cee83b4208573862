import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusFiles as listCorpus, locateCorpus } from '@tmsync/testkit';
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

/** The shared corpus folder (../shared/corpus beside the repository, or $TMSYNC_SHARED/corpus), or null when absent; absent under CI is an error. */
export const CORPUS_DIR: string | null = locateCorpus('tmsync rubric tests');

/** Names of the corpus's threat-model files. */
export function corpusFiles(): string[] {
  return listCorpus(CORPUS_DIR);
}

/** Reads a corpus document. */
export function corpus(name: string): string {
  if (!CORPUS_DIR) throw new Error('corpus absent');
  return readFileSync(join(CORPUS_DIR, name), 'utf8');
}

export const SKIP_CORPUS = CORPUS_DIR === null;

/** A file's messages as `[ruleId, line, column]`, sorted by position. */
export function where(file: VFile): [string, number, number][] {
  return file.messages
    .map((m) => [m.ruleId ?? '', m.line ?? 0, m.column ?? 0] as [string, number, number])
    .sort((a, b) => a[1] - b[1] || a[2] - b[2] || a[0].localeCompare(b[0]));
}
