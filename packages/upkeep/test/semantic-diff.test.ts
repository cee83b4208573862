import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseThreatModel } from '@tmsync/parser';
import { describe, expect, it } from 'vitest';
import { semanticDiff, wordDiff } from '../src/index.js';

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
});
