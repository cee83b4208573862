import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TestFamily, fixture } from './helpers/family.js';

const BRANCH = 'tmsync/threat-model-pointer';
const MODEL = fixture('parent-model.md');

let family: TestFamily | null = null;
afterEach(() => {
  family?.cleanup();
  family = null;
});

/** Two families: `example` (a parent, four satellites of the README's kinds) and `other` (a healthy parent, one satellite). */
function setup(): TestFamily {
  const f = new TestFamily('tmsync-campaign-run-');
  family = f;
  f.repo('acme/parent', { 'THREAT_MODEL.md': MODEL, 'SECURITY.md': fixture('parent-security.md') });
  f.repo('acme/claude', { 'CLAUDE.md': fixture('claude.md'), 'AGENTS.md': { link: 'CLAUDE.md' } });
  f.repo('acme/contact', { 'SECURITY.md': fixture('security-with-contact.md') });
  f.repo('acme/draft', { 'draft-THREAT-MODEL.md': fixture('standalone-draft.md') });
  f.repo('acme/go', { 'docs/ADDENDUM.md': fixture('addendum.md') });
  f.repo('other/parent', { 'THREAT_MODEL.md': MODEL, 'SECURITY.md': fixture('parent-security.md') });
  f.repo('other/tool');
  f.campaign({
    families: [
      {
        name: 'example',
        parent: { repo: 'acme/parent' },
        inherit: ['§3', '§4', '§7'],
        satellites: [
          { repo: 'acme/claude' },
          { repo: 'acme/contact' },
          { repo: 'acme/draft', replaces: ['draft-THREAT-MODEL.md'] },
          { repo: 'acme/go', addendum: 'docs/ADDENDUM.md' },
        ],
      },
      { name: 'other', parent: { repo: 'other/parent' }, satellites: [{ repo: 'other/tool' }] },
    ],
  });
  return f;
}

