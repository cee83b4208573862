/**
 * Long-lived git processes a run talks to over pipes, so that reading many
 * objects or writing several trees costs one subprocess, not one per object:
 * `git cat-file --batch` (objects and ref expressions in, contents out, a
 * `missing` line for what does not exist) and `git mktree --batch` (one tree
 * per request, its id back). Started with `spawn` (argument arrays, no shell);
 * a process that is idle does not keep node alive, and every one still open
 * is closed when the command ends (`closeGitBatches`, run by the CLI).
 */
import type { ChildProcess } from 'node:child_process';
import { atCommandEnd } from './command-end.js';
import { gitFailed, spawnGit } from './git.js';
import { ForgeError } from './forge/types.js';

/** An object as `cat-file --batch` returns it. */
export interface BatchObject {
  oid: string;
  type: string;
  content: Buffer;
}

/** One entry of a tree to write (`mktree` input), by name within its tree. */
export interface MktreeEntry {
  mode: string;
  type: string;
  oid: string;
  name: string;
}

const OBJECT_HEADER = /^([0-9a-f]{40}|[0-9a-f]{64}) ([a-z]+) (\d+)$/;

/** A handle node can stop waiting for (`net.Socket`, which child pipes are). */
type Refable = { ref?: () => void; unref?: () => void };

type Waiter<T> = { resolve: (value: T) => void; reject: (error: unknown) => void };

/** The output of one process not yet parsed, read from the front. */
class OutputBuffer {
  private chunks: Buffer[] = [];
  private size = 0;

  push(data: Buffer): void {
    this.chunks.push(data);
    this.size += data.length;
  }

  /** Bytes received and not yet taken. */
  get available(): number {
    return this.size;
  }

  /** Where the first newline is, or -1. */
  newline(): number {
    let offset = 0;
    for (const chunk of this.chunks) {
      const i = chunk.indexOf(10);
      if (i >= 0) return offset + i;
      offset += chunk.length;
    }
    return -1;
  }

  /** The first `n` bytes, removed; null when fewer have arrived. */
  take(n: number): Buffer | null {
    if (this.size < n) return null;
    const all = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.size);
    const head = Buffer.from(all.subarray(0, n));
    const rest = all.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.size = rest.length;
    return head;
  }
}

/** Reads answers off a process's output: an answer, or undefined when more output is needed. */
type Parser<T> = (out: OutputBuffer) => T | undefined;

const live = new Set<Session<unknown>>();

/** How many long-lived git processes are running now. */
export function openGitBatches(): number {
  return live.size;
}

/** Closes every long-lived git process still open (the CLI calls it when a command ends). */
export async function closeGitBatches(): Promise<void> {
  await Promise.all([...live].map((s) => s.close()));
}

/** One running process, its queue of requests (answered first in, first out) and its unparsed output. */
class Session<T> {
  private readonly waiting: Waiter<T>[] = [];
  private readonly out = new OutputBuffer();
  private stderr = '';
  private failed: unknown = null;
  private closed: Promise<void> | null = null;
  private readonly child: ChildProcess;

  constructor(
    dir: string,
    gitDir: string,
    private readonly args: string[],
    private readonly parse: Parser<T>,
  ) {
    const child = spawnGit(dir, args, { gitDir });
    this.child = child;
    live.add(this as Session<unknown>);
    atCommandEnd(closeGitBatches);
    child.stdin?.on('error', () => undefined);
    child.stderr?.on('data', (d: Buffer) => {
      if (this.stderr.length < 4096) this.stderr += d.toString('utf8');
    });
    child.stdout?.on('data', (d: Buffer) => this.receive(d));
    child.on('error', (error: NodeJS.ErrnoException) => {
      const what = `git ${args[0]}`;
      this.fail(
        new ForgeError(
          'git-failed',
          error.code === 'ENOENT' ? `${what}: git is not installed or not on PATH` : `${what}: ${error.message}`,
        ),
      );
    });
    child.on('close', (code: number | null) => {
      live.delete(this as Session<unknown>);
      this.fail(gitFailed(args, { code: code ?? 1, stdout: '', stderr: this.stderr }));
    });
    this.hold(false);
  }

  /** Whether requests can still be sent. */
  get usable(): boolean {
    return this.failed === null && this.closed === null;
  }

  request(input: string): Promise<T> {
    if (!this.usable) return Promise.reject(this.failed ?? new ForgeError('git-failed', `git ${this.args[0]}: closed`));
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.hold(true);
      this.child.stdin?.write(input);
    });
  }

  /** Ends the process once it has answered everything asked; resolves when it has exited. */
  close(): Promise<void> {
    if (!this.closed) {
      const child = this.child;
      this.closed = new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) resolve();
        else child.once('close', () => resolve());
      });
      this.hold(true);
      child.stdin?.end();
    }
    return this.closed;
  }

  private receive(data: Buffer): void {
    this.out.push(data);
    while (this.waiting.length > 0) {
      let answer: T | undefined;
      try {
        answer = this.parse(this.out);
      } catch (error) {
        this.fail(error);
        this.child.kill();
        return;
      }
      if (answer === undefined) break;
      this.waiting.shift()?.resolve(answer);
    }
    if (this.waiting.length === 0 && this.closed === null) this.hold(false);
  }

  private fail(error: unknown): void {
    if (this.failed === null) this.failed = error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
  }

  /** Keeps node alive while answers are awaited (or the process is closing); lets it exit when idle. */
  private hold(on: boolean): void {
    const child = this.child;
    // The pipes are sockets: each keeps the event loop alive until unref'd.
    const streams = [child.stdin, child.stdout, child.stderr] as unknown as (Refable | null)[];
    if (on) child.ref();
    else child.unref();
    for (const s of streams) {
      if (on) s?.ref?.();
      else s?.unref?.();
    }
  }
}

