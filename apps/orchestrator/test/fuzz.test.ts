/**
 * Fuzzing the commands that read what a person (or an attacker) wrote (#15.6):
 * generated mutations of this suite's own fixtures (a model, an answers file,
 * a campaign file) fed to lint, stats, answer and campaign loading. Whatever
 * the input: no crash, an exit code of 0, 1 or 2, JSON on stdout whenever
 * --format json was asked and the call was not refused, one line on stderr
 * when it was, and nothing written on a refusal.
 *
 * Bounded in count and in time (fast-check's numRuns and
 * interruptAfterTimeLimit) and seeded, so a run is repeatable: set
 * TMSYNC_FUZZ_SEED to explore other inputs, TMSYNC_FUZZ_RUNS to try more.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { MockInstance } from 'vitest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCampaign } from '../src/campaign/index.js';
import { UsageError } from '../src/io.js';
import { fixture, tmsync } from './cli-helpers.js';
import { TestFamily, fixture as satelliteFixture } from './helpers/family.js';

const SEED = Number(process.env.TMSYNC_FUZZ_SEED ?? 20_261_207);
const RUNS = Number(process.env.TMSYNC_FUZZ_RUNS ?? 1);

/** fast-check settings of one property: `runs` inputs at most, and at most `seconds` of inputs. */
function bounded(runs: number, seconds: number): fc.Parameters<unknown> {
  return {
    seed: SEED,
    numRuns: runs * RUNS,
    interruptAfterTimeLimit: seconds * 1000,
    markInterruptAsFailure: false,
  };
}

/** What a crash looks like once the CLI has turned it into a message: a JS engine error, not a sentence of ours. */
const CRASH =
  /Cannot read propert|is not a function|is not iterable|is not defined|Maximum call stack|Invalid (?:array|string) length|undefined \(reading/;

/** Pieces that mean something to Markdown, to the rubric's parser, or to YAML, and some that mean trouble. */
const PIECES = [
  '# ',
  '## ',
  '## §14 Open questions\n',
  '## 1.18 Open questions\n',
  '§',
  '\n',
  '\n\n',
  '- ',
  '1. ',
  '> ',
  '    ',
  '\t',
  '|',
  '| --- |',
  '**',
  '*',
  '_',
  '~~',
  '`',
  '```\n',
  '<!--',
  '-->',
  '<!-- tmsync:begin security -->',
  '*(inferred — §14 Q',
  '*(documented: ',
  '*(maintainer — bob, 2026-01-01 — Q',
  ')*',
  '**Q2.**',
  '✅ Confirmed',
  '[link](',
  '](#x)',
  '\u0000',
  '\u001b[31m',
  '\u202e',
  '\r\n',
  '\uFEFF',
  '😀',
  ':',
  ': ',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '&a ',
  '*a',
  '*a:',
  '!!str ',
  '<<: *a',
  '~',
  'null',
  '..',
  '../',
  '/etc/passwd',
  '--output=x',
  '-x',
  'question: ',
  'action: ',
  'replacements:',
  'families:',
  'satellites:',
  'repo: ',
  'addendum: ',
  'state: ',
  'root: ',
] as const;

/** One edit of a text, at a position given as a fraction of its length. */
type Edit =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate-line'; at: number }
  | { kind: 'delete-line'; at: number }
  | { kind: 'swap-lines'; at: number; other: number }
  | { kind: 'truncate'; at: number };

const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const insertion = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PIECES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...PIECES), { minLength: 2, maxLength: 8 }).map((a) => a.join('')) },
);
const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fraction, text: insertion }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('delete' as const),
      at: fraction,
      length: fc.integer({ min: 1, max: 40 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate-line' as const), at: fraction }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete-line' as const), at: fraction }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('swap-lines' as const), at: fraction, other: fraction }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fraction }) },
);
/** One to eight edits. */
const edits = fc.array(edit, { minLength: 1, maxLength: 8 });

