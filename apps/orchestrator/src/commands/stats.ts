import type { ThreatModel } from '@tmsync/core';
import { countProvenance, countQuestionStates, flattenSections, formatCounts, sectionLabel } from '@tmsync/core';
import type { Command } from '../io.js';
import { EXIT, formatOption, parseOptions, UsageError } from '../io.js';
import { loadModel, MODEL_SOURCE_HELP, MODEL_SOURCE_OPTIONS, overLimitFinding } from '../model-source.js';

/** The `stats --format json` document (a contract: keys are kept, more may be added). */
export function statsJson(model: ThreatModel, file: string) {
  const citedBy = new Map<string, number>();
  for (const claim of model.claims)
    for (const ref of new Set(claim.questionRefs.map((r) => r.id))) citedBy.set(ref, (citedBy.get(ref) ?? 0) + 1);
  const counts = countProvenance(model.claims);
  const d = model.declared;
  return {
    file,
    title: model.title,
    kind: model.kind,
    generation: model.generation,
    sections: flattenSections(model.sections)
      .filter((s) => model.sections.includes(s) || s.id !== null)
      // Only a rubric model's numbers mean rubric sections: another outline's `## 3. System Model` is not §3.
      .map((s) => ({
        id: model.kind === 'rubric-model' ? s.id : null,
        number: s.number,
        title: s.title,
        line: s.heading.start.line,
        key: s.key,
      })),
    provenance: counts,
    declared: d
      ? {
          documented: d.documented?.value ?? null,
          inferred: d.inferred?.value ?? null,
          maintainer: d.maintainer?.value ?? null,
          ...(d.assumption ? { assumption: d.assumption.value } : {}),
          approximate: [d.documented, d.inferred, d.maintainer, d.assumption].some((c) => c?.approximate),
          line: d.countsRange.start.line,
        }
      : null,
    /** For a delta model: the sections it inherits unchanged and the baseline they come from. */
    baseline: model.baseline
      ? {
          from: model.baseline.from,
          sections: model.baseline.sections.map((id) => sectionLabel(id, model.generation)),
          line: model.baseline.range.start.line,
        }
      : null,
    /** Questions by state, each id once: the same counts `history` reports for a commit. */
    questionStates: countQuestionStates(model.questions),
    questions: model.questions.map((q) => ({
      id: q.id,
      wave: q.wave,
      status: q.status,
      line: q.range.start.line,
      citedBy: citedBy.get(q.id) ?? 0,
    })),
  };
}

/** Renders stats for a person. */
export function statsText(model: ThreatModel, file: string): string {
  const j = statsJson(model, file);
  const lines: string[] = [];
  lines.push(`${file}: ${j.title || '(untitled)'}`);
  lines.push(`  kind: ${model.kind}, rubric generation: ${model.generation}`);
  const why = model.kind === 'rubric-model' ? undefined : model.diagnostics.find((d) => d.severity === 'error');
  if (why) lines.push(`  ${why.message}`);
  if (model.kind === 'other-outline')
    lines.push('  (another outline: its section numbers are its own, not rubric sections)');
  lines.push(`  provenance: ${formatCounts(j.provenance, true)}`);
  if (j.declared) {
    const approx = j.declared.approximate ? ' (approximate)' : '';
    lines.push(
      `  declared (line ${j.declared.line}): ${j.declared.documented ?? '?'} documented / ${j.declared.maintainer ?? '?'} maintainer / ${j.declared.inferred ?? '?'} inferred${approx}`,
    );
  } else lines.push('  declared: none');
  if (j.baseline)
    lines.push(
      `  inherits (line ${j.baseline.line}): ${j.baseline.sections.join(', ')}${j.baseline.from ? ` from ${j.baseline.from}` : ''}`,
    );
  lines.push(`  sections (${j.sections.length}):`);
  for (const s of j.sections)
    lines.push(
      `    ${String(s.line).padStart(5)}  ${(s.number ?? '').padEnd(6)} ${s.title}${s.id ? `  [${s.id}]` : ''}`,
    );
  const c = j.questionStates;
  lines.push(
    `  questions: ${c.total} (${c.open} open, ${c.resolved} resolved, ${c.partial} partial, ${c.struck} struck)`,
  );
  let wave: string | null | undefined;
  for (const q of j.questions) {
    if (q.wave !== wave) {
      wave = q.wave;
      lines.push(`    ${wave ?? '(no wave)'}`);
    }
    lines.push(`      ${q.id.padEnd(8)} ${q.status.padEnd(8)} line ${q.line}, cited by ${q.citedBy}`);
  }
  return `${lines.join('\n')}\n`;
}

export const stats: Command = {
  name: 'stats',
  summary: 'sections, provenance counts and questions of a model',
  help: `Usage: tmsync stats FILE [--format text|json]
       tmsync stats --at REF --repo DIR [--path PATH] [--format text|json]

Prints the model's sections (with the rubric id each maps to), its claims
counted by provenance, the counts its header declares, and its questions
with wave, state and how many claims cite each.

Options:
  --format text|json   output form (default text)
${MODEL_SOURCE_HELP}
Exit: 0 on success, 1 when the document is over the input bounds (too large or\nnested too deep to parse; one line names the finding, and json is\n{ file, overLimit }), 2 when the file cannot be read or the call is wrong.`,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, { format: { type: 'string' }, ...MODEL_SOURCE_OPTIONS });
    const format = formatOption(values.format, ['text', 'json'] as const, 'text');
    if (positionals.length > 1) throw new UsageError('stats takes one FILE');
    const loaded = await loadModel(positionals[0], values, io);
    const refused = overLimitFinding(loaded);
    if (refused) {
      io.stderr(`${refused}\n`);
      // JSON readers get JSON on every input: the file and the bound's finding.
      if (format === 'json') io.stdout(`${JSON.stringify({ file: loaded.label, overLimit: refused }, null, 2)}\n`);
      return EXIT.findings;
    }
    const output =
      format === 'json'
        ? `${JSON.stringify(statsJson(loaded.model, loaded.label), null, 2)}\n`
        : statsText(loaded.model, loaded.label);
    io.stdout(output);
    return EXIT.ok;
  },
};
