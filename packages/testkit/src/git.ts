import { execFile } from 'node:child_process';

/** Environment for every git call: no user or system configuration leaks in. */
const BASE_ENV: NodeJS.ProcessEnv = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: process.env.HOME ?? '/tmp',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
  LC_ALL: 'C',
  TZ: 'UTC',
};

export class GitError extends Error {
  constructor(
    message: string,
    readonly args: readonly string[],
    readonly code: number | string | null,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'GitError';
  }
}

export interface GitRunOptions {
  cwd?: string;
  input?: string | Buffer;
  env?: Record<string, string>;
  /** Resolve with the result instead of rejecting on a non-zero exit code. */
  allowFailure?: boolean;
}

export interface GitResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

/** Run git with an argument array (never a shell string), optionally feeding stdin. */
export function runGit(args: readonly string[], opts: GitRunOptions = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      [...args],
      {
        cwd: opts.cwd,
        env: { ...BASE_ENV, ...opts.env },
        encoding: 'buffer',
        maxBuffer: 512 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code =
          error && typeof (error as NodeJS.ErrnoException).code === 'number'
            ? ((error as NodeJS.ErrnoException).code as unknown as number)
            : error
              ? 1
              : 0;
        const err = stderr.toString('utf8');
        if (error && !opts.allowFailure) {
          reject(new GitError(`git ${args[0] ?? ''} failed: ${err.trim() || error.message}`, args, code, err));
          return;
        }
        resolve({ stdout, stderr: err, code });
      },
    );
    child.stdin?.on('error', () => {
      /* the process may exit before reading all input; the exit code tells */
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}

/** A person line of a commit or tag: `Name <email> 1700000000 +0000`. */
export interface GitPerson {
  name: string;
  email: string;
  /** Milliseconds since the epoch. */
  time: number;
  tz: string;
}

export interface GitCommitObject {
  sha: string;
  tree: string;
  parents: string[];
  author: GitPerson;
  committer: GitPerson;
  message: string;
  signature?: string;
}

export interface GitTagObject {
  sha: string;
  object: string;
  type: string;
  tag: string;
  tagger: GitPerson;
  message: string;
}

export interface GitTreeEntry {
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  /** Path relative to the listed tree. */
  path: string;
  /** Size for blobs, undefined otherwise. */
  size?: number;
}

export type ObjectType = 'blob' | 'tree' | 'commit' | 'tag';

export const ZERO_SHA = '0000000000000000000000000000000000000000';
export const SHA_RE = /^[0-9a-f]{40}$/;

function parseCommit(sha: string, raw: string): GitCommitObject {
  const split = raw.indexOf('\n\n');
  const header = split >= 0 ? raw.slice(0, split) : raw;
  const message = split >= 0 ? raw.slice(split + 2) : '';
  const c: GitCommitObject = {
    sha,
    tree: '',
    parents: [],
    author: parsePerson(''),
    committer: parsePerson(''),
    message,
  };
  const lines = header.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('tree ')) c.tree = line.slice(5);
    else if (line.startsWith('parent ')) c.parents.push(line.slice(7));
    else if (line.startsWith('author ')) c.author = parsePerson(line.slice(7));
    else if (line.startsWith('committer ')) c.committer = parsePerson(line.slice(10));
    else if (line.startsWith('gpgsig ')) {
      const sig = [line.slice(7)];
      while (i + 1 < lines.length && lines[i + 1]!.startsWith(' ')) sig.push(lines[++i]!.slice(1));
      c.signature = sig.join('\n');
    }
  }
  return c;
}

/** Git's ref name rules (git check-ref-format), without spawning git. */
export function isValidRefName(ref: string): boolean {
  if (
    !ref ||
    ref.endsWith('/') ||
    ref.endsWith('.') ||
    ref.includes('//') ||
    ref.includes('..') ||
    ref.includes('@{') ||
    ref === '@'
  )
    return false;
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(ref)) return false;
  return ref.split('/').every((c) => c !== '' && !c.startsWith('.') && !c.endsWith('.lock'));
}

function parsePerson(line: string): GitPerson {
  const m = /^(.*) <([^>]*)> (-?\d+) ([+-]\d{4})$/.exec(line);
  if (!m) return { name: line, email: '', time: 0, tz: '+0000' };
  return { name: m[1]!, email: m[2]!, time: Number(m[3]) * 1000, tz: m[4]! };
}

