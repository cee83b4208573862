import { formatCounts } from '@tmsync/core';
import { createTwoFilesPatch } from 'diff';
import { relative, resolve } from 'node:path';
import type { AnswerResult, HarvestResult } from '@tmsync/upkeep';
import { applyAnswers, harvestAnswers, parseAnswers, UpkeepError } from '@tmsync/upkeep';
import { writeFileAtomic } from '../fsutil.js';
import type { Command } from '../io.js';
import { EXIT, oneLine, parseOptions, readTextFile, UsageError } from '../io.js';
import { today } from '../today.js';
import { sidecarAfterAnswers } from './sidecar.js';

/** An upkeep error as the CLI reports it: every code is a problem with the input (exit 2), and nothing was written. */
function usageErrorOf(error: UpkeepError): UsageError {
  switch (error.code) {
    case 'answers-inapplicable':
    case 'edits-overlap':
    case 'document-over-limit':
      return new UsageError(`${oneLine(error.problems)}; nothing was written`);
    case 'answers-syntax':
    case 'answers-invalid':
    case 'not-a-rubric-model':
      return new UsageError(oneLine(error.problems));
  }
}

/** Runs a function of @tmsync/upkeep, turning its UpkeepError into the CLI's UsageError. */
function upkeep<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw error instanceof UpkeepError ? usageErrorOf(error) : error;
  }
}

/** The lines that tell a person what a harvest did: each answer's who and when and where they came from, and the partly answered questions left alone. */
function harvestLines(result: HarvestResult, file: string): string[] {
  const lines: string[] = [];
  for (const h of result.harvested) {
    const o = result.outcomes.find((x) => x.question === h.question);
    const promoted = o?.promoted ?? 0;
    const who = h.by ? `by ${h.by}` : 'the answer names no one';
    const when = h.date ? `on ${h.date}` : `no date written (${o?.date ?? 'today'} used)`;
    lines.push(
      `${h.question} (marked resolved, line ${h.line}; ${who}, ${when}): ${promoted} claim${promoted === 1 ? '' : 's'} promoted to maintainer; its marker is left as it is`,
    );
  }
  for (const p of result.partial)
    lines.push(
      `${p.question} is partly answered (line ${p.line}, "${p.marker}"): its ${p.claims} inferred/assumption claim${p.claims === 1 ? ' is' : 's are'} not harvested; answer it in full first (tmsync answer ${file} ANSWERS)`,
    );
  if (result.harvested.length === 0)
    lines.push(`nothing to harvest: no inferred or assumption claim in ${file} cites a question it marks resolved`);
  return lines;
}

/** The lines that tell a person what an answer round did. */
function answerSummary(result: AnswerResult, file: string, harvest = false): string[] {
  const lines: string[] = [];
  for (const o of result.outcomes) {
    if (harvest) continue;
    const parts: string[] = [];
    if (o.action !== 'strike') parts.push(`${o.promoted} claim${o.promoted === 1 ? '' : 's'} promoted to maintainer`);
    if (o.replaced) parts.push(`${o.replaced} claim text${o.replaced === 1 ? '' : 's'} replaced`);
    if (o.entry === 'marked') parts.push(o.action === 'strike' ? 'question marked struck' : 'question marked answered');
    if (o.entry === 'deleted')
      parts.push('question removed from the open questions and recorded under "Answered questions"');
    if (o.entry === 'noted') parts.push('note added to the shared entry');
    if (o.action === 'strike' && o.stillCiting)
      parts.push(
        `${o.stillCiting} claim${o.stillCiting === 1 ? '' : 's'} still cite${o.stillCiting === 1 ? 's' : ''} it (reported by claim-cites-struck-question until edited)`,
      );
    parts.push(...o.messages);
    lines.push(`${o.question} ${o.action} (${o.by}, ${o.date}): ${parts.join('; ')}`);
  }
  if (result.declared) {
    lines.push(
      result.declared.changes.length
        ? `declared counts (line ${result.declared.line}): ${result.declared.changes.join(', ')}`
        : `declared counts (line ${result.declared.line}): unchanged`,
    );
  } else lines.push('declared counts: the header declares none');
  lines.push(
    `provenance: ${formatCounts(result.before, result.before.assumption > 0)} → ${formatCounts(result.after, result.after.assumption > 0)}`,
  );
  for (const w of result.warnings) lines.push(`warning: ${w}`);
  if (!result.changed)
    lines.push(`nothing to change: ${file} already reflects ${harvest ? 'the answers it records' : 'these answers'}`);
  return lines;
}

