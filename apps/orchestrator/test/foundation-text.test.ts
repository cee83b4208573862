import { licenseHeaderComment } from '@tmsync/core';
import { afterEach, describe, expect, it } from 'vitest';
import { TestFamily, fixture } from './helpers/family.js';

const BRANCH = 'tmsync/threat-model-pointer';
const HUMAN_SECURITY =
  '# Security\n\nPlease report vulnerabilities to private@acme.example, never in public issues.\n\n## Supported versions\n\nOnly the latest release.\n';
const HUMAN_AGENTS = '# Working on this repository\n\nRun `make test` before pushing.\n';

let family: TestFamily | null = null;
afterEach(() => {
  family?.cleanup();
  family = null;
});

/** A parent with its model and policy, a bare satellite with a standalone draft, and one whose people wrote AGENTS.md and SECURITY.md. */
function setup(extra: Record<string, unknown>, familyExtra: Record<string, unknown> = {}): TestFamily {
  const f = new TestFamily('tmsync-foundation-');
  family = f;
  f.repo('apache/parent', {
    'THREAT_MODEL.md': fixture('parent-model.md'),
    'SECURITY.md': fixture('parent-security.md'),
  });
  f.repo('apache/bare', { 'README.md': '# bare\n', 'draft-THREAT-MODEL.md': fixture('standalone-draft.md') });
  f.repo('apache/human', { 'AGENTS.md': HUMAN_AGENTS, 'SECURITY.md': HUMAN_SECURITY });
  f.campaign({
    ...extra,
    families: [
      {
        name: 'example',
        parent: { repo: 'apache/parent' },
        inherit: ['§3'],
        ...familyExtra,
        satellites: [{ repo: 'apache/bare', replaces: ['draft-THREAT-MODEL.md'] }, { repo: 'apache/human' }],
      },
    ],
  });
  return f;
}

describe('licence header of created files', () => {
  it('renders the ASF header for `asf`, a comment as written, and wraps free text', () => {
    const asf = licenseHeaderComment('asf');
    expect(asf.startsWith('<!--\n Licensed to the Apache Software Foundation (ASF) under one\n')).toBe(true);
    expect(asf).toContain('   http://www.apache.org/licenses/LICENSE-2.0');
    expect(asf.endsWith('\n under the License.\n-->')).toBe(true);
    expect(licenseHeaderComment('ASF')).toBe(asf);
    expect(licenseHeaderComment('SPDX-License-Identifier: MIT\nCopyright the authors')).toBe(
      '<!--\n SPDX-License-Identifier: MIT\n Copyright the authors\n-->',
    );
    expect(licenseHeaderComment('<!-- SPDX-License-Identifier: EPL-2.0 -->')).toBe(
      '<!-- SPDX-License-Identifier: EPL-2.0 -->',
    );
  });

  it('heads every created Markdown file with it, never an existing file, and a re-run stays silent', async () => {
    const f = setup({ licenseHeader: 'asf', follows: 'apache/parent#42' });
    const r = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const asf = licenseHeaderComment('asf');
    const bare = f.get('apache/bare');
    for (const path of ['AGENTS.md', 'SECURITY.md', 'THREAT_MODEL_ADDENDUM.md']) {
      const text = bare.show(BRANCH, path) ?? '';
      expect(text.startsWith(`${asf}\n\n# `), path).toBe(true);
      expect(text.split('Licensed to the Apache Software Foundation').length, path).toBe(2);
    }
    // The addendum still carries its record and the draft's own sections after the header.
    const addendum = bare.show(BRANCH, 'THREAT_MODEL_ADDENDUM.md') ?? '';
    expect(addendum).toContain('<!-- tmsync:inherits {"parent":"apache/parent"');
    // Existing human files get only the appended section, no header anywhere in them.
    const human = f.get('apache/human');
    const security = human.show(BRANCH, 'SECURITY.md') ?? '';
    const agents = human.show(BRANCH, 'AGENTS.md') ?? '';
    expect(security.startsWith(HUMAN_SECURITY)).toBe(true);
    expect(agents.startsWith(HUMAN_AGENTS)).toBe(true);
    expect(security + agents).not.toContain('Apache Software Foundation');

    // The chain still passes through the created files.
    const chain = await f.run('chain', '--campaign', 'campaign.yaml', '--proposed');
    expect(chain.out).not.toMatch(/FAIL|error/i);
    expect(chain.code, chain.out).toBe(0);

    const again = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(again.err).toBe('');
    expect(again.code).toBe(0);
    expect(again.out).toContain('Nothing proposed');
  });

  it("uses the family's header over the campaign's, and none when neither sets one", async () => {
    const f = setup({ licenseHeader: 'asf' }, { licenseHeader: 'SPDX-License-Identifier: Apache-2.0' });
    expect((await f.run('pointers', 'apply', '--campaign', 'campaign.yaml')).code).toBe(0);
    const agents = f.get('apache/bare').show(BRANCH, 'AGENTS.md') ?? '';
    expect(agents.startsWith('<!--\n SPDX-License-Identifier: Apache-2.0\n-->\n\n# Agent guide for bare\n')).toBe(true);
    expect(agents).not.toContain('Apache Software Foundation');
    f.cleanup();
    const g = setup({});
    expect((await g.run('pointers', 'apply', '--campaign', 'campaign.yaml')).code).toBe(0);
    expect(g.get('apache/bare').show(BRANCH, 'AGENTS.md')?.startsWith('# Agent guide for bare\n')).toBe(true);
  });

  it('refuses a header that would end its comment early, naming file and line', async () => {
    const f = setup({ licenseHeader: 'Copyright --> the authors' });
    const r = await f.run('pointers', 'plan', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^tmsync pointers: campaign\.yaml: licenseHeader: the header must be one HTML comment .*\(line \d+\)/,
    );
  });
});

describe('the "Follows" line', () => {
  it("opens every change body with the family's reference, else the campaign's", async () => {
    const f = setup({ follows: 'apache/parent#42' }, { follows: 'apache/parent#57' });
    expect((await f.run('pointers', 'apply', '--campaign', 'campaign.yaml')).code).toBe(0);
    for (const repo of ['apache/bare', 'apache/human']) {
      const [change] = f.changes(repo);
      expect(change?.body.startsWith('Follows apache/parent#57\n\n'), repo).toBe(true);
      expect(change?.body).not.toContain('#42');
    }
  });

  it('uses the campaign reference when the family has none, and none when nothing is set', async () => {
    const f = setup({ follows: 'apache/parent#42' });
    expect((await f.run('pointers', 'apply', '--campaign', 'campaign.yaml')).code).toBe(0);
    expect(f.changes('apache/human')[0]?.body.startsWith('Follows apache/parent#42\n\n')).toBe(true);
    f.cleanup();
    const g = setup({});
    expect((await g.run('pointers', 'apply', '--campaign', 'campaign.yaml')).code).toBe(0);
    expect(g.changes('apache/human')[0]?.body).not.toContain('Follows');
  });

  it('refuses a reference that is not owner/name#N', async () => {
    const f = setup({ follows: 'https://github.com/apache/parent/pull/42' });
    const r = await f.run('pointers', 'plan', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^tmsync pointers: campaign\.yaml: follows: expected owner\/name#N \(line \d+\)/);
  });
});
