/**
 * A small git runner: `execFile` with argument arrays (never a shell), a
 * controlled environment, and errors as `ForgeError('git-failed')` carrying
 * only the git subcommand and the first meaningful line of its stderr.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { ForgeError } from './forge/types.js';

/** Largest output accepted from one git command (bytes). */
export const GIT_MAX_BUFFER = 512 * 1024 * 1024;

export interface RunOptions {
  /** Written to git's stdin. */
  input?: string | Buffer;
  /** Passed as `--git-dir` (recommended: repository discovery is then never involved). */
  gitDir?: string;
  /** Extra environment variables (e.g. `GIT_INDEX_FILE`, commit dates). */
  env?: Record<string, string>;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Environment for git: the process's, without any `GIT_*` variable, plus fixed settings. */
export function gitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('GIT_') && v !== undefined) env[k] = v;
  }
  env.LC_ALL = 'C';
  env.LANG = 'C';
  env.GIT_TERMINAL_PROMPT = '0';
  env.GIT_LITERAL_PATHSPECS = '1';
  env.GIT_OPTIONAL_LOCKS = '0';
  env.GIT_PAGER = 'cat';
  return { ...env, ...extra };
}

/** The first line of git's stderr worth showing (a `fatal:`/`error:` line when there is one). */
export function stderrHeadline(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const fatal = lines.find((l) => /^(fatal|error):/.test(l));
  return fatal ?? lines[0] ?? '(no message)';
}

/** Told the arguments of every git subprocess tmsync starts (tests and benchmarks count them). */
export type GitSpawnObserver = (args: readonly string[]) => void;

let spawnObserver: GitSpawnObserver | null = null;

/** Installs `observer` (null: none) for every git subprocess started from now on; returns the one it replaces. */
export function observeGitSpawns(observer: GitSpawnObserver | null): GitSpawnObserver | null {
  const previous = spawnObserver;
  spawnObserver = observer;
  return previous;
}

/** Starts a long-lived git process (`cat-file --batch`, `mktree --batch`) with pipes on all three streams; no shell. */
export function spawnGit(dir: string, args: string[], opts: Pick<RunOptions, 'gitDir' | 'env'> = {}): ChildProcess {
  const fullArgs = opts.gitDir ? [`--git-dir=${opts.gitDir}`, ...args] : [...args];
  spawnObserver?.(fullArgs);
  return spawn('git', fullArgs, { cwd: dir, env: gitEnv(opts.env), stdio: 'pipe', windowsHide: true });
}

/** Runs git in `dir` and reports the exit code instead of throwing on a non-zero one. */
export function tryRun(dir: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const fullArgs = opts.gitDir ? [`--git-dir=${opts.gitDir}`, ...args] : [...args];
  spawnObserver?.(fullArgs);
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      fullArgs,
      { cwd: dir, env: gitEnv(opts.env), maxBuffer: GIT_MAX_BUFFER, encoding: 'buffer', windowsHide: true },
      (error, stdout, stderr) => {
        const out = Buffer.isBuffer(stdout) ? stdout.toString('utf8') : String(stdout ?? '');
        const err = Buffer.isBuffer(stderr) ? stderr.toString('utf8') : String(stderr ?? '');
        if (error) {
          const code = (error as NodeJS.ErrnoException & { code?: unknown }).code;
          if (typeof code === 'number') {
            resolve({ code, stdout: out, stderr: err });
            return;
          }
          const what = subcommand(args);
          if (code === 'ENOENT')
            reject(new ForgeError('git-failed', `git ${what}: git is not installed or not on PATH`));
          else if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER')
            reject(new ForgeError('git-failed', `git ${what}: output larger than ${GIT_MAX_BUFFER} bytes`));
          else reject(new ForgeError('git-failed', `git ${what}: ${stderrHeadline(err) || String(code ?? 'failed')}`));
          return;
        }
        resolve({ code: 0, stdout: out, stderr: err });
      },
    );
    // A git that exits before reading its input would otherwise raise EPIPE here.
    child.stdin?.on('error', () => undefined);
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}

/** Runs git in `dir` and returns its stdout; a non-zero exit becomes `ForgeError('git-failed')`. */
export async function run(dir: string, args: string[], opts: RunOptions = {}): Promise<string> {
  const result = await tryRun(dir, args, opts);
  if (result.code !== 0) throw gitFailed(args, result);
  return result.stdout;
}