export const answer: Command = {
  name: 'answer',
  summary: "fold maintainers' answers into the model (promote, correct, strike)",
  help: `Usage: tmsync answer MODEL ANSWERS [--dry-run]
       tmsync answer MODEL --harvest [--dry-run]

Folds maintainers' answers to the model's open questions (§14, or 1.18 in
the newer rubric) into the document, editing only the bytes that change.

ANSWERS is YAML (or JSON for a .json file), a list of:
  - question: Q12                 # the question's id
    action: confirm | correct | strike
    by: vishesh92                 # who answered
    date: 2026-06-04              # optional; today (UTC) when absent
    note: one line for the record # optional
    replacements:                 # correct only: claims whose text changes
      - claim: "quoted text of the claim"   # or its line number: 41
        text: "the corrected claim"

  confirm   every inferred or assumption claim citing the question becomes a
            maintainer claim, written the way the document already writes
            maintainer tags (default: the tag's own separator, then
            "who, date — Qn"); in a mixed tag only that part changes. The
            question is marked answered the way the document marks answered
            questions (its token, such as **RESOLVED** or → **Confirmed.**,
            where it writes it; default: "✅ Confirmed *(Answered — maintainer
            WHO, DATE: NOTE)*" after its label); a question already marked
            answered gets no second marker. A newer-generation document
            (1.1–1.19) deletes answered questions instead: the entry is
            removed and a one-line record goes to an "Answered questions"
            subsection at the end of 1.18.
  correct   as confirm, and each replacement replaces that claim's text.
  strike    the question is marked struck ("**~~Q12.~~** — struck by WHO,
            DATE"); the claims citing it stay as they are and the
            claim-cites-struck-question rule reports them.

The header's declared counts ("Draft confidence: …") are recomputed, each
number patched in place; an approximate "~N" becomes the exact count.
Applying the same answers twice changes nothing the second time.

A threat-model.yaml sidecar beside a newer-generation model is kept in step:
records citing an answered question become maintainer records, and
confidence, status and prose_version are refreshed; both files are computed
before either is written, and a broken sidecar stops the round.

--harvest folds in the answers the document already records: every inferred
or assumption claim citing a question the document marks resolved (its own
marker, or a wave or section declared answered) becomes a maintainer claim,
with who and when taken from the answer's text where written ("**RESOLVED**
*(maintainer: Jane Doe, 2026-03-02)*", "(answered, name)", "→ PMC: confirmed",
"resolved by name"; today when it gives no date). The question's marker is
left as it is. Partly answered questions are not harvested (the output names
them). A sidecar is kept in step as above.

Options:
  --dry-run   print the change as a unified diff and write nothing
  --harvest   fold in the answers the document already records (no ANSWERS)

Exit: 0 on success (also when nothing changes), 2 when a file cannot be read
or written, the answers do not validate, a question is unknown, or a claim
locator matches no claim or several; then nothing is written.`,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, {
      'dry-run': { type: 'boolean' },
      harvest: { type: 'boolean' },
    });
    const harvest = values.harvest === true;
    if (harvest && positionals.length !== 1)
      throw new UsageError(
        'expected MODEL alone with --harvest (tmsync answer MODEL --harvest [--dry-run]); the answers come from the document',
      );
    if (!harvest && positionals.length !== 2)
      throw new UsageError(
        'expected MODEL and ANSWERS (tmsync answer MODEL ANSWERS [--dry-run]), or MODEL --harvest to fold in the answers it records',
      );
    const [modelFile, answersFile] = positionals as [string, string];
    const modelPath = resolve(io.cwd, modelFile);
    const answers = harvest
      ? []
      : await readTextFile(resolve(io.cwd, answersFile)).then((t) => upkeep(() => parseAnswers(t, answersFile)));
    const text = await readTextFile(modelPath);
    const options = { modelLabel: modelFile, answersLabel: answersFile, today: today(io.env) };
    const harvested = harvest ? upkeep(() => harvestAnswers(text, options)) : null;
    const result: AnswerResult = harvested ?? upkeep(() => applyAnswers(text, answers, options));
    const summary = [
      ...(harvested ? harvestLines(harvested, modelFile) : []),
      ...answerSummary(result, modelFile, harvest),
    ];
    // A threat-model.yaml beside a newer-generation model moves with it: computed now, written with the model.
    // A harvest brings the sidecar's records in step with every answer the prose records, even when the prose needs no edit.
    const answered =
      harvested?.answered ??
      result.outcomes.filter((o) => o.action !== 'strike').map((o) => ({ id: o.question, date: o.date }));
    const side =
      result.changed || (harvested && answered.length)
        ? await sidecarAfterAnswers(modelPath, result.text, answered)
        : null;
    const sideLabel = side ? relative(io.cwd, side.path) : '';
    if (side && side.after !== side.before)
      summary.push(
        `sidecar ${sideLabel}: ${side.promoted} record${side.promoted === 1 ? '' : 's'} promoted; confidence, status and prose_version refreshed`,
      );
    if (values['dry-run']) {
      if (result.changed)
        io.stdout(
          createTwoFilesPatch(`a/${modelFile}`, `b/${modelFile}`, text, result.text, undefined, undefined, {
            context: 3,
          }),
        );
      if (side && side.after !== side.before)
        io.stdout(
          createTwoFilesPatch(`a/${sideLabel}`, `b/${sideLabel}`, side.before, side.after, undefined, undefined, {
            context: 2,
          }),
        );
      io.stderr(
        summary.map((l) => `${l}\n`).join('') +
          (result.changed || side?.after !== side?.before ? 'dry run: nothing written\n' : ''),
      );
      return EXIT.ok;
    }
    if (result.changed) {
      await writeFileAtomic(modelPath, result.text);
      summary.push(`wrote ${modelFile}`);
    }
    if (side && side.after !== side.before) {
      await writeFileAtomic(side.path, side.after);
      summary.push(`wrote ${sideLabel}`);
    }
    io.stdout(summary.map((l) => `${l}\n`).join(''));
    return EXIT.ok;
  },
};
