/**
 * Release branches (#10 item 7): a satellite's `base:` (or `pin --base`) makes its change target
 * that branch on a tool branch of its own, on the local forge and on GitHub; drift and campaign
 * status say when the parent has a newer release tag than the one pinned.
 */
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import type { Io } from '../src/io.js';
import { newerRelease, releaseVersion } from '../src/satellites/release.js';
import { TestFamily, fixture } from './helpers/family.js';
import type { GitHubLab } from './helpers/github.js';
import { startLab, TOKEN } from './helpers/github.js';

const MODEL = fixture('parent-model.md');
const BRANCH = 'tmsync/threat-model-pointer';

describe('release tags', () => {
  const tags = (...names: string[]) => names.map((name) => ({ name, commit: '0'.repeat(40) }));

  it('finds the newest release of the same prefix, ignoring pre-releases and other series', () => {
    const all = tags(
      'v1.0.0',
      'v1.0.1',
      'v1.1.0',
      'v1.10.0',
      'v2.0.0-rc1',
      'cxf-4.0.1',
      'cxf-4.0.2',
      'nightly',
      'build7',
    );
    expect(newerRelease(all, 'v1.0.0')).toBe('v1.10.0');
    expect(newerRelease(all, 'v1.10.0')).toBeNull();
    expect(newerRelease(all, 'cxf-4.0.1')).toBe('cxf-4.0.2');
    expect(newerRelease(all, 'nightly')).toBeNull();
    expect(releaseVersion('build7')).toBeNull();
    expect(releaseVersion('release/2.3')).toEqual({ prefix: 'release/', parts: [2, 3] });
  });
});

let family: TestFamily | null = null;
afterEach(() => {
  family?.cleanup();
  family = null;
});

/** A parent released as v1.0.0 and v1.1.0 (its model changed between them); satellites with release branches. */
function setup(): TestFamily {
  const f = new TestFamily('tmsync-release-');
  family = f;
  const parent = f.repo('acme/parent', { 'THREAT_MODEL.md': MODEL, 'SECURITY.md': fixture('parent-security.md') });
  parent.tag('v1.0.0');
  parent.write('THREAT_MODEL.md', MODEL.replace('holding no credentials', 'holding stolen credentials')).commit('1.1');
  parent.tag('v1.1.0');
  parent.git('tag', 'v2.0.0-rc1');
  const go = f.repo('acme/go', { 'README.md': '# go\n' });
  go.git('branch', '1.0.x');
  go.write('CHANGES.md', '# 1.1 work\n').commit('main moves on');
  const lib = f.repo('acme/lib', { 'README.md': '# lib\n', 'draft-THREAT-MODEL.md': fixture('standalone-draft.md') });
  lib.git('branch', 'release/1.0');
  return f;
}

function releaseCampaign(f: TestFamily, pin?: string): void {
  f.campaign({
    families: [
      {
        name: 'example-1.0',
        parent: { repo: 'acme/parent' },
        ...(pin ? { pin } : {}),
        inherit: ['§3'],
        satellites: [
          { repo: 'acme/go', base: '1.0.x', addendum: 'THREAT_MODEL_ADDENDUM.md' },
          { repo: 'acme/lib', base: 'release/1.0', replaces: ['draft-THREAT-MODEL.md'] },
        ],
      },
    ],
  });
}

/** The local forge's change records of a repository, with their base. */
function records(f: TestFamily, repo: string): { head: string; base: string; state: string }[] {
  const path = join(f.root, '.tmsync', 'local', ...repo.split('/'), 'changes.json');
  return (JSON.parse(readFileSync(path, 'utf8')) as { changes: { head: string; base: string; state: string }[] })
    .changes;
}

