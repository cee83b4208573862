// An esbuild plugin shared by the bundles (the tmsync command's, the Action's).
// The packages read their version with createRequire(import.meta.url)('../package.json'),
// which a bundle cannot follow: each such read becomes the version of the
// package.json beside the module that makes it.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const VERSION_READ = /\(?createRequire\(import\.meta\.url\)\('\.\.\/package\.json'\)(?: as \{ version: string \})?\)?/g;

/** Replaces each workspace module's `../package.json` read with that package's version. */
export const inlinePackageVersion = {
  name: 'inline-package-version',
  setup(b) {
    b.onLoad({ filter: /\.(ts|js)$/ }, (args) => {
      if (args.path.includes('node_modules') && !args.path.includes('@tmsync')) return undefined;
      const text = readFileSync(args.path, 'utf8');
      VERSION_READ.lastIndex = 0;
      if (!VERSION_READ.test(text)) return undefined;
      const manifest = JSON.parse(readFileSync(join(dirname(args.path), '..', 'package.json'), 'utf8'));
      return {
        contents: text.replace(VERSION_READ, `({ version: ${JSON.stringify(manifest.version)} })`),
        loader: args.path.endsWith('.ts') ? 'ts' : 'js',
      };
    });
  },
};

/** Bundled CommonJS dependencies call require() for node built-ins: an ES module bundle defines it. */
export const requireBanner =
  "import { createRequire as __tmsyncCreateRequire } from 'node:module';\nconst require = __tmsyncCreateRequire(import.meta.url);";
