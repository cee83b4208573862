import { afterEach, describe, expect, it } from 'vitest';
import { findInherits } from '../src/satellites/inherits.js';
import { TestFamily, fixture } from './helpers/family.js';

const BRANCH = 'tmsync/threat-model-pointer';

let family: TestFamily | null = null;
afterEach(() => {
  family?.cleanup();
  family = null;
});

/** A parent holding the fixture model and one satellite holding a standalone draft with sections of its own. */
function setup(satellite: Record<string, unknown> = {}) {
  const f = new TestFamily('tmsync-carry-');
  family = f;
  f.repo('acme/parent', {
    'THREAT_MODEL.md': fixture('parent-model.md'),
    'SECURITY.md': fixture('parent-security.md'),
  });
  f.repo('acme/agent', { 'draft-THREAT-MODEL.md': fixture('draft-with-own-sections.md') });
  f.campaign({
    families: [
      {
        name: 'example',
        parent: { repo: 'acme/parent' },
        inherit: ['§3', '§4', '§7'],
        satellites: [{ repo: 'acme/agent', replaces: ['draft-THREAT-MODEL.md'], ...satellite }],
      },
    ],
  });
  return f;
}

describe('a replaced draft carries its own sections into the addendum', () => {
  it('moves own sections and their questions, references inherited and copied ones, and links the rest', async () => {
    const f = setup();
    const r = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/create THREAT_MODEL_ADDENDUM\.md/);
    expect(r.out).toMatch(/delete draft-THREAT-MODEL\.md/);
    const sat = f.get('acme/agent');
    const draftCommit = sat.head('main');
    const addendum = sat.show(BRANCH, 'THREAT_MODEL_ADDENDUM.md') ?? '';
    // The satellite's own sections, verbatim with their provenance tags.
    expect(addendum).toContain('## §6 Assumptions about inputs');
    expect(addendum).toContain('readable by root only *(inferred — §14 Q1)*');
    expect(addendum).toContain('## §11 Known misuse patterns');
    // The questions they cite, and not the one only an inherited section cites.
    expect(addendum).toContain('**Q1.** Is the enrolment token');
    expect(addendum).toContain('**Q2.** Should `--insecure-skip-verify`');
    expect(addendum).not.toContain('**Q3.**');
    // §3 is inherited (whatever the draft said), §5 repeats the parent's text: both become references.
    expect(addendum).not.toContain('Attacks that need root on the node');
    expect(addendum).not.toContain('The management network is isolated');
    expect(addendum).toMatch(
      /- §3 Out of scope \(explicit non-goals\) — inherited: see the parent's §3 \(recorded above as `sha256:[0-9a-f]+`\)/,
    );
    expect(addendum).toMatch(
      /- §5 Assumptions about the environment — the draft repeated the parent's §5: see it there \(`sha256:[0-9a-f]+`\)/,
    );
    // The draft's header is not carried.
    expect(addendum).not.toContain('node agent of Example Cloud');
    const record = findInherits(addendum)?.record;
    expect(Object.keys(record?.sections ?? {})).toEqual(['out-of-scope', 'trust-boundaries', 'adversary']);
    // SECURITY.md links the addendum.
    expect(sat.show(BRANCH, 'SECURITY.md')).toContain('[THREAT_MODEL_ADDENDUM.md](./THREAT_MODEL_ADDENDUM.md)');
    // The body names what moved and links the draft's blob at its last commit.
    const [change] = f.changes('acme/agent');
    const blob = `https://github.com/acme/agent/blob/${draftCommit}/draft-THREAT-MODEL.md`;
    expect(change?.body).toContain(`<${blob}>`);
    expect(change?.body).toContain('its own sections (§6, §11) move into `THREAT_MODEL_ADDENDUM.md`');
    expect(change?.body).toContain("§1 Header (the draft's own header)");
    expect(change?.body).toContain('the open questions Q3');

    // A re-run is silent and exits 0.
    const again = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(again.err).toBe('');
    expect(again.code).toBe(0);
    expect(again.out).toContain('unchanged');

    // Merged, the chain follows the addendum and checks its record.
    sat.git('merge', '-q', '--ff-only', BRANCH);
    const chain = await f.run('chain', '--campaign', 'campaign.yaml');
    expect(chain.code).toBe(0);
    expect(chain.out).toMatch(
      /\+ addendum THREAT_MODEL_ADDENDUM\.md \(linked from SECURITY\.md:\d+\): inherits §3, §4, §7 of acme\/parent@[0-9a-f]{12}, record valid and fingerprints current/,
    );
  });

  it('chain reports a record whose fingerprint does not match the parent at the recorded ref', async () => {
    const f = setup();
    await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    const sat = f.get('acme/agent');
    sat.git('merge', '-q', '--ff-only', BRANCH);
    const text = sat.show('main', 'THREAT_MODEL_ADDENDUM.md') ?? '';
    sat.write('THREAT_MODEL_ADDENDUM.md', text.replace(/"adversary":"sha256:[0-9a-f]+"/, '"adversary":"sha256:0000"'));
    sat.commit('hand-edit the record');
    const chain = await f.run('chain', '--campaign', 'campaign.yaml');
    expect(chain.code).toBe(1);
    expect(chain.out).toMatch(
      /x THREAT_MODEL_ADDENDUM\.md: the record gives §7 as sha256:0000, but at [0-9a-f]{40} it is sha256:/,
    );
  });

  it('chain warns of an addendum whose inherited section changed in the parent since it was recorded', async () => {
    const f = setup();
    await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    f.get('acme/agent').git('merge', '-q', '--ff-only', BRANCH);
    const parent = f.get('acme/parent');
    parent.write(
      'THREAT_MODEL.md',
      fixture('parent-model.md').replace('## §7 Adversary model\n', '## §7 Adversary model\n\nA new adversary.\n'),
    );
    parent.commit('change §7');
    const chain = await f.run('chain', '--campaign', 'campaign.yaml');
    // Drift is drift's business: the chain still resolves, and warns that the record is behind.
    expect(chain.code).toBe(0);
    expect(chain.out).toMatch(/record valid\n/);
    expect(chain.out).toMatch(
      /\? THREAT_MODEL_ADDENDUM\.md: §7 changed in acme\/parent between the recorded [0-9a-f]{40} and main/,
    );
  });
});

