import { afterAll, describe, expect, it } from 'vitest';
import { createForge, forgeForDirectory, parseCampaign, recordPin } from '../src/campaign/index.js';
import { LocalForge } from '../src/forge/local.js';
import { UsageError } from '../src/io.js';
import { fixture, TestFamily } from './helpers/family.js';

const family = new TestFamily('tmsync-campaign-');
afterAll(() => family.cleanup());

function problem(text: string): string {
  try {
    parseCampaign(text, 'campaign.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected the campaign to be refused');
}

const GOOD = `# the CXF family
forge: local
local:
  root: repos
branch: tmsync/pointers
families:
  - name: cxf
    parent:
      repo: apache/cxf
      path: THREAT_MODEL.md
    inherit: [§3, "1.4", adversary]
    satellites:
      - repo: apache/cxf-build-utils
      - repo: apache/cxf-xjc-utils
        addendum: docs/ADDENDUM.md
        agents: AGENTS.md
        replaces: [draft-THREAT-MODEL.md]
`;

describe('campaign file', () => {
  it('reads a valid file, filling defaults', () => {
    const { campaign } = parseCampaign(GOOD, 'campaign.yaml');
    expect(campaign.forge).toBe('local');
    expect(campaign.state).toBe('.tmsync');
    expect(campaign.templates.title).toContain('{family}');
    const sat = campaign.families[0]?.satellites[0];
    expect(sat).toMatchObject({
      repo: 'apache/cxf-build-utils',
      agents: 'AGENTS.md',
      security: 'SECURITY.md',
      replaces: [],
    });
  });

  it('names the file, the key path and the line of a bad repository name', () => {
    const text = GOOD.replace('repo: apache/cxf-xjc-utils', 'repo: cxf-xjc-utils');
    expect(problem(text)).toBe(
      'campaign.yaml: families[0].satellites[1].repo: expected a repository as owner/name (line 14)',
    );
  });

  it('rejects an unknown key, naming it', () => {
    const text = GOOD.replace(
      '        addendum: docs/ADDENDUM.md\n',
      '        addendum: docs/ADDENDUM.md\n        addenda: x\n',
    );
    expect(problem(text)).toBe(
      'campaign.yaml: families[0].satellites[1]: unknown key "addenda" (line 16); valid keys here: repo, addendum, agents, security, replaces, description, base',
    );
    expect(problem(`${GOOD}colour: blue\n`)).toMatch(
      /^campaign\.yaml: \(top level\): unknown key "colour" \(line \d+\); valid keys here: forge, local, github, commit, licenseHeader, follows, state, branch, templates, families$/,
    );
  });

  it('says when families are missing or empty', () => {
    expect(problem('local:\n  root: repos\n')).toBe('campaign.yaml: families: missing (expected a list)');
    expect(problem('local:\n  root: repos\nfamilies: []\n')).toMatch(
      /^campaign\.yaml: families: expected at least 1 entry/,
    );
  });

  it('refuses YAML that does not parse, an empty file, and a list at the top', () => {
    expect(problem('families: [\n')).toMatch(/^campaign\.yaml:\d+:\d+: not valid YAML/);
    expect(problem('')).toMatch(/campaign file is empty/);
    expect(problem('- a\n- b\n')).toMatch(/\(top level\): expected a mapping/);
  });

  it('checks what the schema cannot: a satellite that is its parent, a repository twice, a replaced pointer file, local.root', () => {
    expect(problem(GOOD.replace('repo: apache/cxf-build-utils', 'repo: apache/cxf'))).toMatch(
      /families\[0\]\.satellites\[0\]\.repo: apache\/cxf is the family's parent/,
    );
    expect(problem(GOOD.replace('repo: apache/cxf-xjc-utils', 'repo: apache/cxf-build-utils'))).toMatch(
      /satellites\[1\]\.repo: apache\/cxf-build-utils is already a satellite at families\[0\]\.satellites\[0\]/,
    );
    expect(problem(GOOD.replace('replaces: [draft-THREAT-MODEL.md]', 'replaces: [AGENTS.md]'))).toMatch(
      /replaces\[0\]: AGENTS\.md is the satellite's agents file/,
    );
    expect(problem(GOOD.replace('local:\n  root: repos\n', ''))).toMatch(/campaign\.yaml: local: missing/);
    expect(problem(GOOD.replace('inherit: [§3, "1.4", adversary]', 'inherit: [§99]'))).toMatch(
      /families\[0\]\.inherit\[0\]: expected a rubric section/,
    );
    expect(problem(GOOD.replace('path: THREAT_MODEL.md', 'path: ../x.md'))).toMatch(
      /families\[0\]\.parent\.path: a path may not contain a "\.\." segment/,
    );
  });

  it('exits 2 from the CLI with every problem on one line, naming the file', async () => {
    family.campaign(
      'local:\n  root: repos\nfamilies:\n  - name: x\n    parent: { repo: acme/p }\n    satellites:\n      - repo: bad\n      - repo: acme/s\n        bogus: 1\n',
    );
    const r = await family.run('pointers', 'plan', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.err).toContain(
      'campaign.yaml: families[0].satellites[0].repo: expected a repository as owner/name (line 7) (also: families[0].satellites[1]: unknown key "bogus" (line 9); valid keys here: repo,',
    );
    const missing = await family.run('chain', '--campaign', 'nope.yaml');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/nope\.yaml: no such file/);
    const none = await family.run('drift');
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/missing --campaign FILE/);
  });

  it('names the families when --family matches none', async () => {
    family.campaign({ families: [{ name: 'one', parent: { repo: 'acme/p' }, satellites: [{ repo: 'acme/s' }] }] });
    const r = await family.run('drift', '--campaign', 'campaign.yaml', '--family', 'two');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no family named "two" \(families: one\)/);
  });
});