/** Operations on one bare repository, all through the git CLI. */
export class BareRepo {
  constructor(readonly path: string) {}

  run(args: readonly string[], opts: Omit<GitRunOptions, 'cwd'> = {}): Promise<GitResult> {
    return runGit(['--git-dir', this.path, ...args], opts);
  }

  async text(args: readonly string[], opts: Omit<GitRunOptions, 'cwd'> = {}): Promise<string> {
    return (await this.run(args, opts)).stdout.toString('utf8');
  }

  static async init(path: string, defaultBranch: string): Promise<BareRepo> {
    await runGit(['init', '--quiet', '--bare', `--initial-branch=${defaultBranch}`, path]);
    return new BareRepo(path);
  }

  static async cloneBare(source: string, dest: string, opts: { singleBranch?: string } = {}): Promise<BareRepo> {
    const args = ['clone', '--quiet', '--bare'];
    if (opts.singleBranch) args.push('--single-branch', '--branch', opts.singleBranch);
    args.push('--', source, dest);
    await runGit(args);
    return new BareRepo(dest);
  }

  async hashBlob(content: Buffer): Promise<string> {
    return (await this.text(['hash-object', '-w', '-t', 'blob', '--stdin'], { input: content })).trim();
  }

  /** Build a tree object from entries (names must not contain '/'). */
  async mktree(entries: readonly GitTreeEntry[]): Promise<string> {
    const input = entries.map((e) => `${e.mode} ${e.type} ${e.sha}\t${e.path}\u0000`).join('');
    return (await this.text(['mktree', '-z', '--missing'], { input })).trim();
  }

  async commitTree(opts: {
    tree: string;
    parents: readonly string[];
    message: string;
    author: GitPerson;
    committer: GitPerson;
  }): Promise<string> {
    const args = ['commit-tree', opts.tree];
    for (const p of opts.parents) args.push('-p', p);
    args.push('-F', '-');
    const date = (p: GitPerson): string => `@${Math.floor(p.time / 1000)} ${p.tz}`;
    const out = await this.text(args, {
      input: opts.message,
      env: {
        GIT_AUTHOR_NAME: opts.author.name,
        GIT_AUTHOR_EMAIL: opts.author.email,
        GIT_AUTHOR_DATE: date(opts.author),
        GIT_COMMITTER_NAME: opts.committer.name,
        GIT_COMMITTER_EMAIL: opts.committer.email,
        GIT_COMMITTER_DATE: date(opts.committer),
      },
    });
    return out.trim();
  }

  async createAnnotatedTag(opts: {
    name: string;
    target: string;
    message: string;
    tagger: GitPerson;
  }): Promise<string> {
    const type = await this.objectType(opts.target);
    const t = opts.tagger;
    const body =
      `object ${opts.target}\ntype ${type}\ntag ${opts.name}\n` +
      `tagger ${t.name} <${t.email}> ${Math.floor(t.time / 1000)} ${t.tz}\n\n${opts.message}`;
    return (await this.text(['hash-object', '-w', '-t', 'tag', '--stdin'], { input: body })).trim();
  }

  /** Compare-and-swap update of a ref. `oldSha` ZERO_SHA means "must not exist". */
  async updateRef(ref: string, newSha: string, oldSha?: string): Promise<boolean> {
    const args = ['update-ref', ref, newSha];
    if (oldSha !== undefined) args.push(oldSha);
    const r = await this.run(args, { allowFailure: true });
    return r.code === 0;
  }

  async deleteRef(ref: string, oldSha?: string): Promise<boolean> {
    const args = ['update-ref', '-d', ref];
    if (oldSha !== undefined) args.push(oldSha);
    const r = await this.run(args, { allowFailure: true });
    return r.code === 0;
  }

  /** Resolve a full ref name exactly (no DWIM). */
  async refSha(ref: string): Promise<string | null> {
    const r = await this.run(['rev-parse', '--verify', '--quiet', `${ref}`], { allowFailure: true });
    if (r.code !== 0) return null;
    const sha = r.stdout.toString('utf8').trim();
    return SHA_RE.test(sha) ? sha : null;
  }

