/**
 * What became of each satellite's change on local git, as maintainers really
 * merge: by squash (`git merge --squash`, branch kept), by rebase (the commit
 * replayed by someone else, branch deleted), a person's commit on the tool
 * branch, a base that changed a file the change touches, and a change closed
 * without merging. `campaign status` names each state, apply proposes no
 * duplicate, and the report counts equal the status'.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CampaignReport } from '@tmsync/report';
import { overviewRow } from '@tmsync/report';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalForge } from '../src/forge/local.js';
import { fixture, TestFamily } from './helpers/family.js';
import type { ChangeStatusJson } from '../src/satellites/change-state.js';

const BRANCH = 'tmsync/threat-model-pointer';

let family: TestFamily | null = null;
afterEach(() => {
  family?.cleanup();
  family = null;
});

async function statusJson(f: TestFamily): Promise<Map<string, ChangeStatusJson | null>> {
  const r = await f.run('campaign', 'status', '--campaign', 'campaign.yaml', '--format', 'json');
  const sats = (
    JSON.parse(r.out).families as { satellites: { repo: string; change: ChangeStatusJson | null }[] }[]
  ).flatMap((x) => x.satellites);
  return new Map(sats.map((s) => [s.repo, s.change]));
}

function changesOf(f: TestFamily, repo: string): { id: number; state: string; mergedBy?: string }[] {
  return JSON.parse(readFileSync(join(f.root, '.tmsync', 'local', ...repo.split('/'), 'changes.json'), 'utf8')).changes;
}

/** One family, five satellites, each change applied and then dealt with as its maintainers would. */
async function setup(): Promise<TestFamily> {
  const f = new TestFamily('tmsync-change-state-');
  family = f;
  f.repo('acme/parent', {
    'THREAT_MODEL.md': fixture('parent-model.md'),
    'SECURITY.md': fixture('parent-security.md'),
  });
  for (const name of ['sq', 'rb', 'ed', 'st', 'cl']) f.repo(`acme/${name}`);
  f.campaign({
    families: [
      {
        name: 'example',
        parent: { repo: 'acme/parent' },
        inherit: ['§3'],
        satellites: ['sq', 'rb', 'ed', 'st', 'cl'].map((n) => ({ repo: `acme/${n}` })),
      },
    ],
  });
  const applied = await f.run('campaign', 'apply', '--campaign', 'campaign.yaml');
  expect(applied.out).toContain('Proposed 5 change(s)');
  // Squash: one new commit on main with the branch's content; the branch is kept.
  const sq = f.get('acme/sq');
  sq.git('merge', '--squash', '-q', BRANCH);
  sq.git('commit', '-q', '-m', 'Point to the threat model (squashed)');
  // Rebase: the tool's commit replayed on main by the maintainer (a new commit), the branch deleted.
  const rb = f.get('acme/rb');
  rb.write('NEWS.md', 'unrelated\n').commit('Unrelated change first');
  rb.git('cherry-pick', BRANCH);
  rb.git('branch', '-D', BRANCH);
  // A person's commit on the tool branch.
  const ed = f.get('acme/ed');
  ed.git('checkout', '-q', BRANCH);
  ed.write('NOTES.md', 'my own note\n').commit('A note of mine');
  ed.git('checkout', '-q', 'main');
  // main creates AGENTS.md, a file the open change creates too.
  f.get('acme/st').write('AGENTS.md', '# Agents\n\nBuild with make.\n').commit('Add an agent guide');
  // Closed without merging.
  const forge = new LocalForge({ root: join(f.root, 'repos'), stateDir: join(f.root, '.tmsync') });
  await forge.closeChange('acme/cl', 1, 'Not for this repository.');
  return f;
}

