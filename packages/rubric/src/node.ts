// `@tmsync/rubric/node`: what needs a file system. The main entry
// (`@tmsync/rubric`) reads no file, no cwd and no environment, so an editor or
// a browser bundle can use it; the CLI uses this entry for config discovery,
// reading files and SARIF (whose URIs are relative to a folder on disk).
import { lilconfigSync } from 'lilconfig';
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { VFile } from 'vfile';
import type { TmsyncConfig } from './config.js';
import { CONFIG_NAMES, ConfigError, parseConfigText, validateConfig } from './config.js';
import { lintText } from './lint.js';

export { ConfigError } from './config-error.js';
export { reportSarif, sarifLog, VERSION } from './sarif.js';
export type { SarifOptions } from './sarif.js';

/** A config found for a file: its path (null when none was found: the defaults) and its settings. */
export interface FoundConfig {
  path: string | null;
  config: TmsyncConfig;
}

/** Reads and validates a config file (YAML, or JSON for `.json`, or the `tmsync` key of a package.json); throws ConfigError. */
export function loadConfig(path: string): TmsyncConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? String(error)})`,
    );
  }
  if (basename(path) !== 'package.json') return parseConfigText(text, path);
  const value = (readPackageJson(path, text) as { tmsync?: unknown } | null)?.tmsync;
  return value === undefined ? {} : validateConfig(value, `${path}: tmsync`);
}

function readPackageJson(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`${path}: not valid JSON (${message}); tmsync looks for a "tmsync" key in it`);
  }
}

// lilconfig caches per folder, so linting a tree reads each folder's config once.
const explorer = lilconfigSync('tmsync', {
  searchPlaces: [...CONFIG_NAMES],
  packageProp: 'tmsync',
  loaders: {
    '.yaml': (path, text) => parseConfigText(text, path),
    '.yml': (path, text) => parseConfigText(text, path),
    '.json': (path, text) =>
      basename(path) === 'package.json' ? readPackageJson(path, text) : parseConfigText(text, path),
    noExt: (path, text) => parseConfigText(text, path),
  },
  stopDir: '/',
});

/**
 * The config that applies to files in `dir`: the nearest `package.json` with
 * a `tmsync` key, `.tmsyncrc.yaml`, `.tmsyncrc.yml` or `.tmsyncrc.json`,
 * looking in `dir` and then each folder above it. Null when there is none.
 */
export function findConfig(dir: string): string | null {
  return searchConfig(dir).path;
}

/** The config for a file or folder (searched from its folder up, as `findConfig`), validated; throws ConfigError. */
export function configFor(path: string, options: { isDirectory?: boolean } = {}): FoundConfig {
  return searchConfig(options.isDirectory ? resolve(path) : dirname(resolve(path)));
}

function searchConfig(dir: string): FoundConfig {
  const found = explorer.search(dir);
  if (!found) return { path: null, config: {} };
  // lilconfig hands package.json's `tmsync` value over unvalidated; the rc files went through parseConfigText.
  const config =
    basename(found.filepath) === 'package.json'
      ? validateConfig(found.config, `${found.filepath}: tmsync`)
      : (found.config as TmsyncConfig);
  return { path: found.filepath, config };
}

/** Forgets the configs read so far (after a config file changed). */
export function clearConfigCache(): void {
  explorer.clearCaches();
}

/** Lints a file from disk with a config (default: none, the rules' defaults); throws the read error when it cannot be read. */
export function lintFile(path: string, config?: TmsyncConfig): VFile {
  return lintText(readFileSync(path, 'utf8'), path, config);
}
