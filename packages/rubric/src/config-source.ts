// `@tmsync/rubric/config-source`: which config file applies to a path and its
// raw content, without reading it as a config (no YAML, no schema). A lint
// cache keys its entries by this: the same file with the same content and the
// same tool version resolves to the same settings.
import { lilconfigSync } from 'lilconfig';
import { basename, dirname, resolve } from 'node:path';
import { CONFIG_NAMES } from './config-names.js';

/** The config file that applies to a path (null: none, the defaults) and its content as text. */
export interface ConfigSource {
  path: string | null;
  content: string;
}

// The search `configFor` makes (same places, same package.json key, same stop), with the text kept as read.
const raw = (_path: string, text: string) => text;
const explorer = lilconfigSync('tmsync', {
  searchPlaces: [...CONFIG_NAMES],
  packageProp: 'tmsync',
  loaders: {
    '.yaml': raw,
    '.yml': raw,
    // package.json must be parsed for lilconfig to look for its `tmsync` key; an rc .json file stays text.
    '.json': (path, text) => (basename(path) === 'package.json' ? parsedOrText(text) : text),
    noExt: raw,
  },
  stopDir: '/',
});

function parsedOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Unreadable as JSON: the config loader will say so; as a key, the text itself will do.
    return { tmsync: text };
  }
}

/** The config source for a file or folder, searched from its folder up as `configFor` does. */
export function configSourceFor(path: string, options: { isDirectory?: boolean } = {}): ConfigSource {
  const found = explorer.search(options.isDirectory ? resolve(path) : dirname(resolve(path)));
  if (!found) return { path: null, content: '' };
  const content = typeof found.config === 'string' ? found.config : JSON.stringify(found.config ?? null);
  return { path: found.filepath, content };
}

/** Forgets the config files found so far (a run starts afresh: a config may have changed since the last). */
export function clearConfigSourceCache(): void {
  explorer.clearCaches();
}
