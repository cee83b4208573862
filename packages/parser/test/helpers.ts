import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusFiles as listCorpus, locateCorpus } from '@tmsync/testkit';

const here = dirname(fileURLToPath(import.meta.url));

/** Reads one of this package's own fixtures. */
export function fixture(name: string): string {
  return readFileSync(join(here, 'fixtures', name), 'utf8');
}

/** The shared corpus folder (../shared/corpus beside the repository, or $TMSYNC_SHARED/corpus), or null when absent; absent under CI is an error. */
export const CORPUS_DIR: string | null = locateCorpus('tmsync parser tests');

/** Names of the corpus's threat-model files. */
export function corpusFiles(): string[] {
  return listCorpus(CORPUS_DIR);
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
