// Runs turbo with the pnpm that is running this script on PATH. turbo looks for
// a `pnpm` binary on PATH, which `corepack pnpm …` does not provide; pnpm sets
// npm_execpath to its own entry point, so a one-line shim can hand it to turbo.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };
const pnpm = process.env.npm_execpath;
if (pnpm && /pnpm/.test(pnpm)) {
  const shims = join(root, 'node_modules', '.tmsync-shims');
  mkdirSync(shims, { recursive: true });
  const shim = join(shims, 'pnpm');
  const quoted = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
  writeFileSync(shim, `#!/bin/sh\nexec ${quoted(process.execPath)} ${quoted(pnpm)} "$@"\n`);
  chmodSync(shim, 0o755);
  env.PATH = `${shims}${delimiter}${env.PATH ?? ''}`;
}
const turbo = createRequire(join(root, 'package.json')).resolve('turbo/bin/turbo');
const result = spawnSync(process.execPath, [turbo, ...process.argv.slice(2)], { stdio: 'inherit', env, cwd: root });
process.exit(result.status ?? 1);
