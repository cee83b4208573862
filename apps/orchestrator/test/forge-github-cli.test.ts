/**
 * `tmsync campaign apply` with `forge: github`: the satellites layer runs unchanged over the
 * GitHub forge (built by createForge from the campaign file and GITHUB_TOKEN) against the
 * emulator — pointer PRs opened once, a re-run that proposes nothing, the hourly budget
 * deferring satellites with a non-zero exit, and the token in none of the output.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import type { Io } from '../src/io.js';
import { fixture } from './helpers/family.js';
import type { GitHubLab } from './helpers/github.js';
import { filesUnder, startLab, TOKEN } from './helpers/github.js';

const BRANCH = 'tmsync/threat-model-pointer';
let lab: GitHubLab;

beforeAll(async () => {
  lab = await startLab();
  await lab.gh.createRepo('acme/parent', {
    files: { 'THREAT_MODEL.md': fixture('parent-model.md'), 'SECURITY.md': fixture('parent-security.md') },
  });
  for (const name of ['acme/one', 'acme/two', 'acme/three', 'acme/four'])
    await lab.gh.createRepo(name, { files: { 'README.md': `# ${name}\n` } });
  await lab.gh.createRepo('acme/draft', {
    files: { 'README.md': '# draft\n', 'draft-THREAT-MODEL.md': fixture('standalone-draft.md') },
  });
});
afterAll(async () => {
  await lab?.stop();
});

async function run(dir: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    cwd: dir,
    env: { GITHUB_TOKEN: TOKEN, PATH: process.env.PATH ?? '' },
  };
  const code = await main(argv, io);
  return { code, out, err };
}

function campaignIn(satellites: object[], github: object = {}): string {
  const dir = mkdtempSync(join(lab.root, 'campaign-'));
  writeFileSync(
    join(dir, 'campaign.yaml'),
    stringify({
      forge: 'github',
      github: { apiUrl: lab.gh.url, writeSpacingMs: 10, createSpacingMs: 30, labels: ['security'], ...github },
      families: [{ name: 'example', parent: { repo: 'acme/parent' }, inherit: ['§3', '§4'], satellites }],
    }),
  );
  return dir;
}

describe('campaign apply with forge: github', () => {
  it('opens one pointer PR per satellite, and a re-run proposes nothing', async () => {
    const dir = campaignIn([{ repo: 'acme/one' }, { repo: 'acme/draft', replaces: ['draft-THREAT-MODEL.md'] }]);
    const first = await run(dir, 'campaign', 'apply', '--campaign', 'campaign.yaml');
    // Only progress on stderr (plain lines: not a terminal).
    expect(first.err).toBe('campaign apply: family example done (3/3 repositories)\n');
    expect(first.out).toMatch(/Proposed 2 change\(s\)/);
    for (const repo of ['acme/one', 'acme/draft']) {
      const pulls = lab.gh.pulls(repo);
      expect(pulls).toHaveLength(1);
      expect(pulls[0]).toMatchObject({ state: 'open', labels: ['security'], head: { ref: BRANCH } });
      expect(await lab.gh.readFile(repo, BRANCH, 'SECURITY.md')).toContain('acme/parent');
    }
    expect(await lab.gh.readFile('acme/draft', BRANCH, 'draft-THREAT-MODEL.md')).toBeNull();
    for (let i = 0; i < 2; i++) {
      const again = await run(dir, 'campaign', 'apply', '--campaign', 'campaign.yaml');
      expect(again.out).toMatch(/Nothing proposed/);
      expect(again.code).toBe(first.code);
    }
    const status = await run(dir, 'campaign', 'status', '--campaign', 'campaign.yaml');
    expect(status.out).toMatch(/acme\/one .*change #1 open/);
    expect(lab.gh.pulls('acme/one')).toHaveLength(1);
    for (const text of [first.out, first.err, status.out, ...filesUnder(dir).map((f) => f.text)])
      expect(text.includes(TOKEN)).toBe(false);
  });

  it('defers satellites past the hourly budget and exits non-zero, naming them', async () => {
    const dir = campaignIn([{ repo: 'acme/two' }, { repo: 'acme/three' }, { repo: 'acme/four' }], { hourlyBudget: 6 });
    const r = await run(dir, 'campaign', 'apply', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Proposed 1 change\(s\)/);
    // Satellites run side by side, so which one gets the budget is not fixed: exactly one does.
    const repos = ['acme/two', 'acme/three', 'acme/four'];
    const opened = repos.filter((repo) => lab.gh.pulls(repo).length === 1);
    const deferred = repos.filter((repo) => !opened.includes(repo));
    expect(opened).toHaveLength(1);
    for (const repo of deferred) {
      expect(lab.gh.pulls(repo)).toHaveLength(0);
      expect(r.out).toMatch(
        new RegExp(`${repo}: deferred — the hourly budget of 6 content-creating requests is spent`),
      );
    }
    // The budget spans runs: the next run defers them again.
    const again = await run(dir, 'campaign', 'apply', '--campaign', 'campaign.yaml');
    expect(again.code).toBe(1);
    for (const repo of deferred) expect(again.out).toMatch(new RegExp(`${repo}: deferred`));
  });

  it('says which variables it tried when there is no token', async () => {
    const dir = campaignIn([{ repo: 'acme/one' }]);
    let err = '';
    const code = await main(['campaign', 'plan', '--campaign', 'campaign.yaml'], {
      stdout: () => undefined,
      stderr: (t) => {
        err += t;
      },
      cwd: dir,
      env: { PATH: '/nonexistent' },
    });
    expect(code).toBe(2);
    expect(err).toMatch(/no GitHub token found: tried GITHUB_TOKEN, GH_TOKEN and `gh auth token`/);
  });
});
