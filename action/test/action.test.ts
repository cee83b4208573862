import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const bundle = join(root, 'action', 'dist', 'index.mjs');
const FIXTURES = join(root, 'packages', 'rubric', 'test', 'fixtures');

/** A workspace as actions/checkout leaves it, and the files the runner hands the step. */
function runner() {
  const base = mkdtempSync(join(tmpdir(), 'tmsync-action-'));
  const workspace = join(base, 'repo');
  mkdirSync(join(workspace, 'docs'), { recursive: true });
  mkdirSync(join(workspace, '.git'));
  copyFileSync(join(FIXTURES, 'question-uncited.md'), join(workspace, 'THREAT_MODEL.md'));
  copyFileSync(join(FIXTURES, 'closure-unlicensed.md'), join(workspace, 'docs', 'threat-model.md'));
  const summary = join(base, 'summary.md');
  const output = join(base, 'output.txt');
  writeFileSync(summary, '');
  writeFileSync(output, '');
  return { workspace, summary, output };
}

/** Runs the bundled entry as the runner does: `node action/dist/index.mjs` with GITHUB_* and INPUT_* set. */
async function runAction(inputs: Record<string, string>) {
  const r = runner();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: r.workspace,
    GITHUB_STEP_SUMMARY: r.summary,
    GITHUB_OUTPUT: r.output,
    RUNNER_TEMP: tmpdir(),
    NO_COLOR: '1',
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const done = await run(process.execPath, [bundle], { cwd: r.workspace, env }).then(
    (ok) => ({ ...ok, code: 0 }),
    (failed: { stdout: string; stderr: string; code: number }) => failed,
  );
  return { ...done, ...r };
}

describe('the GitHub Action', () => {
  it('action.yml runs the bundle on node24 and declares the inputs the entry reads', () => {
    const action = parseYaml(readFileSync(join(root, 'action.yml'), 'utf8'));
    expect(action.runs).toEqual({ using: 'node24', main: 'action/dist/index.mjs' });
    expect(Object.keys(action.inputs).sort()).toEqual(
      ['args', 'command', 'files', 'format', 'sarif-file', 'working-directory'].sort(),
    );
    const source = readFileSync(join(root, 'action', 'src', 'main.ts'), 'utf8');
    for (const input of Object.keys(action.inputs)) expect(source).toContain(`'${input}'`);
  });

  it('the committed bundle is what the sources build to', async () => {
    const check = await run(process.execPath, [join(root, 'action', 'build.mjs'), '--check'], { cwd: root }).then(
      (ok) => ({ ...ok, code: 0 }),
      (failed: { stdout: string; stderr: string; code: number }) => failed,
    );
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
  });

  it('lint: ::error/::warning annotations with file and line, a job summary, outputs, SARIF', async () => {
    const r = await runAction({ command: 'lint', files: '.', format: 'sarif', 'sarif-file': 'tmsync.sarif' });
    expect(r.code).toBe(1);
    const annotations = r.stdout.split('\n').filter((l) => /^::(error|warning)/.test(l));
    expect(annotations).toEqual([
      expect.stringMatching(
        /^::warning title=tmsync question-uncited,file=THREAT_MODEL\.md,line=95,col=1::Q4 is open but no claim cites it/,
      ),
      expect.stringMatching(
        /^::error title=tmsync closure-unlicensed,file=docs\/threat-model\.md,line=22,col=30::`OUT-OF-MODEL: unsupported-component` closes reports/,
      ),
      '::error::tmsync lint: 1 error',
    ]);
    const summary = readFileSync(r.summary, 'utf8');
    expect(summary).toMatch(/^<h2>tmsync lint<\/h2>\n2 files: 1 error, 1 warning\.\n<table>/);
    expect(summary).toContain(
      '<td>docs/threat-model.md:22:30</td><td>error</td><td><code>closure-unlicensed</code></td>',
    );
    const outputs = readFileSync(r.output, 'utf8');
    expect(outputs).toMatch(/^errors<<(ghadelimiter_[-\w]+)\n1\n\1$/m);
    expect(outputs).toMatch(/^warnings<<(ghadelimiter_[-\w]+)\n1\n\1$/m);
    const sarif = JSON.parse(readFileSync(join(r.workspace, 'tmsync.sarif'), 'utf8'));
    const version = JSON.parse(readFileSync(join(root, 'packages', 'rubric', 'package.json'), 'utf8')).version;
    expect(sarif.runs[0].tool.driver).toMatchObject({ name: 'tmsync', version });
    expect(sarif.runs[0].automationDetails).toEqual({ id: 'tmsync/lint/' });
    expect(sarif.runs[0].originalUriBaseIds.SRCROOT.uri).toBe(`file://${r.workspace}/`);
    expect(
      sarif.runs[0].results.map((x: { locations: { physicalLocation: { artifactLocation: unknown } }[] }) => [
        x.locations[0]?.physicalLocation.artifactLocation,
      ]),
    ).toEqual([
      [{ uri: 'THREAT_MODEL.md', uriBaseId: 'SRCROOT' }],
      [{ uri: 'docs/threat-model.md', uriBaseId: 'SRCROOT' }],
    ]);
  });

  it('a bad input or a usage problem fails the step with one line and exit 2', async () => {
    const bad = await runAction({ command: 'deploy' });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain(
      '::error::input command must be one of lint, chain, drift, campaign status (got "deploy")',
    );
    const missing = await runAction({ command: 'lint', files: 'nope.md' });
    expect(missing.code).toBe(2);
    expect(missing.stdout).toContain('::error::tmsync lint: nope.md: no such file');
    expect(readFileSync(missing.summary, 'utf8')).toContain('Could not run: tmsync lint: nope.md: no such file');
  });
});
