/**
 * The Markdown summary of a campaign (for a GitHub issue or a job summary),
 * built as an mdast tree and serialised by mdast-util-to-markdown with GFM
 * tables, which escapes what user text would otherwise turn into markup.
 */
import type { PhrasingContent, Root, RootContent, Table, TableRow } from 'mdast';
import { gfmTableToMarkdown } from 'mdast-util-gfm-table';
import { toMarkdown } from 'mdast-util-to-markdown';
import type { CampaignReport } from './model.js';
import { byAttention, overviewRow } from './model.js';

/** One satellite as `campaign status` sees it. */
export interface StatusRow {
  family: string;
  repo: string;
  chain: string;
  drift: string;
  /** The satellite's latest change and what became of it (`open`, `merged`, `closed without merging`…). */
  change: { id: number; url: string; state?: string } | null;
  /** Problems to list under the table (broken hops, failures). */
  problems: string[];
}

function text(value: string | number | null | undefined): PhrasingContent {
  return { type: 'text', value: value === null || value === undefined ? '—' : String(value) };
}

function row(cells: (PhrasingContent | PhrasingContent[])[]): TableRow {
  return {
    type: 'tableRow',
    children: cells.map((c) => ({ type: 'tableCell', children: Array.isArray(c) ? c : [c] })),
  };
}

function table(head: string[], rows: (PhrasingContent | PhrasingContent[])[][]): Table {
  return { type: 'table', align: head.map(() => null), children: [row(head.map((x) => text(x))), ...rows.map(row)] };
}

function serialise(children: RootContent[]): string {
  const tree: Root = { type: 'root', children };
  return toMarkdown(tree, { extensions: [gfmTableToMarkdown()] });
}

function statusBlocks(rows: readonly StatusRow[]): RootContent[] {
  const blocks: RootContent[] = [
    table(
      ['Family', 'Satellite', 'Chain', 'Drift', 'Change'],
      rows.map((r) => [
        text(r.family),
        { type: 'inlineCode', value: r.repo },
        text(r.chain),
        text(r.drift),
        r.change
          ? [
              { type: 'link', url: r.change.url, children: [text(`#${r.change.id}`)] },
              ...(r.change.state ? [text(` ${r.change.state}`)] : []),
            ]
          : text('none'),
      ]),
    ),
  ];
  const problems = rows.flatMap((r) => r.problems.map((p) => `${r.repo}: ${p}`));
  if (problems.length)
    blocks.push({
      type: 'list',
      ordered: false,
      spread: false,
      children: problems.map((p) => ({
        type: 'listItem',
        spread: false,
        children: [{ type: 'paragraph', children: [text(p)] }],
      })),
    });
  return blocks;
}

/** `campaign status --format markdown`: a heading, a table of satellites and the problems found. */
export function statusMarkdown(title: string, rows: readonly StatusRow[], summary: string): string {
  return serialise([
    { type: 'heading', depth: 2, children: [text(title)] },
    { type: 'paragraph', children: [text(summary)] },
    ...statusBlocks(rows),
  ]);
}

/** `report --format markdown`: the overview table, families needing attention first. */
export function reportMarkdown(report: CampaignReport): string {
  const families = byAttention(report.families);
  const rows = families.map((f) => {
    const r = overviewRow(f);
    const p = r.provenance;
    return [
      text(r.family),
      text(r.lintErrors === null ? null : `${r.lintErrors} / ${r.lintWarnings}`),
      text(p ? `${p.documented} / ${p.maintainer} / ${p.inferred} / ${p.assumption}` : null),
      text(r.questions ? `${r.questions.open} / ${r.questions.partial} / ${r.questions.resolved}` : null),
      text(r.satellites),
      text(r.brokenChains),
      text(r.driftedAddenda),
      text(`${r.openChanges} / ${r.mergedChanges} / ${r.humanEdited} / ${r.staleChanges}`),
      text(r.pin),
      text(r.newerTags.length ? r.newerTags.join(', ') : null),
    ];
  });
  const errors = families.flatMap((f) => (f.parent.error ? [`${f.name}: ${f.parent.error}`] : []));
  const blocks: RootContent[] = [
    { type: 'heading', depth: 2, children: [text(`Campaign report: ${report.campaign}`)] },
    {
      type: 'paragraph',
      children: [
        text(
          `${report.families.length} famil${report.families.length === 1 ? 'y' : 'ies'}, generated ${report.generatedAt}; families needing attention first.`,
        ),
      ],
    },
    table(
      [
        'Family',
        'Lint errors / warnings',
        'Documented / maintainer / inferred / assumption',
        'Questions open / partial / resolved',
        'Satellites',
        'Broken chains',
        'Drifted addenda',
        'Changes open / merged / human-edited / stale',
        'Pin',
        'Newer tags',
      ],
      rows,
    ),
  ];
  if (errors.length)
    blocks.push({
      type: 'list',
      ordered: false,
      spread: false,
      children: errors.map((p) => ({
        type: 'listItem',
        spread: false,
        children: [{ type: 'paragraph', children: [text(p)] }],
      })),
    });
  return serialise(blocks);
}
