import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestFamily, fixture } from './helpers/family.js';

const POINTERS = '/work/shared/pointers';
const CXF_MODEL = '/work/shared/corpus/apache__cxf__THREAT_MODEL.md';
const URL = 'https://github.com/acme/parent/blob/main/THREAT_MODEL.md';
const AGENTS = '# Agents\n\n## Security\n\nSee [SECURITY.md](./SECURITY.md).\n';
const SECURITY = `# Security\n\nMail security@example.org.\n\n## Threat Model\n\n${URL}\n`;

/** One family, one satellite per variant, checked with one `chain` run. */
const f = new TestFamily('tmsync-chain-');
afterAll(() => f.cleanup());

const variants: Record<string, Record<string, string | { link: string }>> = {
  'acme/ok': { 'AGENTS.md': AGENTS, 'SECURITY.md': SECURITY },
  'acme/github-dir': { 'AGENTS.md': '# A\n\n[policy](.github/SECURITY.md)\n', '.github/SECURITY.md': SECURITY },
  'acme/docs-markdown': {
    'AGENTS.md': '# A\n\n[policy](docs/SECURITY.markdown)\n',
    'docs/SECURITY.markdown': SECURITY,
  },
  'acme/claude-link': { 'CLAUDE.md': AGENTS, 'AGENTS.md': { link: 'CLAUDE.md' }, 'SECURITY.md': SECURITY },
  'acme/no-agents': { 'CLAUDE.md': AGENTS, 'SECURITY.md': SECURITY },
  'acme/agents-no-link': { 'AGENTS.md': '# A\n\nNothing about security.\n', 'SECURITY.md': SECURITY },
  'acme/security-elsewhere': { 'AGENTS.md': AGENTS, '.github/SECURITY.md': SECURITY },
  'acme/no-model-link': { 'AGENTS.md': AGENTS, 'SECURITY.md': '# Security\n\nMail security@example.org.\n' },
  'acme/renamed': { 'AGENTS.md': AGENTS, 'SECURITY.md': SECURITY.replace('THREAT_MODEL.md', 'threat-model.md') },
  'acme/bad-ref': { 'AGENTS.md': AGENTS, 'SECURITY.md': SECURITY.replace('/blob/main/', '/blob/trunk/') },
  'acme/escape': { 'AGENTS.md': { link: '../../elsewhere/AGENTS.md' }, 'SECURITY.md': SECURITY },
  'acme/not-a-model': {
    'AGENTS.md': AGENTS,
    'SECURITY.md': SECURITY.replace(URL, 'https://github.com/acme/parent/blob/main/README-THREAT-MODEL.md'),
  },
  'acme/unknown-repo': { 'AGENTS.md': AGENTS, 'SECURITY.md': SECURITY.replace('acme/parent', 'elsewhere/project') },
  'acme/slash-branch': { 'AGENTS.md': AGENTS, 'SECURITY.md': SECURITY.replace('/blob/main/', '/blob/release/1.x/') },
};

f.repo('acme/parent', {
  'THREAT_MODEL.md': fixture('parent-model.md'),
  'README-THREAT-MODEL.md': '# About our threat model\n\nIt is in THREAT_MODEL.md.\n',
  'AGENTS.md': AGENTS,
  'SECURITY.md': '# Security\n\nThe model: [THREAT_MODEL.md](THREAT_MODEL.md).\n',
});
f.get('acme/parent').git('branch', 'release/1.x');
for (const [name, files] of Object.entries(variants)) f.repo(name, files);
f.campaign({
  families: [
    { name: 'example', parent: { repo: 'acme/parent' }, satellites: Object.keys(variants).map((repo) => ({ repo })) },
  ],
});

type Chain = {
  repo: string;
  status: string;
  problems: { code: string; message: string; similar: string[] }[];
  hops: { step: string; to: { path: string; resolvedPath: string } | null }[];
};
let json: { chains: Chain[]; ok: number; broken: number; unverified: number };
let text = '';
let code = -1;

function chainOf(repo: string): Chain {
  const found = json.chains.find((c) => c.repo === repo);
  if (!found) throw new Error(`no chain for ${repo}`);
  return found;
}