describe('re-runs are silent', () => {
  it('proposes nothing, warns of nothing and exits 0 when the draft has the name of the parent model', async () => {
    const f = new TestFamily('tmsync-rerun-');
    family = f;
    f.repo('acme/parent', {
      'draft-THREAT-MODEL.md': fixture('parent-model.md'),
      'SECURITY.md': fixture('parent-security.md'),
    });
    f.repo('acme/agent', { 'draft-THREAT-MODEL.md': fixture('draft-with-own-sections.md') });
    f.campaign({
      families: [
        {
          name: 'example',
          parent: { repo: 'acme/parent', path: 'draft-THREAT-MODEL.md' },
          inherit: ['§3'],
          satellites: [{ repo: 'acme/agent', replaces: ['draft-THREAT-MODEL.md'] }],
        },
      ],
    });
    const first = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(first.code).toBe(0);
    const again = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(again.err).toBe('');
    expect(again.out).not.toMatch(/warn|!|missing/i);
    expect(again.code).toBe(0);
    expect(again.out).toContain('Nothing proposed');
    f.get('acme/agent').git('merge', '-q', '--ff-only', BRANCH);
    const merged = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(merged.err).toBe('');
    expect(merged.code).toBe(0);
    expect(merged.out).toContain('Nothing proposed');
  });
});

describe('titles and bodies say what the change is', () => {
  it('titles a refresh and a pin as such, with a compare link, and the dry-run hint names the command', async () => {
    const f = setup();
    await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    const sat = f.get('acme/agent');
    sat.git('merge', '-q', '--ff-only', BRANCH);
    const parent = f.get('acme/parent');
    const old = parent.head();
    parent.write(
      'THREAT_MODEL.md',
      fixture('parent-model.md').replace('## §7 Adversary model\n', '## §7 Adversary model\n\nA new adversary.\n'),
    );
    const now = parent.commit('change §7');
    const fix = await f.run('drift', '--campaign', 'campaign.yaml', '--fix');
    expect(fix.out).toContain('fix: created change #2');
    const refresh = f.changes('acme/agent')[1];
    expect(refresh?.title).toBe(`Refresh inherited §7 from acme/parent@${now.slice(0, 7)}`);
    expect(refresh?.body).toContain(`<https://github.com/acme/parent/compare/${old}...${now}>`);
    expect(refresh?.body).not.toContain('`SECURITY.md`: created');
    sat.git('merge', '-q', '--ff-only', BRANCH);
    parent.tag('v1');
    const dry = await f.run('pin', 'v1', '--campaign', 'campaign.yaml', '--dry-run');
    expect(dry.out).toContain('run `tmsync pin v1` without --dry-run to propose them.');
    await f.run('pin', 'v1', '--campaign', 'campaign.yaml');
    expect(f.changes('acme/agent')[2]?.title).toBe('Pin the example threat model links to acme/parent@v1');
  });
});
