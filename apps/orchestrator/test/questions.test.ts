import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { YAMLMap, YAMLSeq } from 'yaml';
import { parse, parseDocument } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, TestFamily } from './helpers/family.js';

const MODEL = fixture('parent-model.md');
let family: TestFamily | null = null;
afterEach(() => {
  family?.cleanup();
  family = null;
});

/** A parent whose Q5 arrives in a later commit, and a campaign naming it. */
function parentWithHistory(): TestFamily {
  const f = new TestFamily('tmsync-questions-');
  family = f;
  const withoutQ5 = MODEL.replace('**Q5.** Is an unauthenticated remote attacker the main adversary?\n', '');
  expect(withoutQ5).not.toContain('**Q5.**');
  const p = f.repo('acme/parent', { 'THREAT_MODEL.md': withoutQ5 });
  p.write('THREAT_MODEL.md', MODEL).commit('Ask Q5');
  f.repo('acme/sat');
  f.campaign({
    families: [{ name: 'Example & co', parent: { repo: 'acme/parent' }, satellites: [{ repo: 'acme/sat' }] }],
  });
  return f;
}

describe('questions', () => {
  it('lists open questions with wave, age from the history and the claims citing them', async () => {
    const f = parentWithHistory();
    const r = await f.run('questions', 'repos/acme/parent/THREAT_MODEL.md');
    expect(r.code).toBe(0);
    expect(r.out).toContain('repos/acme/parent/THREAT_MODEL.md: 5 open or partial question(s)');
    expect(r.out).toMatch(/ {2}Q1 +open +line 83, Wave 1, since 2024-06-01 \(2 commits\)/);
    expect(r.out).toMatch(/ {2}Q5 +open +line 90, Wave 2, since 2024-06-01 \(1 commit\)/);
    expect(r.out).toContain(
      '    cited by line 44 (7 Adversary model): A remote attacker with network access to the public API, holding no credentials',
    );
    expect(r.out).toContain(
      '    Is the management network always isolated?\n    cited by line 32 (5 Assumptions about the environment): The management network is isolated from tenant networks\n',
    );
    const json = JSON.parse((await f.run('questions', '--campaign', 'campaign.yaml', '--format', 'json')).out);
    expect(json.models[0].family).toBe('Example & co');
    expect(json.models[0].questions.map((q: { id: string }) => q.id)).toEqual(['Q1', 'Q2', 'Q3', 'Q4', 'Q5']);
    expect(json.models[0].questions[4].since.commits).toBe(1);
  });

  it('writes an answers skeleton that answer refuses unfilled and accepts filled in', async () => {
    const f = parentWithHistory();
    const model = 'repos/acme/parent/THREAT_MODEL.md';
    const skeleton = await f.run('questions', model, '--format', 'answers');
    expect(skeleton.code).toBe(0);
    expect(skeleton.out).toContain(
      '# Q3 (open, Wave 1, line 85): Is the server → agent channel authenticated both ways?',
    );
    expect(parse(skeleton.out)).toHaveLength(5);
    writeFileSync(join(f.root, 'answers.yaml'), skeleton.out);
    const unfilled = await f.run('answer', model, 'answers.yaml', '--dry-run');
    expect(unfilled.code).toBe(2);
    expect(unfilled.err).toContain('answers.yaml: [0].action: expected confirm | correct | strike');
    // The committee answers Q1 and Q4 and deletes the rest.
    const doc = parseDocument(skeleton.out);
    for (const id of ['Q2', 'Q3', 'Q5']) {
      const items = (doc.contents as YAMLSeq).items as YAMLMap[];
      doc.deleteIn([items.findIndex((m) => m.get('question') === id)]);
    }
    doc.setIn([0, 'action'], 'confirm');
    doc.setIn([0, 'by'], 'PMC');
    doc.setIn([1, 'action'], 'strike');
    doc.setIn([1, 'by'], 'PMC');
    writeFileSync(join(f.root, 'answers.yaml'), doc.toString());
    const ok = await f.run('answer', model, 'answers.yaml', '--dry-run');
    expect(ok.code).toBe(0);
    expect(ok.err).toMatch(/Q1 confirm \(PMC, /);
    expect(ok.err).toMatch(/Q4 strike \(PMC, /);
    expect(ok.err).toContain('dry run: nothing written');
    // A campaign writes one file per family.
    const out = await f.run('questions', '--campaign', 'campaign.yaml', '--format', 'answers', '--out', 'answers');
    expect(out.code).toBe(0);
    expect(out.out).toBe('answers/example-co.answers.yaml: 5 question(s)\n');
    expect(readFileSync(join(f.root, 'answers', 'example-co.answers.yaml'), 'utf8')).toBe(
      skeleton.out.replace(model, 'acme/parent:THREAT_MODEL.md'),
    );
    const bad = await f.run('questions', '--campaign', 'campaign.yaml', '--format', 'answers');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--format answers with --campaign writes one file per family: add --out DIR');
  });
});
