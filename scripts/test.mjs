// The whole check a change must pass, in the order that fails fastest:
// biome (lint + format), then every package's typecheck (sources and tests)
// and test suite through turbo with --continue, so that one failing package
// does not hide the others; then the packages as a user installs them (packed
// with pnpm, installed with plain npm: scripts/pack-check.mjs). Ends with the
// closing line CI reads.
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (args) => spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root }).status ?? 1;

// Results of an earlier run must not count: turbo restores them from its cache when a task is unchanged.
for (const group of ['packages', 'apps']) {
  for (const name of readdirSync(join(root, group)))
    rmSync(join(root, group, name, 'test-results.json'), { force: true });
}
rmSync(join(root, 'action', 'test-results.json'), { force: true });

const biome = createRequire(join(root, 'package.json')).resolve('@biomejs/biome/bin/biome');
const checked = run([biome, 'check', '.']);
const tested = run([join(root, 'scripts', 'turbo.mjs'), 'run', 'typecheck', 'test', '--continue']);
const packed = run([join(root, 'scripts', 'pack-check.mjs')]);
const summary = run([join(root, 'scripts', 'test-summary.mjs')]);
if (checked !== 0) console.error('biome check failed: run `corepack pnpm format` and fix what it reports');
if (tested !== 0 && summary === 0) console.error('a typecheck or test task failed (see above)');
if (packed !== 0) console.error('the pack-and-install check failed (see pack-check: above)');
process.exit(checked || tested || packed || summary);
