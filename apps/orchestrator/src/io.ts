import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closest, distance } from 'fastest-levenshtein';

/** Where a command writes, so tests can capture output without spawning a process. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The terminal stream to draw progress bars on (the process's stderr when it is a TTY); absent otherwise. */
  progressStream?: NodeJS.WriteStream;
  /** Standard input as text (`tmsync lint -`); the process's stdin when absent. */
  stdin?: () => Promise<string>;
  /** Whether text output may be coloured (the CLI decides with picocolors: a terminal, NO_COLOR, FORCE_COLOR). */
  color?: boolean;
}

/** A command's entry point: arguments after the command name; resolves to the exit code. */
export type CommandRun = (argv: string[], io: Io) => Promise<number>;

export interface Command {
  name: string;
  /** One line for `tmsync --help`. */
  summary: string;
  /** Full `--help` text. */
  help: string;
  run: CommandRun;
}

/** A problem with how the command was called or with its files: exit 2 with a one-line message. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Problems as the one line a bad call prints: the first in full, then the
 * others by their key path (`FILE: ` dropped), at most three, and how many more.
 */
export function oneLine(problems: readonly string[], file?: string): string {
  const [first, ...rest] = problems.map((p) => p.replace(/\s*\n\s*/g, '; '));
  if (first === undefined) return '';
  if (rest.length === 0) return first;
  const strip = (p: string) => (file && p.startsWith(`${file}: `) ? p.slice(file.length + 2) : p);
  const shown = rest.slice(0, 3).map(strip);
  const more = rest.length > 3 ? `; and ${rest.length - 3} more` : '';
  return `${first} (also: ${shown.join('; ')}${more})`;
}

/** Exit codes: 0 fine, 1 findings (lint errors, broken chains, drift), 2 usage or I/O problem. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** An option declaration as node's parseArgs takes it (single-valued options only). */
export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; default?: string | boolean }>;

/** Parsed options: strings for string options, booleans for boolean ones, each possibly absent. */
export type ParsedOptions<T extends OptionSpec> = {
  values: { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string };
  positionals: string[];
};

/** Parses a command's options with node's parseArgs, turning its errors into UsageErrors. */
export function parseOptions<T extends OptionSpec>(
  argv: string[],
  options: T,
  allowPositionals = true,
): ParsedOptions<T> {
  try {
    return parseArgs({
      args: argv,
      options: options as ParseArgsConfig['options'],
      allowPositionals,
      strict: true,
    }) as unknown as ParsedOptions<T>;
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? String(error)) : String(error);
    const missing = missingValue(error);
    if (missing)
      throw new UsageError(
        `${missing} needs a value (a value starting with "-" is written ${missing}=-VALUE); see --help`,
      );
    const unknown = unknownOption(error);
    if (unknown) throw new UsageError(`unknown option ${unknown}${nearestOption(unknown, Object.keys(options))}`);
    throw new UsageError(message);
  }
}

/** The option whose value parseArgs took for another option (`--max-warnings -1`), or null. */
function missingValue(error: unknown): string | null {
  if ((error as { code?: string }).code !== 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return null;
  return (
    /^Option '(?:-\w, )?(-{1,2}[^'\s,]+)[^']*' argument (?:is ambiguous|missing)/.exec((error as Error).message)?.[1] ??
    null
  );
}

/** The option parseArgs did not know (`--formt`), or null for any other error. */
function unknownOption(error: unknown): string | null {
  if ((error as { code?: string }).code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return null;
  return /'(-{1,2}[^'=]+)/.exec((error as Error).message)?.[1] ?? null;
}

/** `; did you mean --x?` when a known option is close to the one typed, else '' (then `--help` lists them). */
function nearestOption(typed: string, known: string[]): string {
  const bare = typed.replace(/^-+/, '');
  if (known.length === 0) return '; see --help';
  const best = closest(bare, known);
  return distance(bare, best) <= Math.max(2, Math.floor(bare.length / 3))
    ? `; did you mean --${best}?`
    : '; see --help';
}

/**
 * Reads a UTF-8 text file; a missing or unreadable file is a UsageError naming it.
 * The read is synchronous: a command reads its files one after the other anyway,
 * and the thread-pool round trips of an asynchronous read (open, stat, read,
 * close) leave the main thread asleep between models, which on a busy or
 * virtualised machine cost `tmsync lint` some 10 % of its time over the corpus.
 */
export async function readTextFile(path: string): Promise<string> {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${path}: no such file`);
    if (code === 'EISDIR') throw new UsageError(`${path}: is a directory, not a file`);
    if (code === 'EACCES') throw new UsageError(`${path}: permission denied`);
    throw new UsageError(`${path}: cannot read (${code ?? 'unknown error'})`);
  }
}

/** Checks a `--format` value against the allowed ones. */
export function formatOption<F extends string>(value: string | undefined, allowed: readonly F[], fallback: F): F {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as F;
  throw new UsageError(`--format must be one of ${allowed.join(', ')} (got "${value}")`);
}
