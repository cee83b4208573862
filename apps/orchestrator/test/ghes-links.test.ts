/**
 * Links people wrote to a GitHub Enterprise Server host are the forge's own links when the
 * campaign's forge is that host: `chain` follows them; links to github.com then leave the forge.
 * The emulator stands for the enterprise host (its web origin is not github.com).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgeOrigin } from '../src/forge/web.js';
import { followChain } from '../src/satellites/chain.js';
import { classifyLink } from '../src/satellites/links.js';
import type { GitHubLab } from './helpers/github.js';
import { startLab } from './helpers/github.js';
import { fixture } from './helpers/family.js';

describe('classifyLink on a GitHub Enterprise Server origin', () => {
  const ghe = 'https://ghe.example.com';

  it("takes the host's blob, tree and raw links for the forge's, and github.com's for outside links", () => {
    expect(
      classifyLink('https://ghe.example.com/apache/parent/blob/v1.0/docs/THREAT_MODEL.md#3-scope', '', ghe),
    ).toEqual({
      kind: 'github',
      owner: 'apache',
      name: 'parent',
      repo: 'apache/parent',
      rest: ['v1.0', 'docs', 'THREAT_MODEL.md'],
      url: 'https://ghe.example.com/apache/parent/blob/v1.0/docs/THREAT_MODEL.md#3-scope',
    });
    expect(classifyLink('HTTPS://GHE.example.com/apache/parent/raw/main/SECURITY.md', '', ghe).kind).toBe('github');
    expect(classifyLink('https://github.com/apache/parent/blob/main/THREAT_MODEL.md', '', ghe).kind).toBe('external');
    expect(classifyLink('https://raw.githubusercontent.com/apache/parent/main/THREAT_MODEL.md', '', ghe).kind).toBe(
      'external',
    );
    // A look-alike host is not the forge.
    expect(
      classifyLink('https://ghe.example.com.evil.test/apache/parent/blob/main/THREAT_MODEL.md', '', ghe).kind,
    ).toBe('external');
    expect(classifyLink('https://gheXexample.com/apache/parent/blob/main/THREAT_MODEL.md', '', ghe).kind).toBe(
      'external',
    );
  });

  it('keeps github.com (with www. and raw.githubusercontent.com) as the default origin', () => {
    expect(classifyLink('https://www.github.com/a/b/blob/main/X.md', '').kind).toBe('github');
    expect(classifyLink('https://raw.githubusercontent.com/a/b/main/X.md', '').kind).toBe('github');
    expect(classifyLink('https://ghe.example.com/a/b/blob/main/X.md', '').kind).toBe('external');
  });

  it('honours a GHES origin served under a path', () => {
    const under = 'https://code.example.org/git';
    expect(classifyLink('https://code.example.org/git/a/b/blob/main/THREAT_MODEL.md', '', under).kind).toBe('github');
    expect(classifyLink('https://code.example.org/a/b/blob/main/THREAT_MODEL.md', '', under).kind).toBe('external');
  });
});

describe('chain on an enterprise host', () => {
  let lab: GitHubLab;
  beforeAll(async () => {
    lab = await startLab();
    await lab.gh.createRepo('acme/parent', {
      files: { 'THREAT_MODEL.md': fixture('parent-model.md'), 'SECURITY.md': fixture('parent-security.md') },
    });
  });
  afterAll(async () => {
    await lab?.stop();
  });

  it("follows the host's links people wrote to the parent's model, and names github.com links as leaving the forge", async () => {
    const forge = lab.forge(lab.state());
    const origin = forgeOrigin(forge);
    expect(origin).toBe(lab.gh.url.replace(/\/+$/, ''));
    expect(origin).not.toContain('github.com');
    await lab.gh.createRepo('acme/on-host', {
      files: {
        'AGENTS.md': '# Agents\n\n## Security\n\nSee [SECURITY.md](./SECURITY.md).\n',
        'SECURITY.md': `# Security\n\nMail security@example.org.\n\n## Threat Model\n\nOur umbrella model: <${origin}/acme/parent/blob/main/THREAT_MODEL.md>.\n`,
      },
    });
    await lab.gh.createRepo('acme/on-dotcom', {
      files: {
        'AGENTS.md': '# Agents\n\n## Security\n\nSee [SECURITY.md](./SECURITY.md).\n',
        'SECURITY.md':
          '# Security\n\nMail security@example.org.\n\n## Threat Model\n\nOur umbrella model: <https://github.com/acme/parent/blob/main/THREAT_MODEL.md>.\n',
      },
    });
    const known = ['acme/parent', 'acme/on-host', 'acme/on-dotcom'];
    const ok = await followChain(forge, 'acme/on-host', {
      knownRepos: known,
      parent: { repo: 'acme/parent', path: 'THREAT_MODEL.md' },
    });
    expect(ok.status).toBe('ok');
    expect(ok.model).toMatchObject({ repo: 'acme/parent', path: 'THREAT_MODEL.md', ref: 'main' });

    const away = await followChain(forge, 'acme/on-dotcom', {
      knownRepos: known,
      parent: { repo: 'acme/parent', path: 'THREAT_MODEL.md' },
    });
    expect(away.status).not.toBe('ok');
    expect(away.model).toBeNull();
    expect(JSON.stringify(away.hops)).toContain('leaves the forge');
  });
});