describe('campaign plan|apply|status', () => {
  it('plan: one line per repository, diffs, nothing written', async () => {
    const f = setup();
    const r = await f.run('campaign', 'plan', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines.slice(0, 9)).toEqual([
      'family example',
      expect.stringMatching(
        /^ {2}acme\/parent\s+parent of example: THREAT_MODEL\.md at main \([0-9a-f]{12}\), 3 inherited section\(s\)$/,
      ),
      expect.stringMatching(
        /^ {2}acme\/claude\s+chain broken · would propose a change: create SECURITY\.md, update AGENTS\.md -> CLAUDE\.md$/,
      ),
      expect.stringMatching(
        /^ {2}acme\/contact\s+chain broken · would propose a change: update SECURITY\.md, create AGENTS\.md$/,
      ),
      expect.stringMatching(
        /^ {2}acme\/draft\s+chain broken · would propose a change: create SECURITY\.md, create AGENTS\.md, create THREAT_MODEL_ADDENDUM\.md, delete draft-THREAT-MODEL\.md$/,
      ),
      expect.stringMatching(
        /^ {2}acme\/go\s+chain broken · would propose a change: create SECURITY\.md, create AGENTS\.md, update docs\/ADDENDUM\.md$/,
      ),
      'family other',
      expect.stringMatching(/^ {2}other\/parent\s+parent of other: THREAT_MODEL\.md at main/),
      expect.stringMatching(/^ {2}other\/tool\s+chain broken · would propose a change/),
    ]);
    expect(r.out).toContain('diff for acme/go (against main):');
    expect(r.out).toContain('5 change(s) to propose; run `tmsync campaign apply` to propose them.');
    expect(existsSync(join(f.root, '.tmsync'))).toBe(false);
  });

  it('apply proposes one change per satellite; a second apply proposes nothing; status shows chain, drift and open change', async () => {
    const f = setup();
    const r = await f.run('campaign', 'apply', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Proposed 5 change(s).');
    // Progress: one plain line per repository on stderr (no terminal), each parent before its satellites.
    expect(r.err.trimEnd().split('\n')).toEqual([
      'campaign apply: acme/parent done (1/7 repositories; parent of example)',
      'campaign apply: acme/claude done (2/7 repositories; family example)',
      'campaign apply: acme/contact done (3/7 repositories; family example)',
      'campaign apply: acme/draft done (4/7 repositories; family example)',
      'campaign apply: acme/go done (5/7 repositories; family example)',
      'campaign apply: other/parent done (6/7 repositories; parent of other)',
      'campaign apply: other/tool done (7/7 repositories; family other)',
    ]);
    for (const repo of ['acme/claude', 'acme/contact', 'acme/draft', 'acme/go', 'other/tool'])
      expect(f.get(repo).commitsOn(BRANCH), repo).toHaveLength(1);
    const again = await f.run('campaign', 'apply', '--campaign', 'campaign.yaml');
    expect(again.code).toBe(0);
    expect(again.out).toContain('Nothing proposed: every satellite is up to date.');

    const status = await f.run('campaign', 'status', '--campaign', 'campaign.yaml');
    // The default branches are unchanged until the changes are merged: the chains are still broken there.
    expect(status.code).toBe(1);
    expect(status.out).toMatch(
      /acme\/go\s+chain broken at main \(ok with change #1\) · drift: docs\/ADDENDUM\.md: no drift .* · change #1 open/,
    );
    expect(status.out).toMatch(
      /acme\/claude\s+chain broken at main \(ok with change #1\) · drift: no addendum · change #1 open/,
    );
    expect(status.out).toContain(
      '5 satellite(s): 5 broken chain(s), 0 drifted addenda, 5 open change(s), 0 merged, 0 human-edited, 0 stale.',
    );
    const json = JSON.parse((await f.run('campaign', 'status', '--campaign', 'campaign.yaml', '--format', 'json')).out);
    expect(json.command).toBe('campaign status');
    expect(json.families[0].satellites[3]).toMatchObject({
      repo: 'acme/go',
      chain: { status: 'broken' },
      proposedChain: 'ok',
      drift: { status: 'ok' },
      change: { id: 1, state: 'open' },
    });
  });

  it('apply after the parent changed folds the refreshed record into the same change, with the diff', async () => {
    const f = setup();
    await f.run('campaign', 'apply', '--campaign', 'campaign.yaml');
    f.get('acme/parent')
      .write('THREAT_MODEL.md', MODEL.replace('holding no credentials', 'holding stolen credentials'))
      .commit('edit');
    const status = await f.run('campaign', 'status', '--campaign', 'campaign.yaml');
    expect(status.out).toMatch(
      /acme\/go\s+chain broken at main \(ok with change #1\) · drift: docs\/ADDENDUM\.md: DRIFT in §7 Adversary model/,
    );
    const r = await f.run('campaign', 'apply', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(0);
    // Plan and apply read a satellite at its open change: there the chain resolves.
    expect(r.out).toMatch(/acme\/go\s+chain ok · updated change #1: update docs\/ADDENDUM\.md · refreshes §7/);
    expect(r.out).toMatch(/acme\/claude\s+chain ok · unchanged/);
    expect(f.changes('acme/go')).toHaveLength(1);
    expect(f.changes('acme/go')[0]?.body).toContain('holding [-no-]{+stolen+} credentials');
  });

  it('isolates failures per repository and lists them at the end with exit 1', async () => {
    const f = setup();
    f.get('acme/go')
      .remove('docs/ADDENDUM.md')
      .write('docs/ADDENDUM.md/README.md', 'a folder where a file is expected\n');
    f.campaign(
      f
        .campaignText()
        .replace(
          '  - name: other\n    parent:\n      repo: other/parent',
          '  - name: other\n    parent:\n      repo: other/missing-parent',
        )
        .replace('      - repo: acme/contact\n', '      - repo: acme/contact\n      - repo: acme/ghost\n'),
    );
    const go = f.get('acme/go');
    go.git('add', '-A');
    go.git('commit', '-q', '-m', 'turn the addendum into a folder');
    const r = await f.run('campaign', 'apply', '--campaign', 'campaign.yaml', '--format', 'json');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    expect(json.proposed).toBe(3);
    expect(json.failures).toEqual([
      { repo: 'acme/ghost', message: expect.stringMatching(/^no git repository at /) },
      { repo: 'acme/go', message: 'docs/ADDENDUM.md is a directory, not a file (at main)' },
      { repo: 'other/missing-parent', message: expect.stringMatching(/no git repository at /) },
    ]);
    expect(json.families[1].satellites[0]).toMatchObject({ repo: 'other/tool', status: 'failed' });
    const text = await f.run('campaign', 'plan', '--campaign', 'campaign.yaml');
    expect(text.code).toBe(1);
    expect(text.out).toMatch(
      /Failures \(3\):\n {2}acme\/ghost: no git repository at .*\n {2}acme\/go: .*\n {2}other\/missing-parent: /,
    );
  });

  it('refuses an unknown action', async () => {
    const f = setup();
    const r = await f.run('campaign', 'launch', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown action "launch" \(expected plan, apply or status\)/);
  });

  it('has --help for every satellite command', async () => {
    const f = setup();
    for (const name of ['pointers', 'chain', 'drift', 'pin', 'campaign']) {
      const r = await f.run(name, '--help');
      expect(r.code, name).toBe(0);
      expect(r.out, name).toMatch(new RegExp(`^Usage: tmsync ${name} `));
      expect(r.out, name).toMatch(/Exit: /);
    }
  });
});
