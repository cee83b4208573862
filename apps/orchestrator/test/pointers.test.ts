import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprint } from '@tmsync/core';
import { findSection, parseThreatModel, sectionText } from '@tmsync/parser';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalForge } from '../src/forge/local.js';
import { findInherits } from '../src/satellites/inherits.js';
import { bodyHash, findManagedBlocks } from '../src/satellites/managed.js';
import { TestFamily, fixture } from './helpers/family.js';

const BRANCH = 'tmsync/threat-model-pointer';
const POINTERS = '/work/shared/pointers';
const CXF_MODEL = '/work/shared/corpus/apache__cxf__THREAT_MODEL.md';
const MODEL_URL = 'https://github.com/acme/parent/blob/main/THREAT_MODEL.md';

let family: TestFamily | null = null;
afterEach(() => {
  family?.cleanup();
  family = null;
});

/** A family whose parent holds the fixture model; satellites as given. */
function setup(
  satellites: Record<string, Record<string, string | { link: string }>>,
  config: Record<string, Record<string, unknown>> = {},
  extra: Record<string, unknown> = {},
) {
  const f = new TestFamily('tmsync-pointers-');
  family = f;
  f.repo('acme/parent', {
    'THREAT_MODEL.md': fixture('parent-model.md'),
    'SECURITY.md': fixture('parent-security.md'),
  });
  for (const [name, files] of Object.entries(satellites)) f.repo(name, files);
  f.campaign({
    families: [
      {
        name: 'example',
        parent: { repo: 'acme/parent' },
        inherit: ['§3', '§4', '§7'],
        satellites: Object.keys(satellites).map((repo) => ({ repo, ...(config[repo] ?? {}) })),
      },
    ],
    ...extra,
  });
  return f;
}

/** The text with every managed block removed (what a human wrote). */
function withoutManaged(text: string): string {
  let out = text;
  for (const b of findManagedBlocks(text).reverse()) out = out.slice(0, b.start) + out.slice(b.end);
  return out;
}

