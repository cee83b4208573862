import type { BareRepo, GitTreeEntry } from './git.js';
import { EMPTY_TREE } from './git.js';

/** One change of a tree: set an entry (blob, subtree or submodule) or delete a path. */
export type TreeChange =
  | { path: string; mode: string; type: 'blob' | 'tree' | 'commit'; sha: string }
  | { path: string; delete: true };

interface Node {
  children: Map<string, Node>;
  change?: TreeChange;
}

function emptyNode(): Node {
  return { children: new Map() };
}

/** Split and check a tree path: no empty, '.' or '..' segments, no leading slash. */
export function splitTreePath(path: string): string[] | null {
  if (!path || path.startsWith('/') || path.endsWith('/')) return null;
  const parts = path.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p === '.git' || p.includes('\u0000'))) return null;
  return parts;
}

/**
 * Apply changes on top of `baseTree` (or on an empty tree) and write the resulting trees
 * with `git mktree`, bottom-up, reading only the subtrees that change. Directories left
 * empty disappear, as in git.
 */
export async function buildTree(
  git: BareRepo,
  baseTree: string | null,
  changes: readonly TreeChange[],
): Promise<string> {
  const root = emptyNode();
  for (const ch of changes) {
    const parts = splitTreePath(ch.path);
    if (!parts) throw new Error(`invalid tree path: ${ch.path}`);
    let node = root;
    for (const part of parts) {
      let next = node.children.get(part);
      if (!next) {
        next = emptyNode();
        node.children.set(part, next);
      }
      node = next;
    }
    node.change = ch;
  }
  const sha = await apply(git, baseTree, root);
  return sha ?? (await git.mktree([])) ?? EMPTY_TREE;
}

async function apply(git: BareRepo, treeSha: string | null, node: Node): Promise<string | null> {
  const entries = new Map<string, GitTreeEntry>();
  if (treeSha) for (const e of await git.lsTree(treeSha)) entries.set(e.path, e);
  for (const [name, child] of node.children) {
    const ch = child.change;
    if (ch) {
      if ('delete' in ch) entries.delete(name);
      else entries.set(name, { mode: ch.mode, type: ch.type, sha: ch.sha, path: name });
    }
    if (child.children.size) {
      const existing = entries.get(name);
      const sub = await apply(git, existing?.type === 'tree' ? existing.sha : null, child);
      if (sub === null) entries.delete(name);
      else entries.set(name, { mode: '040000', type: 'tree', sha: sub, path: name });
    }
  }
  if (entries.size === 0) return null;
  return git.mktree([...entries.values()]);
}
