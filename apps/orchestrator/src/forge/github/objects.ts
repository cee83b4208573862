/** Git objects as the git data API shows them: blob ids computed locally, trees indexed by path. */
import { createHash } from 'node:crypto';

/** The blob id git gives `content` (`git hash-object`): sha1 of `blob <bytes>\0<content>`. */
export function blobSha(content: string | Buffer): string {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** A tree entry: mode, object type and id. */
export interface TreeEntry {
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
}

/** One entry of a git/trees response. */
export interface ApiTreeEntry {
  path?: string;
  mode?: string;
  type?: string;
  sha?: string | null;
}

/** What the view needs to fetch a subtree (non-recursive) when a recursive listing was truncated. */
export type FetchTree = (treeSha: string) => Promise<{ tree: ApiTreeEntry[] }>;

function toEntry(e: ApiTreeEntry): TreeEntry | null {
  if (!e.path || !e.mode || !e.sha) return null;
  const type = e.type === 'tree' || e.type === 'commit' ? e.type : 'blob';
  return { mode: e.mode, type, sha: e.sha };
}

/** The tree of one commit, directories by path; complete from one recursive listing, else fetched per directory. */
export class TreeView {
  private readonly dirs = new Map<string, Map<string, TreeEntry>>();

  private constructor(
    /** The root tree's id. */
    readonly sha: string,
    private readonly complete: boolean,
    private readonly fetchTree: FetchTree,
  ) {}

  /** A view from a `git/trees/{sha}?recursive=1` response. */
  static fromRecursive(
    response: { sha: string; tree: ApiTreeEntry[]; truncated?: boolean },
    fetchTree: FetchTree,
  ): TreeView {
    const view = new TreeView(response.sha, !response.truncated, fetchTree);
    if (view.complete) {
      view.dirs.set('', new Map());
      for (const raw of response.tree) {
        const entry = toEntry(raw);
        if (!entry || !raw.path) continue;
        const slash = raw.path.lastIndexOf('/');
        const dir = slash < 0 ? '' : raw.path.slice(0, slash);
        const name = raw.path.slice(slash + 1);
        let map = view.dirs.get(dir);
        if (!map) view.dirs.set(dir, (map = new Map()));
        map.set(name, entry);
        if (entry.type === 'tree' && !view.dirs.has(raw.path)) view.dirs.set(raw.path, new Map());
      }
    }
    return view;
  }

  /** Entries of the directory at `path` ('' for the root), or null when there is no such directory. */
  async dir(path: string): Promise<Map<string, TreeEntry> | null> {
    const known = this.dirs.get(path);
    if (known) return known;
    if (this.complete) return null;
    let treeSha = this.sha;
    let at = '';
    for (const segment of path === '' ? [] : path.split('/')) {
      const parent = await this.load(at, treeSha);
      const entry = parent.get(segment);
      if (entry?.type !== 'tree') return null;
      at = at ? `${at}/${segment}` : segment;
      treeSha = entry.sha;
    }
    return this.load(at, treeSha);
  }

  private async load(path: string, treeSha: string): Promise<Map<string, TreeEntry>> {
    const known = this.dirs.get(path);
    if (known) return known;
    const map = new Map<string, TreeEntry>();
    for (const raw of (await this.fetchTree(treeSha)).tree) {
      const entry = toEntry(raw);
      if (entry && raw.path) map.set(raw.path, entry);
    }
    this.dirs.set(path, map);
    return map;
  }

  /** The entry at exactly `path` (no symlink following), or null. `underFile` names the first prefix that is not a directory. */
  async entryAt(path: string): Promise<{ entry: TreeEntry | null; underFile?: { prefix: string; entry: TreeEntry } }> {
    const segments = path.split('/');
    let dir = '';
    for (let i = 0; i < segments.length; i++) {
      const map = await this.dir(dir);
      const entry = map?.get(segments[i] ?? '') ?? null;
      if (!entry) return { entry: null };
      if (i === segments.length - 1) return { entry };
      const prefix = segments.slice(0, i + 1).join('/');
      if (entry.type !== 'tree') return { entry: null, underFile: { prefix, entry } };
      dir = prefix;
    }
    return { entry: null };
  }

  /** Every file path (blobs, symlinks and submodules), as `git ls-tree -r --name-only` lists them. */
  async files(): Promise<string[]> {
    const out: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      const map = await this.dir(dir);
      if (!map) return;
      for (const [name, entry] of map) {
        const path = dir ? `${dir}/${name}` : name;
        if (entry.type === 'tree') await walk(path);
        else out.push(path);
      }
    };
    await walk('');
    return out.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  }

  /** Every non-directory entry by full path. */
  async flatten(): Promise<Map<string, TreeEntry>> {
    const out = new Map<string, TreeEntry>();
    for (const path of await this.files()) {
      const { entry } = await this.entryAt(path);
      if (entry) out.set(path, entry);
    }
    return out;
  }
}

/**
 * The recursive listing git would give for a tree holding exactly `files` (path -> blob,
 * symlink or submodule entry), with every tree id computed as git computes it. Used to
 * remember the tree of a commit the tool just made without reading it back.
 */
export function synthesizeTree(files: ReadonlyMap<string, TreeEntry>): { sha: string; tree: ApiTreeEntry[] } {
  interface Dir {
    files: Map<string, TreeEntry>;
    dirs: Map<string, Dir>;
  }
  const root: Dir = { files: new Map(), dirs: new Map() };
  for (const [path, entry] of files) {
    const parts = path.split('/');
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      let next = dir.dirs.get(part);
      if (!next) dir.dirs.set(part, (next = { files: new Map(), dirs: new Map() }));
      dir = next;
    }
    dir.files.set(parts.at(-1) ?? '', entry);
  }
  const listing: ApiTreeEntry[] = [];
  const hashDir = (dir: Dir, prefix: string): string => {
    const names = [...dir.files.keys(), ...dir.dirs.keys()];
    const sortKey = (name: string) => (dir.dirs.has(name) ? `${name}/` : name);
    names.sort((a, b) => Buffer.compare(Buffer.from(sortKey(a)), Buffer.from(sortKey(b))));
    const parts: Buffer[] = [];
    for (const name of names) {
      const path = prefix ? `${prefix}/${name}` : name;
      const sub = dir.dirs.get(name);
      if (sub) {
        const index = listing.length;
        listing.push({ path, mode: '040000', type: 'tree', sha: '' });
        const sha = hashDir(sub, path);
        listing[index]!.sha = sha;
        parts.push(Buffer.from(`40000 ${name}\0`), Buffer.from(sha, 'hex'));
      } else {
        const entry = dir.files.get(name)!;
        listing.push({ path, mode: entry.mode, type: entry.type, sha: entry.sha });
        parts.push(Buffer.from(`${entry.mode} ${name}\0`), Buffer.from(entry.sha, 'hex'));
      }
    }
    const body = Buffer.concat(parts);
    return createHash('sha1').update(`tree ${body.length}\0`).update(body).digest('hex');
  };
  const sha = hashDir(root, '');
  return { sha, tree: listing };
}