describe('chain over a campaign', () => {
  it('runs once in text and in JSON', async () => {
    const t = await f.run('chain', '--campaign', 'campaign.yaml', '--parents');
    text = t.out;
    code = t.code;
    const j = await f.run('chain', '--campaign', 'campaign.yaml', '--format', 'json');
    json = JSON.parse(j.out);
    expect(j.code).toBe(1);
    expect(code).toBe(1);
  });

  it('follows relative links, .github/ and docs/ (.markdown), a symlinked AGENTS.md, and branch names with slashes', () => {
    for (const repo of ['acme/ok', 'acme/github-dir', 'acme/docs-markdown', 'acme/claude-link', 'acme/slash-branch'])
      expect(chainOf(repo).status, repo).toBe('ok');
    expect(chainOf('acme/claude-link').hops[0]?.to).toMatchObject({ path: 'AGENTS.md', resolvedPath: 'CLAUDE.md' });
    expect(chainOf('acme/github-dir').hops[1]?.to?.path).toBe('.github/SECURITY.md');
    expect(text).toMatch(
      /acme\/ok@main: ok\n {4}AGENTS\.md\n {4}-> SECURITY\.md \(linked from AGENTS\.md:5:5\)\n {4}-> acme\/parent:THREAT_MODEL\.md at main \(linked from SECURITY\.md:7:1\), a rubric threat model/,
    );
  });

  it("checks the parents' own chains with --parents (relative model link)", () => {
    expect(text).toMatch(/acme\/parent \(parent\)@main: ok/);
  });

  it('reports a missing AGENTS.md, naming CLAUDE.md when that is there', () => {
    const c = chainOf('acme/no-agents');
    expect(c.status).toBe('broken');
    expect(c.problems[0]).toMatchObject({
      code: 'missing-file',
      message: 'AGENTS.md does not exist at main (there is CLAUDE.md)',
    });
  });

  it('reports a guide without a link to SECURITY.md, and still follows the policy where scanners look', () => {
    const c = chainOf('acme/agents-no-link');
    expect(c.status).toBe('broken');
    expect(c.problems.map((p) => p.message)).toEqual(['AGENTS.md has no link to SECURITY.md']);
    expect(text).toMatch(/-> SECURITY\.md; found SECURITY\.md where scanners look, but nothing links it/);
  });

  it('reports a link to a SECURITY.md that lives elsewhere, naming where', () => {
    const c = chainOf('acme/security-elsewhere');
    expect(c.problems[0]).toMatchObject({ code: 'renamed', similar: ['.github/SECURITY.md'] });
    expect(c.problems[0]?.message).toBe(
      'link ./SECURITY.md: SECURITY.md does not exist at main; the security policy exists there as .github/SECURITY.md',
    );
  });

  it('reports a policy without a link to a threat model', () => {
    expect(chainOf('acme/no-model-link').problems.map((p) => p.message)).toEqual([
      'SECURITY.md has no link to a threat model',
    ]);
  });

  it('reports a link to a model path that does not exist, naming the threat-model file that does', () => {
    const c = chainOf('acme/renamed');
    expect(c.problems[0]?.code).toBe('renamed');
    expect(c.problems[0]?.message).toContain(
      'threat-model.md does not exist in acme/parent at main; a threat model exists there as THREAT_MODEL.md, README-THREAT-MODEL.md',
    );
  });

  it('reports a ref that does not exist', () => {
    expect(chainOf('acme/bad-ref').problems[0]).toMatchObject({
      code: 'missing-ref',
      message: `link ${URL.replace('/main/', '/trunk/')}: trunk is not a branch, tag or commit of acme/parent`,
    });
  });

  it('reports a symlink leaving the repository', () => {
    const c = chainOf('acme/escape');
    expect(c.status).toBe('broken');
    expect(c.problems[0]).toMatchObject({
      code: 'symlink-escape',
      message: 'AGENTS.md: symlink AGENTS.md -> ../../elsewhere/AGENTS.md leaves the repository',
    });
  });

  it('reports a target that exists but is not a rubric threat model', () => {
    const c = chainOf('acme/not-a-model');
    expect(c.problems[0]?.code).toBe('not-a-model');
    expect(c.problems[0]?.message).toMatch(
      /README-THREAT-MODEL\.md in acme\/parent at main exists but is not a rubric threat model \(it reads as other-outline\)/,
    );
  });

  it('marks a link into a repository the forge does not hold as unverified, not broken', () => {
    const c = chainOf('acme/unknown-repo');
    expect(c.status).toBe('unverified');
    expect(c.problems[0]?.message).toMatch(
      /points into elsewhere\/project, which the forge does not hold; not followed/,
    );
    expect(json.unverified).toBe(1);
    expect(json.broken).toBe(8);
    expect(text).toMatch(/15 chain\(s\): 6 ok, 8 broken, 1 unverified/);
  });

  it('checks one repository on disk with --repo, its siblings reachable', async () => {
    const ok = await f.run('chain', '--repo', 'repos/acme/ok');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^repos\/acme\/ok@main: ok\n/);
    const bad = await f.run('chain', '--repo', join(f.repos, 'acme/renamed'), '--format', 'json');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out).chains[0].status).toBe('broken');
    const usage = await f.run('chain', '--repo', 'repos/acme/ok', '--campaign', 'campaign.yaml');
    expect(usage.code).toBe(2);
  });
});

