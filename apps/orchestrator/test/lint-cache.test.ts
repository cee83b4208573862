import { configSourceFor } from '@tmsync/rubric/config-source';
import type { FileRecord } from '@tmsync/rubric/results';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CACHE_FILE_NAME, defaultCacheLocation, LintCache, TOOL_VERSION } from '../src/lint-cache.js';
import { tmsync } from './cli-helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURES = resolve(here, '../../../packages/rubric/test/fixtures');

/** A repository-like folder (no package.json above it in tmp: the cache is `.tmsynccache` in it) with two models. */
function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tmsync-lint-cache-'));
  mkdirSync(join(dir, '.git'));
  mkdirSync(join(dir, 'a'));
  mkdirSync(join(dir, 'b'));
  copyFileSync(join(FIXTURES, 'question-uncited.md'), join(dir, 'a', 'THREAT_MODEL.md'));
  copyFileSync(join(FIXTURES, 'section-order.md'), join(dir, 'b', 'THREAT_MODEL.md'));
  return dir;
}

/** A record no rule would give: served back, it proves the file was not linted. */
const PLANTED: FileRecord = {
  messages: [
    {
      reason: 'planted in the cache',
      ruleId: 'section-missing',
      source: 'tmsync',
      fatal: false,
      line: 1,
      column: 1,
      place: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 2, offset: 1 } },
      url: null,
    },
  ],
  lines: { 1: 'x' },
};

/** Plants PLANTED for a/THREAT_MODEL.md under the key the CLI computes now (or under another version). */
function plant(dir: string, version = TOOL_VERSION): void {
  const path = join(dir, 'a', 'THREAT_MODEL.md');
  const cache = LintCache.open(join(dir, CACHE_FILE_NAME), version);
  cache.set(path, LintCache.key(readFileSync(path, 'utf8'), configSourceFor(path)), PLANTED);
  expect(cache.save()).toBe(true);
}

const planted = (stdout: string) => stdout.includes('planted in the cache');

describe('tmsync lint cache', () => {
  it('keeps the output byte for byte: a warm run prints what a cold one did, in every format', async () => {
    const dir = tree();
    for (const format of ['text', 'json', 'sarif']) {
      const cold = await tmsync(['lint', '--format', format, '--no-cache', '.'], { cwd: dir });
      const first = await tmsync(['lint', '--format', format, '.'], { cwd: dir });
      const warm = await tmsync(['lint', '--format', format, '.'], { cwd: dir });
      expect(first.stdout).toBe(cold.stdout);
      expect(warm.stdout).toBe(cold.stdout);
      expect(warm.code).toBe(cold.code);
    }
    expect(existsSync(join(dir, CACHE_FILE_NAME))).toBe(true);
  });

  it('serves a hit from the cache without linting the file', async () => {
    const dir = tree();
    plant(dir);
    const r = await tmsync(['lint', '--format', 'json', '.'], { cwd: dir });
    expect(planted(r.stdout)).toBe(true);
    // The other file was linted (a miss) and stored; a second run serves both from the cache.
    const again = await tmsync(['lint', '--format', 'json', '.'], { cwd: dir });
    expect(again.stdout).toBe(r.stdout);
  });

  it('misses when the file changes', async () => {
    const dir = tree();
    plant(dir);
    writeFileSync(join(dir, 'a', 'THREAT_MODEL.md'), `${readFileSync(join(dir, 'a', 'THREAT_MODEL.md'), 'utf8')}\n`);
    const r = await tmsync(['lint', '--format', 'json', '.'], { cwd: dir });
    expect(planted(r.stdout)).toBe(false);
    expect(r.stdout).toContain('question-uncited');
  });

  it('misses when the config that applies changes', async () => {
    const dir = tree();
    plant(dir);
    writeFileSync(join(dir, '.tmsyncrc.yaml'), 'rules:\n  question-uncited: error\n');
    const r = await tmsync(['lint', '--format', 'json', '.'], { cwd: dir });
    expect(planted(r.stdout)).toBe(false);
    const [a] = JSON.parse(r.stdout) as { messages: { ruleId: string; severity: string }[] }[];
    expect(a?.messages).toEqual([expect.objectContaining({ ruleId: 'question-uncited', severity: 'error' })]);
  });

  it('misses when the tool version changes', async () => {
    const dir = tree();
    plant(dir, 'tmsync 0.0.1 rubric 0.0.1');
    const r = await tmsync(['lint', '--format', 'json', '.'], { cwd: dir });
    expect(planted(r.stdout)).toBe(false);
    expect(r.stdout).toContain('question-uncited');
  });

  it('ignores a corrupt cache file and writes a good one in its place', async () => {
    const dir = tree();
    const cold = await tmsync(['lint', '--format', 'json', '--no-cache', '.'], { cwd: dir });
    plant(dir);
    const location = join(dir, CACHE_FILE_NAME);
    writeFileSync(location, readFileSync(location, 'utf8').replace('planted in the cache', 'planted in the cachE'));
    const tampered = await tmsync(['lint', '--format', 'json', '.'], { cwd: dir });
    expect(tampered.code).toBe(cold.code);
    expect(tampered.stderr).toBe('');
    expect(tampered.stdout).toBe(cold.stdout);
    writeFileSync(location, '{ not a cache');
    const garbage = await tmsync(['lint', '--format', 'json', '.'], { cwd: dir });
    expect(garbage.stdout).toBe(tampered.stdout);
    expect(readFileSync(location, 'utf8').startsWith('tmsync-lint-cache 1\t')).toBe(true);
  });

  it('--no-cache lints every file and leaves the cache alone', async () => {
    const dir = tree();
    plant(dir);
    const before = readFileSync(join(dir, CACHE_FILE_NAME), 'utf8');
    const r = await tmsync(['lint', '--format', 'json', '--no-cache', '.'], { cwd: dir });
    expect(planted(r.stdout)).toBe(false);
    expect(readFileSync(join(dir, CACHE_FILE_NAME), 'utf8')).toBe(before);
  });

  it('is off for files named one by one unless --cache, and --cache-location moves it', async () => {
    const dir = tree();
    await tmsync(['lint', 'a/THREAT_MODEL.md'], { cwd: dir });
    expect(existsSync(join(dir, CACHE_FILE_NAME))).toBe(false);
    await tmsync(['lint', '--cache', '--cache-location', 'elsewhere/', 'a/THREAT_MODEL.md'], { cwd: dir });
    expect(existsSync(join(dir, 'elsewhere', CACHE_FILE_NAME))).toBe(true);
    await tmsync(['lint', '--cache-location', 'c.json', '.'], { cwd: dir });
    expect(existsSync(join(dir, 'c.json'))).toBe(true);
  });

  it('skips a location it cannot write without a word', async () => {
    const dir = tree();
    writeFileSync(join(dir, 'blocker'), 'a file, so nothing can be made under it');
    const cold = await tmsync(['lint', '--format', 'json', '--no-cache', '.'], { cwd: dir });
    const r = await tmsync(['lint', '--format', 'json', '--cache-location', 'blocker/cache.json', '.'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(cold.stdout);
    expect(r.code).toBe(cold.code);
  });

  it('lives under node_modules/.cache/tmsync in a Node project, else in .tmsynccache', () => {
    const dir = tree();
    expect(defaultCacheLocation(join(dir, 'a'))).toBe(join(dir, 'a', CACHE_FILE_NAME));
    writeFileSync(join(dir, 'package.json'), '{}');
    expect(defaultCacheLocation(join(dir, 'a'))).toBe(join(dir, 'node_modules', '.cache', 'tmsync', 'lint-cache.json'));
  });
});