/** `text` with the edits applied in order. */
function mutate(text: string, list: readonly Edit[]): string {
  let out = text;
  for (const e of list) {
    const pos = Math.floor(e.at * (out.length + 1));
    if (e.kind === 'insert') out = out.slice(0, pos) + e.text + out.slice(pos);
    else if (e.kind === 'delete') out = out.slice(0, pos) + out.slice(pos + e.length);
    else if (e.kind === 'truncate') out = out.slice(0, pos);
    else {
      const lines = out.split('\n');
      const i = Math.floor(e.at * lines.length);
      if (e.kind === 'duplicate-line') lines.splice(i, 0, lines[i] ?? '');
      else if (e.kind === 'delete-line') lines.splice(i, 1);
      else {
        const j = Math.floor(e.other * lines.length);
        [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
      }
      out = lines.join('\n');
    }
  }
  return out;
}

/** Warnings node would print on the process's stderr (a YAML library's, say): a second line no test Io captures. */
let warnings: MockInstance;
beforeAll(() => {
  warnings = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
});
afterAll(() => warnings.mockRestore());

/** The outcome rules every run is held to. */
function expectWellBehaved(r: { code: number; stdout: string; stderr: string }, json: boolean): void {
  expect(warnings).not.toHaveBeenCalled();
  expect([0, 1, 2]).toContain(r.code);
  expect(r.stderr).not.toMatch(CRASH);
  if (r.code === 2) {
    // A refusal: one line on stderr, nothing on stdout.
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  } else if (json) expect(() => JSON.parse(r.stdout)).not.toThrow();
}

const dir = mkdtempSync(join(tmpdir(), 'tmsync-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MODELS = [fixture('older-model.md'), fixture('newer-model.md')];

describe('fuzz: mutated models, answers and campaign files (#15.6)', () => {
  it('lint and stats: exit 0/1 (never a refusal of a readable file), JSON on stdout', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: MODELS.length - 1 }), edits, async (which, list) => {
        runs += 1;
        writeFileSync(join(dir, 'model.md'), mutate(MODELS[which] as string, list));
        for (const command of ['lint', 'stats']) {
          const r = await tmsync([command, '--format', 'json', 'model.md'], { cwd: dir });
          expectWellBehaved(r, true);
          expect(r.code).not.toBe(2);
        }
        const text = await tmsync(['lint', 'model.md'], { cwd: dir });
        expectWellBehaved(text, false);
      }),
      bounded(120, 40),
    );
    expect(runs).toBeGreaterThan(0);
  });

  it('answer: applied or refused in one line (exit 2) with the model untouched', async () => {
    const answers = [
      '- question: Q2',
      '  action: correct',
      '  by: bob',
      '  date: 2026-02-01',
      '  note: checked with the embedders',
      '  replacements:',
      '    - claim: "It is embedded by applications"',
      '      text: "It is embedded by applications that check their callers"',
      '- {question: Q3, action: strike, by: carol}',
      '- {question: Q4, action: confirm, by: dan}',
      '',
    ].join('\n');
    await fc.assert(
      fc.asyncProperty(edits, fc.option(edits, { nil: undefined }), async (answerEdits, modelEdits) => {
        const model = modelEdits ? mutate(MODELS[0] as string, modelEdits) : (MODELS[0] as string);
        writeFileSync(join(dir, 'answered.md'), model);
        writeFileSync(join(dir, 'answers.yaml'), mutate(answers, answerEdits));
        // As on disk (a lone surrogate a mutation made is written as U+FFFD).
        const before = readFileSync(join(dir, 'answered.md'), 'utf8');
        const r = await tmsync(['answer', 'answered.md', 'answers.yaml'], { cwd: dir });
        expectWellBehaved(r, false);
        expect(r.code).not.toBe(1);
        if (r.code === 2) expect(readFileSync(join(dir, 'answered.md'), 'utf8')).toBe(before);
      }),
      bounded(100, 30),
    );
  });

  it('campaign file loading: valid, or one UsageError line naming the file', () => {
    const campaign = [
      'forge: local',
      'local:',
      '  root: repos',
      'state: .tmsync',
      'branch: tmsync/pointer',
      'families:',
      '  - name: acme',
      '    parent: { repo: acme/parent, path: THREAT_MODEL.md, ref: main }',
      '    inherit: [§3, "1.4", adversary]',
      '    satellites:',
      '      - repo: acme/sat',
      '        addendum: docs/ADDENDUM.md',
      '        replaces: [draft-THREAT-MODEL.md]',
      '      - { repo: acme/other, agents: CLAUDE.md }',
      '',
    ].join('\n');
    fc.assert(
      fc.property(edits, (list) => {
        const text = mutate(campaign, list);
        try {
          const { campaign: parsed } = parseCampaign(text, 'campaign.yaml');
          // What passes is safe to hand to git: no path like an option, none outside the repository.
          for (const f of parsed.families)
            for (const p of [
              f.parent.path,
              ...f.satellites.flatMap((s) => [s.agents, s.security, s.addendum ?? 'x', ...s.replaces]),
            ])
              expect(p).not.toMatch(/^-|(?:^|\/)\.\.(?:\/|$)|^\//);
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
          const message = (error as Error).message;
          expect(message).not.toContain('\n');
          expect(message).toMatch(/^campaign\.yaml\b/);
        }
      }),
      bounded(400, 20),
    );
  });

  it('campaign plan on mutated campaign files: exit 0/1/2, JSON or one line, nothing proposed', async () => {
    const f = new TestFamily('tmsync-fuzz-campaign-');
    try {
      f.repo('acme/parent', { 'THREAT_MODEL.md': satelliteFixture('parent-model.md') });
      f.repo('acme/sat');
      const base = f.campaign({
        families: [{ name: 'acme', parent: { repo: 'acme/parent' }, satellites: [{ repo: 'acme/sat' }] }],
      });
      await fc.assert(
        fc.asyncProperty(edits, async (list) => {
          f.campaign(mutate(base, list));
          const r = await f.run('campaign', 'plan', '--campaign', 'campaign.yaml', '--format', 'json');
          expectWellBehaved({ code: r.code, stdout: r.out, stderr: r.err.replace(/^campaign plan: .*\n/gm, '') }, true);
        }),
        bounded(25, 30),
      );
      expect(f.get('acme/sat').hasBranch('tmsync/threat-model-pointer')).toBe(false);
    } finally {
      f.cleanup();
    }
  });
});