describe('pointers apply: creating', () => {
  it('creates AGENTS.md and SECURITY.md in one change, scanner-friendly, and the chain then resolves', async () => {
    const f = setup({ 'acme/sat': {} });
    const r = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/acme\/sat\s+created change #1: create SECURITY\.md, create AGENTS\.md/);
    expect(r.out).toContain('Proposed 1 change(s).');
    const sat = f.get('acme/sat');
    expect(sat.commitsOn(BRANCH)).toHaveLength(1);
    expect(sat.git('log', '-1', '--format=%B', BRANCH)).toContain('Generated-by: tmsync');
    expect(sat.show('main', 'SECURITY.md')).toBeNull();
    const security = sat.show(BRANCH, 'SECURITY.md') ?? '';
    // OpenSSF Scorecard: an absolute https link, text beyond links, disclosure words.
    expect(security).toContain('<https://github.com/acme/parent/blob/main/SECURITY.md>');
    expect(security).toMatch(/vulnerabilit/i);
    expect(security).toMatch(/disclos/i);
    expect(security).toContain(`<${MODEL_URL}>`);
    const agents = sat.show(BRANCH, 'AGENTS.md') ?? '';
    expect(agents).toContain('[SECURITY.md](./SECURITY.md)');
    for (const text of [security, agents]) {
      const blocks = findManagedBlocks(text);
      expect(blocks).toHaveLength(1);
      expect(blocks[0]?.edited).toBe(false);
      expect(blocks[0]?.recordedHash).toBe(bodyHash(blocks[0]?.body ?? ''));
    }
    const [change] = f.changes('acme/sat');
    expect(change?.title).toBe('Point to the example threat model in acme/parent');
    expect(change?.body).toContain(MODEL_URL);
    expect(change?.body).toContain('## What this change does');
    expect(change?.body).toMatch(/`SECURITY\.md`: created with a reporting section/);
    const chain = await f.run('chain', '--campaign', 'campaign.yaml', '--proposed');
    expect(chain.out).toMatch(/acme\/sat@tmsync\/threat-model-pointer: ok/);
    expect(chain.code).toBe(0);
  });

  it('fills the templates and uses the campaign branch', async () => {
    const f = setup(
      { 'acme/sat': {} },
      {},
      {
        branch: 'security/pointer',
        templates: { title: '[{family}] pointer for {repo}', body: 'Model: {modelUrl} (parent {parent}).' },
      },
    );
    const r = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(0);
    const [change] = f.changes('acme/sat');
    expect(change?.title).toBe('[example] pointer for acme/sat');
    expect(change?.body.startsWith(`Model: ${MODEL_URL} (parent acme/parent).\n\n## What this change does`)).toBe(true);
    expect(f.get('acme/sat').hasBranch('security/pointer')).toBe(true);
  });

  it('plan prints a unified diff per repository and writes nothing', async () => {
    const f = setup({ 'acme/sat': { 'SECURITY.md': fixture('security-with-contact.md') } });
    const r = await f.run('pointers', 'plan', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/acme\/sat\s+would propose a change: update SECURITY\.md, create AGENTS\.md/);
    expect(r.out).toContain('diff for acme/sat (against main):');
    expect(r.out).toContain('--- a/SECURITY.md\n+++ b/SECURITY.md\n');
    expect(r.out).toContain('--- /dev/null\n+++ b/AGENTS.md\n');
    expect(r.out).toContain('+## Threat Model');
    expect(r.out).toContain('1 change(s) to propose');
    expect(f.get('acme/sat').hasBranch(BRANCH)).toBe(false);
    expect(existsSync(join(f.root, '.tmsync'))).toBe(false);
  });

  it('reports in JSON', async () => {
    const f = setup({ 'acme/sat': {} });
    const r = await f.run('pointers', 'plan', '--campaign', 'campaign.yaml', '--format', 'json');
    const json = JSON.parse(r.out);
    expect(json.command).toBe('pointers plan');
    expect(json.families[0].parent).toMatchObject({
      repo: 'acme/parent',
      path: 'THREAT_MODEL.md',
      ref: 'main',
      modelUrl: MODEL_URL,
    });
    expect(json.families[0].satellites[0]).toMatchObject({ repo: 'acme/sat', status: 'would-change', chain: 'broken' });
    expect(
      json.families[0].satellites[0].files.map((x: { path: string; action: string }) => `${x.action} ${x.path}`),
    ).toEqual(['create SECURITY.md', 'create AGENTS.md']);
    expect(json.families[0].satellites[0].diff).toContain('+++ b/AGENTS.md');
  });
});

