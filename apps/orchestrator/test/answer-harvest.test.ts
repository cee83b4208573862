import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tmsync } from './cli-helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const HARVEST = join(here, '../../../packages/upkeep/test/fixtures/harvest-model.md');
const EXAMPLE = join(here, '../../../examples/newer-generation');

function read(path: string): string {
  return readFileSync(path, 'utf8');
}

/** A fresh folder holding a copy of the harvest fixture as m.md. */
function workspace(): { dir: string; model: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tmsync-harvest-'));
  copyFileSync(HARVEST, join(dir, 'm.md'));
  return { dir, model: join(dir, 'm.md') };
}

/** `stats --format json` of a file: its provenance counts and question states. */
async function stats(dir: string, file: string) {
  const r = await tmsync(['stats', file, '--format', 'json'], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

/** How many findings of a rule `lint` reports on a file. */
async function findings(dir: string, file: string, rule: string): Promise<number> {
  const r = await tmsync(['lint', file, '--format', 'json'], { cwd: dir });
  const out = JSON.parse(r.stdout);
  const messages = (Array.isArray(out) ? out : (out.files ?? [out])).flatMap(
    (f: { messages?: { ruleId?: string; rule?: string }[] }) => f.messages ?? [],
  );
  return messages.filter((m: { ruleId?: string; rule?: string }) => (m.ruleId ?? m.rule) === rule).length;
}

describe('tmsync answer MODEL --harvest', () => {
  it('--dry-run prints the diff and the answers found, names the partly answered question, and writes nothing', async () => {
    const { dir, model } = workspace();
    const before = read(model);
    const r = await tmsync(['answer', 'm.md', '--harvest', '--dry-run'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^-The host is trusted \*\(inferred — §14 Q4\)\*\.$/m);
    expect(r.stdout).toMatch(/^\+The host is trusted \*\(maintainer — Carol Poe, 2026-04-11 — §14 Q4\)\*\.$/m);
    expect(r.stderr).toContain(
      'Q1 (marked resolved, line 87; by Jane Doe, on 2026-03-02): 1 claim promoted to maintainer; its marker is left as it is\n',
    );
    expect(r.stderr).toContain(
      'Q2 (marked resolved, line 89; by PMC, no date written (2026-06-04 used)): 3 claims promoted to maintainer',
    );
    expect(r.stderr).toContain(
      'Q5 is partly answered (line 98, "Partially answered"): its 1 inferred/assumption claim is not harvested; answer it in full first (tmsync answer m.md ANSWERS)\n',
    );
    expect(r.stderr).toMatch(/dry run: nothing written\n$/);
    expect(read(model)).toBe(before);
  });

  it('folds the answers in: stats and lint agree, the questions section is untouched, a second run changes nothing', async () => {
    const { dir, model } = workspace();
    const before = read(model);
    const s0 = await stats(dir, 'm.md');
    expect(await findings(dir, 'm.md', 'inferred-cites-resolved-question')).toBeGreaterThan(0);
    const r = await tmsync(['answer', 'm.md', '--harvest'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^wrote m\.md$/m);
    const after = read(model);
    const s1 = await stats(dir, 'm.md');
    expect(s0.provenance).toEqual(expect.objectContaining({ maintainer: 2, inferred: 9 }));
    expect(s1.provenance).toEqual(expect.objectContaining({ maintainer: 10, inferred: 1 }));
    expect(s1.questionStates ?? s1.questions).toEqual(s0.questionStates ?? s0.questions);
    expect(await findings(dir, 'm.md', 'inferred-cites-resolved-question')).toBe(0);
    expect(after.slice(after.indexOf('## §14'))).toBe(before.slice(before.indexOf('## §14')));
    const again = await tmsync(['answer', 'm.md', '--harvest'], { cwd: dir, env: { TMSYNC_TODAY: '2027-01-01' } });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      'nothing to harvest: no inferred or assumption claim in m.md cites a question it marks resolved',
    );
    expect(again.stdout).toContain('nothing to change: m.md already reflects the answers it records');
    expect(read(model)).toBe(after);
  });

  it('refuses an answers file beside --harvest, and a missing ANSWERS without it, with one line and exit 2', async () => {
    const { dir, model } = workspace();
    writeFileSync(join(dir, 'answers.yaml'), '- {question: Q6, action: confirm, by: bob}\n');
    const both = await tmsync(['answer', 'm.md', 'answers.yaml', '--harvest'], { cwd: dir });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^tmsync answer: expected MODEL alone with --harvest .*\n$/);
    const none = await tmsync(['answer', 'm.md'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^tmsync answer: expected MODEL and ANSWERS .*MODEL --harvest.*\n$/);
    expect(read(model)).toBe(read(HARVEST));
  });

  it('keeps a newer-generation sidecar in step, in the same run, and re-running changes neither file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmsync-harvest-newer-'));
    const prose = read(join(EXAMPLE, 'THREAT_MODEL.md')).replace(
      '- **Q1** — Does Tarn stay free of sockets, child processes and environment reads?',
      '- **Q1** — Does Tarn stay free of sockets, child processes and environment reads? **RESOLVED** *(maintainer: kim, 2026-11-04)* — yes.',
    );
    writeFileSync(join(dir, 'THREAT_MODEL.md'), prose);
    copyFileSync(join(EXAMPLE, 'threat-model.yaml'), join(dir, 'threat-model.yaml'));
    const r = await tmsync(['answer', 'THREAT_MODEL.md', '--harvest'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Q1 (marked resolved, line 183; by kim, on 2026-11-04): 1 claim promoted to maintainer');
    expect(r.stdout).toMatch(/^sidecar threat-model\.yaml: 1 record promoted; .*$/m);
    expect(read(join(dir, 'THREAT_MODEL.md'))).toContain(
      'reads no environment variables *(maintainer: kim, 2026-11-04 — Q1)*.',
    );
    expect(read(join(dir, 'threat-model.yaml'))).toMatch(/provenance: \{ kind: maintainer, date: "?2026-11"? \}/);
    const check = await tmsync(['sidecar', 'check', 'THREAT_MODEL.md'], { cwd: dir });
    expect(check.stdout).toBe('threat-model.yaml: 0 errors, 0 warnings\n');
    const proseAfter = read(join(dir, 'THREAT_MODEL.md'));
    const sideAfter = read(join(dir, 'threat-model.yaml'));
    const again = await tmsync(['answer', 'THREAT_MODEL.md', '--harvest'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/^wrote /m);
    expect(read(join(dir, 'THREAT_MODEL.md'))).toBe(proseAfter);
    expect(read(join(dir, 'threat-model.yaml'))).toBe(sideAfter);
  });
});

describe("tmsync answer marks questions in the document's own convention", () => {
  it('writes the `**RESOLVED**` token the document uses, and never a second marker on a question already answered', async () => {
    const { dir, model } = workspace();
    // The document marks answered questions with a bold RESOLVED right after the label.
    const text = read(model).replace(
      '**Q1.** Is the CLI a thin wrapper? *(maps to §2)* **RESOLVED** *(maintainer: Jane Doe, 2026-03-02)* — yes, it only parses arguments.',
      '**Q1.** **RESOLVED** *(maintainer: Jane Doe, 2026-03-02)* — yes. Is the CLI a thin wrapper? *(maps to §2)*',
    );
    writeFileSync(model, text);
    writeFileSync(
      join(dir, 'answers.yaml'),
      '- {question: Q6, action: confirm, by: bob, date: 2026-07-01}\n- {question: Q1, action: confirm, by: bob, date: 2026-07-01}\n',
    );
    const r = await tmsync(['answer', 'm.md', 'answers.yaml'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const after = read(model);
    expect(after).toContain(
      '**Q6.** **RESOLVED** *(Answered — maintainer bob, 2026-07-01)* Should the parser run in a sandbox?',
    );
    // Q1 was already marked: its claim is promoted, its entry left exactly as it was.
    expect(r.stdout).toMatch(
      /^Q1 confirm \(bob, 2026-07-01\): 1 claim promoted to maintainer; Q1 is already marked answered$/m,
    );
    expect(after).toContain(
      '**Q1.** **RESOLVED** *(maintainer: Jane Doe, 2026-03-02)* — yes. Is the CLI a thin wrapper? *(maps to §2)*\n',
    );
    expect(after.match(/RESOLVED/g)?.length).toBe(2);
    const states = (await stats(dir, 'm.md')).questions.map((q: { id: string; status: string }) => [q.id, q.status]);
    expect(states).toContainEqual(['Q6', 'resolved']);
    expect((await tmsync(['answer', 'm.md', 'answers.yaml'], { cwd: dir })).stdout).toContain('nothing to change');
  });
});
