/**
 * A three-family campaign on local git for the report tests: each family in a
 * different state (pointers proposed and a tag newer than the pin; an
 * addendum drifted and a question answered; a satellite with no chain at all).
 */
import { expect } from 'vitest';
import { fixture, TestFamily } from './family.js';

const MODEL = fixture('parent-model.md');
/** Each parent's own policy: a SECURITY.md a created satellite policy can link for reporting. */
const POLICY = '# Security\n\nReport vulnerabilities privately to security@example.org; do not open public issues.\n';

/** Builds the family folder and the campaign file; pointers applied where the scenario wants them. */
export async function threeFamilies(prefix = 'tmsync-report-'): Promise<TestFamily> {
  const f = new TestFamily(prefix);
  // alpha: three commits of the model, tagged v1.0.0 and v1.1.0; pinned to v1.0.0.
  const alpha = f.repo('acme/alpha', { 'THREAT_MODEL.md': MODEL, 'SECURITY.md': POLICY });
  alpha.tag('v1.0.0');
  alpha
    .write('THREAT_MODEL.md', MODEL.replace('*(inferred — §14 Q4)*', '*(documented: `docs/network.md`)*'))
    .commit('Document the management network');
  alpha
    .write(
      'THREAT_MODEL.md',
      MODEL.replace('*(inferred — §14 Q4)*', '*(documented: `docs/network.md`)*').replace(
        '**Q5.** Is an unauthenticated remote attacker the main adversary?',
        '**Q5.** Is an unauthenticated remote attacker the main adversary? <script>alert(1)</script> & "quotes"',
      ),
    )
    .commit('Reword Q5 <img src=x onerror=alert(1)>');
  alpha.tag('v1.1.0');
  f.repo('acme/alpha-cli');
  f.repo('acme/alpha-go');
  // beta: a satellite with an addendum inheriting §7; the parent then changes §7 (drift).
  f.repo('acme/beta', {
    'THREAT_MODEL.md': MODEL.replace(
      '6 documented / 1 maintainer / 5 inferred',
      '9 documented / 1 maintainer / 2 inferred',
    ),
    'SECURITY.md': POLICY,
  });
  f.repo('acme/beta-op', { 'docs/ADDENDUM.md': fixture('addendum.md') });
  // gamma: the parent alone has a model; its satellite has no agent guide, no policy.
  f.repo('acme/gamma', {
    'THREAT_MODEL.md': MODEL.replace('### Wave 2', '### Wave 2 — ANSWERED'),
    'SECURITY.md': POLICY,
  });
  f.repo('acme/gamma-web');
  f.campaign({
    families: [
      {
        name: 'alpha',
        parent: { repo: 'acme/alpha' },
        pin: 'v1.0.0',
        inherit: ['§3'],
        satellites: [{ repo: 'acme/alpha-cli' }, { repo: 'acme/alpha-go' }],
      },
      {
        name: 'beta',
        parent: { repo: 'acme/beta' },
        inherit: ['§3', '§4', '§7'],
        satellites: [{ repo: 'acme/beta-op', addendum: 'docs/ADDENDUM.md' }],
      },
      {
        name: 'gamma',
        parent: { repo: 'acme/gamma' },
        satellites: [{ repo: 'acme/gamma-web' }],
      },
    ],
  });
  expect((await f.run('pointers', 'apply', '--campaign', 'campaign.yaml', '--family', 'alpha')).code).toBe(0);
  expect((await f.run('pointers', 'apply', '--campaign', 'campaign.yaml', '--family', 'beta')).code).toBe(0);
  // beta's maintainer merges the change; then the parent edits §7.
  const op = f.get('acme/beta-op');
  op.git('merge', '-q', '--ff-only', 'tmsync/threat-model-pointer');
  const beta = f.get('acme/beta');
  const text = beta.show('HEAD', 'THREAT_MODEL.md') ?? '';
  expect(text).toContain('holding no credentials');
  beta.write('THREAT_MODEL.md', text.replace('holding no credentials', 'holding stolen credentials')).commit('Edit §7');
  return f;
}