describe('pointers apply: merging into existing files', () => {
  it('adds only the managed sections, everything else byte-identical', async () => {
    const agents = '# Agents\n\nRun `make test` before pushing.\n'; // no trailing blank line
    const security = fixture('security-with-contact.md');
    const f = setup({ 'acme/sat': { 'AGENTS.md': agents, 'SECURITY.md': security } });
    const r = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(0);
    const sat = f.get('acme/sat');
    const newSecurity = sat.show(BRANCH, 'SECURITY.md') ?? '';
    const newAgents = sat.show(BRANCH, 'AGENTS.md') ?? '';
    expect(newSecurity.startsWith(security)).toBe(true);
    expect(newSecurity).toContain('Please e-mail security@example.org'); // the contact text kept
    expect(withoutManaged(newSecurity)).toBe(`${security}\n`);
    expect(newAgents.startsWith(agents)).toBe(true);
    expect(withoutManaged(newAgents)).toBe(`${agents}\n`);
    const [change] = f.changes('acme/sat');
    expect(change?.body).toMatch(/`SECURITY\.md`: added a managed `## Threat Model` section .*contact text included/);
  });

  it('puts a subsection at the end of a human-written ## Security section that does not link SECURITY.md', async () => {
    const agents = '# Agents\n\n## Security\n\nNever commit secrets.\n\n## Style\n\nSmall functions.\n';
    const f = setup({ 'acme/sat': { 'AGENTS.md': agents } });
    await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    const out = f.get('acme/sat').show(BRANCH, 'AGENTS.md') ?? '';
    expect(withoutManaged(out)).toBe(agents.replace('Never commit secrets.\n\n', 'Never commit secrets.\n\n\n'));
    expect(out.indexOf('### Threat model')).toBeGreaterThan(out.indexOf('Never commit secrets.'));
    expect(out.indexOf('### Threat model')).toBeLessThan(out.indexOf('## Style'));
  });

  it('keeps CRLF line breaks in a CRLF file', async () => {
    const security = '# Security\r\n\r\nMail security@example.org about vulnerabilities.\r\n';
    const f = setup({ 'acme/sat': { 'SECURITY.md': security } });
    await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    const out = f.get('acme/sat').show(BRANCH, 'SECURITY.md') ?? '';
    expect(out.startsWith(security)).toBe(true);
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
    expect(findManagedBlocks(out)[0]?.edited).toBe(false);
  });

  it('writes through AGENTS.md -> CLAUDE.md to the link target, the link kept', async () => {
    const claude = fixture('claude.md');
    const f = setup({ 'acme/sat': { 'CLAUDE.md': claude, 'AGENTS.md': { link: 'CLAUDE.md' } } });
    const r = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/update AGENTS\.md -> CLAUDE\.md/);
    const sat = f.get('acme/sat');
    expect(sat.git('ls-tree', BRANCH, 'AGENTS.md')).toMatch(/^120000 /);
    expect(sat.show(BRANCH, 'AGENTS.md')).toBe('CLAUDE.md');
    const out = sat.show(BRANCH, 'CLAUDE.md') ?? '';
    expect(out.startsWith(claude)).toBe(true);
    expect(out).toContain('## Security');
    expect(f.changes('acme/sat')[0]?.body).toContain(
      '`AGENTS.md` (→ `CLAUDE.md`): AGENTS.md is a symlink to CLAUDE.md: the section lands there.',
    );
    const chain = await f.run('chain', '--campaign', 'campaign.yaml', '--proposed');
    expect(chain.out).toContain('AGENTS.md (symlink to CLAUDE.md)');
    expect(chain.code).toBe(0);
  });

  it('reports a symlink leaving the repository and writes nothing there', async () => {
    const f = setup({ 'acme/sat': { 'AGENTS.md': { link: '../../outside/AGENTS.md' } } });
    const r = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /! symlink AGENTS\.md -> \.\.\/\.\.\/outside\/AGENTS\.md leaves the repository; nothing written there/,
    );
    expect(r.out).toMatch(/created change #1: create SECURITY\.md$/m);
    const sat = f.get('acme/sat');
    expect(sat.git('ls-tree', BRANCH, 'AGENTS.md')).toMatch(/^120000 /);
    expect(sat.git('diff', '--name-only', `main..${BRANCH}`).trim()).toBe('SECURITY.md');
  });

  it('deletes the standalone drafts it replaces, in the same commit', async () => {
    const f = setup(
      { 'acme/sat': { 'draft-THREAT-MODEL.md': fixture('standalone-draft.md') } },
      { 'acme/sat': { replaces: ['draft-THREAT-MODEL.md', 'not-there.md'] } },
    );
    const r = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    // The draft's own sections need a home: the default addendum is created in the same change.
    expect(r.out).toMatch(
      /create SECURITY\.md, create AGENTS\.md, create THREAT_MODEL_ADDENDUM\.md, delete draft-THREAT-MODEL\.md/,
    );
    const sat = f.get('acme/sat');
    expect(sat.commitsOn(BRANCH)).toHaveLength(1);
    expect(sat.show(BRANCH, 'draft-THREAT-MODEL.md')).toBeNull();
    expect(f.changes('acme/sat')[0]?.body).toMatch(
      /`draft-THREAT-MODEL\.md`: deleted: this standalone draft is superseded/,
    );
  });

  it('points a human link to the deleted draft at the parent model', async () => {
    const security = '# Security\n\nOur threat model: [draft](./draft-THREAT-MODEL.md).\n';
    const f = setup(
      { 'acme/sat': { 'SECURITY.md': security, 'draft-THREAT-MODEL.md': fixture('standalone-draft.md') } },
      { 'acme/sat': { replaces: ['draft-THREAT-MODEL.md'] } },
    );
    await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(f.get('acme/sat').show(BRANCH, 'SECURITY.md')).toBe(security.replace('./draft-THREAT-MODEL.md', MODEL_URL));
  });
});