describe('what became of a change (local git)', () => {
  it('names squash- and rebase-merged, human-edited, stale and closed changes in campaign status', async () => {
    const f = await setup();
    const status = await statusJson(f);
    expect(status.get('acme/sq')).toMatchObject({ id: 1, state: 'merged', mergedBy: 'content' });
    expect(status.get('acme/rb')).toMatchObject({ id: 1, state: 'merged', mergedBy: 'content' });
    expect(status.get('acme/ed')).toMatchObject({ state: 'open', humanEdited: true, stale: false });
    expect(status.get('acme/st')).toMatchObject({
      state: 'open',
      humanEdited: false,
      stale: true,
      staleFiles: ['AGENTS.md'],
    });
    expect(status.get('acme/cl')).toMatchObject({ state: 'closed', humanEdited: false, stale: false });
    // The squash left the tool's commit out of main: only its content is there.
    const sq = f.get('acme/sq');
    expect(() => sq.git('merge-base', '--is-ancestor', BRANCH, 'main')).toThrow();
    expect(changesOf(f, 'acme/sq')[0]).toMatchObject({ state: 'merged', mergedBy: 'content' });

    const text = await f.run('campaign', 'status', '--campaign', 'campaign.yaml');
    expect(text.out).toMatch(/acme\/sq .*change #1 merged \(its content is in the base\)/);
    expect(text.out).toMatch(/acme\/ed .*change #1 open, human-edited/);
    expect(text.out).toMatch(/acme\/st .*change #1 open, stale \(main changed AGENTS\.md since\)/);
    expect(text.out).toMatch(/acme\/cl .*change #1 closed without merging/);
    expect(text.out).toContain('2 open change(s), 2 merged, 1 human-edited, 1 stale.');
    expect(text.code).toBe(1);
    const md = await f.run('campaign', 'status', '--campaign', 'campaign.yaml', '--format', 'markdown');
    expect(md.out).toMatch(/\| `acme\/sq` +\|.*\| \[#1\]\(file:[^)]+\) merged \(its content is in the base\) +\|/);
  });

  it('proposes no duplicate of a merged change, and starts a new one from the base, not the old commits', async () => {
    const f = await setup();
    const sqTip = f.get('acme/sq').head(BRANCH);
    const again = await f.run('campaign', 'apply', '--campaign', 'campaign.yaml');
    // The base holds their content: nothing to propose (not even an "open change" to keep).
    expect(again.out).toMatch(/acme\/sq\s+chain ok · unchanged\n/);
    expect(again.out).toMatch(/acme\/rb\s+chain ok · unchanged\n/);
    for (const repo of ['acme/sq', 'acme/rb']) expect(changesOf(f, repo)).toHaveLength(1);
    expect(f.get('acme/sq').head(BRANCH)).toBe(sqTip);
    expect(f.get('acme/rb').hasBranch(BRANCH)).toBe(false);
    // Later someone deletes the agent guide on main: a new change, on a branch restarted from main.
    const sq = f.get('acme/sq');
    sq.remove('AGENTS.md').commit('Drop the agent guide');
    const third = await f.run('campaign', 'apply', '--campaign', 'campaign.yaml');
    expect(third.out).toMatch(/acme\/sq\s+chain broken · created change #2: create AGENTS\.md/);
    expect(changesOf(f, 'acme/sq').map((c) => `${c.id} ${c.state}`)).toEqual(['1 merged', '2 open']);
    expect(sq.commitsOn(BRANCH)).toHaveLength(1);
    expect(sq.git('diff', '--name-only', 'main', BRANCH).trim()).toBe('AGENTS.md');
  });

  it('does not propose again a change closed without merging, until what it would write differs', async () => {
    const f = await setup();
    const plan = await f.run('campaign', 'plan', '--campaign', 'campaign.yaml');
    expect(plan.out).toMatch(
      /acme\/cl\s+chain broken · left alone: change #1 with these files was closed without merging/,
    );
    const again = await f.run('campaign', 'apply', '--campaign', 'campaign.yaml');
    expect(again.out).toMatch(
      /acme\/cl\s+chain broken · left alone: change #1 with these files was closed without merging/,
    );
    expect(changesOf(f, 'acme/cl').map((c) => `${c.id} ${c.state}`)).toEqual(['1 closed']);
    // The maintainers add their own AGENTS.md on main: the change the tool would write now differs.
    f.get('acme/cl').write('AGENTS.md', '# Agents\n\nRun the tests with make check.\n').commit('Agent guide');
    const third = await f.run('campaign', 'apply', '--campaign', 'campaign.yaml');
    expect(third.out).toMatch(/acme\/cl\s+chain broken · created change #2: create SECURITY\.md, update AGENTS\.md/);
    expect(changesOf(f, 'acme/cl').map((c) => `${c.id} ${c.state}`)).toEqual(['1 closed', '2 open']);
  });

  it('counts open, merged, human-edited and stale changes in the report as campaign status does', async () => {
    const f = await setup();
    const r = await f.run('report', '--campaign', 'campaign.yaml', '--out', 'site');
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(f.root, 'site', 'report.json'), 'utf8')) as CampaignReport;
    const row = overviewRow(report.families[0]!);
    const status = [...(await statusJson(f)).values()];
    expect({
      open: row.openChanges,
      merged: row.mergedChanges,
      humanEdited: row.humanEdited,
      stale: row.staleChanges,
    }).toEqual({
      open: status.filter((c) => c?.state === 'open').length,
      merged: status.filter((c) => c?.state === 'merged').length,
      humanEdited: status.filter((c) => c?.humanEdited).length,
      stale: status.filter((c) => c?.stale).length,
    });
    expect(row).toMatchObject({ openChanges: 2, mergedChanges: 2, humanEdited: 1, staleChanges: 1 });
    const index = readFileSync(join(f.root, 'site', 'index.html'), 'utf8');
    expect(index).toContain('<th>Merged changes</th>');
    const page = readFileSync(join(f.root, 'site', 'families', `${report.families[0]!.slug}.html`), 'utf8');
    expect(page).toContain('(merged: its content is in the base)');
    expect(page).toContain('stale: the base changed AGENTS.md since');
    const md = await f.run('report', '--campaign', 'campaign.yaml', '--format', 'markdown');
    expect(md.out).toMatch(/\| example +\|.*\| 2 \/ 2 \/ 1 \/ 1 +\|/);
    // Progress: one plain line per repository (not a terminal), the parent after its satellites.
    expect(r.err.trimEnd().split('\n')).toEqual([
      'report: acme/sq done (1/6 repositories; family example)',
      'report: acme/rb done (2/6 repositories; family example)',
      'report: acme/ed done (3/6 repositories; family example)',
      'report: acme/st done (4/6 repositories; family example)',
      'report: acme/cl done (5/6 repositories; family example)',
      'report: acme/parent done (6/6 repositories; parent of example)',
    ]);
  });
});
