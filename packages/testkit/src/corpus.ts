/**
 * The one locator of the shared corpus (real third-party threat models kept outside the
 * repository, in `../shared/corpus` beside it). Tests skip corpus cases when it is absent,
 * saying so once; under CI (`CI` set) its absence fails the run instead of skipping silently.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder above `from` holding `pnpm-workspace.yaml`. */
function repositoryRoot(from: string): string | null {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/** Where the corpus may be: `$TMSYNC_SHARED/corpus` first, then `../shared/corpus` beside the repository root. */
export function corpusCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const root = repositoryRoot(dirname(fileURLToPath(import.meta.url)));
  return [
    env.TMSYNC_SHARED ? join(env.TMSYNC_SHARED, 'corpus') : '',
    root ? resolve(root, '..', 'shared', 'corpus') : '',
  ].filter(Boolean);
}

/**
 * The shared corpus folder, or null when absent (after one warning naming `suite`). Throws
 * when absent and `CI` is set: a CI run must not pass by skipping the corpus tests.
 */
export function locateCorpus(
  suite: string,
  env: NodeJS.ProcessEnv = process.env,
  candidates: readonly string[] = corpusCandidates(env),
): string | null {
  const found = candidates.find((c) => existsSync(c));
  if (found) return found;
  const where = candidates.join(' or ');
  if (env.CI) {
    throw new Error(
      `[${suite}] the shared corpus is missing (looked in ${where}) and CI is set: put the shared folder beside the repository or set TMSYNC_SHARED.`,
    );
  }
  console.warn(
    `[${suite}] the shared corpus is missing (looked in ${where}): corpus tests are skipped. Put the shared folder beside the repository (or set TMSYNC_SHARED) to run them.`,
  );
  return null;
}

/** Names of the threat-model files of a corpus folder (every `.md` but README.md), sorted; none for null. */
export function corpusFiles(dir: string | null): string[] {
  if (!dir) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .sort();
}