/** A git process started on first use and again after it ended; requests in flight stay with the process they were sent to. */
abstract class PipeProcess<T> {
  private session: Session<T> | null = null;

  constructor(
    private readonly dir: string,
    private readonly gitDir: string,
    private readonly args: string[],
  ) {}

  /** A fresh parser for a new process (parsers may keep state between calls). */
  protected abstract parser(): Parser<T>;

  protected request(input: string): Promise<T> {
    if (!this.session?.usable) this.session = new Session(this.dir, this.gitDir, this.args, this.parser());
    return this.session.request(input);
  }

  /** Ends the process (after it has answered what was asked); the next request starts another. */
  close(): Promise<void> {
    const session = this.session;
    this.session = null;
    return session ? session.close() : Promise.resolve();
  }
}

/** One `git cat-file --batch` for a repository: objects and ref expressions (`main^{commit}`) by name. */
export class CatFileBatch extends PipeProcess<BatchObject | null> {
  constructor(dir: string, gitDir: string) {
    super(dir, gitDir, ['cat-file', '--batch']);
  }

  /** The object `name` names (an id or a ref expression git resolves), or null when it is missing or ambiguous. */
  read(name: string): Promise<BatchObject | null> {
    if (name.length === 0 || /[\n\r\0]/.test(name))
      return Promise.reject(new ForgeError('invalid-name', `invalid object name ${JSON.stringify(name)}`));
    return this.request(`${name}\n`);
  }

  protected parser(): Parser<BatchObject | null> {
    let body: { oid: string; type: string; size: number } | null = null;
    return (out) => {
      if (!body) {
        const nl = out.newline();
        if (nl < 0) return undefined;
        const header = (out.take(nl + 1) as Buffer).toString('utf8').slice(0, -1);
        const m = OBJECT_HEADER.exec(header);
        if (!m) {
          if (/ (missing|ambiguous)$/.test(header)) return null;
          throw new ForgeError('git-failed', `git cat-file: unexpected output ${JSON.stringify(header.slice(0, 120))}`);
        }
        body = { oid: m[1] as string, type: m[2] as string, size: Number(m[3]) };
      }
      if (out.available < body.size + 1) return undefined;
      const { oid, type, size } = body;
      body = null;
      return { oid, type, content: (out.take(size + 1) as Buffer).subarray(0, size) };
    };
  }
}

/** One `git mktree --batch` (entries may name objects the repository lacks, e.g. submodule commits): each tree written returns its id. */
export class MktreeBatch extends PipeProcess<string> {
  constructor(dir: string, gitDir: string) {
    super(dir, gitDir, ['mktree', '-z', '--missing', '--batch']);
  }

  /** Writes a tree of `entries` (any order; git sorts them) and returns its id. */
  write(entries: readonly MktreeEntry[]): Promise<string> {
    let input = '';
    for (const e of entries) {
      if (/[\0\n/]/.test(e.name) || e.name === '')
        return Promise.reject(new ForgeError('invalid-name', `invalid tree entry name ${JSON.stringify(e.name)}`));
      input += `${e.mode} ${e.type} ${e.oid}\t${e.name}\0`;
    }
    return this.request(`${input}\0`);
  }

  protected parser(): Parser<string> {
    return (out) => {
      const nl = out.newline();
      if (nl < 0) return undefined;
      const line = (out.take(nl + 1) as Buffer).toString('utf8').trim();
      if (!/^[0-9a-f]{40,64}$/.test(line))
        throw new ForgeError('git-failed', `git mktree: unexpected output ${JSON.stringify(line.slice(0, 120))}`);
      return line;
    };
  }
}
/** Parses a raw tree object (`<mode> <name>\0<binary id>`…); modes as `ls-tree` prints them (six digits). */
export function parseTree(
  content: Buffer,
  oidHexLength: number,
): { name: string; mode: string; type: string; oid: string }[] {
  const raw = oidHexLength / 2;
  const out: { name: string; mode: string; type: string; oid: string }[] = [];
  let i = 0;
  while (i < content.length) {
    const space = content.indexOf(32, i);
    const nul = content.indexOf(0, space + 1);
    if (space < 0 || nul < 0 || nul + 1 + raw > content.length)
      throw new ForgeError('git-failed', 'git cat-file: a tree object could not be read');
    const mode = content.toString('latin1', i, space).padStart(6, '0');
    const name = content.toString('utf8', space + 1, nul);
    const oid = content.toString('hex', nul + 1, nul + 1 + raw);
    const type = mode === '040000' ? 'tree' : mode === '160000' ? 'commit' : 'blob';
    out.push({ name, mode, type, oid });
    i = nul + 1 + raw;
  }
  return out;
}
