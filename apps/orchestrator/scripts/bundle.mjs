// Bundles the command (src/cli.ts and what it imports) into dist/bundle/, the
// code bin/tmsync.js runs. A run of `tmsync lint` otherwise opens some 400
// module files before it reads a model, which costs more than linting a small
// one; the bundle is a few chunks, split at the commands' lazy imports so that
// each command still loads only what it uses. The GitHub forge's Octokit and the
// campaign report stay outside (loaded from node_modules when a command asks
// for them): they are large, and the report reads chart.js's file beside its
// package. dist/index.js (the library API) is tsc's output, not this bundle.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { inlinePackageVersion, requireBanner } from '../../../scripts/esbuild-inline-version.mjs';

const here = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(here, 'dist', 'bundle');

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: here,
  entryPoints: { cli: 'src/cli.ts' },
  outdir,
  bundle: true,
  splitting: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: ['@octokit/*', '@tmsync/report'],
  legalComments: 'eof',
  logLevel: 'warning',
  banner: { js: requireBanner },
  plugins: [inlinePackageVersion],
});