describe('forge factory', () => {
  it('builds the local forge with local.root relative to the campaign file', () => {
    const { campaign } = parseCampaign(GOOD, 'campaign.yaml');
    const forge = createForge(campaign, '/srv/campaigns');
    expect(forge).toBeInstanceOf(LocalForge);
    expect((forge as LocalForge).root).toBe('/srv/campaigns/repos');
    expect((forge as LocalForge).stateDir).toBe('/srv/campaigns/.tmsync');
  });

  it('builds the github forge from the token, and says which variables it tried without one', () => {
    const { campaign } = parseCampaign(GOOD.replace('forge: local', 'forge: github'), 'campaign.yaml');
    expect(createForge(campaign, '/tmp', { env: { GITHUB_TOKEN: 'a-token' } }).kind).toBe('github');
    expect(() => createForge(campaign, '/tmp', { env: { PATH: '/nonexistent' } })).toThrow(
      /no GitHub token found: tried GITHUB_TOKEN, GH_TOKEN and `gh auth token`/,
    );
  });

  it('opens one repository folder as owner/name, siblings reachable', async () => {
    family.repo('acme/solo');
    const { forge, repo, dispose } = await forgeForDirectory(`${family.repos}/acme/solo`);
    expect(repo).toBe('acme/solo');
    expect(await forge.defaultBranch(repo)).toBe('main');
    await dispose();
    await expect(forgeForDirectory(`${family.root}/nowhere`)).rejects.toThrow(/no such folder/);
  });
});

describe('recording a pin', () => {
  it('adds a pin line after the family name, the rest byte-identical', () => {
    const out = recordPin(GOOD, 'campaign.yaml', 'cxf', 'v1.2.0');
    expect(out).toBe(GOOD.replace('  - name: cxf\n', '  - name: cxf\n    pin: v1.2.0\n'));
    expect(parseCampaign(out, 'campaign.yaml').campaign.families[0]?.pin).toBe('v1.2.0');
  });

  it('replaces an existing pin and leaves an equal one alone', () => {
    const pinned = recordPin(GOOD, 'campaign.yaml', 'cxf', 'v1');
    expect(recordPin(pinned, 'campaign.yaml', 'cxf', 'v2')).toBe(pinned.replace('pin: v1', 'pin: v2'));
    expect(recordPin(pinned, 'campaign.yaml', 'cxf', 'v1')).toBe(pinned);
    expect(recordPin(GOOD, 'campaign.yaml', 'cxf', 'yes')).toContain('pin: "yes"');
  });

  it('refuses an unknown family', () => {
    expect(() => recordPin(GOOD, 'campaign.yaml', 'nope', 'v1')).toThrow(/no family named "nope"/);
  });
});

describe('--forge and --api-url', () => {
  const flags = new TestFamily('tmsync-forge-flags-');
  afterAll(() => flags.cleanup());

  it('override the campaign file’s forge, and are checked', async () => {
    flags.repo('acme/parent', {
      'THREAT_MODEL.md': fixture('parent-model.md'),
      'SECURITY.md': fixture('parent-security.md'),
    });
    flags.repo('acme/sat', { 'README.md': '# sat\n' });
    flags.campaign({
      families: [{ name: 'Acme', parent: { repo: 'acme/parent' }, satellites: [{ repo: 'acme/sat' }] }],
    });
    const github = await flags.run(
      'pointers',
      'plan',
      '--campaign',
      'campaign.yaml',
      '--forge',
      'github',
      '--api-url',
      'http://127.0.0.1:9/api/v3',
    );
    expect(github.code).toBe(2);
    expect(github.err).toMatch(/no GitHub token found: tried GITHUB_TOKEN, GH_TOKEN and `gh auth token`/);
    const bogus = await flags.run('chain', '--campaign', 'campaign.yaml', '--forge', 'gitlab');
    expect(bogus).toMatchObject({ code: 2 });
    expect(bogus.err).toContain('--forge must be local or github (got "gitlab")');
    const badUrl = await flags.run('drift', '--campaign', 'campaign.yaml', '--api-url', 'not a url');
    expect(badUrl.err).toContain('--api-url must be an http(s) URL');
    const local = await flags.run('pointers', 'plan', '--campaign', 'campaign.yaml', '--forge', 'local');
    expect(local.out + local.err).toContain('acme/sat');
    expect(local.code, local.out + local.err).toBe(0);
    expect(local.out).toContain('acme/sat');
  });
});
