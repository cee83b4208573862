// Campaign figures on the local forge: a parent and N satellites as real git
// repositories, `tmsync campaign plan`, `apply` and a no-op re-`apply` as whole
// processes, each timed, with the git subprocesses it started counted through a
// `git` shim on PATH that logs each call and runs the real git.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const IDENTITY = {
  GIT_AUTHOR_NAME: 'tmsync bench',
  GIT_AUTHOR_EMAIL: 'bench@tmsync.invalid',
  GIT_COMMITTER_NAME: 'tmsync bench',
  GIT_COMMITTER_EMAIL: 'bench@tmsync.invalid',
};

function repo(dir, files) {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const git = (...args) =>
    execFileSync('git', args, { cwd: dir, env: { ...process.env, ...IDENTITY }, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'initial');
}

/** Builds a family of `n` satellites under a new folder; returns the campaign file's path. */
function family(n, model) {
  const dir = mkdtempSync(join(tmpdir(), `tmsync-bench-campaign-${n}-`));
  repo(join(dir, 'repos/bench/parent'), { 'THREAT_MODEL.md': model, 'README.md': '# parent\n' });
  const satellites = [];
  for (let i = 0; i < n; i++) {
    const name = `sat-${String(i).padStart(3, '0')}`;
    repo(join(dir, 'repos/bench', name), { 'README.md': `# ${name}\n\nA satellite of the bench family.\n` });
    satellites.push(`      - repo: bench/${name}\n        description: satellite ${i}\n`);
  }
  const campaign = join(dir, 'campaign.yaml');
  writeFileSync(
    campaign,
    `forge: local\nlocal:\n  root: repos\nstate: .tmsync\nbranch: tmsync/threat-model-pointer\nfamilies:\n  - name: Bench\n    parent:\n      repo: bench/parent\n      path: THREAT_MODEL.md\n    satellites:\n${satellites.join('')}`,
  );
  return { dir, campaign };
}

/** A folder holding a `git` that logs each call's subcommand (after `--git-dir=…`, `-c k=v`) to `log` and runs the real git. */
function gitShim(log) {
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  const dir = mkdtempSync(join(tmpdir(), 'tmsync-bench-shim-'));
  const shim = join(dir, 'git');
  writeFileSync(
    shim,
    `#!/bin/sh\nskip=0\nfor a in "$@"; do\n  if [ $skip = 1 ]; then skip=0; continue; fi\n  case "$a" in -c|-C) skip=1 ;; -*) ;; *) echo "$a" >> '${log}'; break ;; esac\ndone\nexec '${real}' "$@"\n`,
  );
  chmodSync(shim, 0o755);
  return dir;
}

function run(cli, args, env) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env, maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`tmsync ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, status: r.status };
}

/** Times plan, apply and a no-op apply for each satellite count; counts git subprocesses per satellite. */
export function benchCampaign({ root, sizes = [10, 50, 200] }) {
  const cli = join(root, 'apps/orchestrator/bin/tmsync.js');
  const model = readFileSync(join(root, 'examples/THREAT_MODEL.md'), 'utf8');
  const out = [];
  for (const n of sizes) {
    const { dir, campaign } = family(n, model);
    const log = join(dir, 'git-calls.log');
    const env = { ...process.env, ...IDENTITY, PATH: `${gitShim(log)}:${process.env.PATH}` };
    const row = { satellites: n };
    for (const [step, args] of [
      ['plan', ['campaign', 'plan', '--campaign', campaign]],
      ['apply', ['campaign', 'apply', '--campaign', campaign]],
      ['noopApply', ['campaign', 'apply', '--campaign', campaign]],
    ]) {
      writeFileSync(log, '');
      const { ms } = run(cli, args, env);
      const calls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
      const byCommand = {};
      for (const c of calls) byCommand[c] = (byCommand[c] ?? 0) + 1;
      row[step] = {
        wallMs: Math.round(ms),
        msPerSatellite: Number((ms / n).toFixed(1)),
        gitCalls: calls.length,
        gitCallsPerSatellite: Number((calls.length / n).toFixed(2)),
        byCommand,
      };
    }
    rmSync(dir, { recursive: true, force: true });
    out.push(row);
  }
  return out;
}
