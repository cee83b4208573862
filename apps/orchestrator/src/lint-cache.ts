// The cache of `tmsync lint` over a tree (as eslint --cache): each file's
// messages, kept under the file's absolute path with a key made of the
// file's content, the config file that applies (its path and content) and
// the tool's version. A hit gives the messages without parsing the file.
//
// The file is written whole to a temporary name and renamed (atomic); it
// starts with a header line holding the format, the version and a SHA-256 of
// the rest, so a corrupt, truncated or hand-edited cache is ignored (the run
// lints everything and writes a new one). Where the location cannot be
// written (read-only, no permission) the cache is skipped without a word.
import type { FileRecord } from '@tmsync/rubric/results';
import { RUBRIC_VERSION } from '@tmsync/rubric/results';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const FORMAT = 'tmsync-lint-cache 1';

/** The cache file's name when it is not under node_modules/.cache (eslint's `.eslintcache`, for tmsync). */
export const CACHE_FILE_NAME = '.tmsynccache';

/** The version a cache is valid for: the CLI's and the rules' packages. */
export const TOOL_VERSION = `tmsync ${(createRequire(import.meta.url)('../package.json') as { version: string }).version} rubric ${RUBRIC_VERSION}`;

/**
 * Where the cache lives by default: `node_modules/.cache/tmsync/lint-cache.json`
 * in the nearest folder at or above `cwd` that holds a package.json (where
 * prettier, babel and ava keep theirs, ignored by every Node project), else
 * `.tmsynccache` in `cwd` (as `.eslintcache`).
 */
export function defaultCacheLocation(cwd: string): string {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'node_modules', '.cache', 'tmsync', 'lint-cache.json');
    if (dirname(dir) === dir) return join(resolve(cwd), CACHE_FILE_NAME);
  }
}

/** `--cache-location PATH`: a file, or a folder (existing, or written with a trailing slash) to hold `.tmsynccache`. */
export function cacheLocationOption(written: string, cwd: string): string {
  const path = resolve(cwd, written);
  let isDirectory = /[/\\]$/.test(written);
  try {
    isDirectory ||= statSync(path).isDirectory();
  } catch {
    // Not there yet: a file path.
  }
  return isDirectory ? join(path, CACHE_FILE_NAME) : path;
}

interface Entry {
  key: string;
  record: FileRecord;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The entries of a cache file, or none when it is missing, from another version, or corrupt. */
function readEntries(location: string, version: string): Map<string, Entry> {
  let text: string;
  try {
    text = readFileSync(location, 'utf8');
  } catch {
    return new Map();
  }
  const nl = text.indexOf('\n');
  const body = nl < 0 ? '' : text.slice(nl + 1);
  if (nl < 0 || text.slice(0, nl) !== `${FORMAT}\t${version}\t${sha256(body)}`) return new Map();
  try {
    // The checksum matched: this is the object a run of this version wrote.
    return new Map(Object.entries(JSON.parse(body) as Record<string, Entry>));
  } catch {
    return new Map();
  }
}

/** One run's view of the cache: look-ups, new entries, and the write at the end. */
export class LintCache {
  private changed = false;
  private readonly used = new Set<string>();

  private constructor(
    /** The cache file. */
    readonly location: string,
    private readonly version: string,
    private readonly entries: Map<string, Entry>,
  ) {}

  /** Opens the cache at `location` (reading it now) for a tool version (default: this one). */
  static open(location: string, version: string = TOOL_VERSION): LintCache {
    return new LintCache(location, version, readEntries(location, version));
  }

  /** The key of a file's content under a config source (the config file's path and text; null path: none). */
  static key(text: string, config: { path: string | null; content: string }): string {
    return sha256(`${config.path ?? ''}\0${config.content}\0${text}`);
  }

  /** The record stored for a file under this key, or undefined (a miss). */
  get(path: string, key: string): FileRecord | undefined {
    this.used.add(path);
    const entry = this.entries.get(path);
    return entry?.key === key ? entry.record : undefined;
  }

  /** Stores a file's record under its key. */
  set(path: string, key: string, record: FileRecord): void {
    this.used.add(path);
    this.entries.set(path, { key, record });
    this.changed = true;
  }

  /**
   * Writes the cache when this run changed it (a miss, or entries of files
   * that are gone), atomically. Returns whether it wrote; a location that
   * cannot be written is no error.
   */
  save(): boolean {
    for (const path of this.entries.keys())
      if (!this.used.has(path) && !existsSync(path)) {
        this.entries.delete(path);
        this.changed = true;
      }
    if (!this.changed) return false;
    const body = JSON.stringify(Object.fromEntries(this.entries));
    const temporary = `${this.location}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      mkdirSync(dirname(this.location), { recursive: true });
      writeFileSync(temporary, `${FORMAT}\t${this.version}\t${sha256(body)}\n${body}`);
      renameSync(temporary, this.location);
      this.changed = false;
      return true;
    } catch {
      try {
        rmSync(temporary, { force: true });
      } catch {
        // Nothing was written there either.
      }
      return false;
    }
  }
}
