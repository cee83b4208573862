import { afterEach, describe, expect, it } from 'vitest';
import { findInherits } from '../src/satellites/inherits.js';
import { TestFamily, fixture } from './helpers/family.js';

const BRANCH = 'tmsync/threat-model-pointer';
const MODEL = fixture('parent-model.md');

let family: TestFamily | null = null;
afterEach(() => {
  family?.cleanup();
  family = null;
});

/** A parent, a satellite with an addendum inheriting §3, §4, §7, and one without; pointers applied. */
async function applied(): Promise<TestFamily> {
  const f = new TestFamily('tmsync-drift-');
  family = f;
  f.repo('acme/parent', { 'THREAT_MODEL.md': MODEL, 'SECURITY.md': fixture('parent-security.md') });
  f.repo('acme/go', { 'docs/ADDENDUM.md': fixture('addendum.md') });
  f.repo('acme/cli');
  f.campaign({
    families: [
      {
        name: 'example',
        parent: { repo: 'acme/parent' },
        inherit: ['§3', '§4', '§7'],
        satellites: [{ repo: 'acme/go', addendum: 'docs/ADDENDUM.md' }, { repo: 'acme/cli' }],
      },
    ],
  });
  expect((await f.run('pointers', 'apply', '--campaign', 'campaign.yaml')).code).toBe(0);
  return f;
}

function editParent(f: TestFamily, from: string, to: string): string {
  expect(MODEL).toContain(from);
  return f.get('acme/parent').write('THREAT_MODEL.md', MODEL.replace(from, to)).commit('edit the model');
}

