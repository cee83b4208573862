import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findInherits } from '../src/satellites/inherits.js';
import { TestFamily, fixture } from './helpers/family.js';

const BRANCH = 'tmsync/threat-model-pointer';
const MODEL = fixture('parent-model.md');
const HUMAN_SECURITY =
  '# Security\n\nMail security@example.org.\n\n## Threat Model\n\nSee https://github.com/acme/parent/blob/main/THREAT_MODEL.md, our umbrella model.\n';
const HUMAN_AGENTS =
  '# Agents\n\n## Security\n\n[SECURITY.md](./SECURITY.md); out of scope: [§3](https://github.com/acme/parent/blob/main/THREAT_MODEL.md#3-out-of-scope).\n';

let family: TestFamily | null = null;
afterEach(() => {
  family?.cleanup();
  family = null;
});

/** A parent whose history holds a draft, then the model tagged v1.0; a managed satellite with an addendum and a human-written one. */
function setup(): TestFamily {
  const f = new TestFamily('tmsync-pin-');
  family = f;
  const parent = f.repo('acme/parent', {
    'draft-THREAT-MODEL.md': MODEL,
    'NOTES.md': '# Notes\n',
    'SECURITY.md': fixture('parent-security.md'),
  });
  parent.tag('v0.9');
  parent.git('tag', 'v0.8-notes');
  parent.remove('draft-THREAT-MODEL.md').write('THREAT_MODEL.md', MODEL).commit('ratified');
  parent.tag('v1.0');
  parent
    .write('THREAT_MODEL.md', MODEL.replace('holding no credentials', 'holding stolen credentials'))
    .commit('after the release');
  f.repo('acme/go', { 'ADDENDUM.md': fixture('addendum.md') });
  f.repo('acme/human', { 'AGENTS.md': HUMAN_AGENTS, 'SECURITY.md': HUMAN_SECURITY });
  f.campaign({
    families: [
      {
        name: 'example',
        parent: { repo: 'acme/parent' },
        inherit: ['§3', '§7'],
        satellites: [{ repo: 'acme/go', addendum: 'ADDENDUM.md' }, { repo: 'acme/human' }],
      },
    ],
  });
  return f;
}

describe('pin', () => {
  it('refuses a tag that does not exist, naming the tags, and changes nothing', async () => {
    const f = setup();
    const before = f.campaignText();
    const r = await f.run('pin', 'v2.0', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      'tmsync pin: cannot pin to v2.0: family example: tag v2.0 does not exist in the parent acme/parent (its tags: v0.8-notes, v0.9, v1.0)\n',
    );
    expect(r.err.split('\n')).toHaveLength(2); // one line and its newline
    expect(existsSync(join(f.root, '.tmsync'))).toBe(false);
    expect(f.campaignText()).toBe(before);
    expect(f.get('acme/go').hasBranch(BRANCH)).toBe(false);
  });

  it('refuses a tag that does not hold the model, naming the threat-model files there', async () => {
    const f = setup();
    const r = await f.run('pin', 'v0.9', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      'family example: the parent acme/parent at v0.9 has no THREAT_MODEL.md; threat-model files at v0.9: draft-THREAT-MODEL.md',
    );
  });

  it('refuses a tag whose file is not a rubric model', async () => {
    const f = setup();
    f.campaign(f.campaignText().replace('repo: acme/parent', 'repo: acme/parent\n      path: NOTES.md'));
    const r = await f.run('pin', 'v0.8-notes', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/NOTES\.md in acme\/parent at v0\.8-notes is not a rubric threat model/);
  });

  it('binds managed and human pointers and the addendum to the tag, and records the pin', async () => {
    const f = setup();
    expect((await f.run('pointers', 'apply', '--campaign', 'campaign.yaml')).code).toBe(0);
    const campaignBefore = f.campaignText();
    const r = await f.run('pin', 'v1.0', '--campaign', 'campaign.yaml');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/family example: parent acme\/parent THREAT_MODEL\.md at v1\.0 \(pinned\)/);
    expect(r.out).toMatch(/acme\/go\s+updated change #1: update SECURITY\.md, update AGENTS\.md, update ADDENDUM\.md/);
    expect(r.out).toMatch(/acme\/human\s+created change #1: update SECURITY\.md, update AGENTS\.md/);
    expect(r.out).toContain('Recorded pin: v1.0 in campaign.yaml (example).');
    const pinnedUrl = 'https://github.com/acme/parent/blob/v1.0/THREAT_MODEL.md';
    const go = f.get('acme/go');
    expect(go.show(BRANCH, 'SECURITY.md')).toContain(`<${pinnedUrl}>`);
    expect(go.show(BRANCH, 'AGENTS.md')).toContain(pinnedUrl);
    const addendum = go.show(BRANCH, 'ADDENDUM.md') ?? '';
    expect(addendum).toContain(`(${pinnedUrl})`);
    const record = findInherits(addendum)?.record;
    expect(record).toMatchObject({ ref: 'v1.0', commit: f.get('acme/parent').head('v1.0') });
    // The recorded main commit had "stolen credentials"; v1.0 has "no credentials": the body carries the diff.
    expect(f.changes('acme/go')[0]?.body).toContain('holding [-stolen-]{+no+} credentials');
    // People's text: only the URL's ref changed.
    expect(f.get('acme/human').show(BRANCH, 'SECURITY.md')).toBe(HUMAN_SECURITY.replace('/blob/main/', '/blob/v1.0/'));
    expect(f.get('acme/human').show(BRANCH, 'AGENTS.md')).toBe(HUMAN_AGENTS.replace('/blob/main/', '/blob/v1.0/'));
    expect(f.campaignText()).toBe(campaignBefore.replace('  - name: example\n', '  - name: example\n    pin: v1.0\n'));

    // Later runs keep to the tag: nothing to propose, no drift although main moved on.
    const again = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(again.out).toContain('Nothing proposed: every satellite is up to date.');
    const drift = await f.run('drift', '--campaign', 'campaign.yaml');
    expect(drift.code).toBe(0);
    expect(drift.out).toMatch(/now at v1\.0 \(pinned\)/);
    expect(drift.out).toMatch(/ADDENDUM\.md: no drift/);
    const repin = await f.run('pin', 'v1.0', '--campaign', 'campaign.yaml');
    expect(repin.code).toBe(0);
    expect(repin.out).toContain('Nothing proposed');
    expect(repin.out).toContain('campaign.yaml already records pin: v1.0.');
  });

  it('--dry-run prints the diffs and writes nothing', async () => {
    const f = setup();
    const before = f.campaignText();
    const r = await f.run('pin', 'v1.0', '--campaign', 'campaign.yaml', '--dry-run');
    expect(r.code).toBe(0);
    expect(r.out).toContain('-See https://github.com/acme/parent/blob/main/THREAT_MODEL.md, our umbrella model.');
    expect(r.out).toContain('+See https://github.com/acme/parent/blob/v1.0/THREAT_MODEL.md, our umbrella model.');
    expect(f.campaignText()).toBe(before);
    expect(f.get('acme/human').hasBranch(BRANCH)).toBe(false);
  });
});
