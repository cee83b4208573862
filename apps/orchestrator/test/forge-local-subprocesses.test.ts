/**
 * Campaigns on the local forge are bounded by their writes: the git
 * subprocesses each command starts, counted per repository through the hook
 * every git spawn goes through (`observeGitSpawns`), on real repositories.
 * Targets (issue #14): plan ≤ 4, apply ≤ 8, a no-op re-run ≤ 3 per satellite,
 * and the same count per satellite whatever the number of satellites.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openGitBatches } from '../src/git-batch.js';
import { observeGitSpawns, subcommand } from '../src/git.js';
import { TestFamily, fixture } from './helpers/family.js';

const MODEL = fixture('parent-model.md');
const STEP_LIMITS = { plan: 4, apply: 8, noop: 3 } as const;

let family: TestFamily | null = null;
afterEach(() => {
  observeGitSpawns(null);
  family?.cleanup();
  family = null;
});

/** A parent with a model and a policy, and `n` satellites of a few kinds (plain, a CLAUDE.md behind AGENTS.md, an addendum in a folder). */
function setup(n: number): TestFamily {
  const f = new TestFamily('tmsync-subprocesses-');
  family = f;
  f.repo('acme/parent', { 'THREAT_MODEL.md': MODEL, 'SECURITY.md': fixture('parent-security.md') });
  const satellites: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const name = `acme/sat-${String(i).padStart(2, '0')}`;
    if (i % 3 === 1) f.repo(name, { 'CLAUDE.md': fixture('claude.md'), 'AGENTS.md': { link: 'CLAUDE.md' } });
    else f.repo(name);
    satellites.push(i % 3 === 2 ? { repo: name, addendum: 'docs/security/ADDENDUM.md' } : { repo: name });
  }
  f.campaign({ families: [{ name: 'bench', parent: { repo: 'acme/parent' }, satellites }] });
  return f;
}

/** Runs a campaign command and counts the git subprocesses it started, by repository and by subcommand. */
async function counted(f: TestFamily, action: 'plan' | 'apply') {
  const byRepo = new Map<string, number>();
  const bySubcommand = new Map<string, number>();
  observeGitSpawns((args) => {
    const gitDir = args.find((a) => a.startsWith('--git-dir='))?.slice('--git-dir='.length) ?? '(none)';
    const repo = gitDir.replace(/^.*\/repos\//, '').replace(/\/\.git$/, '');
    byRepo.set(repo, (byRepo.get(repo) ?? 0) + 1);
    const sub = subcommand(args);
    bySubcommand.set(sub, (bySubcommand.get(sub) ?? 0) + 1);
  });
  const result = await f.run('campaign', action, '--campaign', 'campaign.yaml');
  observeGitSpawns(null);
  // The command closed the cat-file processes it kept open.
  expect(openGitBatches()).toBe(0);
  const satellites = [...byRepo].filter(([repo]) => repo.startsWith('acme/sat-'));
  return { result, byRepo, bySubcommand, satellites, total: [...byRepo.values()].reduce((a, b) => a + b, 0) };
}

/** Plan, apply and a no-op apply of a fresh family of `n` satellites. */
async function campaignOf(n: number) {
  const f = setup(n);
  const plan = await counted(f, 'plan');
  const apply = await counted(f, 'apply');
  const noop = await counted(f, 'apply');
  return { f, plan, apply, noop };
}

describe('local forge: git subprocesses per satellite', () => {
  it('plan ≤ 4, apply ≤ 8, no-op apply ≤ 3 on 10 satellites, each ref resolved without a subprocess', async () => {
    const { f, plan, apply, noop } = await campaignOf(10);
    expect(plan.result.code).toBe(0);
    expect(apply.result.out).toContain('Proposed 10 change(s).');
    expect(noop.result.out).toContain('Nothing proposed');
    for (const [step, run] of [
      ['plan', plan],
      ['apply', apply],
      ['noop', noop],
    ] as const) {
      // Every satellite was worked on, and none went over the limit.
      expect(run.satellites.length, step).toBe(10);
      for (const [repo, count] of run.satellites)
        expect(count, `${step} ${repo}`).toBeLessThanOrEqual(STEP_LIMITS[step]);
      // One cat-file --batch per repository for the whole run; no rev-parse, ls-tree or per-object cat-file.
      expect(run.bySubcommand.get('cat-file'), step).toBe(11);
      for (const gone of ['rev-parse', 'ls-tree', 'merge-base', 'worktree', 'read-tree', 'update-index', 'write-tree'])
        expect(run.bySubcommand.get(gone), `${step} ${gone}`).toBeUndefined();
    }
    // The apply wrote through one path per satellite: one blob write, one mktree, one commit, one ref update.
    for (const sub of ['hash-object', 'mktree', 'commit-tree', 'update-ref', 'format-patch'])
      expect(apply.bySubcommand.get(sub), sub).toBe(10);
    expect(noop.bySubcommand.get('commit-tree')).toBeUndefined();
    // A tool branch sitting on its base's tip is read through the batch process: no `git log` on a no-op.
    expect(noop.bySubcommand.get('log')).toBeUndefined();
    // Each satellite got SECURITY.md and an AGENTS.md pointer (plus an addendum in a new folder for some) in one commit.
    const third = f.get('acme/sat-02');
    expect(third.commitsOn('tmsync/threat-model-pointer')).toHaveLength(1);
    expect(third.show('tmsync/threat-model-pointer', 'docs/security/ADDENDUM.md')).not.toBeNull();
    expect(third.show('tmsync/threat-model-pointer', 'SECURITY.md')).not.toBeNull();
  }, 120_000);

  it('costs the same per satellite for 3 satellites as for 9 (linear in the satellite count)', async () => {
    const small = await campaignOf(3);
    small.f.cleanup();
    family = null;
    const large = await campaignOf(9);
    for (const step of ['plan', 'apply', 'noop'] as const) {
      // total = parent + per-satellite cost × satellites, the same per-satellite cost at both sizes.
      const parentSmall = small[step].byRepo.get('acme/parent') ?? 0;
      const parentLarge = large[step].byRepo.get('acme/parent') ?? 0;
      expect(parentLarge, step).toBe(parentSmall);
      expect((large[step].total - parentLarge) / 9, step).toBe((small[step].total - parentSmall) / 3);
    }
  }, 120_000);

  it('an apply after the parent changed adds one commit to each affected change within the apply limit', async () => {
    const { f } = await campaignOf(6);
    const parent = f.get('acme/parent');
    parent.write('THREAT_MODEL.md', MODEL.replace(/\n## /, '\n## A new section\n\nText.\n\n## ')).commit('Model grew');
    const again = await counted(f, 'apply');
    // The addenda record the parent's commit: those satellites get a second tool commit, the others nothing.
    const updated = ['acme/sat-02', 'acme/sat-05'];
    for (const repo of updated) {
      expect(again.result.out).toMatch(new RegExp(`${repo}\\s.*updated change #1: update docs/security/ADDENDUM\\.md`));
      expect(f.get(repo).commitsOn('tmsync/threat-model-pointer')).toHaveLength(2);
    }
    expect(again.bySubcommand.get('commit-tree')).toBe(updated.length);
    expect(again.satellites.length).toBe(6);
    for (const [repo, count] of again.satellites)
      expect(count, repo).toBeLessThanOrEqual(updated.includes(repo) ? STEP_LIMITS.apply : STEP_LIMITS.noop);
  }, 120_000);
});
