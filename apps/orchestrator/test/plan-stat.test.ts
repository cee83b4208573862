import { afterEach, describe, expect, it } from 'vitest';
import { TestFamily, fixture } from './helpers/family.js';

const BRANCH = 'tmsync/threat-model-pointer';
const HUMAN_SECURITY =
  '# Security\n\nPlease report vulnerabilities to private@acme.example, never in public issues.\n\n## Supported versions\n\nOnly the latest release.\n';

let family: TestFamily | null = null;
afterEach(() => {
  family?.cleanup();
  family = null;
});

function setup(): TestFamily {
  const f = new TestFamily('tmsync-stat-');
  family = f;
  f.repo('acme/parent', {
    'THREAT_MODEL.md': fixture('parent-model.md'),
    'SECURITY.md': fixture('parent-security.md'),
  });
  f.repo('acme/bare', { 'README.md': '# bare\n', 'draft-THREAT-MODEL.md': fixture('standalone-draft.md') });
  f.repo('acme/human', { 'AGENTS.md': '# Agents\n\nRun the tests.\n', 'SECURITY.md': HUMAN_SECURITY });
  f.campaign({
    families: [
      {
        name: 'example',
        parent: { repo: 'acme/parent' },
        inherit: ['§3'],
        satellites: [{ repo: 'acme/bare', replaces: ['draft-THREAT-MODEL.md'] }, { repo: 'acme/human' }],
      },
    ],
  });
  return f;
}

/** `git diff --numstat main BRANCH` of a repository, as `{ path: [added, removed] }`. */
function numstat(f: TestFamily, repo: string): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const line of f.get(repo).git('diff', '--numstat', 'main', BRANCH).trim().split('\n')) {
    const [a, r, path] = line.split('\t');
    out[path ?? ''] = [Number(a), Number(r)];
  }
  return out;
}

describe('campaign plan --stat', () => {
  it('prints one line per satellite and file with the counts git gives once applied, and no diff', async () => {
    const f = setup();
    const r = await f.run('campaign', 'plan', '--campaign', 'campaign.yaml', '--stat');
    expect(r.err).toBe(
      [
        'campaign plan: acme/parent done (1/3 repositories; parent of example)',
        'campaign plan: acme/bare done (2/3 repositories; family example)',
        'campaign plan: acme/human done (3/3 repositories; family example)',
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('@@');
    const rows = [...r.out.matchAll(/^ (\S+)\s+(\S+)\s+\| \+(\d+) -(\d+)\s+(created|updated|deleted)$/gm)].map((m) => ({
      repo: m[1],
      path: m[2],
      added: Number(m[3]),
      removed: Number(m[4]),
      action: m[5],
    }));
    expect(rows.map((x) => `${x.repo} ${x.path} ${x.action}`).sort()).toEqual([
      'acme/bare AGENTS.md created',
      'acme/bare SECURITY.md created',
      'acme/bare THREAT_MODEL_ADDENDUM.md created',
      'acme/bare draft-THREAT-MODEL.md deleted',
      'acme/human AGENTS.md updated',
      'acme/human SECURITY.md updated',
    ]);
    const total = rows.reduce((n, x) => n + x.added, 0);
    const removed = rows.reduce((n, x) => n + x.removed, 0);
    expect(r.out).toContain(` 6 file(s) in 2 repositories, ${total} insertion(s)(+), ${removed} deletion(s)(-)`);

    // Apply, then let git count: every line of the plan's stat is what the branch holds.
    expect((await f.run('campaign', 'apply', '--campaign', 'campaign.yaml')).code).toBe(0);
    for (const repo of ['acme/bare', 'acme/human']) {
      const git = numstat(f, repo);
      const mine = rows.filter((x) => x.repo === repo);
      expect(Object.keys(git).sort()).toEqual(mine.map((x) => x.path ?? '').sort());
      for (const x of mine) expect(git[x.path ?? ''], `${repo} ${x.path}`).toEqual([x.added, x.removed]);
    }
    const human = numstat(f, 'acme/human');
    expect(human['SECURITY.md']?.[1]).toBe(0);
    expect(numstat(f, 'acme/bare')['draft-THREAT-MODEL.md']?.[0]).toBe(0);

    // Nothing left to do: no stat lines.
    const again = await f.run('campaign', 'plan', '--campaign', 'campaign.yaml', '--stat');
    expect(again.out).not.toMatch(/\| \+\d+ -\d+/);
  });

  it('gives the same counts in JSON, and refuses --stat with status', async () => {
    const f = setup();
    const r = await f.run('campaign', 'plan', '--campaign', 'campaign.yaml', '--stat', '--format', 'json');
    const json = JSON.parse(r.out) as { stat: { repo: string; path: string; action: string; added: number }[] };
    expect(json.stat).toHaveLength(6);
    expect(json.stat.find((s) => s.path === 'draft-THREAT-MODEL.md')).toMatchObject({
      repo: 'acme/bare',
      action: 'deleted',
      added: 0,
    });
    const bad = await f.run('campaign', 'status', '--campaign', 'campaign.yaml', '--stat');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--stat goes with plan or apply');
  });
});