/** The `ForgeError` for a failed git command (subcommand and stderr headline, nothing else). */
export function gitFailed(args: string[], result: RunResult): ForgeError {
  return new ForgeError(
    'git-failed',
    `git ${subcommand(args)} failed (exit ${result.code}): ${stderrHeadline(result.stderr)}`,
  );
}

/** The git subcommand of an argument list (`cat-file` of `--git-dir=X cat-file --batch`). */
export function subcommand(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '-c' || a === '-C') i++;
    else if (!a.startsWith('-')) return a;
  }
  return 'command';
}

// ---------------------------------------------------------------------------
// Validators

function invalid(message: string): never {
  throw new ForgeError('invalid-name', message);
}

/** Why `name` is not a valid ref name under `git check-ref-format` rules, or null when it is. */
function refFormatProblem(name: string): string | null {
  if (name.length === 0) return 'is empty';
  if (name.length > 255) return 'is longer than 255 characters';
  if (name.startsWith('-')) return 'starts with "-"';
  if (name === '@') return 'is "@"';
  if (name.includes('@{')) return 'contains "@{"';
  if (name.includes('..')) return 'contains ".."';
  if (name.startsWith('/') || name.endsWith('/')) return 'starts or ends with "/"';
  if (name.includes('//')) return 'contains "//"';
  if (name.endsWith('.')) return 'ends with "."';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) return 'contains a space, a control character or one of ~ ^ : ? * [ \\';
  for (const component of name.split('/')) {
    if (component.startsWith('.')) return `has a component starting with "." (${JSON.stringify(component)})`;
    if (component.endsWith('.lock')) return `has a component ending with ".lock" (${JSON.stringify(component)})`;
  }
  return null;
}

/** Checks a branch name the way `git check-ref-format --branch` does (and refuses `HEAD`); throws `invalid-name`. */
export function validateBranchName(name: string): string {
  const problem = typeof name === 'string' ? refFormatProblem(name) : 'is not a string';
  if (problem) invalid(`invalid branch name ${JSON.stringify(name)}: it ${problem}`);
  if (name === 'HEAD' || name.startsWith('refs/')) invalid(`invalid branch name ${JSON.stringify(name)}: reserved`);
  return name;
}

/** Checks a ref (branch, tag, `refs/...`, `HEAD` or an object id); throws `invalid-name`. */
export function validateRefName(ref: string): string {
  if (typeof ref === 'string' && (ref === 'HEAD' || /^[0-9a-f]{4,64}$/i.test(ref))) return ref;
  const problem = typeof ref === 'string' ? refFormatProblem(ref) : 'is not a string';
  if (problem) invalid(`invalid ref ${JSON.stringify(ref)}: it ${problem}`);
  return ref;
}

/** Checks a repository-relative file path (no `..`, `.`, empty or `.git` segment, no leading `/`, no control character); throws `invalid-name`. */
export function validateRepoPath(path: string): string {
  if (typeof path !== 'string' || path.length === 0) invalid('invalid path: empty');
  const shown = JSON.stringify(path);
  if (path.length > 4096) invalid(`invalid path ${shown}: too long`);
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(path)) invalid(`invalid path ${shown}: contains a NUL or control character`);
  if (path.includes('\\')) invalid(`invalid path ${shown}: contains a backslash (use "/")`);
  if (path.startsWith('/')) invalid(`invalid path ${shown}: absolute (paths are relative to the repository root)`);
  for (const segment of path.split('/')) {
    if (segment === '') invalid(`invalid path ${shown}: empty segment or trailing "/"`);
    if (segment === '.' || segment === '..') invalid(`invalid path ${shown}: contains a "${segment}" segment`);
    if (segment.toLowerCase() === '.git') invalid(`invalid path ${shown}: contains a ".git" segment`);
  }
  return path;
}

/** Checks a repository name `owner/name` (letters, digits, `.`, `_`, `-`; not `.` or `..`); throws `invalid-name`. */
export function validateRepoName(repo: string): { owner: string; name: string } {
  const m = typeof repo === 'string' ? /^([A-Za-z0-9._-]{1,100})\/([A-Za-z0-9._-]{1,100})$/.exec(repo) : null;
  const owner = m?.[1];
  const name = m?.[2];
  if (!owner || !name) invalid(`invalid repository ${JSON.stringify(repo)}: expected owner/name`);
  for (const part of [owner, name]) {
    if (part === '.' || part === '..' || part.startsWith('-'))
      invalid(`invalid repository ${JSON.stringify(repo)}: "${part}" is not a valid name`);
  }
  return { owner, name };
}
