// The GitHub Action: runs a tmsync command in the workspace, turns lint
// messages into annotations (::error file=…,line=…), writes a job summary to
// $GITHUB_STEP_SUMMARY and, with format sarif, a SARIF file for
// github/codeql-action/upload-sarif. Inputs and outputs: action.yml.
import { writeFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import * as core from '@actions/core';
import { main } from '../../apps/orchestrator/src/cli.js';
import type { Io } from '../../apps/orchestrator/src/io.js';

/** The commands the Action runs. */
export const COMMANDS = ['lint', 'chain', 'drift', 'campaign status'] as const;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

interface JsonMessage {
  ruleId: string;
  severity: 'error' | 'warning';
  line: number;
  column: number;
  message: string;
}

/** Runs `tmsync ARGS` in-process in `cwd`, capturing its output. */
async function tmsync(args: string[], cwd: string, color = false): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    cwd,
    env: process.env,
    color,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** Words of an input, split on white space (quotes are not interpreted). */
function words(name: string): string[] {
  return core
    .getInput(name)
    .split(/\s+/)
    .filter((w) => w !== '');
}

function escapeCell(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;');
}

/** Lint: annotations, a summary table, optionally SARIF. Resolves to the exit code. */
async function lint(files: string[], extra: string[], cwd: string, workspace: string, format: string): Promise<number> {
  const json = await tmsync(['lint', '--format', 'json', ...extra, ...files], cwd);
  if (json.code === 2) return usageProblem('lint', json);
  // The text report in the log, as a user reads it locally.
  core.info((await tmsync(['lint', '--format', 'text', ...extra, ...files], cwd, true)).stdout);
  const report = JSON.parse(json.stdout) as { file: string; messages: JsonMessage[] }[];
  const rows: string[][] = [];
  let errors = 0;
  let warnings = 0;
  for (const entry of report) {
    // Annotation paths are relative to the repository root, whatever the working directory.
    const file =
      entry.file === '<stdin>' ? entry.file : relative(workspace, resolve(cwd, entry.file)).split(sep).join('/');
    for (const m of entry.messages) {
      const properties = { file, startLine: m.line, startColumn: m.column, title: `tmsync ${m.ruleId}` };
      if (m.severity === 'error') {
        errors += 1;
        core.error(m.message, properties);
      } else {
        warnings += 1;
        core.warning(m.message, properties);
      }
      rows.push([
        escapeCell(`${file}:${m.line}:${m.column}`),
        m.severity,
        `<code>${m.ruleId}</code>`,
        escapeCell(m.message),
      ]);
    }
  }
  const summary = core.summary
    .addHeading('tmsync lint', 2)
    .addRaw(
      `${report.length} ${report.length === 1 ? 'file' : 'files'}: ${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}.`,
      true,
    );
  if (rows.length > 0)
    summary.addTable([
      [
        { data: 'where', header: true },
        { data: 'severity', header: true },
        { data: 'rule', header: true },
        { data: 'message', header: true },
      ],
      ...rows.slice(0, 500),
    ]);
  if (rows.length > 500) summary.addRaw(`… and ${rows.length - 500} more (see the annotations).`, true);
  await summary.write();
  if (format === 'sarif') {
    const sarif = await tmsync(['lint', '--format', 'sarif', '--root', workspace, ...extra, ...files], cwd);
    const path = resolve(workspace, core.getInput('sarif-file') || 'tmsync.sarif');
    writeFileSync(path, sarif.stdout);
    core.setOutput('sarif-file', path);
    core.info(`SARIF written to ${relative(workspace, path)}`);
  }
  core.setOutput('errors', errors);
  core.setOutput('warnings', warnings);
  if (json.code !== 0)
    core.setFailed(
      errors > 0
        ? `tmsync lint: ${errors} ${errors === 1 ? 'error' : 'errors'}`
        : `tmsync lint: ${json.stderr.trim() || 'findings'}`,
    );
  return json.code;
}

async function usageProblem(command: string, run: Run): Promise<number> {
  const line = run.stderr.trim() || `tmsync ${command} exited ${run.code}`;
  await core.summary
    .addHeading(`tmsync ${command}`, 2)
    .addRaw(`Could not run: ${escapeCell(line)}`, true)
    .write();
  core.setFailed(line);
  return run.code;
}

/** chain, drift, campaign status: their report in the log and the summary; a failure is one annotation. */
async function report(command: string, files: string[], extra: string[], cwd: string): Promise<number> {
  const run = await tmsync([...command.split(' '), ...extra, ...files], cwd);
  if (run.code === 2) return usageProblem(command, run);
  core.info(run.stdout);
  await core.summary
    .addHeading(`tmsync ${command}`, 2)
    .addRaw(run.code === 0 ? 'No findings.' : 'Findings:', true)
    .addCodeBlock(run.stdout.trimEnd() || '(no output)', 'text')
    .write();
  if (run.code !== 0) {
    const first = run.stdout.split('\n').find((l) => l.trim() !== '') ?? 'findings';
    core.error(first, { title: `tmsync ${command}` });
    core.setFailed(`tmsync ${command} reported findings`);
  }
  return run.code;
}

/** Runs the Action with the inputs the runner set (INPUT_*); resolves to the tmsync exit code. */
export async function runAction(): Promise<number> {
  const command = core.getInput('command') || 'lint';
  if (!(COMMANDS as readonly string[]).includes(command)) {
    core.setFailed(`input command must be one of ${COMMANDS.join(', ')} (got "${command}")`);
    return 2;
  }
  const format = core.getInput('format') || 'text';
  if (format !== 'text' && format !== 'sarif') {
    core.setFailed(`input format must be text or sarif (got "${format}")`);
    return 2;
  }
  const workspace = resolve(process.env.GITHUB_WORKSPACE ?? process.cwd());
  const cwd = resolve(workspace, core.getInput('working-directory') || '.');
  const files = words('files');
  const extra = words('args');
  if (command === 'lint') return lint(files.length ? files : ['.'], extra, cwd, workspace, format);
  return report(command, files, extra, cwd);
}

runAction().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    core.setFailed(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  },
);
