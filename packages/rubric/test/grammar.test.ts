import { parseGfmMarkdown, parseMarkdown, parseThreatModel } from '@tmsync/parser';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Node } from 'unist';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { createProcessor, lintText } from '../src/index.js';
import { corpus, corpusFiles, fixture, SKIP_CORPUS } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Node types that only the full GFM grammar produces (autolink literals, footnotes) or fields (task-list `checked`). */
const LEFT_OUT = ['footnoteReference', 'footnoteDefinition'];

/** Lint messages of a document when the rules run over the full-GFM tree instead of the model grammar's. */
function lintOverFullGfm(text: string, path: string) {
  const file = new VFile({ path, value: text });
  file.data.threatModel = parseThreatModel(text, { path });
  createProcessor().runSync(parseGfmMarkdown(text), file);
  return file.messages.map((m) => [m.ruleId, m.line, m.column, m.reason]);
}

const messages = (text: string, path: string) =>
  lintText(text, path).messages.map((m) => [m.ruleId, m.line, m.column, m.reason]);

describe('the model grammar (CommonMark + GFM tables and strikethrough)', () => {
  it('gives the rules the same findings as full GFM on every fixture', () => {
    const names = readdirSync(join(here, 'fixtures')).filter((n) => n.endsWith('.md'));
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) expect(lintOverFullGfm(fixture(name), name), name).toEqual(messages(fixture(name), name));
  });

  it.skipIf(SKIP_CORPUS)('gives the rules the same findings as full GFM on every corpus document', () => {
    for (const name of corpusFiles()) {
      const text = corpus(name);
      expect(lintOverFullGfm(text, name), name).toEqual(messages(text, name));
    }
  });

  it('still reads tables and strikethrough, and leaves bare URLs and footnotes as text', () => {
    const text = '| a | b |\n| - | - |\n| ~~x~~ | y |\n\nSee https://example.org and [^1].\n\n[^1]: a note\n';
    const types = (tree: Node) => {
      const seen = new Set<string>();
      visit(tree, (n) => {
        seen.add(n.type);
      });
      return seen;
    };
    const model = types(parseMarkdown(text));
    expect(model.has('table')).toBe(true);
    expect(model.has('delete')).toBe(true);
    expect(model.has('link')).toBe(false);
    for (const t of LEFT_OUT) expect(model.has(t)).toBe(false);
    const full = types(parseGfmMarkdown(text));
    expect(full.has('link')).toBe(true);
    expect(full.has('footnoteDefinition')).toBe(true);
  });

  it('no source of the parser or the rules reads the node types left out', () => {
    const sources = ['../src', '../../parser/src'].flatMap((dir) => {
      const abs = join(here, dir);
      return readdirSync(abs, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.ts'))
        .map((f) => readFileSync(join(abs, f), 'utf8'));
    });
    expect(sources.length).toBeGreaterThan(20);
    for (const source of sources) {
      for (const t of LEFT_OUT) expect(source).not.toContain(`'${t}'`);
      expect(source).not.toMatch(/\.checked\b/);
    }
  });
});
