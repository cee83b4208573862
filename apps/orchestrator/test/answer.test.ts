import type { ThreatModel } from '@tmsync/core';
import { countProvenance } from '@tmsync/core';
import { parseThreatModel } from '@tmsync/parser';
import { diffChars } from 'diff';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusPath, fixturePath, SKIP_CORPUS, tmsync } from './cli-helpers.js';

/** A fresh folder holding a copy of a model (as m.md) and an answers file. */
function workspace(
  modelPath: string,
  answers: string,
  answersName = 'answers.yaml',
): { dir: string; model: string; answers: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tmsync-answer-'));
  copyFileSync(modelPath, join(dir, 'm.md'));
  writeFileSync(join(dir, answersName), answers);
  return { dir, model: join(dir, 'm.md'), answers: answersName };
}

function read(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Claims citing any of the questions. */
function citing(model: ThreatModel, ids: readonly string[]) {
  return model.claims.filter((c) => c.questionRefs.some((r) => ids.includes(r.id)));
}

/**
 * Asserts that `after` differs from `before` only inside the allowed ranges of
 * `before` (offsets): every removed character lies in one, every insertion
 * point is in one (or at its edge).
 */
function assertOnlyWithin(
  before: string,
  after: string,
  allowed: { start: number; end: number; what: string }[],
): void {
  let offset = 0;
  const outside: string[] = [];
  const inside = (at: number) => allowed.some((r) => at >= r.start && at <= r.end);
  for (const part of diffChars(before, after)) {
    if (part.added) {
      // An insertion next to text equal to its own edge may be placed on either side of that text: any such place will do.
      const v = part.value;
      let ok = inside(offset);
      for (let k = 1; !ok && k <= v.length; k++) {
        if (before.slice(offset - k, offset) === v.slice(v.length - k)) ok = inside(offset - k);
        else break;
      }
      for (let k = 1; !ok && k <= v.length; k++) {
        if (before.slice(offset, offset + k) === v.slice(0, k)) ok = inside(offset + k);
        else break;
      }
      if (!ok) outside.push(`insertion at ${offset}: ${JSON.stringify(v.slice(0, 60))}`);
      continue;
    }
    const end = offset + part.value.length;
    if (part.removed && !allowed.some((r) => offset >= r.start && end <= r.end))
      outside.push(`removal ${offset}-${end}: ${JSON.stringify(part.value.slice(0, 60))}`);
    offset = end;
  }
  expect(outside).toEqual([]);
}

/** The ranges `answer` may touch in a model: tags of claims citing the questions, their §14 entries, the declared counts. */
function allowedRanges(model: ThreatModel, ids: readonly string[]) {
  const ranges: { start: number; end: number; what: string }[] = [];
  for (const c of citing(model, ids))
    ranges.push({
      start: c.tagRange.start.offset,
      end: c.tagRange.end.offset,
      what: `tag line ${c.tagRange.start.line}`,
    });
  for (const q of model.questions.filter((x) => ids.includes(x.id)))
    ranges.push({ start: q.range.start.offset, end: q.range.end.offset, what: `${q.id} entry` });
  if (model.declared)
    ranges.push({
      start: model.declared.countsRange.start.offset,
      end: model.declared.countsRange.end.offset,
      what: 'declared counts',
    });
  return ranges;
}

describe('tmsync answer on an older-generation model', () => {
  const ANSWERS = `- question: Q2
  action: confirm
  by: bob
  note: embedders trust their callers; files are untrusted
- question: Q3
  action: correct
  by: carol
  date: 2026-06-01
  replacements:
    - claim: "Callers limit file sizes"
      text: "Callers limit file sizes and nesting depth"
- question: Q5
  action: strike
  by: bob
  note: confidentiality was never in question
`;

  it('promotes, corrects, strikes and recounts, touching only those bytes', async () => {
    const { dir, model, answers } = workspace(fixturePath('older-model.md'), ANSWERS);
    const before = read(model);
    const m0 = parseThreatModel(before);
    const r = await tmsync(['answer', 'm.md', answers], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const after = read(model);
    const m1 = parseThreatModel(after);

    // Tags in the document's own maintainer style (learnt from `*(maintainer — alice, 2026-05-01 — Q1)*`).
    expect(after).toContain(
      'It is embedded by applications that trust their callers *(maintainer — bob, 2026-06-04 — §14 Q2)*.',
    );
    // A mixed tag changes only its inferred part.
    expect(after).toContain('*(documented: docs/design.md; maintainer — bob, 2026-06-04 — §14 Q2)*');
    // A claim citing two questions keeps both references.
    expect(after).toContain('Widget files come from untrusted sources *(maintainer — bob, 2026-06-04 — §14 Q2, Q3)*.');
    // A correction replaces the claim's text and promotes it.
    expect(after).toContain(
      '1. Callers limit file sizes and nesting depth *(maintainer — carol, 2026-06-01 — §14 Q3)*.',
    );
    // §14: marked the way the document marks answered questions; struck questions keep their claims.
    expect(after).toContain(
      '**Q2.** ✅ Confirmed *(Answered — maintainer bob, 2026-06-04: embedders trust their callers; files are untrusted)* Do embedding',
    );
    expect(after).toContain(
      '**Q3.** ✅ Corrected *(Answered with a correction — maintainer carol, 2026-06-01)* Is denial',
    );
    expect(after).toContain(
      '**~~Q5.~~** — struck by bob, 2026-06-04: confidentiality was never in question. Is confidentiality',
    );
    expect(after).toContain('No confidentiality of parsed data *(inferred — §14 Q5)*.');
    // The declared counts are recomputed in place; approximate counts become exact.
    const c1 = countProvenance(m1.claims);
    expect(after).toContain(
      `- **Draft confidence:** ${c1.documented} documented / ${c1.maintainer} maintainer / ${c1.inferred} inferred.`,
    );
    expect(m1.declared?.inferred?.approximate).toBe(false);

    expect(m1.questions.find((q) => q.id === 'Q2')?.status).toBe('resolved');
    expect(m1.questions.find((q) => q.id === 'Q3')?.status).toBe('resolved');
    expect(m1.questions.find((q) => q.id === 'Q5')?.status).toBe('struck');

    // Stats move by exactly the claims citing the confirmed and corrected questions.
    const promoted = citing(m0, ['Q2', 'Q3']).filter((c) => c.provenance === 'inferred').length;
    const c0 = countProvenance(m0.claims);
    expect(c1).toEqual({ ...c0, inferred: c0.inferred - promoted, maintainer: c0.maintainer + promoted });

    // Only the changed tags, the replaced claim text, the §14 entries and the counts changed.
    const replaced = m0.claims.find((c) => c.text.startsWith('Callers limit file sizes'));
    const allowed = allowedRanges(m0, ['Q2', 'Q3', 'Q5']);
    if (replaced)
      allowed.push({
        start: replaced.textRange.start.offset,
        end: replaced.textRange.end.offset,
        what: 'replaced text',
      });
    assertOnlyWithin(before, after, allowed);
    expect(r.stdout).toContain(
      'Q2 confirm (bob, 2026-06-04): 3 claims promoted to maintainer; question marked answered',
    );
    expect(r.stdout).toContain('Q5 strike (bob, 2026-06-04): question marked struck; 1 claim still cites it');
    expect(r.stdout).toContain('wrote m.md');
    // No temporary file is left behind.
    expect(readdirSync(dir).sort()).toEqual(['answers.yaml', 'm.md']);
  });

  it('is idempotent: the second run changes nothing and says so', async () => {
    const { dir, model, answers } = workspace(fixturePath('older-model.md'), ANSWERS);
    await tmsync(['answer', 'm.md', answers], { cwd: dir });
    const once = read(model);
    const r = await tmsync(['answer', 'm.md', answers], { cwd: dir });
    expect(r.code).toBe(0);
    expect(read(model)).toBe(once);
    expect(r.stdout).toContain('nothing to change: m.md already reflects these answers');
    expect(r.stdout).toContain('Q2 is already marked answered');
    expect(r.stdout).toContain('replacement 1 is already in place');
    expect(r.stdout).not.toContain('wrote');
  });

  it('--dry-run prints a unified diff and writes nothing', async () => {
    const { dir, model, answers } = workspace(fixturePath('older-model.md'), ANSWERS);
    const before = read(model);
    const r = await tmsync(['answer', 'm.md', answers, '--dry-run'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(read(model)).toBe(before);
    expect(r.stdout).toMatch(/^=+\n--- a\/m\.md\n\+\+\+ b\/m\.md\n@@ /);
    expect(r.stdout).toContain('-It is embedded by applications that trust their callers *(inferred — §14 Q2)*.');
    expect(r.stdout).toContain(
      '+It is embedded by applications that trust their callers *(maintainer — bob, 2026-06-04 — §14 Q2)*.',
    );
    expect(r.stderr).toContain('dry run: nothing written');
    expect(readdirSync(dir).sort()).toEqual(['answers.yaml', 'm.md']);
  });

  it('lets the rubric see the result: closures licensed, claims on struck questions reported', async () => {
    const { lintText } = await import('@tmsync/rubric');
    const { dir, model, answers } = workspace(fixturePath('older-model.md'), ANSWERS);
    const rules = (text: string) => lintText(text, 'm.md').messages.map((m) => m.ruleId);
    expect(rules(read(model))).toContain('closure-unlicensed');
    await tmsync(['answer', 'm.md', answers], { cwd: dir });
    const after = rules(read(model));
    expect(after).not.toContain('closure-unlicensed');
    expect(after).toContain('claim-cites-struck-question');
  });

  const bad: [string, string, RegExp][] = [
    [
      'an unknown question',
      '- {question: Q99, action: confirm, by: bob}\n',
      /answers\.yaml: \[0\]\.question: Q99 is not a question of m\.md \(its questions: Q1, Q2, Q3, Q4, Q5, Q6\)/,
    ],
    [
      'a locator matching no claim',
      '- {question: Q3, action: correct, by: bob, replacements: [{claim: "no such words", text: x}]}\n',
      /answers\.yaml: \[0\]\.replacements\[0\]\.claim: "no such words" matches no claim citing Q3 in m\.md/,
    ],
    [
      'a locator matching several claims',
      '- {question: Q4, action: correct, by: bob, replacements: [{claim: "t", text: x}]}\n',
      /answers\.yaml: \[0\]\.replacements\[0\]\.claim: "t" matches 2 claims citing Q4 \(lines 33, 65\)/,
    ],
    [
      'a line locator matching no claim',
      '- {question: Q4, action: correct, by: bob, replacements: [{claim: 2, text: x}]}\n',
      /\[0\]\.replacements\[0\]\.claim: line 2 matches no claim citing Q4/,
    ],
    [
      'an invalid action',
      '- {question: Q4, action: promote, by: bob}\n',
      /answers\.yaml: \[0\]\.action: expected confirm \| correct \| strike/,
    ],
    ['a file that does not parse', '- {question: Q4, action: [\n', /answers\.yaml: does not parse as YAML/],
    [
      'striking an answered question',
      '- {question: Q1, action: strike, by: bob}\n',
      /answers\.yaml: \[0\]\.action: Q1 is already marked answered in m\.md/,
    ],
  ];
  it.each(bad)('refuses %s with exit 2, naming it, and writes nothing', async (_what, text, message) => {
    const { dir, model, answers } = workspace(
      fixturePath('older-model.md'),
      `- {question: Q2, action: confirm, by: bob}\n${text}`,
    );
    const before = read(model);
    const r = await tmsync(['answer', 'm.md', answers], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(message.source.replace(/\\\[0\\\]/, '\\[1\\]')));
    expect(read(model)).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(['answers.yaml', 'm.md']);
  });

  it('refuses missing files, wrong arguments and documents that are not rubric models', async () => {
    const { dir } = workspace(fixturePath('older-model.md'), '- {question: Q2, action: confirm, by: bob}\n');
    expect(await tmsync(['answer', 'nope.md', 'answers.yaml'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('nope.md: no such file'),
    });
    expect(await tmsync(['answer', 'm.md', 'nope.yaml'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('nope.yaml: no such file'),
    });
    expect(await tmsync(['answer', 'm.md'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('expected MODEL and ANSWERS'),
    });
    expect(await tmsync(['answer', 'm.md', 'answers.yaml', '--force'], { cwd: dir })).toMatchObject({ code: 2 });
    writeFileSync(join(dir, 'security.md'), '# Security policy\n\n## Reporting a vulnerability\n\nMail us.\n');
    expect(await tmsync(['answer', 'security.md', 'answers.yaml'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('security.md: not a rubric threat model'),
    });
  });

  it('has --help', async () => {
    const r = await tmsync(['answer', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: tmsync answer MODEL ANSWERS [--dry-run]');
  });
});

describe('tmsync answer on a newer-generation model (answered questions are deleted)', () => {
  const ANSWERS =
    '- {question: Q1, action: confirm, by: dana, note: operators are trusted}\n- {question: Q2, action: confirm, by: dana}\n- {question: Q3, action: strike, by: dana}\n';

  it('promotes inferred and assumption claims, removes the entries and records the answers in 1.18', async () => {
    const { dir, model, answers } = workspace(fixturePath('newer-model.md'), ANSWERS);
    const m0 = parseThreatModel(read(model));
    const r = await tmsync(['answer', 'm.md', answers], { cwd: dir });
    expect(r.code).toBe(0);
    const after = read(model);
    const m1 = parseThreatModel(after);
    expect(after).toContain('Operators who edit the config are trusted *(maintainer, dana, 2026-06-04 — Q1)*.');
    expect(after).toContain('Inputs are untrusted *(maintainer, dana, 2026-06-04 — Q2)*.');
    expect(after).toContain('Output JSON is well-formed *(assumption, Q3)*.');
    // Wave 1 held only Q1 and Q2: its heading goes with them.
    expect(after).not.toContain('### Wave 1');
    expect(after).toContain(
      '### Wave 2 — outputs\n\n- **~~Q3.~~** — struck by dana, 2026-06-04. Is well-formed JSON output guaranteed?\n\n### Answered questions\n\n' +
        '- **Q1.** ✅ Confirmed *(Answered — maintainer dana, 2026-06-04: operators are trusted)* Asked: Are operators who edit the config trusted?\n' +
        '- **Q2.** ✅ Confirmed *(Answered — maintainer dana, 2026-06-04)* Asked: Is the converter the only boundary, with untrusted inputs?\n',
    );
    expect(after).toContain('**Draft confidence:** 2 documented / 4 maintainer / 0 inferred / 1 assumption\n');
    expect(m1.questions.map((q) => [q.id, q.status])).toEqual([
      ['Q3', 'struck'],
      ['Q1', 'resolved'],
      ['Q2', 'resolved'],
    ]);
    const c0 = countProvenance(m0.claims);
    expect(countProvenance(m1.claims)).toEqual({ ...c0, inferred: 0, assumption: 1, maintainer: c0.maintainer + 3 });
    expect(r.stdout).toContain('question removed from the open questions and recorded under "Answered questions"');

    const again = await tmsync(['answer', 'm.md', answers], { cwd: dir });
    expect(again.stdout).toContain('nothing to change');
    expect(read(model)).toBe(after);
  });

  it('appends to an existing "Answered questions" subsection', async () => {
    const { dir, model } = workspace(fixturePath('newer-model.md'), '- {question: Q1, action: confirm, by: dana}\n');
    await tmsync(['answer', 'm.md', 'answers.yaml'], { cwd: dir });
    writeFileSync(join(dir, 'more.yaml'), '- {question: Q3, action: confirm, by: erin}\n');
    await tmsync(['answer', 'm.md', 'more.yaml'], { cwd: dir });
    const after = read(model);
    expect(after.match(/### Answered questions/g)).toHaveLength(1);
    expect(after).toMatch(
      /- \*\*Q1\.\*\* ✅ Confirmed[^\n]*\n- \*\*Q3\.\*\* ✅ Confirmed \*\(Answered — maintainer erin, 2026-06-04\)\* Asked: Is well-formed JSON output guaranteed\?\n$/,
    );
    expect(after).not.toContain('### Wave 2');
  });
});

describe.skipIf(SKIP_CORPUS)('tmsync answer on real documents (../shared/corpus)', () => {
  const cases: { file: string; answers: string; confirmed: string[]; struck: string[] }[] = [
    {
      file: 'apache__jspwiki__draft-THREAT-MODEL.md',
      answers:
        '- {question: Q12, action: confirm, by: juanpablo-santos, date: 2026-06-01, note: report upstream}\n- {question: Q6, action: confirm, by: juanpablo-santos, date: 2026-06-01}\n- {question: Q14, action: confirm, by: juanpablo-santos, date: 2026-06-01}\n- {question: Q16, action: strike, by: juanpablo-santos, date: 2026-06-01}\n',
      confirmed: ['Q12', 'Q6', 'Q14'],
      struck: ['Q16'],
    },
    {
      file: 'apache__opendal__draft-THREAT-MODEL.md',
      answers: '- {question: Q14.10, action: confirm, by: xuanwo}\n- {question: Q14.7, action: confirm, by: xuanwo}\n',
      confirmed: ['Q14.10', 'Q14.7'],
      struck: [],
    },
    {
      file: 'apache__maven__THREAT_MODEL.md',
      answers:
        '- {question: Q5, action: confirm, by: cstamas}\n- {question: Q10, action: confirm, by: cstamas}\n- {question: Q2, action: strike, by: cstamas}\n',
      confirmed: ['Q5', 'Q10'],
      struck: ['Q2'],
    },
  ];

  it.each(cases)(
    '$file: byte-identical outside the patched ranges, stats move by the cited claims, idempotent',
    async ({ file, answers, confirmed, struck }) => {
      const { dir, model } = workspace(corpusPath(file), answers);
      const before = read(model);
      const m0 = parseThreatModel(before);
      const statsBefore = JSON.parse((await tmsync(['stats', 'm.md', '--format', 'json'], { cwd: dir })).stdout);
      const r = await tmsync(['answer', 'm.md', 'answers.yaml'], { cwd: dir });
      expect(r.code).toBe(0);
      expect(r.stdout).not.toContain('warning:');
      const after = read(model);
      assertOnlyWithin(before, after, allowedRanges(m0, [...confirmed, ...struck]));

      const statsAfter = JSON.parse((await tmsync(['stats', 'm.md', '--format', 'json'], { cwd: dir })).stdout);
      const promoted = citing(m0, confirmed).filter(
        (c) => c.provenance === 'inferred' || c.provenance === 'assumption',
      ).length;
      expect(promoted).toBeGreaterThan(0);
      expect(statsAfter.provenance).toEqual({
        ...statsBefore.provenance,
        inferred: statsBefore.provenance.inferred - promoted,
        maintainer: statsBefore.provenance.maintainer + promoted,
      });
      for (const id of confirmed)
        expect(statsAfter.questions.find((q: { id: string }) => q.id === id).status).toBe('resolved');
      for (const id of struck)
        expect(statsAfter.questions.find((q: { id: string }) => q.id === id).status).toBe('struck');
      // The declared counts now say what the body holds.
      expect([statsAfter.declared.documented, statsAfter.declared.maintainer, statsAfter.declared.inferred]).toEqual([
        statsAfter.provenance.documented,
        statsAfter.provenance.maintainer,
        statsAfter.provenance.inferred,
      ]);
      expect(statsAfter.declared.approximate).toBe(false);
      // Nothing else in the document moved: the same sections, the same other questions.
      expect(statsAfter.sections).toEqual(statsBefore.sections);

      const again = await tmsync(['answer', 'm.md', 'answers.yaml'], { cwd: dir });
      expect(again.stdout).toContain('nothing to change');
      expect(read(model)).toBe(after);
    },
  );

  it('follows the maintainer-tag style and the state marks a document already uses (knox)', async () => {
    const { dir, model } = workspace(
      corpusPath('apache__knox__THREAT_MODEL.md'),
      '- {question: Q12, action: confirm, by: lmccay}\n- {question: Q28, action: confirm, by: lmccay}\n- {question: Q29, action: strike, by: lmccay}\n',
    );
    const before = read(model);
    const r = await tmsync(['answer', 'm.md', 'answers.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
    const after = read(model);
    // Knox writes `*(maintainer, 2026-07-09 — L. McCay confirmed Q6)*`.
    expect(after).toContain('*(maintainer, 2026-06-04 — lmccay confirmed Q12)*');
    // Knox marks states in the label (`✅ Confirmed`, `⬜ Open`).
    expect(after).toContain('- **Q28 (§11a): ✅ Confirmed.** *(Answered — maintainer lmccay, 2026-06-04)*');
    expect(after).toContain('- **Q29 (§12): ❌ Struck.** — struck by lmccay, 2026-06-04.');
    // Q12 shares its entry with Q7–Q22: a note, the shared state untouched.
    expect(after).toContain('⬜ Open.** *(Q12 answered — maintainer lmccay, 2026-06-04)*');
    expect(r.stdout).toContain('Q12 shares its entry with other questions');
    assertOnlyWithin(before, after, allowedRanges(parseThreatModel(before), ['Q12', 'Q28', 'Q29']));
    const again = await tmsync(['answer', 'm.md', 'answers.yaml'], { cwd: dir });
    expect(again.stdout).toContain('nothing to change');
  });
});
