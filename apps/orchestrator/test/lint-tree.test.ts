import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../src/cli.js';
import { tmsync } from './cli-helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURES = resolve(here, '../../../packages/rubric/test/fixtures');

/** A repository-like folder: fixture copies at the given places, and literal files. */
function repo(layout: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tmsync-lint-tree-'));
  mkdirSync(join(dir, '.git'));
  for (const [place, source] of Object.entries(layout)) {
    mkdirSync(dirname(join(dir, place)), { recursive: true });
    if (source.startsWith('fixture:')) copyFileSync(join(FIXTURES, source.slice(8)), join(dir, place));
    else writeFileSync(join(dir, place), source);
  }
  return dir;
}

const filesOf = (json: string) => (JSON.parse(json) as { file: string }[]).map((f) => f.file);

describe('tmsync lint over a tree', () => {
  it('finds threat models by the names projects use, any case, .md and .rst, outside .gitignore', async () => {
    const dir = repo({
      'THREAT_MODEL.md': 'fixture:older-clean.md',
      'docs/threat-model.md': 'fixture:newer-clean.md',
      'sub/draft-THREAT-MODEL.md': 'fixture:older-clean.md',
      'sub/SECURITY-THREAT-MODEL.md': 'fixture:older-clean.md',
      'legacy/THREAT-MODEL.rst': 'fixture:threat-model.rst',
      'README.md': '# not a model\n',
      'SECURITY.md': 'fixture:SECURITY.md',
      '.gitignore': 'build/\n',
      'build/THREAT_MODEL.md': 'fixture:older-clean.md',
      'vendored/.gitignore': '*.md\n',
      'vendored/threat_model.md': 'fixture:older-clean.md',
      'node_modules/x/THREAT_MODEL.md': 'fixture:older-clean.md',
    });
    const r = await tmsync(['lint', '--format', 'json', '.'], { cwd: dir });
    expect(filesOf(r.stdout)).toEqual([
      'THREAT_MODEL.md',
      'docs/threat-model.md',
      'legacy/THREAT-MODEL.rst',
      'sub/SECURITY-THREAT-MODEL.md',
      'sub/draft-THREAT-MODEL.md',
    ]);
    // The .rst file is found and told what it is; the clean models are clean.
    expect(r.code).toBe(1);
    const rst = JSON.parse(r.stdout)[2];
    expect(rst.messages.map((m: { ruleId: string }) => m.ruleId)).toEqual(['not-a-threat-model']);
  });

  it('takes globs and files as written, each once, and says so when a folder or glob yields nothing', async () => {
    const dir = repo({ 'a/THREAT_MODEL.md': 'fixture:older-clean.md', 'notes/x.md': 'fixture:SECURITY.md' });
    const r = await tmsync(['lint', '--format', 'json', 'notes/*.md', 'a/THREAT_MODEL.md', 'a'], { cwd: dir });
    expect(filesOf(r.stdout)).toEqual(['notes/x.md', 'a/THREAT_MODEL.md']);
    const none = await tmsync(['lint', 'notes'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(
      /^tmsync lint: notes: no threat model in this folder or below \(looked for THREAT_MODEL/,
    );
    expect((await tmsync(['lint', 'docs/**/*.md'], { cwd: dir })).stderr).toBe(
      'tmsync lint: docs/**/*.md: no file matches this pattern (outside .gitignore)\n',
    );
  });

  it('reads - from standard input', async () => {
    const dir = repo({});
    const text = readFileSync(join(FIXTURES, 'question-uncited.md'), 'utf8');
    const r = await tmsync(['lint', '--format', 'json', '-'], { cwd: dir, io: { stdin: async () => text } });
    expect(JSON.parse(r.stdout)).toEqual([
      { file: '<stdin>', messages: [expect.objectContaining({ ruleId: 'question-uncited', line: 95 })] },
    ]);
  });

  it('finds each file its own config by walking up from it', async () => {
    const dir = repo({
      '.tmsyncrc.yaml': 'rules:\n  question-uncited: error\n',
      'THREAT_MODEL.md': 'fixture:question-uncited.md',
      'relaxed/package.json': JSON.stringify({ name: 'r', tmsync: { rules: { 'question-uncited': 'off' } } }),
      'relaxed/docs/THREAT_MODEL.md': 'fixture:question-uncited.md',
    });
    const r = await tmsync(['lint', '--format', 'json', '.'], { cwd: dir });
    const [top, relaxed] = JSON.parse(r.stdout) as { messages: { severity: string }[] }[];
    expect(top?.messages.map((m) => m.severity)).toEqual(['error']);
    expect(relaxed?.messages).toEqual([]);
    expect(r.code).toBe(1);
  });

  it('--quiet drops warnings, --max-warnings N fails past N', async () => {
    const dir = repo({ 'THREAT_MODEL.md': 'fixture:question-uncited.md' });
    const loud = await tmsync(['lint', 'THREAT_MODEL.md'], { cwd: dir });
    expect(loud.code).toBe(0);
    expect(loud.stdout).toContain('question-uncited');
    const quiet = await tmsync(['lint', '--quiet', 'THREAT_MODEL.md'], { cwd: dir });
    expect(quiet.stdout).not.toContain('question-uncited');
    expect(await tmsync(['lint', '--max-warnings', '0', 'THREAT_MODEL.md'], { cwd: dir })).toMatchObject({
      code: 1,
      stderr: 'tmsync lint: 1 warnings, more than --max-warnings 0\n',
    });
    expect((await tmsync(['lint', '--max-warnings', '1', '.'], { cwd: dir })).code).toBe(0);
    expect((await tmsync(['lint', '--max-warnings', 'many', '.'], { cwd: dir })).stderr).toBe(
      'tmsync lint: --max-warnings must be a whole number (got "many")\n',
    );
  });

  it('colours the text report when the CLI says so, never with --no-color', async () => {
    const dir = repo({ 'THREAT_MODEL.md': 'fixture:question-uncited.md' });
    const ansi = /\u001b\[/;
    expect((await tmsync(['lint', '.'], { cwd: dir, io: { color: true } })).stdout).toMatch(ansi);
    expect((await tmsync(['lint', '--no-color', '.'], { cwd: dir, io: { color: true } })).stdout).not.toMatch(ansi);
    expect((await tmsync(['lint', '.'], { cwd: dir })).stdout).not.toMatch(ansi);
  });
});

describe('tmsync flags', () => {
  it('--version is the package version', async () => {
    const pkg = JSON.parse(readFileSync(resolve(here, '../package.json'), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
    expect(await tmsync(['--version'], { cwd: here })).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('an unknown option or command suggests the nearest', async () => {
    const r = await tmsync(['lint', '--formt', 'json', 'x.md'], { cwd: here });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('tmsync lint: unknown option --formt; did you mean --format?\n');
    expect((await tmsync(['lint', '--zzz', 'x.md'], { cwd: here })).stderr).toBe(
      'tmsync lint: unknown option --zzz; see --help\n',
    );
    expect((await tmsync(['lnt'], { cwd: here })).stderr).toBe(
      'tmsync: unknown command "lnt". Did you mean "lint"? Run tmsync --help for the list.\n',
    );
    expect((await tmsync(['--verison'], { cwd: here })).stderr).toMatch(/^tmsync: unknown option "--verison"\./);
  });
});
