import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sentences } from '../src/baseline.js';

/** The pattern `sentences` replaces (quadratic on a run cut by `e.g.`), as the reference. */
const byPattern = (text: string) => [...text.matchAll(/[^.!?]+(?:[.!?](?=\s|$)|$)/g)].map((m) => [m.index, m[0]]);
const byScan = (text: string) => [...sentences(text)].map((m) => [m.index, m[0]]);

describe('sentences', () => {
  it('finds what the sentence pattern finds, on text made of its edge cases', () => {
    const unit = fc.constantFrom('a', 'b', ' ', '\t', '\n', '\u00a0', '.', '!', '?', 'e.g.', '1.2', '...');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        expect(byScan(text)).toEqual(byPattern(text));
      }),
      { seed: 1207, numRuns: 3000 },
    );
  });

  it('keeps the pattern’s reading of a run cut by an abbreviation', () => {
    expect(byScan('See e.g. this. Then that')).toEqual([
      [6, 'g.'],
      [8, ' this.'],
      [14, ' Then that'],
    ]);
    expect(byScan('See e.g. this. Then that')).toEqual(byPattern('See e.g. this. Then that'));
  });
});
