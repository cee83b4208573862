import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelRepo, tmsync } from './cli-helpers.js';

describe('tmsync history', () => {
  let repo = '';
  beforeAll(async () => {
    repo = await modelRepo();
  });

  it('lists each commit that touched the model, following the rename, oldest first (json)', async () => {
    const r = await tmsync(['history', '--repo', repo, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.path).toBe('THREAT_MODEL.md');
    expect(
      j.commits.map((c: { subject: string; path: string; date: string; openQuestions: number }) => [
        c.subject,
        c.path,
        c.date.slice(0, 10),
        c.openQuestions,
      ]),
    ).toEqual([
      ['Add draft threat model', 'draft-THREAT-MODEL.md', '2026-01-01', 5],
      ['Ratify wave 1', 'THREAT_MODEL.md', '2026-02-01', 4],
      ['Ratify wave 2', 'THREAT_MODEL.md', '2026-04-01', 2],
    ]);
    expect(
      j.commits.map((c: { provenance: { maintainer: number; inferred: number } }) => [
        c.provenance.maintainer,
        c.provenance.inferred,
      ]),
    ).toEqual([
      [1, 8],
      [4, 5],
      [6, 3],
    ]);
    expect(j.commits[2].questions).toEqual({ total: 6, open: 2, resolved: 3, partial: 0, struck: 1 });
    expect(j.commits[0].sha).toMatch(/^[0-9a-f]{40}$/);
  });

  it('prints a table for a person', async () => {
    const r = await tmsync(['history', '--path', 'THREAT_MODEL.md'], { cwd: repo });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('THREAT_MODEL.md: 3 commits (oldest first)');
    expect(lines[2]).toMatch(
      /^ {2}[0-9a-f]{8} 2026-01-01 {4}5 {4}1 {4}8 {4}0 {5}5 {2}Add draft threat model \[draft-THREAT-MODEL\.md\]$/,
    );
    expect(lines[4]).toMatch(/2026-04-01 {4}5 {4}6 {4}3 {4}0 {5}2 {2}Ratify wave 2$/);
  });

  it('refuses a wrong path or folder with exit 2', async () => {
    expect(await tmsync(['history', '--repo', repo, '--path', 'draft-THREAT-MODEL.md'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        'draft-THREAT-MODEL.md is not in HEAD; threat-model files there: THREAT_MODEL.md',
      ),
    });
    expect(await tmsync(['history', '--repo', mkdtempSync(join(tmpdir(), 'tmsync-plain-'))])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('not a git repository'),
    });
    expect(await tmsync(['history', '--repo', repo, '--format', 'csv'])).toMatchObject({ code: 2 });
    expect(await tmsync(['history', 'THREAT_MODEL.md'], { cwd: repo })).toMatchObject({ code: 2 });
    expect((await tmsync(['history', '--help'])).stdout).toContain('Usage: tmsync history');
  });
});
