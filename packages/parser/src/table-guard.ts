/**
 * GFM tables for one document, with a look at the raw text before each try.
 *
 * micromark-extension-gfm-table tries a table at the start of every flow
 * block: it tokenizes the block's whole first line as a head row, cell by
 * cell, and only at the line's end looks for the delimiter row below. In a
 * threat model, where most paragraphs are one long line, that is a second
 * tokenization of most of the prose and about a fifth of the parse. A head
 * row needs a delimiter row on the next line, and a delimiter row is made of
 * `-`, `:`, `|`, spaces and tabs only (after the `>` and indentation of the
 * containers it sits in); so when the next line of the text has anything else,
 * or no `-`, the try cannot succeed and is refused before it starts. Every
 * other try, and every body row of a table already open, goes to the
 * extension's own tokenizer: the tree is the one the extension alone gives
 * (test/table-guard.test.ts compares them).
 */
import type { Construct, Extension, State, TokenizeContext, Tokenizer } from 'micromark-util-types';
import { gfmTable } from 'micromark-extension-gfm-table';

/** Whether the line after the one holding `offset` could be a table's delimiter row. */
export function nextLineCouldDelimitTable(text: string, offset: number): boolean {
  let end = offset;
  while (end < text.length) {
    const c = text.charCodeAt(end);
    if (c === 10 || c === 13) break;
    end++;
  }
  if (end >= text.length) return false;
  // One line ending: \n, \r or \r\n, as micromark reads them.
  let i = text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
  let dash = false;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) break;
    if (c === 45) dash = true;
    else if (c !== 32 && c !== 9 && c !== 124 && c !== 58 && c !== 62) return false;
  }
  return dash;
}

/** Whether a table's head is already open above (the try is a body row): what the extension itself checks first. */
function continuesTable(self: TokenizeContext): boolean {
  let index = self.events.length - 1;
  while (index > -1) {
    const type = self.events[index]?.[1].type;
    if (type !== 'lineEnding' && type !== 'linePrefix') break;
    index--;
  }
  const tail = index > -1 ? self.events[index]?.[1].type : null;
  return tail === 'tableHead' || tail === 'tableRow';
}

/** The GFM table extension for one document's text, refusing at once the tries that cannot become a table. */
export function gfmTableFor(text: string): Extension {
  // micromark drops a leading byte order mark, and its offsets count from after it.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const table = (gfmTable().flow as Record<string, Construct>).null as Construct;
  const tokenize: Tokenizer = function (this: TokenizeContext, effects, ok, nok): State {
    const tryTable = table.tokenize.call(this, effects, ok, nok);
    return (code) => {
      if (continuesTable(this) || nextLineCouldDelimitTable(source, this.now().offset)) return tryTable(code);
      return nok(code);
    };
  };
  return { flow: { null: [{ ...table, tokenize }] } };
}
