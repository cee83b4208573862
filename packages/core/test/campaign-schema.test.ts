import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  campaignJsonSchema,
  campaignKeysAt,
  localPathProblem,
  REPO_PATH_PATTERN,
  repoPathProblem,
} from '../src/index.js';

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

describe('paths in a campaign file (#15.3)', () => {
  const bad = [
    '--output=x',
    'docs/-x.md',
    '../x',
    'a/../../x',
    '/etc/passwd',
    'C:/x',
    'a\u0000b',
    'a\u001bb',
    'a\\b',
    '.git/config',
    'a//b',
    'a/',
    '',
  ];
  const good = ['THREAT_MODEL.md', 'docs/ADDENDUM.md', '.github/SECURITY.md', 'a..b.md', 'x-y/z_1.md', 'ünïcode.md'];

  it('refuses what could reach git as an option, leave the repository or hide a control character', () => {
    for (const p of bad) expect(repoPathProblem(p), JSON.stringify(p)).not.toBeNull();
    for (const p of good) expect(repoPathProblem(p), JSON.stringify(p)).toBeNull();
  });

  it('publishes the same rule as a pattern for editors', () => {
    for (const p of [...bad, ...good])
      expect(REPO_PATH_PATTERN.test(p), JSON.stringify(p)).toBe(repoPathProblem(p) === null);
    const schema = campaignJsonSchema() as {
      properties: { families: { items: { properties: { parent: { properties: { path: { pattern: string } } } } } } };
    };
    expect(schema.properties.families.items.properties.parent.properties.path.pattern).toBe(REPO_PATH_PATTERN.source);
  });

  it('lets local folders be absolute or above the campaign file, never option-like', () => {
    expect(localPathProblem('/var/cache/tmsync')).toBeNull();
    expect(localPathProblem('../repos')).toBeNull();
    expect(localPathProblem('-x')).toMatch(/may not start with "-"/);
    expect(localPathProblem('a\nb')).toMatch(/control character/);
  });
});