describe('pointers apply: addenda', () => {
  it('creates a missing addendum with header, record and a place for own additions', async () => {
    const f = setup({ 'acme/sat': {} }, { 'acme/sat': { addendum: 'docs/THREAT_MODEL_ADDENDUM.md' } });
    await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    const text = f.get('acme/sat').show(BRANCH, 'docs/THREAT_MODEL_ADDENDUM.md') ?? '';
    expect(text).toMatch(/^# Threat model addendum — sat\n/);
    expect(text).toContain(`[example threat model](${MODEL_URL})`);
    expect(text).toContain(
      '§3 Out of scope (explicit non-goals); §4 Trust boundaries and data flow; §7 Adversary model',
    );
    expect(text).toContain('## Additions specific to sat');
    const record = findInherits(text)?.record;
    const parentText = fixture('parent-model.md');
    const model = parseThreatModel(parentText);
    const fp = (id: string) => fingerprint(sectionText(parentText, findSection(model, id)!));
    expect(record).toEqual({
      parent: 'acme/parent',
      path: 'THREAT_MODEL.md',
      ref: f.get('acme/parent').head(),
      sections: { 'out-of-scope': fp('§3'), 'trust-boundaries': fp('§4'), adversary: fp('§7') },
    });
  });

  it("patches an existing addendum's header only, its own content byte-identical", async () => {
    const addendum = fixture('addendum.md');
    const f = setup({ 'acme/sat': { 'ADDENDUM.md': addendum } }, { 'acme/sat': { addendum: 'ADDENDUM.md' } });
    await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    const text = f.get('acme/sat').show(BRANCH, 'ADDENDUM.md') ?? '';
    expect(withoutManaged(text)).toBe(addendum.replace('example-go\n\n', 'example-go\n\n\n'));
    expect(text.startsWith('# Threat model addendum — example-go\n\n<!-- tmsync:begin inherits ')).toBe(true);
    expect(findInherits(text)?.record?.sections).toHaveProperty('adversary');
  });
});

describe('pointers apply: idempotence and what it leaves alone', () => {
  it('a second apply with nothing new proposes nothing and says so', async () => {
    const f = setup(
      { 'acme/a': {}, 'acme/b': { 'SECURITY.md': fixture('security-with-contact.md') } },
      { 'acme/a': { addendum: 'ADDENDUM.md' } },
    );
    expect((await f.run('pointers', 'apply', '--campaign', 'campaign.yaml')).code).toBe(0);
    const heads = ['acme/a', 'acme/b'].map((n) => f.get(n).head(BRANCH));
    const records = readFileSync(join(f.root, '.tmsync/local/acme/a/changes.json'), 'utf8');
    const again = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/acme\/a\s+unchanged \(open change #1 already holds these files\)/);
    expect(again.out).toMatch(/acme\/b\s+unchanged/);
    expect(again.out).toContain('Nothing proposed: every satellite is up to date.');
    expect(['acme/a', 'acme/b'].map((n) => f.get(n).head(BRANCH))).toEqual(heads);
    expect(readFileSync(join(f.root, '.tmsync/local/acme/a/changes.json'), 'utf8')).toBe(records);
    const plan = await f.run('pointers', 'plan', '--campaign', 'campaign.yaml');
    expect(plan.out).toContain('Nothing to propose: every satellite is up to date.');
    expect(plan.out).not.toContain('diff for');
  });

  it('reports a managed section a human edited and does not overwrite it', async () => {
    const f = setup({ 'acme/sat': {} });
    await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    const sat = f.get('acme/sat');
    // The change is merged (and its record closed, as a forge does); later a maintainer rewords the managed section on main.
    sat.git('merge', '-q', '--ff-only', BRANCH);
    await new LocalForge({ root: f.repos, stateDir: join(f.root, '.tmsync') }).closeChange('acme/sat', 1, 'merged');
    const edited = (sat.show('main', 'SECURITY.md') ?? '').replace(
      'Reporters and triagers should consult',
      'Triagers must read',
    );
    sat.write('SECURITY.md', edited).commit('reword the threat model section');
    const r = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /! SECURITY\.md line 9: the managed section "threat-model" was edited by a human since tmsync wrote it; left as it is/,
    );
    expect(r.out).toMatch(/acme\/sat\s+unchanged$/m);
    expect(sat.show('main', 'SECURITY.md')).toBe(edited);
    expect(f.changes('acme/sat').filter((c) => c.state === 'open')).toEqual([]);
  });

  it('leaves a tool branch with commits it did not make alone, and says so', async () => {
    const f = setup({ 'acme/sat': {} }, { 'acme/sat': { addendum: 'ADDENDUM.md' } });
    await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    const sat = f.get('acme/sat');
    sat.git('checkout', '-q', BRANCH);
    sat
      .write('ADDENDUM.md', `${sat.show(BRANCH, 'ADDENDUM.md')}\nOur SDK also trusts its config file.\n`)
      .commit('maintainer addition');
    sat.git('checkout', '-q', 'main');
    const humanHead = sat.head(BRANCH);
    // The parent moves on: a refresh would now have something to write.
    const parent = f.get('acme/parent');
    parent
      .write(
        'THREAT_MODEL.md',
        fixture('parent-model.md').replace('holding no credentials', 'holding stolen credentials'),
      )
      .commit('adversary');
    const r = await f.run('campaign', 'apply', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /left alone: Branch tmsync\/threat-model-pointer of acme\/sat holds 1 commit\(s\) tmsync did not make/,
    );
    expect(sat.head(BRANCH)).toBe(humanHead);
    const quiet = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(quiet.code).toBe(1);
    expect(quiet.out).toMatch(/left alone: .*did not make/);
  });

  it('reports a human Threat Model section that does not link the parent, without rewriting it', async () => {
    const security = '# Security\n\nMail security@example.org.\n\n## Threat Model\n\nWe have not written one yet.\n';
    const f = setup({ 'acme/sat': { 'SECURITY.md': security } });
    const r = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/! SECURITY\.md line 5: its own Threat Model section does not link the parent's model/);
    expect(f.get('acme/sat').show(BRANCH, 'SECURITY.md')).toBe(security);
  });

  it('corrects a human link to the parent model that points at a missing path, changing only the URL', async () => {
    const security =
      '# Security\n\n## Threat Model\n\nSee https://github.com/acme/parent/blob/main/draft-THREAT-MODEL.md for the model.\n';
    const f = setup({
      'acme/sat': { 'SECURITY.md': security, 'AGENTS.md': '# A\n\n## Security\n\nSee [SECURITY.md](SECURITY.md).\n' },
    });
    const r = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(0);
    const sat = f.get('acme/sat');
    expect(sat.show(BRANCH, 'SECURITY.md')).toBe(security.replace('draft-THREAT-MODEL.md', 'THREAT_MODEL.md'));
    expect(sat.show(BRANCH, 'AGENTS.md')).toBe('# A\n\n## Security\n\nSee [SECURITY.md](SECURITY.md).\n');
    expect(f.changes('acme/sat')[0]?.body).toMatch(
      /line 5: the link to the threat model now reads .*THREAT_MODEL\.md, because it linked draft-THREAT-MODEL\.md at main, which does not exist/,
    );
  });

  it('isolates a missing repository: the others proceed, the failure is listed, exit 1', async () => {
    const f = setup({ 'acme/sat': {} });
    f.campaign({
      families: [
        {
          name: 'example',
          parent: { repo: 'acme/parent' },
          satellites: [{ repo: 'acme/ghost' }, { repo: 'acme/sat' }],
        },
      ],
    });
    const r = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/acme\/ghost\s+FAILED: no git repository at /);
    expect(r.out).toMatch(/acme\/sat\s+created change #1/);
    expect(r.out).toMatch(/Failures \(1\):\n {2}acme\/ghost: no git repository at /);
  });

  it('fails the family clearly when the parent model does not exist, naming the file that does', async () => {
    const f = setup({ 'acme/sat': {} });
    const parent = f.get('acme/parent');
    parent.git('mv', 'THREAT_MODEL.md', 'draft-THREAT-MODEL.md');
    parent.commit('draft');
    const r = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      "acme/parent: the parent's model THREAT_MODEL.md does not exist in acme/parent at main; a threat model exists there as draft-THREAT-MODEL.md",
    );
    expect(f.get('acme/sat').hasBranch(BRANCH)).toBe(false);
  });
});

