import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, tmsync } from './cli-helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The rubric package's fixtures: small models written for the rule tests. */
const FIXTURES = resolve(here, '../../../packages/rubric/test/fixtures');
/** The shared corpus (the one locator: skips when absent, fails under CI). */
const CORPUS = CORPUS_DIR;

/** A folder holding copies of some fixtures, to run the CLI in. */
function workdir(...names: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'tmsync-lint-'));
  for (const name of names) copyFileSync(join(FIXTURES, name), join(dir, name));
  return dir;
}

describe('tmsync lint', () => {
  it('exits 0 on a clean model and prints the text report', async () => {
    const dir = workdir('older-clean.md');
    const r = await tmsync(['lint', 'older-clean.md'], { cwd: dir });
    expect(r).toEqual({ code: 0, stdout: 'older-clean.md: no issues found\n', stderr: '' });
  });

  it('exits 0 when there are only warnings, 1 when there is an error', async () => {
    const dir = workdir('question-uncited.md', 'question-unknown.md');
    const warn = await tmsync(['lint', 'question-uncited.md'], { cwd: dir });
    expect(warn.code).toBe(0);
    expect(warn.stdout).toMatch(
      /^question-uncited\.md\n95:1-95:8 +warning +Q4 is open but no claim cites it.* question-uncited +tmsync\n/,
    );
    const err = await tmsync(['lint', 'question-uncited.md', 'question-unknown.md'], { cwd: dir });
    expect(err.code).toBe(1);
    expect(err.stdout).toMatch(/32:54-32:56 +error +This claim cites Q9/);
  });

  it('--format json follows the contract', async () => {
    const dir = workdir('question-unknown.md', 'older-clean.md');
    const r = await tmsync(['lint', '--format', 'json', 'question-unknown.md', 'older-clean.md'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual([
      {
        file: 'question-unknown.md',
        messages: [
          {
            ruleId: 'question-unknown',
            severity: 'error',
            line: 32,
            column: 54,
            message: expect.stringMatching(/^This claim cites Q9, but §14 has no Q9/),
          },
        ],
      },
      { file: 'older-clean.md', messages: [] },
    ]);
  });

  it('--format sarif writes SARIF 2.1.0 with repository-relative URIs', async () => {
    const dir = workdir('section-missing.md');
    const r = await tmsync(['lint', '--format', 'sarif', join(dir, 'section-missing.md')], { cwd: dir });
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].tool.driver.name).toBe('tmsync');
    expect(sarif.runs[0].tool.driver.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(sarif.runs[0].automationDetails).toEqual({ id: 'tmsync/lint/' });
    expect(sarif.runs[0].originalUriBaseIds.SRCROOT.uri).toMatch(/^file:\/\/.*\/$/);
    expect(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toEqual(['section-missing']);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'section-missing.md', uriBaseId: 'SRCROOT' },
      region: { startLine: 34, startColumn: 1, endLine: 34, endColumn: 31 },
    });
  });

  it('a missing file: one line, exit 2, and no partial report', async () => {
    const dir = workdir('question-unknown.md');
    const r = await tmsync(['lint', '--format', 'json', 'question-unknown.md', 'nope.md'], { cwd: dir });
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'tmsync lint: nope.md: no such file\n' });
  });

  it('usage problems exit 2: no FILE, a bad --format, an unknown option', async () => {
    const dir = workdir();
    expect(await tmsync(['lint'], { cwd: dir })).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(/^tmsync lint: missing PATH/),
    });
    expect(await tmsync(['lint', '--format', 'xml', 'a.md'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: 'tmsync lint: --format must be one of text, json, sarif (got "xml")\n',
    });
    expect((await tmsync(['lint', '--colour', 'a.md'], { cwd: dir })).code).toBe(2);
  });

  it('--help', async () => {
    const r = await tmsync(['lint', '--help'], { cwd: workdir() });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Usage: tmsync lint PATH\|GLOB\|-\.\.\. \[--format text\|json\|sarif\] \[--config FILE\]/,
    );
  });

  it('reads .tmsyncrc.yaml from the current folder, or --config FILE; a bad config exits 2 naming the key', async () => {
    const dir = workdir('question-unknown.md');
    writeFileSync(join(dir, '.tmsyncrc.yaml'), 'rules:\n  question-unknown: warning\n');
    const relaxed = await tmsync(['lint', '--format', 'json', 'question-unknown.md'], { cwd: dir });
    expect(relaxed.code).toBe(0);
    expect(JSON.parse(relaxed.stdout)[0].messages[0].severity).toBe('warning');
    writeFileSync(join(dir, 'strict.json'), JSON.stringify({ rules: { 'question-unknown': 'error' } }));
    expect((await tmsync(['lint', '--config', 'strict.json', 'question-unknown.md'], { cwd: dir })).code).toBe(1);
    writeFileSync(join(dir, 'bad.yaml'), 'rules:\n  question-unknwn: off\n');
    const bad = await tmsync(['lint', '--config', 'bad.yaml', 'question-unknown.md'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^tmsync lint: bad\.yaml: rules\.question-unknwn: unknown rule id "question-unknwn"/);
    expect((await tmsync(['lint', '--config', 'absent.yaml', 'question-unknown.md'], { cwd: dir })).stderr).toBe(
      'tmsync lint: absent.yaml: no such file\n',
    );
  });

  it('a SECURITY.md gets one message and exit 1', async () => {
    const dir = workdir('SECURITY.md');
    const r = await tmsync(['lint', '--format', 'json', 'SECURITY.md'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)[0].messages.map((m: { ruleId: string }) => m.ruleId)).toEqual(['not-a-threat-model']);
  });

  it.skipIf(!CORPUS)('lints the real non-rubric corpus document with one message', async () => {
    const r = await tmsync(
      ['lint', '--format', 'json', join(CORPUS as string, 'apache__opendal-reqsign__THREAT_MODEL.md')],
      { cwd: workdir() },
    );
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)[0].messages).toEqual([
      {
        ruleId: 'not-a-threat-model',
        severity: 'error',
        line: 1,
        column: 1,
        message: expect.stringMatching(/another outline/),
      },
    ]);
  });

  it('--at REF --repo DIR lints the model as it stood at a tag', async () => {
    const repo = workdir();
    const env = {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: repo,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.org',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.org',
    };
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'THREAT_MODEL.md'), readFileSync(join(FIXTURES, 'question-unknown.md')));
    git('add', '.');
    git('commit', '-q', '-m', 'model');
    git('tag', 'v1.0');
    writeFileSync(join(repo, 'THREAT_MODEL.md'), readFileSync(join(FIXTURES, 'older-clean.md')));
    git('commit', '-q', '-am', 'fixed');
    const cwd = workdir();
    const atTag = await tmsync(['lint', '--format', 'json', '--at', 'v1.0', '--repo', repo], { cwd: cwd });
    expect(atTag.stderr).toBe('');
    expect(atTag.code).toBe(1);
    expect(JSON.parse(atTag.stdout)).toEqual([
      {
        file: 'v1.0:THREAT_MODEL.md',
        messages: [expect.objectContaining({ ruleId: 'question-unknown', line: 32, column: 54 })],
      },
    ]);
    const sarif = JSON.parse(
      (
        await tmsync(['lint', '--format', 'sarif', '--at', 'v1.0', '--repo', repo, '--path', 'THREAT_MODEL.md'], {
          cwd: cwd,
        })
      ).stdout,
    );
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('THREAT_MODEL.md');
    expect((await tmsync(['lint', '--at', 'main', '--repo', repo], { cwd: cwd })).code).toBe(0);
    expect((await tmsync(['lint', 'x.md', '--at', 'main', '--repo', repo], { cwd: cwd })).code).toBe(2);
  });
});
