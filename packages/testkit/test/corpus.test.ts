/** The shared corpus locator: found, absent (skip with a warning), absent under CI (an error). */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { corpusCandidates, corpusFiles, locateCorpus } from '../src/index.js';

const made: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  while (made.length) rmSync(made.pop()!, { recursive: true, force: true });
});

function sharedWith(files: string[]): string {
  const shared = mkdtempSync(join(tmpdir(), 'tmsync-shared-'));
  made.push(shared);
  mkdirSync(join(shared, 'corpus'));
  for (const f of files) writeFileSync(join(shared, 'corpus', f), '# x\n');
  return shared;
}

describe('locateCorpus', () => {
  test('TMSYNC_SHARED comes first; corpusFiles lists the models, README excluded, sorted', () => {
    const shared = sharedWith(['b__THREAT_MODEL.md', 'README.md', 'a__THREAT_MODEL.md', 'notes.txt']);
    const dir = locateCorpus('t', { TMSYNC_SHARED: shared });
    expect(dir).toBe(join(shared, 'corpus'));
    expect(corpusFiles(dir)).toEqual(['a__THREAT_MODEL.md', 'b__THREAT_MODEL.md']);
    expect(corpusFiles(null)).toEqual([]);
  });

  test('the second place is ../shared/corpus beside the repository root', () => {
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    expect(corpusCandidates({})).toEqual([join(root, '..', 'shared', 'corpus')]);
    expect(corpusCandidates({ TMSYNC_SHARED: '/x' })[0]).toBe(join('/x', 'corpus'));
  });

  test('absent: null and one warning naming the suite and where it looked', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const missing = join(tmpdir(), 'tmsync-no-such-shared', 'corpus');
    expect(locateCorpus('my suite', {}, [missing])).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toBe(
      `[my suite] the shared corpus is missing (looked in ${missing}): corpus tests are skipped. Put the shared folder beside the repository (or set TMSYNC_SHARED) to run them.`,
    );
  });

  test('absent under CI: an error, not a skip', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const missing = join(tmpdir(), 'tmsync-no-such-shared', 'corpus');
    expect(() => locateCorpus('my suite', { CI: 'true' }, [missing])).toThrow(
      /^\[my suite\] the shared corpus is missing \(looked in .*\) and CI is set: put the shared folder beside the repository or set TMSYNC_SHARED\.$/,
    );
    expect(warn).not.toHaveBeenCalled();
  });

  test('present under CI: found, no warning', () => {
    const shared = sharedWith(['a__THREAT_MODEL.md']);
    expect(locateCorpus('t', { CI: '1', TMSYNC_SHARED: shared })).toBe(join(shared, 'corpus'));
  });
});
