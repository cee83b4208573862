// Which files `tmsync lint PATH|GLOB ...` reads: a file as named, a folder
// searched for threat models by the names projects give them, a glob as
// written; .gitignore files respected on the way (not for a file named
// outright).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore from 'ignore';
import { glob, isDynamicPattern } from 'tinyglobby';
import { UsageError } from './io.js';

/** File names (any case) that a folder is searched for: the names real projects give their threat model. */
export const MODEL_NAMES = [
  'THREAT_MODEL',
  'THREAT-MODEL',
  'draft-THREAT-MODEL',
  'draft-THREAT_MODEL',
  'SECURITY-THREAT-MODEL',
  'SECURITY_THREAT_MODEL',
  'threat-model',
  'threat_model',
] as const;

/** Extensions a threat model is looked for with (an `.rst` one gets the not-a-threat-model message saying so). */
export const MODEL_EXTENSIONS = ['md', 'markdown', 'rst'] as const;

const MODEL_GLOB = `**/{${MODEL_NAMES.join(',')}}.{${MODEL_EXTENSIONS.join(',')}}`;
type Ignore = ReturnType<typeof ignore>;

const ALWAYS_SKIPPED = ['**/node_modules/**', '**/.git/**'];

/** One file to lint: the name to report it under (as the user would write it) and its absolute path. */
export interface LintTarget {
  label: string;
  path: string;
}

/** Every .gitignore from `top` down to the file's folder, each with the rules it holds (cached per folder). */
class GitignoreChain {
  private readonly byDir = new Map<string, Ignore | null>();

  constructor(private readonly top: string) {}

  private rulesIn(dir: string): Ignore | null {
    if (!this.byDir.has(dir)) {
      const file = join(dir, '.gitignore');
      this.byDir.set(dir, existsSync(file) ? ignore().add(readFileSync(file, 'utf8')) : null);
    }
    return this.byDir.get(dir) ?? null;
  }

  /** Whether a .gitignore between `top` and the file ignores it. */
  ignores(path: string): boolean {
    const dirs: string[] = [];
    for (let dir = dirname(path); ; dir = dirname(dir)) {
      dirs.push(dir);
      if (dir === this.top || dirname(dir) === dir || !`${dir}${sep}`.startsWith(`${this.top}${sep}`)) break;
    }
    return dirs.some((dir) => {
      const rules = this.rulesIn(dir);
      return rules?.ignores(relative(dir, path).split(sep).join('/')) === true;
    });
  }
}

/** The repository (or filesystem) top above `dir`: the nearest folder holding `.git`, else `dir` itself. */
function topOf(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return dir;
  }
}

function labelOf(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  // Outside cwd on another drive (Windows) relative() gives an absolute path; keep it then.
  return rel === '' ? path : rel.split(sep).join('/');
}

/** Whether an argument names a tree of files (a folder, or a glob that is no existing path), not one file or stdin. */
export function isTreeArgument(arg: string, cwd: string): boolean {
  if (arg === '-') return false;
  try {
    return statSync(resolve(cwd, arg)).isDirectory();
  } catch {
    return isDynamicPattern(arg);
  }
}

/**
 * The files the arguments name, in argument order, each once. A folder gives
 * its threat models (by `MODEL_NAMES`, any case, `.md`/`.markdown`/`.rst`),
 * a glob the files it matches; both skip what .gitignore ignores, and
 * node_modules and .git. A folder or glob that yields nothing is a UsageError.
 */
export async function lintTargets(args: readonly string[], cwd: string): Promise<LintTarget[]> {
  const out: LintTarget[] = [];
  const seen = new Set<string>();
  const add = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    out.push({ label: labelOf(path, cwd), path });
  };
  for (const arg of args) {
    const abs = resolve(cwd, arg);
    let isDir = false;
    let exists = false;
    try {
      const stat = statSync(abs);
      exists = true;
      isDir = stat.isDirectory();
    } catch {
      // Not a path: maybe a glob.
    }
    if (exists && !isDir) {
      add(abs);
      continue;
    }
    if (!exists && !isDynamicPattern(arg)) throw new UsageError(`${arg}: no such file`);
    const base = isDir ? abs : cwd;
    const found = await glob(isDir ? [MODEL_GLOB] : [arg], {
      cwd: base,
      absolute: true,
      caseSensitiveMatch: !isDir,
      ignore: ALWAYS_SKIPPED,
      onlyFiles: true,
      expandDirectories: false,
    });
    const chain = new GitignoreChain(topOf(base));
    const kept = found.filter((path) => !chain.ignores(path)).sort();
    if (kept.length === 0)
      throw new UsageError(
        isDir
          ? `${arg}: no threat model in this folder or below (looked for ${MODEL_NAMES.slice(0, 5).join(', ')}, … as .md or .rst, outside .gitignore); name the file itself`
          : `${arg}: no file matches this pattern (outside .gitignore)`,
      );
    for (const path of kept) add(path);
  }
  return out;
}