describe.skipIf(!existsSync(POINTERS) || !existsSync(CXF_MODEL))('the real Apache CXF pointer files', () => {
  it('chain passes and pointers apply proposes nothing for the satellites that have them', async () => {
    const f = new TestFamily('tmsync-cxf-');
    family = f;
    f.repo('apache/cxf', { 'THREAT_MODEL.md': readFileSync(CXF_MODEL, 'utf8') });
    const originals: Record<string, { agents: string; security: string }> = {};
    for (const name of ['cxf-build-utils', 'cxf-xjc-utils']) {
      const agents = readFileSync(join(POINTERS, `apache__${name}__AGENTS.md`), 'utf8');
      const security = readFileSync(join(POINTERS, `apache__${name}__SECURITY.md`), 'utf8');
      originals[name] = { agents, security };
      f.repo(`apache/${name}`, { 'AGENTS.md': agents, 'SECURITY.md': security });
    }
    f.repo('apache/cxf-fediz', { 'README.md': '# Fediz\n' });
    f.campaign({
      families: [
        {
          name: 'cxf',
          parent: { repo: 'apache/cxf' },
          // The parent has no SECURITY.md here: the reporting link is the foundation's process.
          policyUrl: 'https://www.apache.org/security/',
          inherit: ['§3'],
          satellites: [
            { repo: 'apache/cxf-build-utils' },
            { repo: 'apache/cxf-xjc-utils' },
            { repo: 'apache/cxf-fediz' },
          ],
        },
      ],
    });
    const chain = await f.run('chain', '--campaign', 'campaign.yaml');
    expect(chain.out).toMatch(/apache\/cxf-build-utils@main: ok/);
    expect(chain.out).toMatch(/apache\/cxf-xjc-utils@main: ok/);
    expect(chain.out).toContain(
      '-> apache/cxf:THREAT_MODEL.md at main (linked from SECURITY.md:15:3), a rubric threat model',
    );
    expect(chain.out).toMatch(/apache\/cxf-fediz@main: BROKEN/);
    const r = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /apache\/cxf-build-utils\s+already points to the parent's model \(AGENTS\.md -> SECURITY\.md -> apache\/cxf:THREAT_MODEL\.md\); left alone/,
    );
    expect(r.out).toMatch(/apache\/cxf-xjc-utils\s+already points to the parent's model/);
    expect(r.out).toMatch(/apache\/cxf-fediz\s+created change #1: create SECURITY\.md, create AGENTS\.md/);
    for (const name of ['cxf-build-utils', 'cxf-xjc-utils']) {
      expect(f.get(`apache/${name}`).hasBranch(BRANCH)).toBe(false);
      expect(f.changes(`apache/${name}`)).toEqual([]);
    }
    const again = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(again.out).toContain('Nothing proposed: every satellite is up to date.');
  });
});

describe('managed sections and word diffs', () => {
  it('tells a body the tool wrote from an edited or unterminated one', async () => {
    const { renderManagedBlock } = await import('../src/satellites/managed.js');
    const block = renderManagedBlock('security', '## Security\n\nSee SECURITY.md.\n');
    const text = `# Guide\n\n${block}\nAfter.\n`;
    const [found] = findManagedBlocks(text);
    expect(found).toMatchObject({ name: 'security', line: 3, edited: false, unterminated: false });
    expect(text.slice(found?.start, found?.end)).toBe(block);
    expect(findManagedBlocks(text.replace('See SECURITY.md.', 'See SECURITY.md!'))[0]?.edited).toBe(true);
    expect(findManagedBlocks(text.replace(/\n/g, '\r\n'))[0]?.edited).toBe(false);
    const cut = findManagedBlocks(text.replace('<!-- tmsync:end security -->\n', ''))[0];
    expect(cut).toMatchObject({ edited: true, unterminated: true });
  });

  it('renders word diffs with context only around changed lines', async () => {
    const { wordDiff } = await import('../src/satellites/diffs.js');
    const before = 'a\nb\nc\nd one\ne\nf\ng\n';
    expect(wordDiff(before, before.replace('d one', 'd two'))).toBe('c\nd [-one-]{+two+}\ne');
    expect(wordDiff(before, before)).toBe('');
    expect(wordDiff('x\n', 'x\ny z\n')).toBe('x\n{+y z+}');
  });
});
