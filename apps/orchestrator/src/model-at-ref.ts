/**
 * Reading a threat model as it stood at a git ref, with git (`rev-parse`,
 * `ls-tree`, `cat-file`) and never a checkout.
 */
import { stat } from 'node:fs/promises';
import { ForgeError } from './forge/types.js';
import { run, tryRun, validateRepoPath } from './git.js';
import { UsageError } from './io.js';

/** Paths tried, in order, when no path is given. */
export const CONVENTIONAL_MODEL_PATHS = [
  'THREAT_MODEL.md',
  'THREAT-MODEL.md',
  'docs/THREAT_MODEL.md',
  'docs/THREAT-MODEL.md',
] as const;

/** True for a file name that looks like a threat model (`*THREAT*MODEL*.md`, `*threat-model*.md`, any case, any folder). */
export function looksLikeThreatModel(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return /threat.*model.*\.md$/i.test(name);
}

function asUsage(error: unknown): never {
  if (error instanceof ForgeError || error instanceof Error) throw new UsageError(error.message);
  throw new UsageError(String(error));
}

/** The absolute git directory of the repository at `repoDir`; a UsageError when it is not one. */
export async function gitDirOf(repoDir: string): Promise<string> {
  try {
    if (!(await stat(repoDir)).isDirectory()) throw new UsageError(`${repoDir}: not a folder`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${repoDir}: no such folder`);
  }
  let result;
  try {
    result = await tryRun(repoDir, ['rev-parse', '--absolute-git-dir']);
  } catch (error) {
    asUsage(error);
  }
  if (result.code !== 0) throw new UsageError(`${repoDir}: not a git repository`);
  return result.stdout.trim();
}

/** A few tags of the repository, newest first, for error messages. */
export async function someTags(repoDir: string, gitDir: string, limit = 8): Promise<string[]> {
  const result = await tryRun(
    repoDir,
    ['for-each-ref', '--sort=-creatordate', '--format=%(refname:short)', 'refs/tags'],
    { gitDir },
  );
  if (result.code !== 0) return [];
  return result.stdout.split('\n').filter(Boolean).slice(0, limit);
}

/** The commit a ref names, or null when it names none. */
export async function resolveCommit(repoDir: string, gitDir: string, ref: string): Promise<string | null> {
  if (ref.length === 0 || ref.startsWith('-') || /[\0\n]/.test(ref)) return null;
  const result = await tryRun(repoDir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { gitDir });
  return result.code === 0 ? result.stdout.trim() : null;
}

/** Every file path in a commit's tree. */
export async function filesAt(repoDir: string, gitDir: string, commit: string): Promise<string[]> {
  try {
    const out = await run(repoDir, ['ls-tree', '-r', '-z', '--name-only', commit], { gitDir });
    return out.split('\0').filter(Boolean);
  } catch (error) {
    asUsage(error);
  }
}

/** The threat-model-looking files among `files`, conventional locations first. */
export function threatModelFiles(files: readonly string[]): string[] {
  const found = files.filter(looksLikeThreatModel);
  const rank = (p: string) => {
    const i = (CONVENTIONAL_MODEL_PATHS as readonly string[]).indexOf(p);
    return i < 0 ? CONVENTIONAL_MODEL_PATHS.length : i;
  };
  return [...found].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** The model's path among a tree's files: a conventional path, else the single threat-model-looking file; throws naming what is there. */
export function pickModelPath(files: readonly string[], where: string): string {
  for (const p of CONVENTIONAL_MODEL_PATHS) if (files.includes(p)) return p;
  const found = threatModelFiles(files);
  if (found.length === 1) return found[0] as string;
  if (found.length === 0)
    throw new UsageError(
      `no threat model at ${where}: no THREAT_MODEL.md, THREAT-MODEL.md or other *threat*model*.md file there`,
    );
  throw new UsageError(`several threat-model files at ${where}: ${found.join(', ')}; choose one with --path`);
}

/** Reads a blob's text at `commit:path`. */
export async function readAt(repoDir: string, gitDir: string, commit: string, path: string): Promise<string> {
  try {
    return await run(repoDir, ['cat-file', 'blob', `${commit}:${path}`], { gitDir });
  } catch (error) {
    asUsage(error);
  }
}

/** Reads the threat model at a git ref (tag, branch, commit) without a checkout; errors say what is missing and what is there. */
export async function readModelAtRef(
  repoDir: string,
  ref: string,
  path?: string,
): Promise<{ text: string; path: string; commit: string }> {
  const gitDir = await gitDirOf(repoDir);
  const commit = await resolveCommit(repoDir, gitDir, ref);
  if (!commit) {
    const tags = await someTags(repoDir, gitDir);
    throw new UsageError(
      `ref "${ref}" does not exist in ${repoDir}${tags.length ? ` (tags there: ${tags.join(', ')})` : ' (it has no tags)'}`,
    );
  }
  const files = await filesAt(repoDir, gitDir, commit);
  let modelPath: string;
  if (path !== undefined) {
    try {
      modelPath = validateRepoPath(path.replace(/^\.\//, ''));
    } catch (error) {
      asUsage(error);
    }
    if (!files.includes(modelPath)) {
      const found = threatModelFiles(files);
      throw new UsageError(
        `${modelPath} is not in ${ref}${found.length ? `; threat-model files there: ${found.join(', ')}` : '; no threat-model-looking file is there either'}`,
      );
    }
  } else modelPath = pickModelPath(files, ref);
  return { text: await readAt(repoDir, gitDir, commit, modelPath), path: modelPath, commit };
}
