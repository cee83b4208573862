import { countProvenance, SECTION_ORDER, sectionDef } from '@tmsync/core';
import { parseThreatModel } from '@tmsync/parser';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE_DISPOSITIONS, renderInitTemplate } from '../src/init-template.js';
import { tmsync } from './cli-helpers.js';

const OLDER_IDS = SECTION_ORDER.filter((id) => sectionDef(id).required.older);

describe('tmsync init', () => {
  it('writes a draft with every older-generation section in order, the header, §13 and §14', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmsync-init-'));
    const r = await tmsync(['init', '--project', 'Apache Widget'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wrote THREAT_MODEL.md');
    const text = readFileSync(join(dir, 'THREAT_MODEL.md'), 'utf8');
    const model = parseThreatModel(text);
    expect(model.kind).toBe('rubric-model');
    expect(model.generation).toBe('older');
    expect(model.title).toBe('Apache Widget threat model');
    expect(model.sections.map((s) => s.id)).toEqual(OLDER_IDS);
    expect(model.sections.map((s) => s.number)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '5a',
      '6',
      '7',
      '8',
      '9',
      '10',
      '11',
      '11a',
      '12',
      '13',
      '14',
    ]);
    expect(model.header.map((f) => f.name)).toEqual([
      'Project',
      'Commit',
      'Date',
      'Authors',
      'Status',
      'Version binding',
      'Reporting',
      'Provenance legend',
      'Draft confidence',
    ]);
    expect(model.header.find((f) => f.name === 'Date')?.value).toBe('2026-06-04');
    expect(model.legend).not.toBeNull();
    expect(model.dispositions.map((d) => d.name)).toEqual(BASE_DISPOSITIONS.map((d) => d.name));
    expect(model.questions).toEqual([
      expect.objectContaining({ id: 'Q1', status: 'open', wave: 'Wave 1 — scope and intended use' }),
    ]);
    expect(model.claims).toEqual([
      expect.objectContaining({
        provenance: 'inferred',
        sectionId: 'scope',
        questionRefs: [expect.objectContaining({ id: 'Q1' })],
      }),
    ]);
    const counts = countProvenance(model.claims);
    expect([
      model.declared?.documented?.value,
      model.declared?.maintainer?.value,
      model.declared?.inferred?.value,
    ]).toEqual([counts.documented, counts.maintainer, counts.inferred]);
  });

  it('lints without errors (or warnings)', async () => {
    const { lintText } = await import('@tmsync/rubric');
    const file = lintText(renderInitTemplate({ project: 'Widget', date: '2026-06-04' }), 'THREAT_MODEL.md');
    expect(file.messages.map((m) => `${m.ruleId}: ${m.reason}`)).toEqual([]);
    const withCommit = lintText(
      renderInitTemplate({ project: 'Widget', date: '2026-06-04', commit: '0123abcd' }),
      'THREAT_MODEL.md',
    );
    expect(withCommit.messages).toEqual([]);
  });

  it('refuses to overwrite an existing file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmsync-init-'));
    writeFileSync(join(dir, 'model.md'), 'mine\n');
    const r = await tmsync(['init', '--project', 'Widget', '--out', 'model.md'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('model.md already exists; init never overwrites a file');
    expect(readFileSync(join(dir, 'model.md'), 'utf8')).toBe('mine\n');
  });

  it('prints with --out -, takes --commit, and refuses bad calls', async () => {
    const r = await tmsync(['init', '--project', 'Widget', '--out', '-', '--commit', 'abc1234']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# Widget threat model\n/);
    expect(r.stdout).toContain('- **Commit:** `abc1234`');
    expect(await tmsync(['init'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('missing --project NAME'),
    });
    expect(await tmsync(['init', '--project', 'W', '--commit', 'main'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--commit must be a commit id'),
    });
    expect(await tmsync(['init', '--project', 'W', '--out', '/nonexistent-dir/x.md'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('its folder does not exist'),
    });
    expect(await tmsync(['init', 'W'])).toMatchObject({ code: 2 });
    expect((await tmsync(['init', '--help'])).stdout).toContain('Usage: tmsync init --project NAME');
  });
});
