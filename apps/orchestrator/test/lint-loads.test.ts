import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// What `tmsync lint` loads, through the installed command (bin/tmsync.js and the
// bundle in dist/bundle, which the build makes): with no config file, neither
// the config loader's YAML and zod, nor GFM's Markdown serialisers, nor Octokit.
const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(here, '../bin/tmsync.js');
const bundle = resolve(here, '../dist/bundle');
const fixture = resolve(here, '../../../packages/rubric/test/fixtures/older-clean.md');

/** The bundle chunks that hold a package (esbuild marks each module's origin in a comment). */
function chunksHolding(pkg: string): string[] {
  return readdirSync(bundle).filter((name) =>
    readFileSync(join(bundle, name), 'utf8').includes(`node_modules/.pnpm/${pkg}@`),
  );
}

/** The bundle chunks a `tmsync lint` of `dir` loads. */
function chunksLoaded(dir: string): string[] {
  const record = join(dir, 'loads.txt');
  writeFileSync(record, '');
  const run = spawnSync(
    process.execPath,
    ['--import', join(here, 'support/record-loads.mjs'), bin, 'lint', '--no-cache', '--format', 'json', dir],
    { encoding: 'utf8', env: { ...process.env, TMSYNC_RECORD_LOADS: record } },
  );
  expect(run.stderr).toBe('');
  expect(JSON.parse(run.stdout)).toHaveLength(1);
  return readFileSync(record, 'utf8')
    .split('\n')
    .filter((url) => url.includes('/dist/bundle/'))
    .map((url) => url.slice(url.lastIndexOf('/') + 1));
}

function modelFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tmsync-lint-loads-'));
  copyFileSync(fixture, join(dir, 'THREAT_MODEL.md'));
  return dir;
}

describe('what tmsync lint loads', () => {
  it('without a config file: no YAML, no zod, no Markdown serialiser', () => {
    const zod = chunksHolding('zod');
    const yaml = chunksHolding('yaml');
    const toMarkdown = chunksHolding('mdast-util-to-markdown');
    expect(zod.length).toBeGreaterThan(0);
    expect(yaml.length).toBeGreaterThan(0);
    const loaded = chunksLoaded(modelFolder());
    expect(loaded).toContain('cli.js');
    expect(loaded.filter((c) => zod.includes(c) || yaml.includes(c) || toMarkdown.includes(c))).toEqual([]);
  });

  it('with a .tmsyncrc.yaml: the config loader, YAML and zod are loaded to read it', () => {
    const dir = modelFolder();
    writeFileSync(join(dir, '.tmsyncrc.yaml'), 'rules:\n  section-order: off\n');
    const loaded = chunksLoaded(dir);
    expect(loaded.some((c) => chunksHolding('yaml').includes(c))).toBe(true);
    expect(loaded.some((c) => chunksHolding('zod').includes(c))).toBe(true);
  });
});
