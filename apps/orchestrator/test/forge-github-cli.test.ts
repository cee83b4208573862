/**
 * `tmsync campaign apply` with `forge: github`: the satellites layer runs unchanged over the
 * GitHub forge (built by createForge from the campaign file and GITHUB_TOKEN) against the
 * emulator — pointer PRs opened once, a re-run that proposes nothing, the hourly budget
 * deferring satellites with a non-zero exit, and the token in none of the output.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import type { Io } from '../src/io.js';
import type { ChangeStatusJson } from '../src/satellites/change-state.js';
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
  for (const name of [
    'acme/one',
    'acme/two',
    'acme/three',
    'acme/four',
    'acme/sq',
    'acme/rb',
    'acme/ed',
    'acme/st',
    'acme/no',
  ])
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
    // Only progress on stderr, one plain line per repository (not a terminal); satellites run side by side.
    const lines = first.err.trimEnd().split('\n');
    expect(lines[0]).toBe('campaign apply: acme/parent done (1/3 repositories; parent of example)');
    expect(
      lines
        .slice(1)
        .map((l) => l.replace(/\(\d\/3/, '(n/3'))
        .sort(),
    ).toEqual([
      'campaign apply: acme/draft done (n/3 repositories; family example)',
      'campaign apply: acme/one done (n/3 repositories; family example)',
    ]);
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

  it('knows a PR merged by squash or rebase as merged, proposes nothing again, and sees human edits and a moved base', async () => {
    const repos = ['acme/sq', 'acme/rb', 'acme/ed', 'acme/st'];
    const dir = campaignIn(repos.map((repo) => ({ repo })));
    const first = await run(dir, 'campaign', 'apply', '--campaign', 'campaign.yaml');
    expect(first.out).toMatch(/Proposed 4 change\(s\)/);
    // The maintainers: squash (branch kept), rebase (branch deleted); a person pushes to one
    // tool branch; another repository's main changes SECURITY.md, a file the change creates.
    await lab.gh.mergePull('acme/sq', 1, { by: 'maint', method: 'squash' });
    await lab.gh.mergePull('acme/rb', 1, { by: 'maint', method: 'rebase', deleteBranch: true });
    await lab.gh.commitAs(
      'acme/ed',
      BRANCH,
      { 'NOTES.md': 'mine\n' },
      { author: { name: 'Human', email: 'h@example.org' } },
    );
    await lab.gh.commitAs('acme/st', 'main', { 'SECURITY.md': '# Security\n\nMail security@example.org.\n' });
    const status = await run(dir, 'campaign', 'status', '--campaign', 'campaign.yaml', '--format', 'json');
    const sats = JSON.parse(status.out).families[0].satellites as {
      repo: string;
      change: ChangeStatusJson;
    }[];
    const of = (repo: string) => sats.find((x) => x.repo === repo)?.change;
    expect(of('acme/sq')).toMatchObject({
      id: 1,
      state: 'merged',
      mergedBy: 'forge',
      humanEdited: false,
      stale: false,
    });
    expect(of('acme/rb')).toMatchObject({ id: 1, state: 'merged', mergedBy: 'forge' });
    expect(of('acme/ed')).toMatchObject({ state: 'open', humanEdited: true, stale: false });
    expect(of('acme/st')).toMatchObject({
      state: 'open',
      humanEdited: false,
      stale: true,
      staleFiles: ['SECURITY.md'],
    });
    // The squash put new commits in main: the tool's own head commit is not there.
    const sq = lab.gh.pulls('acme/sq')[0]!;
    expect(await lab.gh.refSha('acme/sq', BRANCH)).toBe(sq.head.sha);
    const text = await run(dir, 'campaign', 'status', '--campaign', 'campaign.yaml');
    expect(text.out).toMatch(/acme\/sq .*change #1 merged/);
    expect(text.out).toMatch(/acme\/ed .*change #1 open, human-edited/);
    expect(text.out).toMatch(/acme\/st .*change #1 open, stale \(main changed SECURITY\.md since\)/);
    expect(text.out).toContain(
      '4 satellite(s): 2 broken chain(s), 0 drifted addenda, 2 open change(s), 2 merged, 1 human-edited, 1 stale.',
    );
    expect(text.code).toBe(1);
    // The merged ones: main holds their content, so no new pull request.
    await run(dir, 'campaign', 'apply', '--campaign', 'campaign.yaml', '--family', 'example');
    for (const repo of ['acme/sq', 'acme/rb']) {
      expect(lab.gh.pulls(repo)).toHaveLength(1);
      expect(lab.gh.pulls(repo)[0]).toMatchObject({ state: 'closed', merged: true });
    }
    // The squashed branch is still there; once main loses the pointer again, the new pull
    // request starts from main, carrying one new commit and none of the squashed ones.
    await lab.gh.commitAs('acme/sq', 'main', { 'AGENTS.md': null });
    await run(dir, 'campaign', 'apply', '--campaign', 'campaign.yaml', '--family', 'example');
    const pulls = lab.gh.pulls('acme/sq');
    expect(pulls).toHaveLength(2);
    const tip = await lab.gh.refSha('acme/sq', BRANCH);
    expect(pulls[1]).toMatchObject({ state: 'open' });
    expect(tip).not.toBe(sq.head.sha);
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: lab.gh.repoPath('acme/sq') })
        .toString()
        .trim();
    expect(git('rev-list', '--count', `main..${tip}`)).toBe('1');
    expect(git('rev-parse', `${tip}^`)).toBe(await lab.gh.refSha('acme/sq', 'main'));
    expect(await lab.gh.readFile('acme/sq', BRANCH, 'AGENTS.md')).toContain('THREAT_MODEL');
  });

  it('does not open again a pull request a maintainer closed, while what it would write is the same', async () => {
    const dir = campaignIn([{ repo: 'acme/no' }]);
    await run(dir, 'campaign', 'apply', '--campaign', 'campaign.yaml');
    expect(lab.gh.pulls('acme/no')).toHaveLength(1);
    const closed = await fetch(`${lab.gh.url}/repos/acme/no/pulls/1`, {
      method: 'PATCH',
      headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'closed' }),
    });
    expect(closed.status).toBe(200);
    const again = await run(dir, 'campaign', 'apply', '--campaign', 'campaign.yaml');
    expect(again.code).toBe(0);
    expect(again.out).toMatch(
      /acme\/no\s+chain broken · left alone: change #1 with these files was closed without merging/,
    );
    expect(lab.gh.pulls('acme/no')).toHaveLength(1);
    expect(lab.gh.pulls('acme/no')[0]).toMatchObject({ state: 'closed', merged: false });
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