describe.skipIf(!existsSync(POINTERS) || !existsSync(CXF_MODEL))(
  'real pointer files against a parent that only holds a draft',
  () => {
    it('reports the broken hop naming draft-THREAT-MODEL.md', async () => {
      const g = new TestFamily('tmsync-chain-draft-');
      try {
        g.repo('apache/cxf', { 'draft-THREAT-MODEL.md': readFileSync(CXF_MODEL, 'utf8') });
        for (const name of ['cxf-build-utils', 'cxf-xjc-utils'])
          g.repo(`apache/${name}`, {
            'AGENTS.md': readFileSync(join(POINTERS, `apache__${name}__AGENTS.md`), 'utf8'),
            'SECURITY.md': readFileSync(join(POINTERS, `apache__${name}__SECURITY.md`), 'utf8'),
          });
        g.campaign({
          families: [
            {
              name: 'cxf',
              parent: { repo: 'apache/cxf' },
              satellites: [{ repo: 'apache/cxf-build-utils' }, { repo: 'apache/cxf-xjc-utils' }],
            },
          ],
        });
        const r = await g.run('chain', '--campaign', 'campaign.yaml');
        expect(r.code).toBe(1);
        for (const name of ['cxf-build-utils', 'cxf-xjc-utils']) {
          expect(r.out).toContain(
            `apache/${name}@main: BROKEN\n    AGENTS.md\n    -> SECURITY.md (linked from AGENTS.md:24:17)\n       x SECURITY.md:15:3: link https://github.com/apache/cxf/blob/main/THREAT_MODEL.md: THREAT_MODEL.md does not exist in apache/cxf at main; a threat model exists there as draft-THREAT-MODEL.md`,
          );
        }
        expect(r.out).toContain('2 chain(s): 0 ok, 2 broken.');
      } finally {
        g.cleanup();
      }
    });
  },
);

describe('where scanners look beyond the repository', () => {
  const g = new TestFamily('tmsync-chain-org-');
  afterAll(() => g.cleanup());

  it("follows a policy in .rst, and falls back to the organisation's .github repository", async () => {
    const url = 'https://github.com/corp/parent/blob/main/THREAT_MODEL.md';
    g.repo('corp/parent', { 'THREAT_MODEL.md': fixture('parent-model.md') });
    g.repo('corp/.github', {
      'SECURITY.md': `# Security\n\nMail security@corp.example.\n\n## Threat Model\n\n${url}\n`,
    });
    g.repo('corp/uses-org', { 'AGENTS.md': '# A\n\nNothing about security here.\n' });
    g.repo('corp/rst', {
      'AGENTS.md': '# A\n\nSee `SECURITY.rst`.\n',
      'SECURITY.rst': `Security\n========\n\nThreat model: ${url}\n`,
    });
    g.campaign({
      families: [
        {
          name: 'corp',
          parent: { repo: 'corp/parent' },
          satellites: [{ repo: 'corp/uses-org' }, { repo: 'corp/rst' }],
        },
      ],
    });
    const r = await g.run('chain', '--campaign', 'campaign.yaml');
    expect(r.out).toMatch(/found the organisation's SECURITY\.md in corp\/\.github/);
    expect(r.out).toMatch(
      /corp\/rst@main: \w+\n\s+AGENTS\.md\n\s+-> SECURITY\.rst; found SECURITY\.rst where scanners look/,
    );
    expect(r.out).toMatch(
      /-> corp\/parent:THREAT_MODEL\.md at main \(linked from SECURITY\.rst:\d+:\d+\), a rubric threat model/,
    );
  });
});
