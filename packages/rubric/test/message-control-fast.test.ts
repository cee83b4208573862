import { parseDocument } from '@tmsync/parser';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { hasControlComment, tmsyncMessageControl } from '../src/preset.js';
import { lintText } from '../src/index.js';
import { CORPUS_DIR, corpus, corpusFiles, fixture, fixturePath } from './helpers.js';

const fixtureNames = readdirSync(fixturePath('.')).filter((n) => n.endsWith('.md'));

/** A file of `text` carrying messages at every line's start and end, one unplaced and one from another source. */
function probed(text: string): VFile {
  const file = new VFile({ path: 'probe.md', value: text });
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    // Every 5th line and the last ones (where the gap after the last node is): enough probes, fast to check.
    if (i % 5 !== 0 && i < lines.length - 5) return;
    file.message(`start ${i}`, { place: { line: i + 1, column: 1 }, ruleId: 'section-order', source: 'tmsync' });
    file.message(`end ${i}`, {
      place: { line: i + 1, column: line.length + 1 },
      ruleId: 'question-uncited',
      source: 'tmsync',
    });
  });
  file.message('unplaced', { ruleId: 'not-a-threat-model', source: 'tmsync' });
  file.message('elsewhere', { place: { line: lines.length, column: 1 }, ruleId: 'y', source: 'remark-lint' });
  return file;
}

/** The probes each way kept: [without message control's walks, with them]; the tree is parsed once. */
function keptBoth(text: string): [string[], string[]] {
  const { tree } = parseDocument(text, { path: 'probe.md' });
  const run = (always: boolean) => {
    const file = probed(text);
    tmsyncMessageControl({ always })(tree, file);
    return file.messages.map((m) => `${m.line}:${m.column} ${m.source} ${m.reason}`);
  };
  return [run(false), run(true)];
}

describe('message control without a control comment', () => {
  it('tells documents that may hold a tmsync or lint comment from those that cannot', () => {
    expect(hasControlComment('a\n<!-- tmsync disable section-order -->\n')).toBe(true);
    expect(hasControlComment('<!--lint enable-->')).toBe(true);
    expect(hasControlComment('<!-- lint\tdisable x -->')).toBe(true);
    expect(hasControlComment('<!-- tmsync-note: keep -->')).toBe(false);
    expect(hasControlComment('<!-- linting notes -->')).toBe(false);
    expect(hasControlComment('tmsync disable section-order')).toBe(false);
  });

  it('keeps and drops the same messages as unified-message-control on every fixture', () => {
    for (const name of fixtureNames) {
      const text = fixture(name);
      if (hasControlComment(text)) continue;
      const [fast, full] = keptBoth(text);
      expect(fast, name).toEqual(full);
      // The trailing gap is real: some probe after the last node is dropped on a document ending in blank lines.
      expect(fast.length).toBeGreaterThan(0);
    }
  });

  it('drops the messages placed after the last node, as message control does', () => {
    const text = '# Title\n\nSome text.\n\n\n';
    const [fast, full] = keptBoth(text);
    expect(fast).toEqual(full);
    expect(fast.some((m) => m.endsWith('start 4'))).toBe(false);
    expect(fast).toContain('1:1 tmsync unplaced');
    expect(fast.some((m) => m.endsWith('elsewhere'))).toBe(true);
  });

  it.skipIf(!CORPUS_DIR)('keeps and drops the same messages on every corpus document', () => {
    for (const name of corpusFiles()) {
      const text = corpus(name);
      const [fast, full] = keptBoth(text);
      expect(fast, name).toEqual(full);
    }
  });

  it('still obeys a control comment', () => {
    const text = fixture('message-control.md');
    expect(hasControlComment(text)).toBe(true);
    const ids = (t: string) => lintText(t, 'message-control.md').messages.map((m) => m.ruleId);
    const plainComment = text.replace('<!-- tmsync disable question-uncited -->', '<!-- a note, not a control -->');
    expect(hasControlComment(plainComment)).toBe(false);
    expect(ids(plainComment)).toContain('question-uncited');
    expect(ids(text)).not.toContain('question-uncited');
  });
});
