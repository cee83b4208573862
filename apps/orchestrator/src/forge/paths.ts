import type { FileAtRef } from './types.js';
import { ForgeError } from './types.js';

/** Most symlinks followed for one path before it is called a loop. */
export const MAX_SYMLINK_HOPS = 8;

/** A tree entry as both forges see it: its mode (`120000` for a symlink), kind and object id. */
export interface PathEntry {
  mode: string;
  type: string;
  id: string;
}

/** How a forge lists a folder of a commit and reads a blob. */
export interface TreeReader {
  /** Entries of the folder at `dirPath` ('' for the root), or null when there is no such folder. */
  dir(dirPath: string): Promise<Map<string, PathEntry> | null>;
  /** A blob's content as text. */
  blob(id: string): Promise<string>;
}

/** The error for a symlink whose target leaves the repository. */
export function escapeError(repo: string, link: string, target: string): ForgeError {
  return new ForgeError('symlink-escape', `${repo}: symlink ${link} -> ${target} leaves the repository`);
}

/** `dir/target` normalised lexically, or null when it climbs above the root. */
export function lexicalJoin(dir: string, target: string): string | null {
  const out: string[] = [];
  for (const s of [...(dir ? dir.split('/') : []), ...target.split('/')]) {
    if (s === '' || s === '.') continue;
    if (s === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(s);
  }
  return out.join('/');
}

/**
 * Reads a file of a commit through `reader`, following symlinks (to files and
 * folders) inside the repository, as git itself would resolve them. Null when
 * the path does not exist or is not a file; `symlink-escape` when a link leaves
 * the repository; `symlink-loop` past MAX_SYMLINK_HOPS links.
 */
export async function readThroughSymlinks(
  repo: string,
  path: string,
  commit: string,
  reader: TreeReader,
): Promise<FileAtRef | null> {
  const symlinks: { from: string; to: string }[] = [];
  const dirs: string[] = [];
  let queue = path.split('/');
  let hops = 0;
  let lastLink: { from: string; target: string } | undefined;
  while (queue.length > 0) {
    const segment = queue.shift() ?? '';
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (dirs.length === 0) {
        if (!lastLink) throw new ForgeError('invalid-name', `invalid path ${JSON.stringify(path)}`);
        throw escapeError(repo, lastLink.from, lastLink.target);
      }
      dirs.pop();
      continue;
    }
    const dirPath = dirs.join('/');
    const here = dirPath ? `${dirPath}/${segment}` : segment;
    const entry = (await reader.dir(dirPath))?.get(segment);
    if (!entry) return null;
    if (entry.mode === '120000') {
      hops += 1;
      const chain = [...symlinks.map((s) => s.from), here].join(' -> ');
      if (hops > MAX_SYMLINK_HOPS)
        throw new ForgeError(
          'symlink-loop',
          `${repo}: ${path}: more than ${MAX_SYMLINK_HOPS} symlinks followed (${chain}); a loop?`,
        );
      const target = await reader.blob(entry.id);
      if (target === '') return null;
      if (target.startsWith('/')) throw escapeError(repo, here, target);
      symlinks.push({ from: here, to: lexicalJoin(dirPath, target) ?? target });
      lastLink = { from: here, target };
      queue = [...target.split('/'), ...queue];
      continue;
    }
    if (queue.some((s) => s !== '' && s !== '.')) {
      if (entry.type !== 'tree') return null;
      dirs.push(segment);
      continue;
    }
    if (entry.type !== 'blob') return null;
    return { path, resolvedPath: here, symlinks, content: await reader.blob(entry.id), commit };
  }
  return null;
}
