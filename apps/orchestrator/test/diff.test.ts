import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusPath, fixturePath, git, SKIP_CORPUS, tmsync } from './cli-helpers.js';

const ANSWERS =
  '- {question: Q2, action: confirm, by: bob}\n- {question: Q3, action: confirm, by: bob}\n- {question: Q5, action: strike, by: bob}\n';

/** A folder with before.md (the older fixture) and after.md (the same after an answer round). */
async function answeredPair(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'tmsync-diff-'));
  copyFileSync(fixturePath('older-model.md'), join(dir, 'before.md'));
  copyFileSync(fixturePath('older-model.md'), join(dir, 'after.md'));
  writeFileSync(join(dir, 'answers.yaml'), ANSWERS);
  const r = await tmsync(['answer', 'after.md', 'answers.yaml'], { cwd: dir });
  expect(r.code).toBe(0);
  return dir;
}

describe('tmsync diff', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await answeredPair();
  });

  it('reports an answer round: promotions, resolved and struck questions, counts (JSON contract)', async () => {
    const r = await tmsync(['diff', 'before.md', 'after.md', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(
      expect.arrayContaining(['sections', 'promoted', 'demoted', 'questions', 'provenance']),
    );
    expect(j.promoted).toBe(5);
    expect(j.demoted).toBe(0);
    expect(j.questions).toMatchObject({ opened: [], resolved: ['Q2', 'Q3'], struck: ['Q5'] });
    expect(j.provenance.before).toMatchObject({ documented: 5, maintainer: 1, inferred: 8 });
    expect(j.provenance.after).toMatchObject({ documented: 5, maintainer: 6, inferred: 3 });
    for (const s of j.sections) {
      expect(Object.keys(s)).toEqual(expect.arrayContaining(['id', 'title', 'change']));
      expect(['added', 'removed', 'changed']).toContain(s.change);
    }
    expect(j.sections.map((s: { id: string }) => s.id)).toEqual([
      'header',
      'scope',
      'out-of-scope',
      'trust-boundaries',
      'inputs',
      'downstream',
      'questions',
    ]);
    expect(j.claims.added).toEqual([]);
    expect(j.claims.removed).toEqual([]);
    expect(j.claims.promoted[0]).toMatchObject({
      from: 'inferred',
      to: 'maintainer',
      match: 'text',
      lineBefore: 18,
      lineAfter: 18,
    });
  });

  it('prints a word-level diff of each changed section (text)', async () => {
    const r = await tmsync(['diff', 'before.md', 'after.md'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('semantic diff: before.md → after.md');
    expect(r.stdout).toContain('sections: 7 changed, 0 added, 0 removed');
    expect(r.stdout).toContain('changed  §2 Scope and intended use  [scope]');
    expect(r.stdout).toContain('trust their callers *([-inferred —-] {+maintainer — bob, 2026-06-04 —+} §14 Q2)*.');
    expect(r.stdout).toContain('tags: 5 promoted, 0 demoted');
    expect(r.stdout).toContain('questions: opened none; resolved Q2, Q3; struck Q5');
    expect(r.stdout).toContain(
      'provenance: 5 documented / 1 maintainer / 8 inferred → 5 documented / 6 maintainer / 3 inferred',
    );
  });

  it('renders Markdown ready for a PR comment', async () => {
    const r = await tmsync(['diff', 'before.md', 'after.md', '--format', 'markdown'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('### Threat model: `before.md` → `after.md`');
    expect(r.stdout).toContain('| before | 5 | 1 | 8 | 0 |');
    expect(r.stdout).toContain('| after | 5 | 6 | 3 | 0 |');
    expect(r.stdout).toContain('**Questions:** resolved Q2, Q3 · opened none · struck Q5');
    expect(r.stdout).toContain('| §14 Open questions for the maintainers | changed |');
    expect(r.stdout).toContain('<del>inferred —</del> <ins>maintainer — bob, 2026-06-04 —</ins>');
    expect(r.stdout).toContain('<summary>Promoted claims (5)</summary>');
  });

  it('finds nothing between a model and itself', async () => {
    const r = await tmsync(['diff', 'before.md', 'before.md', '--format', 'json'], { cwd: dir });
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({
      sections: [],
      promoted: 0,
      demoted: 0,
      questions: { opened: [], resolved: [], struck: [] },
    });
    expect(j.provenance.before).toEqual(j.provenance.after);
  });

  it('reads REF:PATH versions from a git repository, without a checkout', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'tmsync-diff-repo-'));
    git(repo, ['init', '-q', '-b', 'main']);
    copyFileSync(join(dir, 'before.md'), join(repo, 'THREAT_MODEL.md'));
    git(repo, ['add', '.']);
    git(repo, ['commit', '-q', '-m', 'draft']);
    git(repo, ['tag', 'v1.0']);
    copyFileSync(join(dir, 'after.md'), join(repo, 'THREAT_MODEL.md'));
    git(repo, ['commit', '-q', '-am', 'fold answers in'], '2026-02-01T00:00:00Z');
    git(repo, ['tag', 'v1.1']);
    writeFileSync(join(repo, 'THREAT_MODEL.md'), 'work in progress\n');
    const fromFiles = JSON.parse(
      (await tmsync(['diff', 'before.md', 'after.md', '--format', 'json'], { cwd: dir })).stdout,
    );
    const r = await tmsync(['diff', 'v1.0:THREAT_MODEL.md', 'v1.1:', '--repo', repo, '--format', 'json']);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect(j.a).toBe('v1.0:THREAT_MODEL.md');
    expect(j.b).toBe('v1.1:THREAT_MODEL.md');
    expect({ ...j, a: '', b: '' }).toEqual({ ...fromFiles, a: '', b: '' });
    // Without --repo, REF:PATH is read in the current folder's repository.
    const here = await tmsync(['diff', 'v1.0:THREAT_MODEL.md', 'HEAD:THREAT_MODEL.md', '--format', 'json'], {
      cwd: repo,
    });
    expect(JSON.parse(here.stdout).promoted).toBe(5);
    expect(readFileSync(join(repo, 'THREAT_MODEL.md'), 'utf8')).toBe('work in progress\n');
    const missing = await tmsync(['diff', 'v9:THREAT_MODEL.md', 'v1.1:THREAT_MODEL.md', '--repo', repo]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('ref "v9" does not exist');
    expect(missing.stderr).toContain('v1.1, v1.0');
  });

  it('refuses bad calls with exit 2', async () => {
    expect(await tmsync(['diff', 'before.md'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('expected two versions'),
    });
    expect(await tmsync(['diff', 'before.md', 'nope.md'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('nope.md: no such file'),
    });
    expect(await tmsync(['diff', 'before.md', 'after.md', '--format', 'html'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--format must be one of text, json, markdown'),
    });
    expect(await tmsync(['diff', 'before.md', 'after.md', '--repo', dir], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('give versions as REF:PATH'),
    });
    expect(await tmsync(['diff', 'HEAD:x.md', 'HEAD:y.md', '--repo', dir], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('not a git repository'),
    });
    const help = await tmsync(['diff', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: tmsync diff A B');
  });
});

describe.skipIf(SKIP_CORPUS)('tmsync diff on a real before/after pair (jspwiki draft → reviewed model)', () => {
  it('reports promotions and resolved questions', async () => {
    const r = await tmsync([
      'diff',
      corpusPath('apache__jspwiki__draft-THREAT-MODEL.md'),
      corpusPath('apache__jspwiki__THREAT_MODEL.md'),
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.promoted).toBeGreaterThan(10);
    // The PMC answered waves 1–3: the questions the reviewed model marks resolved. Q7's answer
    // leaves part open ("*(Still open — lower leverage: …)*") and Q13 is "*(inferred — still open)*".
    expect(j.questions.resolved).toEqual(
      expect.arrayContaining(['Q1', 'Q2', 'Q4', 'Q5', 'Q6', 'Q9', 'Q10', 'Q11', 'Q12', 'Q14']),
    );
    expect(j.questions.resolved).not.toContain('Q7');
    expect(j.questions.resolved).not.toContain('Q13');
    expect(j.provenance.before.inferred).toBeGreaterThan(j.provenance.after.inferred);
    expect(j.provenance.after.maintainer).toBeGreaterThan(j.provenance.before.maintainer);
    // Every promotion of this rewrite goes through a question the reviewed model answers.
    for (const p of j.claims.promoted) expect(j.questions.resolved).toContain(p.via);
    expect(j.sections.find((s: { id: string }) => s.id === 'questions').change).toBe('changed');
    const md = await tmsync([
      'diff',
      corpusPath('apache__jspwiki__draft-THREAT-MODEL.md'),
      corpusPath('apache__jspwiki__THREAT_MODEL.md'),
      '--format',
      'markdown',
    ]);
    expect(md.stdout).toContain('**Questions:** resolved Q1, Q2');
  });
});