describe('base: per satellite (local forge)', () => {
  it("targets each satellite's release branch with the pinned tag; main is untouched", async () => {
    const f = setup();
    releaseCampaign(f, 'v1.0.0');
    const r = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const go = f.get('acme/go');
    const goBranch = `${BRANCH}-1.0.x`;
    expect(go.hasBranch(goBranch)).toBe(true);
    expect(go.hasBranch(BRANCH)).toBe(false);
    // Built on the release branch: main's later commit is not in it.
    expect(go.show(goBranch, 'CHANGES.md')).toBeNull();
    expect(go.git('merge-base', '1.0.x', goBranch).trim()).toBe(go.head('1.0.x'));
    expect(go.show(goBranch, 'SECURITY.md')).toContain('https://github.com/acme/parent/blob/v1.0.0/THREAT_MODEL.md');
    expect(records(f, 'acme/go')).toMatchObject([{ head: goBranch, base: '1.0.x', state: 'open' }]);
    const lib = f.get('acme/lib');
    expect(records(f, 'acme/lib')).toMatchObject([{ head: `${BRANCH}-release/1.0`, base: 'release/1.0' }]);
    expect(lib.show(`${BRANCH}-release/1.0`, 'draft-THREAT-MODEL.md')).toBeNull();
    expect(lib.show('main', 'draft-THREAT-MODEL.md')).not.toBeNull();

    // A re-run finds the open changes on their own tool branches: nothing new.
    const again = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(again.code).toBe(0);
    expect(again.out).toContain('Nothing proposed');

    // Drift and status: pinned to v1.0.0, the parent has v1.1.0 (not a finding; rc tags are not releases).
    const drift = await f.run('drift', '--campaign', 'campaign.yaml');
    expect(drift.code).toBe(0);
    expect(drift.out).toMatch(
      /acme\/go\s+THREAT_MODEL_ADDENDUM\.md: no drift .*; pinned to v1\.0\.0; parent has v1\.1\.0/,
    );
    expect(drift.out).toMatch(
      /acme\/lib\s+THREAT_MODEL_ADDENDUM\.md: no drift .*; pinned to v1\.0\.0; parent has v1\.1\.0/,
    );
    const status = await f.run('campaign', 'status', '--campaign', 'campaign.yaml');
    // The chain is read at the release branch (nothing there yet) and at its open change (ok).
    expect(status.out).toMatch(/acme\/go\s+chain broken at 1\.0\.x \(ok with change #1\)/);
    expect(status.out).toMatch(/acme\/lib\s+chain broken at release\/1\.0 \(ok with change #1\)/);
    expect(status.out).toMatch(/acme\/go .*pinned to v1\.0\.0; parent has v1\.1\.0 · change #1 open/);
    const json = JSON.parse((await f.run('drift', '--campaign', 'campaign.yaml', '--format', 'json')).out);
    expect(json.families[0].satellites[0]).toMatchObject({ pinnedTo: 'v1.0.0', newerTag: 'v1.1.0' });
  });

  it('says nothing of releases when pinned to the newest, and fails one satellite whose base is missing', async () => {
    const f = setup();
    f.campaign({
      families: [
        {
          name: 'example',
          parent: { repo: 'acme/parent' },
          pin: 'v1.1.0',
          inherit: ['§3'],
          satellites: [
            { repo: 'acme/go', base: '1.0.x', addendum: 'THREAT_MODEL_ADDENDUM.md' },
            { repo: 'acme/lib', base: '9.9.x' },
          ],
        },
      ],
    });
    const r = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      'acme/lib: base branch 9.9.x does not exist (named by base: in the campaign file or --base)',
    );
    expect(f.get('acme/go').hasBranch(`${BRANCH}-1.0.x`)).toBe(true);
    const drift = await f.run('drift', '--campaign', 'campaign.yaml');
    expect(drift.out).not.toContain('parent has');
  });
});

describe('pin --base', () => {
  it('pins every satellite on the named branch, leaving main and the campaign file alone', async () => {
    const f = setup();
    for (const repo of ['acme/go', 'acme/lib']) f.get(repo).git('branch', 'stable');
    f.campaign({
      families: [
        {
          name: 'example',
          parent: { repo: 'acme/parent', pointers: true },
          inherit: ['§3'],
          satellites: [{ repo: 'acme/go', addendum: 'THREAT_MODEL_ADDENDUM.md' }, { repo: 'acme/lib' }],
        },
      ],
    });
    const before = f.campaignText();
    const dry = await f.run('pin', 'v1.0.0', '--campaign', 'campaign.yaml', '--base', 'stable', '--dry-run');
    expect(dry.out).toContain('tmsync pin v1.0.0 --base stable');
    expect(dry.out).toContain(`diff for acme/go (against stable)`);
    const r = await f.run('pin', 'v1.0.0', '--campaign', 'campaign.yaml', '--base', 'stable');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Not recorded in campaign.yaml');
    expect(f.campaignText()).toBe(before);
    for (const repo of ['acme/go', 'acme/lib']) {
      const rec = records(f, repo);
      expect(rec).toMatchObject([{ head: `${BRANCH}-stable`, base: 'stable' }]);
      expect(f.get(repo).show(`${BRANCH}-stable`, 'SECURITY.md')).toContain('/acme/parent/blob/v1.0.0/THREAT_MODEL.md');
      expect(f.get(repo).hasBranch(BRANCH)).toBe(false);
    }
    // The parent's own pointers are not part of a satellites' release-branch pin.
    expect(f.get('acme/parent').hasBranch(`${BRANCH}-stable`)).toBe(false);
    expect((await f.run('pin', 'v1.0.0', '--campaign', 'campaign.yaml', '--base', '-x')).code).toBe(2);
  });
});

describe('base: on the github forge', () => {
  let lab: GitHubLab;
  beforeAll(async () => {
    lab = await startLab();
    await lab.gh.createRepo('acme/parent', {
      files: { 'THREAT_MODEL.md': MODEL, 'SECURITY.md': fixture('parent-security.md') },
    });
    await lab.gh.createTag('acme/parent', 'v1.0.0', 'main');
    await lab.gh.createRepo('acme/rel', { files: { 'README.md': '# rel\n' } });
    await lab.gh.setBranch('acme/rel', '1.0.x', (await lab.gh.refSha('acme/rel', 'main')) ?? '');
    await lab.gh.commitAs('acme/rel', 'main', { 'CHANGES.md': '# later\n' }, { message: 'main moves on' });
  });
  afterAll(async () => {
    await lab?.stop();
  });

  it('opens the pull request against the release branch', async () => {
    const dir = mkdtempSync(join(lab.root, 'campaign-'));
    writeFileSync(
      join(dir, 'campaign.yaml'),
      stringify({
        forge: 'github',
        github: { apiUrl: lab.gh.url, writeSpacingMs: 10, createSpacingMs: 30 },
        families: [
          {
            name: 'example',
            parent: { repo: 'acme/parent' },
            pin: 'v1.0.0',
            inherit: ['§3'],
            satellites: [{ repo: 'acme/rel', base: '1.0.x' }],
          },
        ],
      }),
    );
    let out = '';
    const io: Io = {
      stdout: (t) => {
        out += t;
      },
      stderr: () => undefined,
      cwd: dir,
      env: { GITHUB_TOKEN: TOKEN, PATH: process.env.PATH ?? '' },
    };
    expect(await main(['pointers', 'apply', '--campaign', 'campaign.yaml'], io), out).toBe(0);
    const pulls = lab.gh.pulls('acme/rel');
    expect(pulls).toHaveLength(1);
    expect(pulls[0]).toMatchObject({ state: 'open', head: { ref: `${BRANCH}-1.0.x` }, base: { ref: '1.0.x' } });
    expect(await lab.gh.readFile('acme/rel', `${BRANCH}-1.0.x`, 'CHANGES.md')).toBeNull();
    expect(await lab.gh.readFile('acme/rel', `${BRANCH}-1.0.x`, 'SECURITY.md')).toContain('/blob/v1.0.0/');
    out = '';
    expect(await main(['pointers', 'apply', '--campaign', 'campaign.yaml'], io)).toBe(0);
    expect(out).toContain('Nothing proposed');
    expect(lab.gh.pulls('acme/rel')).toHaveLength(1);
  });
});
