import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixturePath, tmsync } from './cli-helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const example = join(here, '../../../examples/newer-generation');

/** A temporary folder holding the example model and its sidecar. */
function work(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tmsync-sidecar-'));
  copyFileSync(join(example, 'THREAT_MODEL.md'), join(dir, 'THREAT_MODEL.md'));
  copyFileSync(join(example, 'threat-model.yaml'), join(dir, 'threat-model.yaml'));
  return dir;
}

describe('tmsync sidecar', () => {
  it('check: the example sidecar is in step with its model', async () => {
    const dir = work();
    const r = await tmsync(['sidecar', 'check', 'THREAT_MODEL.md'], { cwd: dir });
    expect(r.stdout).toBe('threat-model.yaml: 0 errors, 0 warnings\n');
    expect(r.code).toBe(0);
  });

  it('check: a stale sidecar fails with file, line and check; sync repairs it in place, keeping comments', async () => {
    const dir = work();
    const path = join(dir, 'threat-model.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('documented: 20', 'documented: 19'));
    const r = await tmsync(['sidecar', 'check', 'THREAT_MODEL.md', 'threat-model.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^threat-model\.yaml:7: error confidence\.documented is 19, but the prose's draft confidence says 20.* \[sidecar-confidence\]$/m,
    );
    const dry = await tmsync(['sidecar', 'sync', 'THREAT_MODEL.md', '--dry-run'], { cwd: dir });
    expect(dry.stdout).toMatch(/^\+confidence: \{ documented: 20,/m);
    expect(readFileSync(path, 'utf8')).toContain('documented: 19');
    const s = await tmsync(['sidecar', 'sync', 'THREAT_MODEL.md'], { cwd: dir });
    expect(s.stdout).toBe('wrote threat-model.yaml\n');
    expect(readFileSync(path, 'utf8')).toContain('# from 1.15');
    expect((await tmsync(['sidecar', 'check', 'THREAT_MODEL.md'], { cwd: dir })).code).toBe(0);
    expect((await tmsync(['sidecar', 'sync', 'THREAT_MODEL.md'], { cwd: dir })).stdout).toBe(
      'threat-model.yaml: already in step with THREAT_MODEL.md\n',
    );
  });

  it('init writes a new sidecar and refuses to overwrite one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmsync-sidecar-init-'));
    copyFileSync(join(example, 'THREAT_MODEL.md'), join(dir, 'THREAT_MODEL.md'));
    const r = await tmsync(['sidecar', 'init', 'THREAT_MODEL.md'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'threat-model.yaml'), 'utf8')).toMatch(
      /^prose_version: THREAT_MODEL\.md@sha256:[0-9a-f]{64}$/m,
    );
    const again = await tmsync(['sidecar', 'init', 'THREAT_MODEL.md'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(
      'tmsync sidecar: threat-model.yaml: already exists; use tmsync sidecar sync to refresh it\n',
    );
    const check = await tmsync(['sidecar', 'check', 'THREAT_MODEL.md', '--format', 'json'], { cwd: dir });
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout).findings.map((f: { path: string }) => f.path)).toEqual([
      'dependency_policy',
      'build_policy',
    ]);
  });

  it('refuses an older-generation model and a broken sidecar with one line, writing nothing', async () => {
    const dir = work();
    copyFileSync(fixturePath('older-model.md'), join(dir, 'old.md'));
    const old = await tmsync(['sidecar', 'check', 'old.md', 'threat-model.yaml'], { cwd: dir });
    expect(old.code).toBe(2);
    expect(old.stderr).toMatch(/^tmsync sidecar: old\.md: an older-generation \(§1–§14\) model; .*\n$/);
    writeFileSync(join(dir, 'threat-model.yaml'), 'project: [Tarn\nx: y\n');
    const broken = await tmsync(['sidecar', 'sync', 'THREAT_MODEL.md'], { cwd: dir });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^tmsync sidecar: threat-model\.yaml:\d+: not valid YAML/);
    expect(readFileSync(join(dir, 'threat-model.yaml'), 'utf8')).toBe('project: [Tarn\nx: y\n');
  });

  it('answer keeps the sidecar in step: records citing the answered question promoted, counts and hash refreshed', async () => {
    const dir = work();
    writeFileSync(join(dir, 'answers.yaml'), '- question: Q1\n  action: confirm\n  by: kim\n  date: 2026-11-04\n');
    const r = await tmsync(['answer', 'THREAT_MODEL.md', 'answers.yaml'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^sidecar threat-model\.yaml: 1 record promoted; confidence, status and prose_version refreshed$/m,
    );
    expect(r.stdout).toMatch(/^wrote threat-model\.yaml$/m);
    const yaml = readFileSync(join(dir, 'threat-model.yaml'), 'utf8');
    expect(yaml).toMatch(/provenance: \{ kind: maintainer, date: "?2026-11"? \}/);
    const check = await tmsync(['sidecar', 'check', 'THREAT_MODEL.md'], { cwd: dir });
    expect(check.stdout).toBe('threat-model.yaml: 0 errors, 0 warnings\n');
  });

  it('answer writes nothing when the sidecar beside the model is broken', async () => {
    const dir = work();
    writeFileSync(join(dir, 'answers.yaml'), '- question: Q1\n  action: confirm\n  by: kim\n  date: 2026-11-04\n');
    writeFileSync(join(dir, 'threat-model.yaml'), 'project: [Tarn\n');
    const model = readFileSync(join(dir, 'THREAT_MODEL.md'), 'utf8');
    const r = await tmsync(['answer', 'THREAT_MODEL.md', 'answers.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not valid YAML.*\(nothing written\)\n$/);
    expect(readFileSync(join(dir, 'THREAT_MODEL.md'), 'utf8')).toBe(model);
  });
});
