/// <reference lib="dom" />
/**
 * The report in a real browser: Debian's headless Chromium driven by
 * playwright-core, the site served from 127.0.0.1. Fails on any console error
 * or failed request; checks one overview row per family, one chart point per
 * commit, that every local link resolves (fragments included), and saves a
 * screenshot of the overview to test-artefacts/.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CampaignReport } from '@tmsync/report';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestFamily } from './helpers/family.js';
import { threeFamilies } from './helpers/three-families.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTEFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-artefacts');
const available = existsSync(CHROMIUM);
if (!available && process.env.CI)
  throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium before the tests`);
if (!available) console.warn(`report-browser: skipped, ${CHROMIUM} is missing (apt-get install chromium)`);

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
};

/** Serves a folder read-only on an ephemeral port of 127.0.0.1. */
function serve(root: string): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root + sep) || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` }),
    ),
  );
}

let family: TestFamily;
let report: CampaignReport;
let browser: Browser;
let server: Server;
let base: string;
const problems: string[] = [];
/** How long one page action (load, wait, evaluate) may take before it counts as hung. */
const PAGE_HANG_GUARD_MS = 120_000;

/** A page that records console errors, page errors and failed requests into `problems`. */
async function open(url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  // Playwright's 30 s per action is a hang guard too: a loaded machine loads a page slowly, never wrongly.
  page.setDefaultTimeout(PAGE_HANG_GUARD_MS);
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${url}: console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${url}: page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`${url}: request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${url}: ${r.status()} ${r.url()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  return page;
}

describe.skipIf(!available)('report in headless Chromium', () => {
  beforeAll(async () => {
    family = await threeFamilies('tmsync-report-browser-');
    const r = await family.run('report', '--campaign', 'campaign.yaml', '--out', 'site');
    expect(r.code).toBe(0);
    const site = join(family.root, 'site');
    report = JSON.parse(readFileSync(join(site, 'report.json'), 'utf8')) as CampaignReport;
    ({ server, base } = await serve(site));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    family?.cleanup();
  });

  it('shows one overview row per family, with no console error or failed request, and saves a screenshot', async () => {
    const page = await open(`${base}index.html`);
    const rows = await page.$$eval('#overview tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-family')));
    expect(rows.sort()).toEqual(report.families.map((f) => f.name).sort());
    mkdirSync(ARTEFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTEFACTS, 'report-overview.png'), fullPage: true });
    await page.close();
    expect(problems).toEqual([]);
  });

  it('draws one chart point per commit of each parent model', async () => {
    for (const f of report.families) {
      const page = await open(`${base}families/${f.slug}.html`);
      await page.waitForFunction(
        () => document.querySelectorAll('canvas[data-chart]').length === 0 || 'Chart' in window,
      );
      const charts = await page.$$eval('canvas[data-chart]', (canvases) =>
        canvases.map((c) => {
          const chart = (
            window as unknown as {
              Chart: {
                getChart(c: Element): { data: { labels: string[]; datasets: { data: unknown[] }[] } } | undefined;
              };
            }
          ).Chart.getChart(c);
          return chart ? { labels: chart.data.labels, points: chart.data.datasets.map((d) => d.data.length) } : null;
        }),
      );
      const commits = f.history?.length ?? 0;
      expect(commits, f.name).toBeGreaterThan(0);
      expect(charts, f.name).toHaveLength(2);
      for (const chart of charts) {
        expect(chart?.labels, f.name).toHaveLength(commits);
        for (const n of chart?.points ?? []) expect(n, f.name).toBe(commits);
      }
      if (f.name === 'alpha')
        await page.screenshot({ path: join(ARTEFACTS, 'report-family-alpha.png'), fullPage: true });
      // Tags are on the axis, next to their commit.
      const tagged = f.history?.findIndex((p) => p.tags.length > 0) ?? -1;
      if (tagged >= 0) expect(charts[0]?.labels[tagged]).toContain(f.history?.[tagged]?.tags[0]);
      await page.close();
    }
    expect(report.families.find((f) => f.name === 'alpha')?.history).toHaveLength(3);
    expect(problems).toEqual([]);
  });

  it('resolves every local link of every page, fragments included', async () => {
    const pages = ['index.html', ...report.families.map((f) => `families/${f.slug}.html`)];
    const targets = new Map<string, Set<string>>();
    for (const path of pages) {
      const page = await open(`${base}${path}`);
      const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
      await page.close();
      for (const href of hrefs.filter((h) => h.startsWith(base))) {
        const url = new URL(href);
        const fragments = targets.get(`${url.origin}${url.pathname}`) ?? new Set<string>();
        if (url.hash) fragments.add(decodeURIComponent(url.hash.slice(1)));
        targets.set(`${url.origin}${url.pathname}`, fragments);
      }
    }
    let checked = 0;
    for (const [target, fragments] of targets) {
      const page = await open(target);
      const ids = new Set(await page.$$eval('[id]', (els) => els.map((e) => e.id)));
      await page.close();
      for (const id of fragments) expect(ids.has(id), `${target}#${id}`).toBe(true);
      checked += 1 + fragments.size;
    }
    expect(checked).toBeGreaterThan(report.families.length * 3);
    expect(problems).toEqual([]);
  });
});
