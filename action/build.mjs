// Bundles the Action's entry (src/main.ts and the tmsync CLI it drives) into
// one file, action/dist/index.mjs, which action.yml runs and which is
// committed (a JavaScript action runs from the repository as checked out,
// without an install). `node action/build.mjs --check` exits 1 when the
// committed file is not what the sources build to.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { inlinePackageVersion, requireBanner } from '../scripts/esbuild-inline-version.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const out = join(here, 'dist', 'index.mjs');

/** The bundle's text, as the current sources build it. */
export async function bundle() {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['action/src/main.ts'],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    write: false,
    legalComments: 'eof',
    logLevel: 'silent',
    // Bundled CommonJS dependencies call require() for node built-ins.
    banner: { js: requireBanner },
    plugins: [inlinePackageVersion],
  });
  return result.outputFiles[0].text;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = await bundle();
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(out, 'utf8');
    } catch {}
    if (committed !== text) {
      console.error(
        'action/dist/index.mjs is not what the sources build to: run `node action/build.mjs` and commit it',
      );
      process.exit(1);
    }
    console.log('action/dist/index.mjs is up to date');
  } else {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
    console.log(`wrote action/dist/index.mjs (${(text.length / 1024).toFixed(0)} KiB)`);
  }
}
