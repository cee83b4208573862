import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseThreatModel } from '@tmsync/parser';
import { describe, expect, it } from 'vitest';
import { applyAnswers, diffJson, diffMarkdown, diffText, parseAnswers, semanticDiff, wordDiff } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const OLDER = readFileSync(join(here, 'fixtures', 'older-model.md'), 'utf8');

describe('semantic diff', () => {
  it('reports sections added and removed, claims added and removed, questions opened and demotions', () => {
    const a = OLDER;
    const b = a
      .replace('## §12 Conditions that would change this model\n\nA network listener would change this model.\n\n', '')
      .replace('## §13 Triage dispositions', '## §15 Machine-readable companion\n\nNone.\n\n## §13 Triage dispositions')
      .replace(
        'Parsing a widget file runs no code from it *(documented: docs/design.md)*.',
        'Parsing a widget file runs no code from it *(inferred — §14 Q7)*. Plugins are signed *(documented: docs/plugins.md)*.',
      )
      .replace(
        '**Q6.** Should the parser run in a sandbox? *(maps to §9)*',
        '**Q6.** Should the parser run in a sandbox? *(maps to §9)*\n\n**Q7.** Does parsing run no code? *(maps to §8)*',
      );
    const d = semanticDiff(
      { model: parseThreatModel(a), text: a, label: 'a' },
      { model: parseThreatModel(b), text: b, label: 'b' },
    );
    expect(d.sections.filter((s) => s.change !== 'changed').map((s) => [s.id, s.change])).toEqual([
      ['companion', 'added'],
      ['change-conditions', 'removed'],
    ]);
    expect(d.demotions).toEqual([expect.objectContaining({ from: 'documented', to: 'inferred', match: 'text' })]);
    expect(d.claims.added).toEqual([expect.objectContaining({ text: 'Plugins are signed', provenance: 'documented' })]);
    expect(d.questions.opened).toEqual(['Q7']);
  });

  it('makes a word-level diff with the words around each change', () => {
    expect(wordDiff('the quick brown fox jumps\nover the dog\n', 'the quick red fox jumps\nover the dog\n')).toEqual([
      { kind: 'same', text: 'the quick ' },
      { kind: 'removed', text: 'brown' },
      { kind: 'added', text: 'red' },
      { kind: 'same', text: ' fox jumps over the dog ' },
    ]);
  });

  it('renders an answer round as text, Markdown and the JSON contract', () => {
    const answers = parseAnswers(
      '- {question: Q2, action: confirm, by: bob}\n- {question: Q5, action: strike, by: bob}\n',
      'a.yaml',
    );
    const after = applyAnswers(OLDER, answers, {
      modelLabel: 'm.md',
      answersLabel: 'a.yaml',
      today: '2030-01-02',
    }).text;
    const d = semanticDiff(
      { model: parseThreatModel(OLDER), text: OLDER, label: 'v1' },
      { model: parseThreatModel(after), text: after, label: 'v2' },
    );
    expect(d.questions).toMatchObject({ resolved: ['Q2'], struck: ['Q5'], opened: [] });
    expect(diffText(d)).toContain('semantic diff: v1 → v2\n');
    expect(diffText(d)).toContain(`tags: ${d.promotions.length} promoted, 0 demoted`);
    expect(diffText(d)).toContain('questions: opened none; resolved Q2; struck Q5');
    expect(diffMarkdown(d)).toContain('**Questions:** resolved Q2 · opened none · struck Q5');
    expect(diffMarkdown(d)).toContain('<ins>maintainer — bob, 2030-01-02 —</ins>');
    expect(diffJson(d)).toMatchObject({ a: 'v1', b: 'v2', promoted: d.promotions.length, demoted: 0 });
    expect(d.promotions.length).toBeGreaterThan(0);
  });
});
