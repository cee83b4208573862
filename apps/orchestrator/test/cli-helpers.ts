import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusFiles as listCorpus, locateCorpus } from '@tmsync/testkit';
import { main } from '../src/cli.js';
import type { Io } from '../src/io.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Output and exit code of one CLI run. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `tmsync ARGS` in-process with a capturing Io; `io` sets more of it (stdin, color). */
export async function tmsync(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; io?: Partial<Io> } = {},
): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    cwd: options.cwd ?? process.cwd(),
    env: { TMSYNC_TODAY: '2026-06-04', ...(options.env ?? {}) },
    ...options.io,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** Reads one of this app's own test fixtures. */
export function fixture(name: string): string {
  return readFileSync(join(here, 'fixtures', name), 'utf8');
}

/** Absolute path of one of this app's own test fixtures. */
export function fixturePath(name: string): string {
  return join(here, 'fixtures', name);
}

/** The shared corpus folder (../shared/corpus beside the repository, or $TMSYNC_SHARED/corpus), or null when absent; absent under CI is an error. */
export const CORPUS_DIR: string | null = locateCorpus('tmsync tests');

/** True when the corpus is absent (corpus tests skip, saying so once). */
export const SKIP_CORPUS = CORPUS_DIR === null;

/** Absolute path of a corpus document. */
export function corpusPath(name: string): string {
  if (!CORPUS_DIR) throw new Error('corpus absent');
  return join(CORPUS_DIR, name);
}

/** Reads a corpus document. */
export function corpus(name: string): string {
  return readFileSync(corpusPath(name), 'utf8');
}

/** Names of the corpus's threat-model files. */
export function corpusFiles(): string[] {
  return listCorpus(CORPUS_DIR);
}

/** Runs plain git as a person would (fixed identity and dates, no user or system config). */
export function git(cwd: string, args: string[], date = '2026-01-01T00:00:00Z'): string {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v;
  Object.assign(env, {
    HOME: cwd,
    XDG_CONFIG_HOME: join(cwd, '.no-config'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Maintainer',
    GIT_AUTHOR_EMAIL: 'maintainer@example.org',
    GIT_COMMITTER_NAME: 'Maintainer',
    GIT_COMMITTER_EMAIL: 'maintainer@example.org',
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
  });
  return execFileSync('git', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * A git repository whose model has a history: the draft as
 * draft-THREAT-MODEL.md (tag v0.1), renamed to THREAT_MODEL.md with Q2
 * answered (v1.0), an unrelated commit, then Q3 answered and Q5 struck (v1.1).
 */
export async function modelRepo(): Promise<string> {
  const work = mkdtempSync(join(tmpdir(), 'tmsync-repo-work-'));
  const repo = mkdtempSync(join(tmpdir(), 'tmsync-repo-'));
  const draft = fixture('older-model.md');
  writeFileSync(join(work, 'm.md'), draft);
  writeFileSync(join(work, 'a1.yaml'), '- {question: Q2, action: confirm, by: bob, date: 2026-02-01}\n');
  writeFileSync(
    join(work, 'a2.yaml'),
    '- {question: Q3, action: confirm, by: bob, date: 2026-04-01}\n- {question: Q5, action: strike, by: bob, date: 2026-04-01}\n',
  );
  await tmsync(['answer', 'm.md', 'a1.yaml'], { cwd: work });
  const v10 = readFileSync(join(work, 'm.md'), 'utf8');
  await tmsync(['answer', 'm.md', 'a2.yaml'], { cwd: work });
  const v11 = readFileSync(join(work, 'm.md'), 'utf8');

  git(repo, ['init', '-q', '-b', 'main']);
  writeFileSync(join(repo, 'README.md'), '# Widget\n');
  writeFileSync(join(repo, 'draft-THREAT-MODEL.md'), draft);
  git(repo, ['add', '.']);
  git(repo, ['commit', '-q', '-m', 'Add draft threat model'], '2026-01-01T00:00:00Z');
  git(repo, ['tag', 'v0.1'], '2026-01-01T00:00:00Z');
  git(repo, ['mv', 'draft-THREAT-MODEL.md', 'THREAT_MODEL.md']);
  writeFileSync(join(repo, 'THREAT_MODEL.md'), v10);
  git(repo, ['commit', '-q', '-am', 'Ratify wave 1'], '2026-02-01T00:00:00Z');
  git(repo, ['tag', 'v1.0'], '2026-02-01T00:00:00Z');
  writeFileSync(join(repo, 'README.md'), '# Widget\n\nA widget parser.\n');
  git(repo, ['commit', '-q', '-am', 'Describe the project'], '2026-03-01T00:00:00Z');
  writeFileSync(join(repo, 'THREAT_MODEL.md'), v11);
  git(repo, ['commit', '-q', '-am', 'Ratify wave 2'], '2026-04-01T00:00:00Z');
  git(repo, ['tag', 'v1.1'], '2026-04-01T00:00:00Z');
  return repo;
}
