/**
 * The local forge's one write path for a tree: every new blob through one
 * `git hash-object -w --stdin-paths` (contents as they are: no filters), then
 * every changed folder, deepest first, through one `git mktree --batch`. No
 * index, no work tree: nothing of the user's is touched, and objects written by
 * a run that stops half-way are unreachable and harmless.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MktreeBatch } from '../../git-batch.js';
import type { MktreeEntry } from '../../git-batch.js';
import { run } from '../../git.js';
import { ForgeError } from '../types.js';
import type { RepoHandle } from './base.js';
import type { RepoObjects } from './objects.js';

/** One file to write: new content (with its mode), or null to delete it. */
export type Pending = { path: string; content: string; mode: string } | { path: string; content: null };

/** Writes the tree of `parent` with `pending` applied; returns its id. Folders left empty disappear, as in git. */
export async function writeTree(
  h: RepoHandle,
  objects: RepoObjects,
  parent: string,
  pending: readonly Pending[],
  tmpDir: string,
): Promise<string> {
  const blobs = await writeBlobs(h, pending, tmpDir);
  // Changes by folder ('' is the root): a new entry, or null to remove one.
  const folders = new Map<string, Map<string, MktreeEntry | null>>([['', new Map()]]);
  const folder = (path: string) => {
    let f = folders.get(path);
    if (!f) {
      f = new Map();
      folders.set(path, f);
    }
    return f;
  };
  for (const p of pending) {
    const cut = p.path.lastIndexOf('/');
    const dir = cut < 0 ? '' : p.path.slice(0, cut);
    const name = p.path.slice(cut + 1);
    const oid = blobs.get(p.path);
    if (p.content !== null && !oid) throw new ForgeError('git-failed', `${h.repo}: no blob was written for ${p.path}`);
    folder(dir).set(name, p.content === null || !oid ? null : { mode: p.mode, type: 'blob', oid, name });
    for (let d = dir; d !== ''; d = d.includes('/') ? d.slice(0, d.lastIndexOf('/')) : '') folder(d);
  }
  const depth = (path: string) => (path === '' ? 0 : path.split('/').length);
  const order = [...folders.keys()].sort((a, b) => depth(b) - depth(a));
  const written = new Map<string, string | null>();
  const mktree = new MktreeBatch(h.dir, h.gitDir);
  try {
    for (const path of order) {
      const entries = new Map<string, MktreeEntry>();
      for (const [name, e] of await existing(objects, parent, path)) entries.set(name, { ...e, name });
      for (const [name, change] of folders.get(path) ?? []) {
        if (change) entries.set(name, change);
        else entries.delete(name);
      }
      for (const [child, oid] of written) {
        const cut = child.lastIndexOf('/');
        if ((cut < 0 ? '' : child.slice(0, cut)) !== path || child === '') continue;
        const name = child.slice(cut + 1);
        if (oid) entries.set(name, { mode: '040000', type: 'tree', oid, name });
        else entries.delete(name);
      }
      written.set(path, entries.size === 0 && path !== '' ? null : await mktree.write([...entries.values()]));
    }
  } finally {
    await mktree.close();
  }
  const root = written.get('');
  if (!root) throw new ForgeError('git-failed', `${h.repo}: git mktree wrote no root tree`);
  return root;
}

/** Entries of the folder at `path` in `commit` (empty when there is none). */
async function existing(objects: RepoObjects, commit: string, path: string) {
  let tree = commit;
  for (const segment of path === '' ? [] : path.split('/')) {
    const entry = (await objects.tree(tree)).get(segment);
    if (entry?.type !== 'tree') return new Map();
    tree = entry.oid;
  }
  return objects.tree(tree);
}

/** Writes the new contents as blobs in one `hash-object` (through files in the state folder); id by path. */
async function writeBlobs(h: RepoHandle, pending: readonly Pending[], tmpDir: string): Promise<Map<string, string>> {
  const files = pending.filter((p): p is Pending & { content: string } => p.content !== null);
  const ids = new Map<string, string>();
  if (files.length === 0) return ids;
  await mkdir(tmpDir, { recursive: true });
  const stem = join(tmpDir, `blob-${process.pid}-${randomUUID()}`);
  if (/[\n\r]/.test(stem))
    throw new ForgeError('invalid-name', `${tmpDir}: the state folder's path holds a line break`);
  const paths = files.map((_, i) => `${stem}-${i}`);
  try {
    await Promise.all(files.map((f, i) => writeFile(paths[i] as string, f.content)));
    const out = await run(h.dir, ['hash-object', '-w', '--no-filters', '--stdin-paths'], {
      gitDir: h.gitDir,
      input: `${paths.join('\n')}\n`,
    });
    const lines = out.split('\n').filter((l) => l.length > 0);
    if (lines.length !== files.length)
      throw new ForgeError('git-failed', `${h.repo}: git hash-object wrote ${lines.length} of ${files.length} blobs`);
    for (const [i, f] of files.entries()) ids.set(f.path, lines[i] as string);
    return ids;
  } finally {
    await Promise.all(paths.map((p) => rm(p, { force: true })));
  }
}
