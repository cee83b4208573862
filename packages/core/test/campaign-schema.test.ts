import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { campaignJsonSchema, campaignKeysAt } from '../src/index.js';

describe('the campaign JSON Schema', () => {
  it('is published as generated from the zod schema (regenerate campaign.schema.json when this fails)', () => {
    const published = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'campaign.schema.json'), 'utf8'));
    expect(published).toEqual(campaignJsonSchema());
  });

  it('lists the keys a campaign file accepts where it is asked', () => {
    expect(campaignKeysAt([])).toContain('families');
    expect(campaignKeysAt(['families', 0, 'parent'])).toEqual([
      'repo',
      'path',
      'ref',
      'pointers',
      'agents',
      'security',
    ]);
    expect(campaignKeysAt(['families', 0, 'satellites', 3])).toContain('replaces');
    expect(campaignKeysAt(['families', 0, 'name'])).toEqual([]);
  });
});
