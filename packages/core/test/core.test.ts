import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CampaignSchema,
  countProvenance,
  fingerprint,
  formatCounts,
  formatZodError,
  normaliseIgnoringProvenance,
  resolveSectionRef,
  sectionByNumber,
  sectionByTitle,
  sectionLabel,
  type Claim,
} from '../src/index.js';

describe('the section vocabulary', () => {
  it('maps both generations onto one set of ids', () => {
    expect(sectionByNumber('7', 'older')).toBe('adversary');
    expect(sectionByNumber('1.7', 'newer')).toBe('inputs');
    expect(sectionByNumber('1.10', 'newer')).toBe('adversary');
    expect(sectionByNumber('11a', 'older')).toBe('non-findings');
    expect(sectionByNumber('1.15', 'newer')).toBe('non-findings');
    expect(sectionByNumber('1.9', 'newer')).toBe('dependencies');
    expect(sectionByNumber('16', 'older')).toBeNull();
  });

  it('maps titles, telling provided from not-provided properties', () => {
    expect(sectionByTitle('Security properties the project does NOT provide')).toBe('non-properties');
    expect(sectionByTitle('Security properties the framework provides')).toBe('properties');
    expect(sectionByTitle('Explicit non-goals')).toBe('out-of-scope');
    expect(sectionByTitle('Open questions for the maintainers')).toBe('questions');
    expect(sectionByTitle('What Trigon is')).toBeNull();
  });

  it('resolves what users write and shows the document’s own numbering back', () => {
    expect(['§3', '3', '1.3', 'out-of-scope'].map(resolveSectionRef)).toEqual([
      'out-of-scope',
      'out-of-scope',
      'out-of-scope',
      'out-of-scope',
    ]);
    expect(resolveSectionRef('§99')).toBeNull();
    expect(sectionLabel('adversary', 'older')).toBe('§7');
    expect(sectionLabel('adversary', 'newer')).toBe('1.10');
    expect(sectionLabel('outputs', 'older')).toBe('1.8');
  });
});

describe('counts and fingerprints', () => {
  it('counts claims by provenance and formats them as headers do', () => {
    const claims = ['documented', 'inferred', 'inferred', 'maintainer'].map((provenance) => ({ provenance }) as Claim);
    const counts = countProvenance(claims);
    expect(counts).toEqual({ documented: 1, inferred: 2, maintainer: 1, assumption: 0 });
    expect(formatCounts(counts)).toBe('1 documented / 1 maintainer / 2 inferred');
  });

  it('fingerprints normalised text: re-wrapping keeps it, a changed word does not', () => {
    const a = fingerprint('The peer is\nuntrusted  *(inferred — §14 Q1)*.');
    expect(a).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(fingerprint('The peer is untrusted *(inferred — §14 Q1)*.\n')).toBe(a);
    expect(fingerprint('The peer is trusted *(inferred — §14 Q1)*.')).not.toBe(a);
  });

  it('ignores provenance words when asked, so promotions alone compare equal', () => {
    expect(normaliseIgnoringProvenance('x *(inferred — §14 Q1)*')).toBe(
      normaliseIgnoringProvenance('x *(maintainer — bob, 2026-01-02 — Q1)*'),
    );
  });
});

describe('the campaign schema', () => {
  it('fills defaults and accepts section references in either generation', () => {
    const c = CampaignSchema.parse({
      local: { root: 'repos' },
      families: [
        { name: 'f', parent: { repo: 'o/p' }, inherit: ['§3', '1.4', 'adversary'], satellites: [{ repo: 'o/s' }] },
      ],
    });
    expect(c.forge).toBe('local');
    expect(c.branch).toBe('tmsync/threat-model-pointer');
    expect(c.families[0]?.parent.path).toBe('THREAT_MODEL.md');
    expect(c.families[0]?.satellites[0]).toMatchObject({ agents: 'AGENTS.md', security: 'SECURITY.md', replaces: [] });
  });

  it('rejects unknown keys, bad repository names and bad sections, naming the key path', () => {
    const r = CampaignSchema.safeParse({
      families: [
        { name: 'f', parent: { repo: 'o/p' }, inherit: ['§42'], satellites: [{ repo: 'not a repo', extra: 1 }] },
      ],
      typo: true,
    });
    expect(r.success).toBe(false);
    if (r.success) return;
    const text = formatZodError(r.error, 'campaign.yaml').join('\n');
    expect(text).toContain('campaign.yaml: families[0].satellites[0].repo: expected a repository as owner/name');
    expect(text).toContain('campaign.yaml: families[0].inherit[0]: expected a rubric section');
    expect(text).toMatch(/campaign\.yaml: \(top level\): .*typo/);
  });

  it('refuses paths that leave the repository', () => {
    expect(
      CampaignSchema.safeParse({
        families: [{ name: 'f', parent: { repo: 'o/p', path: '../x.md' }, satellites: [{ repo: 'o/s' }] }],
      }).success,
    ).toBe(false);
  });
});

describe('formatZodError', () => {
  const Schema = z.strictObject({
    name: z.string(),
    tags: z.array(z.string()).min(1),
    size: z.number({ error: 'expected a size in bytes' }),
    nested: z.strictObject({ on: z.boolean() }).optional(),
  });

  it('writes one line per problem with the file and key path, unknown keys by name, plain wording', () => {
    const r = Schema.safeParse({ tags: [], size: 'big', nested: { on: 1, off: true, dim: 2 }, colour: 'blue' });
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(formatZodError(r.error, 'f.yaml').sort()).toEqual(
      [
        'f.yaml: (top level): unknown key "colour"',
        'f.yaml: name: missing (expected a string)',
        'f.yaml: nested: unknown key "dim"',
        'f.yaml: nested: unknown key "off"',
        'f.yaml: nested.on: expected true or false, received number',
        'f.yaml: size: expected a size in bytes',
        'f.yaml: tags: expected at least 1 entry',
      ].sort(),
    );
  });

  it('places the issues under a key path and adds the line it is told', () => {
    const r = z.array(Schema).safeParse([{ name: 'a', tags: ['t'], size: 1, extra: 0 }]);
    expect(r.success).toBe(false);
    if (r.success) return;
    const lineOf = (path: readonly PropertyKey[], key?: string) => (key === 'extra' && path.length === 3 ? 7 : null);
    expect(formatZodError(r.error, 'c.yaml', { at: ['items', 'list'], lineOf })).toEqual([
      'c.yaml: items.list[0]: unknown key "extra" (line 7)',
    ]);
  });
});
