import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkSidecar, initSidecar, promoteAnswered, SidecarSyncError, syncSidecar } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const dir = join(here, '../../../examples/newer-generation');
const PROSE = readFileSync(join(dir, 'THREAT_MODEL.md'), 'utf8');
const SIDECAR = readFileSync(join(dir, 'threat-model.yaml'), 'utf8');
const PATH = 'THREAT_MODEL.md';

describe('initSidecar', () => {
  it('writes the fields the prose determines and empty record lists; check then names what the author must add', () => {
    const text = initSidecar(PROSE, PATH);
    const y = parse(text);
    expect(y.schema).toBe('threat-model-sidecar/v2');
    expect(y.project).toBe('Tarn');
    expect(y.model_status).toBe('draft');
    expect(y.triage_policy).toBe('strict');
    expect(y.confidence).toEqual({ documented: 20, maintainer: 2, inferred: 2, assumption: 1 });
    expect(y['x-open-questions']).toEqual(['Q1', 'Q2', 'Q3']);
    expect(y.prose_version).toMatch(/^THREAT_MODEL\.md@sha256:[0-9a-f]{64}$/);
    expect(y.components).toEqual([]);
    const findings = checkSidecar({ prose: PROSE, prosePath: PATH, sidecar: text });
    expect(findings.map((f) => f.path).sort()).toEqual(['build_policy', 'dependency_policy']);
  });
});

describe('syncSidecar', () => {
  const stale = SIDECAR.replace(/sha256:[0-9a-f]{64}/, `sha256:${'1'.repeat(64)}`).replace(
    'documented: 20',
    'documented: 3',
  );
  it('refreshes a stale sidecar so that it checks clean, keeping comments, records and key order', () => {
    expect(
      checkSidecar({ prose: PROSE, prosePath: PATH, sidecar: stale })
        .map((f) => f.check)
        .sort(),
    ).toEqual(['sidecar-confidence', 'sidecar-prose-version']);
    const synced = syncSidecar(stale, PROSE, PATH);
    expect(checkSidecar({ prose: PROSE, prosePath: PATH, sidecar: synced })).toEqual([]);
    expect(synced).toContain('# threat-model.yaml — derived index');
    expect(synced).toContain('# from 1.15');
    const keys = (t: string) => Object.keys(parse(t));
    expect(keys(synced)).toEqual(keys(SIDECAR));
    expect(syncSidecar(synced, PROSE, PATH)).toBe(synced);
  });
  it('refuses a sidecar that is not YAML, naming the line', () => {
    expect(() => syncSidecar('a: [b\nc: d\n', PROSE, PATH, 'x/threat-model.yaml')).toThrow(SidecarSyncError);
    expect(() => syncSidecar('a: [b\nc: d\n', PROSE, PATH, 'x/threat-model.yaml')).toThrow(
      /^x\/threat-model\.yaml:\d+: not valid YAML/,
    );
    expect(() => syncSidecar('- a\n', PROSE, PATH)).toThrow(/not a YAML mapping/);
  });
});

describe('promoteAnswered', () => {
  it('promotes the records citing an answered question and refreshes counts and hash', () => {
    // Q1 answered: the prose tag promoted, the question deleted from 1.18.
    const prose = PROSE.replace(
      'environment variables *(assumption, Q1)*',
      'environment variables *(maintainer, 2026-11)*',
    )
      .replace(/- \*\*Q1\*\*[\s\S]*?(?=- \*\*Q2\*\*)/, '')
      .replace(
        '20 documented / 2 maintainer / 2 inferred / 1 assumption',
        '20 documented / 3 maintainer / 2 inferred / 0 assumption',
      );
    expect(checkSidecar({ prose, prosePath: PATH, sidecar: SIDECAR }).map((f) => f.check)).toContain(
      'sidecar-provenance',
    );
    const { text, promoted } = promoteAnswered(SIDECAR, [{ id: 'Q1', date: '2026-11-04' }], prose, PATH);
    expect(promoted).toBe(1);
    expect(parse(text).host_side_effects[0].provenance).toEqual({ kind: 'maintainer', date: '2026-11' });
    expect(parse(text)['x-open-questions']).toEqual(['Q2', 'Q3']);
    expect(checkSidecar({ prose, prosePath: PATH, sidecar: text })).toEqual([]);
  });
});
