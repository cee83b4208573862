import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, git, tmsync } from './cli-helpers.js';

/** A folder with a 10,000-deep nested list (20 KB) and a 5 MB file, both shaped like a model. */
function hostileFiles(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tmsync-bounds-'));
  const head = '# Threat model\n\n## §1 Header\n\n- **Project:** x\n\n';
  writeFileSync(join(dir, 'deep.md'), `${head}${'- '.repeat(10_000)}x\n`);
  writeFileSync(join(dir, 'large.md'), `${head}${'A claim *(documented)*.\n'.repeat(220_000)}`);
  return dir;
}

describe('input bounds in the commands that parse a model', () => {
  const dir = hostileFiles();

  it('lint gives one nesting-too-deep finding at the line, exit 1', async () => {
    const r = await tmsync(['lint', '--format', 'json', 'deep.md'], { cwd: dir });
    expect(r.code).toBe(1);
    const [file] = JSON.parse(r.stdout) as [{ messages: Array<{ ruleId: string; line: number }> }];
    expect(file.messages.map((m) => [m.ruleId, m.line])).toEqual([['nesting-too-deep', 7]]);
  });

  it('lint gives one document-too-large finding, exit 1', async () => {
    const r = await tmsync(['lint', '--format', 'json', 'large.md'], { cwd: dir });
    expect(r.code).toBe(1);
    const [file] = JSON.parse(r.stdout) as [{ messages: Array<{ ruleId: string; message: string }> }];
    expect(file.messages).toHaveLength(1);
    expect(file.messages[0]).toMatchObject({ ruleId: 'document-too-large' });
    expect(file.messages[0]?.message).toMatch(/over the limit of 1,048,576 bytes/);
  });

  it('stats names the finding in one line on stderr and exits 1', async () => {
    const deep = await tmsync(['stats', 'deep.md'], { cwd: dir });
    expect(deep).toMatchObject({ code: 1, stdout: '' });
    expect(deep.stderr).toMatch(/^deep\.md:7:1: error nesting-too-deep: Line 7 nests .*\n$/);
    const large = await tmsync(['stats', 'large.md'], { cwd: dir });
    expect(large.code).toBe(1);
    expect(large.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(large.stderr).toMatch(/^large\.md:\d+:\d+: error document-too-large: /);
  });

  it('takes the bounds from the lint config (limits.maxBytes, limits.maxNestingDepth)', async () => {
    // 150 levels: over the default bound, cheap to parse once the bound is raised.
    writeFileSync(join(dir, 'deep150.md'), `# Threat model\n\n${'> '.repeat(150)}x\n`);
    const strict = await tmsync(['lint', '--format', 'json', 'deep150.md'], { cwd: dir });
    expect(strict.stdout).toContain('nesting-too-deep');
    writeFileSync(join(dir, 'roomy.yaml'), 'limits:\n  maxNestingDepth: 200\n  maxBytes: 10000000\n');
    const r = await tmsync(['lint', '--format', 'json', '--config', 'roomy.yaml', 'deep150.md'], { cwd: dir });
    const [file] = JSON.parse(r.stdout) as [{ messages: Array<{ ruleId: string }> }];
    expect(file.messages.map((m) => m.ruleId)).toEqual(['not-a-threat-model']);
    writeFileSync(join(dir, 'bad.yaml'), 'limits:\n  maxBytes: -1\n');
    const bad = await tmsync(['lint', '--config', 'bad.yaml', 'deep.md'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml: limits\.maxBytes: must be greater than 0/);
  });
});

describe('input bounds in answer, history, diff and questions', () => {
  const dir = hostileFiles();
  // A real model pushed over the size bound by a long tail: answer must name the bound, not call Q1 unknown.
  const model = fixture('older-model.md');
  writeFileSync(join(dir, 'padded.md'), `${model}\n${'Filler line of the padded model.\n'.repeat(40_000)}`);
  writeFileSync(join(dir, 'answers.yaml'), '- {question: Q1, action: confirm, by: bob, date: 2026-02-01}\n');

  it('answer prints the bound finding in one line, exit 2, and writes nothing', async () => {
    const before = readFileSync(join(dir, 'padded.md'), 'utf8');
    const r = await tmsync(['answer', 'padded.md', 'answers.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^tmsync answer: padded\.md:\d+:\d+: error document-too-large: .*; nothing was written\n$/,
    );
    expect(r.stderr).not.toMatch(/not a question|not a rubric/);
    expect(readFileSync(join(dir, 'padded.md'), 'utf8')).toBe(before);
    const deep = await tmsync(['answer', 'deep.md', 'answers.yaml'], { cwd: dir });
    expect(deep.stderr).toMatch(/^tmsync answer: deep\.md:7:1: error nesting-too-deep: .*\n$/);
  });

  it('history prints the finding of a version over the bounds and exits 1', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'tmsync-bounds-repo-'));
    git(repo, ['init', '-q', '-b', 'main']);
    writeFileSync(join(repo, 'THREAT_MODEL.md'), model);
    git(repo, ['add', '.']);
    git(repo, ['commit', '-q', '-m', 'Add the model']);
    writeFileSync(join(repo, 'THREAT_MODEL.md'), readFileSync(join(dir, 'padded.md'), 'utf8'));
    git(repo, ['commit', '-q', '-am', 'Pad the model'], '2026-02-01T00:00:00Z');
    const r = await tmsync(['history', '--repo', repo], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Pad the model \(over the input bounds, not parsed\)/);
    expect(r.stderr).toMatch(/^[0-9a-f]{7}:THREAT_MODEL\.md:\d+:\d+: error document-too-large: [^\n]*\n$/);
    const json = await tmsync(['history', '--repo', repo, '--format', 'json'], { cwd: dir });
    const commits = (JSON.parse(json.stdout) as { commits: { overLimit: string | null; provenance: unknown }[] })
      .commits;
    expect(commits.map((c) => c.overLimit === null)).toEqual([true, false]);
    expect(commits[0]?.provenance).not.toBeNull();
  });

  it('diff refuses a side over the bounds (exit 2, one line); questions reports it (exit 1)', async () => {
    writeFileSync(join(dir, 'model.md'), model);
    const d = await tmsync(['diff', 'model.md', 'deep.md'], { cwd: dir });
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/^tmsync diff: deep\.md:7:1: error nesting-too-deep: .*; cannot compare it\n$/);
    const q = await tmsync(['questions', 'padded.md', '--format', 'json'], { cwd: dir });
    expect(q.code).toBe(1);
    expect((JSON.parse(q.stdout) as { models: { error: string }[] }).models[0]?.error).toMatch(/document-too-large/);
  });

  it('stats --format json prints JSON with the finding', async () => {
    const r = await tmsync(['stats', '--format', 'json', 'deep.md'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ file: 'deep.md', overLimit: expect.stringMatching(/nesting-too-deep/) });
  });
});
