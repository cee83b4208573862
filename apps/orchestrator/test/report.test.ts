import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CampaignReport } from '@tmsync/report';
import { overviewRow } from '@tmsync/report';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestFamily } from './helpers/family.js';
import { threeFamilies } from './helpers/three-families.js';

let f: TestFamily;
let report: CampaignReport;

beforeAll(async () => {
  f = await threeFamilies();
  const r = await f.run('report', '--campaign', 'campaign.yaml', '--out', 'site');
  expect(r.err).toContain('report: acme/gamma-web done (6/7 repositories; family gamma)');
  expect(r.err.trimEnd().split('\n').at(-1)).toBe('report: acme/gamma done (7/7 repositories; parent of gamma)');
  expect(r.code).toBe(0);
  report = JSON.parse(readFileSync(join(f.root, 'site', 'report.json'), 'utf8')) as CampaignReport;
});
afterAll(() => f?.cleanup());

function family(name: string) {
  const found = report.families.find((x) => x.name === name);
  if (!found) throw new Error(`no family ${name} in the report`);
  return found;
}

async function json(...argv: string[]) {
  const r = await f.run(...argv);
  expect(r.err).toBe('');
  return JSON.parse(r.out);
}

describe('report on a three-family campaign', () => {
  it('has the figures stats, lint and history give for each parent', async () => {
    expect(report.families.map((x) => x.name).sort()).toEqual(['alpha', 'beta', 'gamma']);
    for (const name of ['alpha', 'beta', 'gamma']) {
      const fam = family(name);
      const repo = join('repos', 'acme', name);
      const stats = await json('stats', '--at', 'main', '--repo', repo, '--format', 'json');
      expect(fam.provenance).toEqual(stats.provenance);
      const byState = (s: string) => stats.questions.filter((q: { status: string }) => q.status === s).length;
      expect(fam.questions?.open).toBe(byState('open'));
      expect(fam.questions?.resolved).toBe(byState('resolved'));
      expect(fam.questions?.struck).toBe(byState('struck'));
      const lint = await f.run('lint', '--at', 'main', '--repo', repo, '--format', 'json');
      const messages = JSON.parse(lint.out)[0].messages as { severity: string; line: number; ruleId: string }[];
      expect(fam.lint?.errors).toBe(messages.filter((m) => m.severity === 'error').length);
      expect(fam.lint?.warnings).toBe(messages.filter((m) => m.severity === 'warning').length);
      expect(fam.lint?.messages.map((m) => `${m.line} ${m.ruleId}`)).toEqual(
        messages.map((m) => `${m.line} ${m.ruleId}`),
      );
      const history = await json('history', '--repo', repo, '--format', 'json');
      expect(fam.history?.map((p) => p.sha)).toEqual(history.commits.map((c: { sha: string }) => c.sha));
      expect(fam.history?.map((p) => p.provenance)).toEqual(
        history.commits.map((c: { provenance: unknown }) => c.provenance),
      );
      expect(fam.history?.map((p) => p.questions?.open)).toEqual(
        history.commits.map((c: { openQuestions: number }) => c.openQuestions),
      );
    }
    // The three families differ where the scenario made them differ.
    expect(family('alpha').history).toHaveLength(3);
    expect(family('alpha').history?.[0]?.tags).toEqual(['v1.0.0']);
    expect(family('alpha').history?.[2]?.tags).toEqual(['v1.1.0']);
    expect(family('alpha').provenance?.documented).toBeGreaterThan(family('gamma').provenance?.documented ?? 99);
    expect(family('gamma').questions?.open).toBeLessThan(family('alpha').questions?.open ?? 0);
    expect(family('beta').history).toHaveLength(2);
  });

  it('has the chains, drift and changes chain, drift and campaign status give', async () => {
    const chain = await f.run('chain', '--campaign', 'campaign.yaml', '--format', 'json');
    const drift = await f.run('drift', '--campaign', 'campaign.yaml', '--format', 'json');
    const status = await f.run('campaign', 'status', '--campaign', 'campaign.yaml', '--format', 'json');
    const chains = JSON.parse(chain.out).chains as { repo: string; status: string; ref: string }[];
    const drifts = (JSON.parse(drift.out).families as { satellites: { repo: string; status: string }[] }[]).flatMap(
      (x) => x.satellites,
    );
    const changes = (
      JSON.parse(status.out).families as { satellites: { repo: string; change: { id: number } | null }[] }[]
    ).flatMap((x) => x.satellites);
    const sats = report.families.flatMap((x) => x.satellites);
    expect(sats.map((s) => s.repo).sort()).toEqual(chains.map((c) => c.repo).sort());
    for (const s of sats) {
      const c = chains.find((x) => x.repo === s.repo);
      expect(`${s.repo} ${s.chain.status} ${s.chain.ref}`).toBe(`${s.repo} ${c?.status} ${c?.ref}`);
      expect(`${s.repo} ${s.drift?.status}`).toBe(`${s.repo} ${drifts.find((x) => x.repo === s.repo)?.status}`);
      expect(`${s.repo} ${s.change?.id ?? null}`).toBe(
        `${s.repo} ${changes.find((x) => x.repo === s.repo)?.change?.id ?? null}`,
      );
    }
    // What became of each change: the report's counts per family are campaign status's.
    const states = (
      JSON.parse(status.out).families as {
        name: string;
        satellites: { change: { state: string; humanEdited: boolean; stale: boolean } | null }[];
      }[]
    ).map((fam) => {
      const cs = fam.satellites.map((x) => x.change);
      return [
        fam.name,
        cs.filter((c) => c?.state === 'open').length,
        cs.filter((c) => c?.state === 'merged').length,
        cs.filter((c) => c?.humanEdited).length,
        cs.filter((c) => c?.stale).length,
      ];
    });
    expect(
      report.families.map((fam) => {
        const r = overviewRow(fam);
        return [fam.name, r.openChanges, r.mergedChanges, r.humanEdited, r.staleChanges];
      }),
    ).toEqual(states);
    expect(sats.find((s) => s.repo === 'acme/beta-op')?.change).toMatchObject({
      state: 'merged',
      mergedBy: 'ancestor',
    });
    expect(sats.find((s) => s.repo === 'acme/beta-op')?.drift?.status).toBe('drift');
    expect(sats.find((s) => s.repo === 'acme/gamma-web')?.chain.status).toBe('broken');
    expect(sats.find((s) => s.repo === 'acme/alpha-cli')?.change?.state).toBe('open');
    expect(family('alpha').parent.pin).toBe('v1.0.0');
    expect(family('alpha').parent.newerTags).toEqual(['v1.1.0']);
  });

  it('sorts the overview by attention, escapes user text, and links every figure to a page that exists', () => {
    const site = join(f.root, 'site');
    const index = readFileSync(join(site, 'index.html'), 'utf8');
    const rows = [...index.matchAll(/<tr data-family="([^"]+)"/g)].map((m) => m[1]);
    expect(rows).toHaveLength(3);
    // alpha has two satellites whose chain is broken at main (fixed only by the open changes), gamma one.
    expect(rows.indexOf('alpha')).toBeLessThan(rows.indexOf('gamma'));
    const alpha = readFileSync(join(site, 'families', `${family('alpha').slug}.html`), 'utf8');
    expect(alpha).not.toContain('<img src=x');
    expect(alpha).toContain('<td>Reword Q5 &#x3C;img src=x onerror=alert(1)></td>');
    const model = readFileSync(join(site, 'sources', `${family('alpha').parent.source}.html`), 'utf8');
    expect(model).not.toContain('<script>alert(1)</script>');
    expect(model).toContain('&#x3C;script>alert(1)&#x3C;/script> &#x26; "quotes"');
    for (const page of ['index.html', ...report.families.map((x) => `families/${x.slug}.html`)]) {
      const html = readFileSync(join(site, page), 'utf8');
      const dir = page.includes('/') ? join(site, 'families') : site;
      for (const [, href] of html.matchAll(/href="([^"#:]+)(?:#[^"]*)?"/g))
        expect(existsSync(join(dir, href as string)), `${page}: ${href}`).toBe(true);
      expect(html).not.toMatch(/src="https?:/);
    }
  });

  it('refuses to write over a folder that is not a report, and replaces an earlier report', async () => {
    mkdirSync(join(f.root, 'mine'));
    writeFileSync(join(f.root, 'mine', 'notes.txt'), 'keep me\n');
    const r = await f.run('report', '--campaign', 'campaign.yaml', '--out', 'mine');
    expect(r.code).toBe(2);
    expect(r.err).toContain('mine: the folder is not empty and holds no tmsync report; choose another --out');
    expect(readFileSync(join(f.root, 'mine', 'notes.txt'), 'utf8')).toBe('keep me\n');
    const again = await f.run('report', '--campaign', 'campaign.yaml', '--out', 'site', '--family', 'beta');
    expect(again.code).toBe(0);
    const data = JSON.parse(readFileSync(join(f.root, 'site', 'report.json'), 'utf8')) as CampaignReport;
    expect(data.families.map((x) => x.name)).toEqual(['beta']);
  });

  it('prints the overview and the status as Markdown', async () => {
    const md = await f.run('report', '--campaign', 'campaign.yaml', '--format', 'markdown');
    expect(md.code).toBe(0);
    const lines = md.out.split('\n').filter((l) => /^\| (alpha|beta|gamma) /.test(l));
    expect(lines).toHaveLength(3);
    const alpha = family('alpha');
    const p = alpha.provenance;
    expect(lines.find((l) => l.startsWith('| alpha '))).toContain(
      `${p?.documented} / ${p?.maintainer} / ${p?.inferred} / ${p?.assumption}`,
    );
    const status = await f.run('campaign', 'status', '--campaign', 'campaign.yaml', '--format', 'markdown');
    expect(status.code).toBe(1);
    expect(status.out).toContain('## Campaign status: campaign.yaml');
    expect(status.out).toContain(
      '4 satellite(s): 3 broken chain(s), 1 drifted addendum, 2 open change(s), 1 merged, 0 human-edited, 0 stale.',
    );
    expect(status.out).toMatch(
      /\| alpha +\| `acme\/alpha-cli` +\| broken at main \(ok with change #1\) +\| no addendum; pinned to v1\.0\.0; parent has v1\.1\.0 +\| \[#1\]\(file:/,
    );
    // gamma is pinned to no tag: nothing said of releases.
    expect(status.out).toMatch(/\| gamma +\| `acme\/gamma-web` +\| broken at main +\| no addendum +\|/);
    expect(status.out).toContain('* acme/gamma-web: AGENTS.md does not exist at main');
    const plan = await f.run('campaign', 'plan', '--campaign', 'campaign.yaml', '--format', 'markdown');
    expect(plan.code).toBe(2);
    expect(plan.err).toContain('--format markdown goes with status');
  });
});
