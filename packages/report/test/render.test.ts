import { describe, expect, it } from 'vitest';
import type { CampaignReport, FamilyReport } from '../src/index.js';
import { byAttention, historyCharts, renderSite, reportMarkdown, statusMarkdown } from '../src/index.js';

function familyOf(name: string, over: Partial<FamilyReport> = {}): FamilyReport {
  return {
    name,
    slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    parent: {
      repo: `acme/${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
      path: 'THREAT_MODEL.md',
      defaultBranch: 'main',
      commit: 'a'.repeat(40),
      linkRef: 'main',
      pin: null,
      newerTags: [],
      source: 'model-1',
      error: null,
    },
    title: 'A model',
    lint: { errors: 0, warnings: 0, messages: [] },
    provenance: { documented: 3, inferred: 1, maintainer: 0, assumption: 0 },
    questions: { open: 0, partial: 0, resolved: 0, struck: 0, items: [] },
    history: [
      {
        sha: 'b'.repeat(40),
        date: '2024-01-01T00:00:00Z',
        subject: 'first',
        tags: ['v1'],
        provenance: null,
        questions: null,
      },
      {
        sha: 'c'.repeat(40),
        date: '2024-02-01T00:00:00Z',
        subject: 'second',
        tags: [],
        provenance: { documented: 3, inferred: 1, maintainer: 0, assumption: 0 },
        questions: { open: 1, partial: 0, resolved: 2, struck: 0 },
      },
    ],
    historyError: null,
    satellites: [],
    ...over,
  };
}

const SOURCE = {
  id: 'model-1',
  repo: 'acme/x',
  path: 'THREAT_MODEL.md',
  ref: 'main',
  commit: 'a'.repeat(40),
  text: '# Model\n<script>alert(1)</script>\n',
  externalUrl: null,
};

function reportOf(families: FamilyReport[]): CampaignReport {
  return { campaign: 'campaign.yaml', generatedAt: '2025-01-01T00:00:00Z', families, sources: [SOURCE] };
}

describe('renderSite', () => {
  it('escapes user text in pages and in the chart data', () => {
    const evil = familyOf('Evil', {
      title: '<img src=x onerror=alert(1)>',
      history: [
        {
          sha: 'd'.repeat(40),
          date: '2024-01-01T00:00:00Z',
          subject: '</script><script>alert(2)</script>',
          tags: ['</script>'],
          provenance: null,
          questions: null,
        },
      ],
    });
    const site = renderSite(reportOf([evil]), '/* chart */');
    const page = site.get('families/evil.html') ?? '';
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&#x3C;img src=x onerror=alert(1)>');
    // Inside the JSON script element, '<' is written \u003c so nothing closes it.
    expect(page).not.toContain('</script><script>alert(2)');
    expect(page).toContain('<td>&#x3C;/script>&#x3C;script>alert(2)&#x3C;/script></td>');
    expect(page).not.toContain('(</script>)');
    expect(page).toContain('"dddddddd (\\u003c/script>)"');
    expect(site.get('sources/model-1.html')).toContain(
      '<span id="L2"><a class="ln" href="#L2">2</a>&#x3C;script>alert(1)&#x3C;/script></span>',
    );
    expect(site.get('assets/chart.umd.min.js')).toBe('/* chart */');
  });

  it('refuses page names that are not slugs', () => {
    expect(() => renderSite(reportOf([familyOf('x', { slug: '../x' })]), '')).toThrow('"../x" is not a page name');
  });

  it('ships the pinned Chart.js build when none is given', () => {
    expect(renderSite(reportOf([familyOf('a')])).get('assets/chart.umd.min.js')).toMatch(/Chart\.js v4\.5\.1/);
  });
});

describe('historyCharts', () => {
  it('has one point per commit in every series, tags on the axis, gaps for a deleted model', () => {
    const charts = historyCharts(familyOf('a').history ?? []);
    expect(charts.provenance.data.labels).toEqual(['bbbbbbbb (v1)', 'cccccccc']);
    for (const d of [...charts.provenance.data.datasets, ...charts.questions.data.datasets])
      expect(d.data).toHaveLength(2);
    expect(charts.questions.data.datasets.map((d) => [d.label, d.data])).toEqual([
      ['open', [null, 1]],
      ['partial', [null, 0]],
      ['resolved', [null, 2]],
    ]);
  });
});

describe('byAttention', () => {
  it('puts a family with lint errors or broken chains before a quiet one, then sorts by name', () => {
    const quiet = familyOf('b-quiet');
    const quiet2 = familyOf('a-quiet');
    const errors = familyOf('z-errors', { lint: { errors: 2, warnings: 0, messages: [] } });
    expect(byAttention([quiet, errors, quiet2]).map((f) => f.name)).toEqual(['z-errors', 'a-quiet', 'b-quiet']);
  });
});

describe('Markdown', () => {
  it('escapes table cells and lists families needing attention first', () => {
    const md = reportMarkdown(
      reportOf([familyOf('calm'), familyOf('a | b', { lint: { errors: 1, warnings: 2, messages: [] } })]),
    );
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Family') && !l.startsWith('| -'));
    expect(rows[0]).toMatch(/^\| a \\\| b +\| 1 \/ 2 +\| 3 \/ 0 \/ 1 \/ 0 /);
    expect(rows[1]).toMatch(/^\| calm /);
  });

  it('renders the status table with change links and problems', () => {
    const md = statusMarkdown(
      'Status',
      [
        {
          family: 'f',
          repo: 'acme/x',
          chain: 'broken at main',
          drift: 'no addendum',
          change: { id: 3, url: 'https://example.org/pr/3' },
          problems: ['AGENTS.md does not exist at main'],
        },
      ],
      '1 satellite(s)',
    );
    expect(md).toContain('## Status');
    expect(md).toMatch(
      /\| f +\| `acme\/x` +\| broken at main \| no addendum \| \[#3\]\(https:\/\/example\.org\/pr\/3\) \|/,
    );
    expect(md).toContain('* acme/x: AGENTS.md does not exist at main');
  });
});
