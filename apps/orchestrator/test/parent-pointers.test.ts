import { afterEach, describe, expect, it } from 'vitest';
import { TestFamily, fixture } from './helpers/family.js';

const BRANCH = 'tmsync/threat-model-pointer';

let family: TestFamily | null = null;
afterEach(() => {
  family?.cleanup();
  family = null;
});

/**
 * OpenSSF Scorecard's Security-Policy score of a policy's text, re-implemented
 * from the criteria its source applies (checks/raw/security_policy.go and
 * checks/evaluation/security_policy.go): 6 points for at least one URL or
 * e-mail address (unique matches), 3 for free-form text beyond the linked
 * content, 1 for more than one hit of digits or the words "disclos"/"vulnerab".
 */
function scorecardSecurityPolicy(text: string): { score: number; urls: number; emails: number; hits: number } {
  const size = Buffer.byteLength(text, 'utf8');
  const urls = new Set(text.match(/(http|https):\/\/[a-zA-Z0-9./?=_%:-]*/g) ?? []);
  const emails = new Set(text.match(/\b[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}\b/gi) ?? []);
  const linked = [...urls, ...emails].reduce((n, m) => n + Buffer.byteLength(m, 'utf8'), 0);
  const hits = (text.match(/\b[0-9]{1,4}\b|disclos|vulnerab/gi) ?? []).length;
  let score = 0;
  if (urls.size + emails.size > 0) score += 6;
  if (size > 1 && size > linked + 1) score += 3;
  if (hits > 1) score += 1;
  return { score, urls: urls.size, emails: emails.size, hits };
}

describe('Scorecard probes, re-implemented', () => {
  it('score a bare link 6, a link with prose 9, and prose about disclosure 10', () => {
    expect(scorecardSecurityPolicy('https://example.org/security').score).toBe(6);
    expect(scorecardSecurityPolicy('Mail us at https://example.org/security please.').score).toBe(9);
    expect(scorecardSecurityPolicy('Report vulnerabilities to sec@example.org; we coordinate disclosure.').score).toBe(
      10,
    );
    expect(scorecardSecurityPolicy('Nothing here.').score).toBe(3);
  });
});

describe("the parent's own pointers", () => {
  it('proposes the parent its AGENTS.md and SECURITY.md sections; chain --parents then passes; a re-run is silent', async () => {
    const f = new TestFamily('tmsync-parent-');
    family = f;
    f.repo('acme/parent', { 'THREAT_MODEL.md': fixture('parent-model.md') });
    f.repo('acme/sat', { 'README.md': '# sat\n' });
    f.campaign({
      families: [
        {
          name: 'example',
          parent: { repo: 'acme/parent', pointers: true },
          policyUrl: 'https://example.org/security',
          inherit: ['§3'],
          satellites: [{ repo: 'acme/sat' }],
        },
      ],
    });
    const before = await f.run('chain', '--campaign', 'campaign.yaml', '--parents');
    expect(before.code).toBe(1);
    const r = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/acme\/parent\s+created change #1: create SECURITY\.md, create AGENTS\.md/);
    expect(r.out).toContain('Proposed 2 change(s).');
    const parent = f.get('acme/parent');
    const security = parent.show(BRANCH, 'SECURITY.md') ?? '';
    expect(security).toContain('[THREAT_MODEL.md](./THREAT_MODEL.md)');
    expect(security).not.toContain('has no threat model of its own');
    expect(security).toContain('<https://example.org/security>');
    expect(scorecardSecurityPolicy(security).score).toBe(10);
    expect(parent.show(BRANCH, 'AGENTS.md')).toContain('[SECURITY.md](./SECURITY.md)');
    const satSecurity = f.get('acme/sat').show(BRANCH, 'SECURITY.md') ?? '';
    expect(scorecardSecurityPolicy(satSecurity).score).toBe(10);

    const again = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(again.err).toBe('');
    expect(again.code).toBe(0);
    expect(again.out).toContain('Nothing proposed');

    for (const name of ['acme/parent', 'acme/sat']) f.get(name).git('merge', '-q', '--ff-only', BRANCH);
    const chain = await f.run('chain', '--campaign', 'campaign.yaml', '--parents');
    expect(chain.out).toMatch(/acme\/parent \(parent\)@main: ok/);
    expect(chain.code).toBe(0);
    const merged = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(merged.code).toBe(0);
    expect(merged.out).toContain('Nothing proposed');
  });

  it('refuses a parent listed as its own satellite, pointing to parent.pointers', async () => {
    const f = new TestFamily('tmsync-parent-');
    family = f;
    f.repo('acme/parent', { 'THREAT_MODEL.md': fixture('parent-model.md') });
    f.campaign({
      families: [{ name: 'example', parent: { repo: 'acme/parent' }, satellites: [{ repo: 'acme/parent' }] }],
    });
    const r = await f.run('pointers', 'plan', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /satellites\[0\]\.repo: acme\/parent is the family's parent and cannot be its own satellite; .*parent\.pointers: true/,
    );
  });
});

describe('the reporting link of a created SECURITY.md', () => {
  it('is never a page that does not exist: without a parent policy or policyUrl, no SECURITY.md is made', async () => {
    const f = new TestFamily('tmsync-policy-');
    family = f;
    f.repo('acme/parent', { 'THREAT_MODEL.md': fixture('parent-model.md') });
    f.repo('acme/sat', { 'README.md': '# sat\n' });
    f.campaign({
      families: [{ name: 'example', parent: { repo: 'acme/parent' }, satellites: [{ repo: 'acme/sat' }] }],
    });
    const r = await f.run('pointers', 'plan', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(1);
    expect(r.out).not.toContain('/security/policy');
    expect(r.out).toContain(
      'SECURITY.md not created: there is no reporting link to give — the parent acme/parent has no SECURITY.md; set policyUrl',
    );
  });
});
