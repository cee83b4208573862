/**
 * What every page of the report shares: the page shell (Content-Security-Policy,
 * style), links to source lines, numeric cells and short commit ids.
 */
import type { Element, ElementContent, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { h } from 'hastscript';
import type { SourceLocation } from './model.js';

const STYLE = `
:root { font-family: system-ui, sans-serif; color: #1b1f24; background: #fff; }
body { margin: 1.5rem auto; max-width: 100rem; padding: 0 1rem; }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; font-size: .9rem; }
th, td { border: 1px solid #d0d7de; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.bad { background: #ffebe9; } .warn { background: #fff8c5; } .good { background: #dafbe1; }
pre { background: #f6f8fa; padding: .5rem; overflow-x: auto; font-size: .8rem; }
.chart { position: relative; height: 18rem; margin-bottom: 1.5rem; }
.src { font-family: ui-monospace, monospace; font-size: .8rem; white-space: pre; }
.src a.ln { display: inline-block; width: 4em; color: #6e7781; text-decoration: none; text-align: right; margin-right: 1em; }
.src span:target { background: #fff8c5; }
nav { margin-bottom: 1rem; } .muted { color: #6e7781; }
`;

const CSP =
  "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

/** A whole HTML page: the shared head (CSP, style), then `body` and `scripts`. */
export function page(title: string, body: ElementContent[], scripts: ElementContent[] = []): string {
  const tree: Root = {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: 'en' }, [
        h('head', [
          h('meta', { charset: 'utf-8' }),
          h('meta', { httpEquiv: 'Content-Security-Policy', content: CSP }),
          h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
          // No favicon request: the site asks for nothing it does not ship.
          h('link', { rel: 'icon', href: 'data:,' }),
          h('title', title),
          h('style', STYLE),
        ]),
        h('body', [...body, ...scripts]),
      ]),
    ],
  };
  return `${toHtml(tree)}\n`;
}

function up(depth: number): string {
  return '../'.repeat(depth);
}

/** The href of a source location from a page `depth` folders deep. */
export function sourceHref(at: SourceLocation, depth: number): string {
  return `${up(depth)}sources/${at.source}.html#L${at.line}`;
}

/** A link to a source location, or plain text when there is none. */
export function sourceLink(at: SourceLocation | null, text: string, depth: number): ElementContent {
  return at ? h('a', { href: sourceHref(at, depth) }, text) : h('span', text);
}

/** A numeric table cell, `—` for a missing value. */
export function num(value: number | null | undefined, cls?: string): Element {
  return h(
    'td',
    { className: ['num', ...(cls ? [cls] : [])] },
    value === null || value === undefined ? '—' : String(value),
  );
}

/** A numeric table cell marked bad above `badAbove`. */
export function cell(value: number | null | undefined, badAbove = 0): Element {
  return num(value, value !== null && value !== undefined && value > badAbove ? 'bad' : undefined);
}

/** A commit id shortened to 8 characters, `—` for none. */
export function short(sha: string | null): string {
  return sha ? sha.slice(0, 8) : '—';
}
