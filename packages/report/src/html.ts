/**
 * The report's pages, built as hast trees (hastscript) and serialised by
 * hast-util-to-html, which escapes every text and attribute: titles, question
 * texts and commit subjects are user input and never reach the page as markup.
 * Charts are drawn by Chart.js from a local copy of its UMD build; their data
 * travels as JSON in a non-executed script element, `<` escaped.
 * The pages live in sibling modules: layout, overview, family, satellite, charts, source-page.
 */
import { CHART_ASSET, chartLibrary } from './charts.js';
import { familyPage } from './family.js';
import type { CampaignReport } from './model.js';
import { overviewPage } from './overview.js';
import { sourcePage } from './source-page.js';

export { CHART_ASSET, chartLibrary, historyCharts } from './charts.js';
export { sourceHref } from './layout.js';

/** The site's pages and assets: relative path → content. */
export type Site = Map<string, string>;

const SLUG = /^[a-z0-9][a-z0-9-]*$/;

/** Renders the whole site: `index.html`, a page per family, a page per source file, the chart library, `report.json`. */
export function renderSite(report: CampaignReport, chartJs: string = chartLibrary()): Site {
  const site: Site = new Map();
  const seen = new Set<string>();
  for (const id of [...report.families.map((f) => f.slug), ...report.sources.map((s) => s.id)]) {
    if (!SLUG.test(id)) throw new Error(`report: "${id}" is not a page name (lower-case letters, digits, dashes)`);
  }
  for (const f of report.families) {
    if (seen.has(f.slug)) throw new Error(`report: two families have the page name ${f.slug}`);
    seen.add(f.slug);
  }
  site.set('index.html', overviewPage(report));
  for (const f of report.families) site.set(`families/${f.slug}.html`, familyPage(f));
  for (const s of report.sources) site.set(`sources/${s.id}.html`, sourcePage(s));
  site.set(CHART_ASSET, chartJs);
  // The figures for machines (and tests): the report without the sources' text.
  const data = { ...report, sources: report.sources.map(({ text: _text, ...rest }) => rest) };
  site.set('report.json', `${JSON.stringify(data, null, 2)}\n`);
  return site;
}
