import fc from 'fast-check';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../src/index.js';
import { nextLineCouldDelimitTable } from '../src/table-guard.js';
import { corpus, corpusFiles, fixture, SKIP_CORPUS } from './helpers.js';

/** The tree micromark-extension-gfm-table gives on its own, without the guard. */
const unguarded = (text: string) =>
  fromMarkdown(text, {
    extensions: [gfmTable(), gfmStrikethrough()],
    mdastExtensions: [gfmTableFromMarkdown(), gfmStrikethroughFromMarkdown()],
  });

describe('the table guard', () => {
  it('says a next line could delimit a table only when it is made of - : | > and white space, with a -', () => {
    expect(nextLineCouldDelimitTable('| a | b |\n| - | :-: |\n', 0)).toBe(true);
    expect(nextLineCouldDelimitTable('> | a |\n> |---|\n', 2)).toBe(true);
    expect(nextLineCouldDelimitTable('| a |\r\n|--|', 1)).toBe(true);
    expect(nextLineCouldDelimitTable('| a |\r|--|', 1)).toBe(true);
    expect(nextLineCouldDelimitTable('A paragraph | with a pipe.\nAnd a second line.', 3)).toBe(false);
    expect(nextLineCouldDelimitTable('| a |\n| : |', 0)).toBe(false);
    expect(nextLineCouldDelimitTable('| a |', 0)).toBe(false);
    expect(nextLineCouldDelimitTable('| a |\n', 0)).toBe(false);
  });

  it('gives the tree the table extension gives alone after a byte order mark (micromark drops it)', () => {
    for (const text of [
      '\uFEFFintro line\n\n| a | b |\n| - | - |\n| c | d |\n',
      '\uFEFF| a | b |\n| - | - |\n',
      '\uFEFF\uFEFF| a |\n|-|\n',
      'x\n\uFEFF| a |\n|-|\n',
    ])
      expect(parseMarkdown(text), JSON.stringify(text)).toEqual(unguarded(text));
  });

  it('gives the tree the table extension gives alone, on every fixture', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const names = readdirSync(join(here, 'fixtures')).filter((n) => n.endsWith('.md'));
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) expect(parseMarkdown(fixture(name)), name).toEqual(unguarded(fixture(name)));
  });

  it.skipIf(SKIP_CORPUS)('gives the tree the table extension gives alone, on every corpus document', () => {
    for (const name of corpusFiles()) {
      const text = corpus(name);
      expect(parseMarkdown(text), name).toEqual(unguarded(text));
      const crlf = text.replace(/\n/g, '\r\n');
      expect(parseMarkdown(crlf), `${name} (CRLF)`).toEqual(unguarded(crlf));
    }
  });

  it('gives the tree the table extension gives alone, on documents made of table-like lines', () => {
    const line = fc.constantFrom(
      '| a | b |',
      'a | b',
      '| - | - |',
      '|---|:--:|',
      '-|-',
      '| :- |',
      ':-:',
      '---',
      '- | x |',
      '- item',
      '  | c | d |',
      '  |---|---|',
      '> | q | r |',
      '> |---|---|',
      '>',
      '\t| t |',
      '\t|-|',
      '    | code |',
      '```',
      'Prose with | a pipe and ~~struck~~ text.',
      'Title',
      '===',
      '',
      '<!-- | x | -->',
      '1. | n |',
      '   |--|',
    );
    const ending = fc.constantFrom('\n', '\r\n', '\r');
    const doc = fc
      .tuple(fc.constantFrom('', '\uFEFF'), fc.array(fc.tuple(line, ending), { maxLength: 14 }))
      .map(([bom, ls]) => bom + ls.map(([l, e]) => l + e).join(''));
    fc.assert(
      fc.property(doc, (text) => {
        expect(parseMarkdown(text)).toEqual(unguarded(text));
      }),
      { seed: 1207, numRuns: 4000 },
    );
  });
});