describe('drift', () => {
  it('finds nothing when the inherited sections have not changed', async () => {
    const f = await applied();
    const r = await f.run('drift', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /acme\/go\s+docs\/ADDENDUM\.md: no drift \(3 inherited section\(s\) recorded at [0-9a-f]{12}, now main/,
    );
    expect(r.out).toMatch(/acme\/cli\s+no addendum/);
    expect(r.out).toContain('Drift: 0 addenda drifted, 0 provenance-only, 0 moved pointer(s).');
  });

  it('ignores a change to a section the addendum does not inherit', async () => {
    const f = await applied();
    editParent(
      f,
      'Requests are authenticated by signed API keys',
      'Requests are authenticated by signed, expiring API keys',
    );
    const r = await f.run('drift', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/no drift/);
  });

  it('finds a change in an inherited section, with a word diff between the recorded commit and now', async () => {
    const f = await applied();
    const recorded = f.get('acme/parent').head();
    const now = editParent(f, 'holding no credentials', 'holding stolen credentials');
    const r = await f.run('drift', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      `docs/ADDENDUM.md: DRIFT in §7 Adversary model (recorded at ${recorded.slice(0, 12)}, now main (${now.slice(0, 12)}))`,
    );
    expect(r.out).toMatch(/§7 Adversary model: changed \(sha256:[0-9a-f]{16} -> sha256:[0-9a-f]{16}\)/);
    expect(r.out).toContain(
      '| A remote attacker with network access to the public API, holding [-no-]{+stolen+} credentials',
    );
    expect(r.out).toContain('Drift: 1 addendum drifted');
    const json = JSON.parse((await f.run('drift', '--campaign', 'campaign.yaml', '--format', 'json')).out);
    const go = json.families[0].satellites[0];
    expect(go.status).toBe('drift');
    expect(go.sections.map((s: { id: string; state: string }) => `${s.id}:${s.state}`)).toEqual([
      'out-of-scope:same',
      'trust-boundaries:same',
      'adversary:changed',
    ]);
  });

  it('reports a change that only promotes provenance tags as provenance-only, exit 0', async () => {
    const f = await applied();
    editParent(
      f,
      'holding no credentials *(inferred — §14 Q5)*',
      'holding no credentials *(maintainer — bob, 2026-06-10)*',
    );
    const r = await f.run('drift', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/docs\/ADDENDUM\.md: provenance-only change in §7 Adversary model/);
    expect(r.out).toMatch(/§7 Adversary model: provenance tags promoted only/);
    expect(r.out).toContain('holding no credentials *([-inferred-]{+maintainer+} — [-§14 Q5-]{+bob, 2026-06-10+})*.');
    expect(r.out).toContain('0 addenda drifted, 1 provenance-only');
  });

  it('says an addendum is not tracked yet before pointers apply (exit 0)', async () => {
    const f = new TestFamily('tmsync-drift-');
    family = f;
    f.repo('acme/parent', { 'THREAT_MODEL.md': MODEL, 'SECURITY.md': fixture('parent-security.md') });
    f.repo('acme/go', { 'ADDENDUM.md': fixture('addendum.md') });
    f.campaign({
      families: [
        {
          name: 'example',
          parent: { repo: 'acme/parent' },
          inherit: ['§7'],
          satellites: [{ repo: 'acme/go', addendum: 'ADDENDUM.md' }],
        },
      ],
    });
    const r = await f.run('drift', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/ADDENDUM\.md: not tracked yet/);
    expect(r.out).toMatch(/has no tmsync:inherits record yet; `tmsync pointers apply` writes one/);
  });

  it('--fix proposes a refresh carrying the section diff, after which there is no drift, and a second --fix proposes nothing', async () => {
    const f = await applied();
    const now = editParent(f, 'holding no credentials', 'holding stolen credentials');
    const r = await f.run('drift', '--campaign', 'campaign.yaml', '--fix');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/fix: updated change #1/);
    const go = f.get('acme/go');
    expect(go.commitsOn(BRANCH)).toHaveLength(2);
    const record = findInherits(go.show(BRANCH, 'docs/ADDENDUM.md') ?? '')?.record;
    expect(record?.ref).toBe(now);
    const body = f.changes('acme/go')[0]?.body ?? '';
    expect(body).toContain('## Inherited sections that changed in the parent');
    expect(body).toContain('### §7 Adversary model');
    expect(body).toContain('holding [-no-]{+stolen+} credentials');
    expect(body).toMatch(/`SECURITY\.md`: created with a reporting section/); // what the change said before is kept
    const after = await f.run('drift', '--campaign', 'campaign.yaml');
    expect(after.code).toBe(0);
    expect(after.out).toMatch(/no drift/);
    const again = await f.run('drift', '--campaign', 'campaign.yaml', '--fix');
    expect(again.code).toBe(0);
    expect(again.out).not.toMatch(/fix:/);
    expect(go.commitsOn(BRANCH)).toHaveLength(2);
    expect(f.changes('acme/go')[0]?.body).toBe(body);
  });

  it('reports a pointer whose target moved', async () => {
    const f = new TestFamily('tmsync-drift-');
    family = f;
    const parent = f.repo('acme/parent', { 'THREAT_MODEL.md': MODEL, 'SECURITY.md': fixture('parent-security.md') });
    f.repo('acme/cli', {
      'AGENTS.md': '# A\n\n## Security\n\n[SECURITY.md](SECURITY.md)\n',
      'SECURITY.md': '# Security\n\n## Threat Model\n\nhttps://github.com/acme/parent/blob/main/THREAT_MODEL.md\n',
    });
    parent.remove('THREAT_MODEL.md').write('docs/THREAT_MODEL.md', MODEL);
    parent.commit('move the model');
    f.campaign({
      families: [
        {
          name: 'example',
          parent: { repo: 'acme/parent', path: 'docs/THREAT_MODEL.md' },
          satellites: [{ repo: 'acme/cli' }],
        },
      ],
    });
    const r = await f.run('drift', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      "x SECURITY.md:5:1: the pointer's target moved: THREAT_MODEL.md no longer exists in acme/parent at main (a threat model exists there as docs/THREAT_MODEL.md)",
    );
    expect(r.out).toContain('1 moved pointer(s)');
  });
});