  /** All refs: full name -> { sha, type }. */
  async listRefs(prefix = 'refs/'): Promise<Array<{ ref: string; sha: string; type: ObjectType }>> {
    const out = await this.text([
      'for-each-ref',
      '--format=%(refname)%00%(objectname)%00%(objecttype)',
      prefix.endsWith('/') ? prefix : prefix.replace(/\/[^/]*$/, '/') || 'refs/',
    ]);
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [ref, sha, type] = line.split('\u0000');
        return { ref: ref!, sha: sha!, type: type as ObjectType };
      })
      .filter((r) => r.ref.startsWith(prefix));
  }

  /** Exact ref lookup with the object type, in one git call. */
  async refInfo(ref: string): Promise<{ sha: string; type: ObjectType } | null> {
    const out = await this.text(['for-each-ref', '--format=%(refname)%00%(objectname)%00%(objecttype)', ref]);
    for (const line of out.split('\n')) {
      const [name, sha, type] = line.split('\u0000');
      if (name === ref && sha) return { sha, type: type as ObjectType };
    }
    return null;
  }

  /** Read a commit by full sha; null when it is not a commit of this repository. */
  async tryReadCommit(sha: string): Promise<GitCommitObject | null> {
    if (!SHA_RE.test(sha)) {
      const full = await this.fullSha(sha);
      if (!full) return null;
      sha = full;
    }
    const r = await this.run(['cat-file', 'commit', sha], { allowFailure: true });
    if (r.code !== 0) return null;
    return parseCommit(sha, r.stdout.toString('utf8'));
  }

  async isEmpty(): Promise<boolean> {
    const out = await this.text(['for-each-ref', '--count=1', '--format=%(refname)', 'refs/heads/']);
    return out.trim() === '';
  }

  async objectType(sha: string): Promise<ObjectType | null> {
    if (!/^[0-9a-f]{4,40}$/.test(sha)) return null;
    const r = await this.run(['cat-file', '-t', sha], { allowFailure: true });
    if (r.code !== 0) return null;
    return r.stdout.toString('utf8').trim() as ObjectType;
  }

  /** Expand an abbreviated or full sha to a full one if the object exists. */
  async fullSha(sha: string): Promise<string | null> {
    if (!/^[0-9a-f]{4,40}$/.test(sha)) return null;
    const r = await this.run(['rev-parse', '--verify', '--quiet', `${sha}^{object}`], { allowFailure: true });
    if (r.code !== 0) return null;
    return r.stdout.toString('utf8').trim();
  }

  async readBlob(sha: string): Promise<Buffer> {
    return (await this.run(['cat-file', 'blob', sha])).stdout;
  }

  async blobSize(sha: string): Promise<number> {
    return Number((await this.text(['cat-file', '-s', sha])).trim());
  }

  async readCommit(sha: string): Promise<GitCommitObject> {
    return parseCommit(sha, (await this.run(['cat-file', 'commit', sha])).stdout.toString('utf8'));
  }

  async readTag(sha: string): Promise<GitTagObject> {
    const raw = (await this.run(['cat-file', 'tag', sha])).stdout.toString('utf8');
    const split = raw.indexOf('\n\n');
    const header = split >= 0 ? raw.slice(0, split) : raw;
    const t: GitTagObject = {
      sha,
      object: '',
      type: '',
      tag: '',
      tagger: parsePerson(''),
      message: split >= 0 ? raw.slice(split + 2) : '',
    };
    for (const line of header.split('\n')) {
      if (line.startsWith('object ')) t.object = line.slice(7);
      else if (line.startsWith('type ')) t.type = line.slice(5);
      else if (line.startsWith('tag ')) t.tag = line.slice(4);
      else if (line.startsWith('tagger ')) t.tagger = parsePerson(line.slice(7));
    }
    return t;
  }

  /** Peel any object (tag chains) to a commit sha, or null. */
  async peelToCommit(sha: string): Promise<string | null> {
    const r = await this.run(['rev-parse', '--verify', '--quiet', `${sha}^{commit}`], { allowFailure: true });
    return r.code === 0 ? r.stdout.toString('utf8').trim() : null;
  }

  async peelToTree(sha: string): Promise<string | null> {
    const r = await this.run(['rev-parse', '--verify', '--quiet', `${sha}^{tree}`], { allowFailure: true });
    return r.code === 0 ? r.stdout.toString('utf8').trim() : null;
  }

  /** List a tree; `recursive` lists subtrees too (like GitHub's recursive=1). */
  async lsTree(treeish: string, opts: { recursive?: boolean; path?: string } = {}): Promise<GitTreeEntry[]> {
    const args = ['ls-tree', '-z', '-l'];
    if (opts.recursive) args.push('-r', '-t');
    args.push(treeish);
    if (opts.path !== undefined) args.push('--', opts.path);
    const out = await this.text(args);
    const entries: GitTreeEntry[] = [];
    for (const rec of out.split('\u0000')) {
      if (!rec) continue;
      const tab = rec.indexOf('\t');
      const [mode, type, sha, size] = rec.slice(0, tab).split(/\s+/);
      const e: GitTreeEntry = { mode: mode!, type: type as GitTreeEntry['type'], sha: sha!, path: rec.slice(tab + 1) };
      if (type === 'blob' && size !== undefined && size !== '-') e.size = Number(size);
      entries.push(e);
    }
    return entries;
  }

  /** The entry at `path` inside a tree-ish, or null. Path '' is the root tree. */
  async entryAt(treeish: string, path: string): Promise<GitTreeEntry | null> {
    if (path === '') {
      const tree = await this.peelToTree(treeish);
      return tree ? { mode: '040000', type: 'tree', sha: tree, path: '' } : null;
    }
    const list = await this.lsTree(treeish, { path });
    return list.find((e) => e.path === path) ?? null;
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    const r = await this.run(['merge-base', '--is-ancestor', ancestor, descendant], { allowFailure: true });
    return r.code === 0;
  }

  async mergeBase(a: string, b: string): Promise<string | null> {
    const r = await this.run(['merge-base', a, b], { allowFailure: true });
    return r.code === 0 ? r.stdout.toString('utf8').trim() : null;
  }

  /** Commits reachable from `include` and not from `exclude`, newest first. */
  async revList(
    include: string,
    opts: { exclude?: string; max?: number; skip?: number; path?: string; reverse?: boolean } = {},
  ): Promise<string[]> {
    const args = ['rev-list'];
    if (opts.max !== undefined) args.push(`--max-count=${opts.max}`);
    if (opts.skip) args.push(`--skip=${opts.skip}`);
    if (opts.reverse) args.push('--reverse');
    args.push(include);
    if (opts.exclude) args.push(`^${opts.exclude}`);
    if (opts.path) args.push('--', opts.path);
    const out = await this.text(args);
    return out.split('\n').filter(Boolean);
  }

  async countBetween(exclude: string, include: string): Promise<number> {
    return Number((await this.text(['rev-list', '--count', include, `^${exclude}`])).trim());
  }

  /** numstat + name-status between two tree-ishes. */
  async diff(from: string | null, to: string): Promise<DiffFile[]> {
    const fromArg = from ?? EMPTY_TREE;
    const ns = await this.text(['diff-tree', '-r', '-z', '--no-renames', '--numstat', fromArg, to]);
    const st = await this.text(['diff-tree', '-r', '-z', '--no-renames', '--raw', fromArg, to]);
    const stats = new Map<string, { additions: number; deletions: number }>();
    const nsParts = ns.split('\u0000');
    for (let i = 0; i < nsParts.length; i++) {
      const rec = nsParts[i]!;
      if (!rec) continue;
      const m = /^(-|\d+)\t(-|\d+)\t(.*)$/s.exec(rec);
      if (!m) continue;
      stats.set(m[3]!, { additions: m[1] === '-' ? 0 : Number(m[1]), deletions: m[2] === '-' ? 0 : Number(m[2]) });
    }
    const files: DiffFile[] = [];
    const parts = st.split('\u0000');
    for (let i = 0; i < parts.length; i++) {
      const meta = parts[i]!;
      if (!meta.startsWith(':')) continue;
      const path = parts[++i] ?? '';
      const [, , , newSha, status] = meta.slice(1).split(' ');
      const s = stats.get(path) ?? { additions: 0, deletions: 0 };
      files.push({
        path,
        status: status === 'A' ? 'added' : status === 'D' ? 'removed' : 'modified',
        sha: status === 'D' ? null : (newSha ?? null),
        ...s,
      });
    }
    return files;
  }

  /** Fetch a ref of another local repository into this one (objects + ref). */
  async fetchFrom(otherPath: string, srcRef: string, dstRef: string): Promise<void> {
    await this.run(['fetch', '--quiet', '--no-tags', '--force', otherPath, `${srcRef}:${dstRef}`]);
  }
}

export interface DiffFile {
  path: string;
  status: 'added' | 'removed' | 'modified';
  sha: string | null;
  additions: number;
  deletions: number;
}

/** The sha of the empty tree in SHA-1 repositories. */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
