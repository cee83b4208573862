import { access } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseThreatModel } from '@tmsync/parser';
import type { SidecarFinding } from '@tmsync/sidecar';
import type { AnsweredQuestion } from '@tmsync/sidecar';
import { checkSidecar, initSidecar, promoteAnswered, SidecarSyncError, syncSidecar } from '@tmsync/sidecar';
import { writeFileAtomic } from '../fsutil.js';
import type { Command } from '../io.js';
import { EXIT, formatOption, parseOptions, readTextFile, UsageError } from '../io.js';

/** The sidecar's file name when none is given: `threat-model.yaml` beside the model. */
export const SIDECAR_NAME = 'threat-model.yaml';

/** The files a sidecar command works on: the model, the sidecar, and the model's path as the sidecar names it. */
export interface SidecarFiles {
  modelPath: string;
  sidecarPath: string;
  /** The prose path relative to the sidecar's folder, with `/` separators (`prose_version`'s path part). */
  prosePath: string;
}

/** Resolves MODEL [SIDECAR] against the working folder. */
export function sidecarFiles(cwd: string, model: string, sidecar?: string): SidecarFiles {
  const modelPath = resolve(cwd, model);
  const sidecarPath = sidecar ? resolve(cwd, sidecar) : join(dirname(modelPath), SIDECAR_NAME);
  const prosePath = relative(dirname(sidecarPath), modelPath).split(sep).join('/');
  return { modelPath, sidecarPath, prosePath };
}

/** Reads the model and refuses one that is not a newer-generation rubric model (the sidecar is that generation's). */
async function readNewerModel(path: string, label: string): Promise<string> {
  const text = await readTextFile(path);
  const model = parseThreatModel(text, { path: label });
  if (model.kind !== 'rubric-model')
    throw new UsageError(
      `${label}: not a rubric threat model (${model.kind}); a sidecar indexes a newer-generation (1.1–1.19) model`,
    );
  if (model.generation !== 'newer')
    throw new UsageError(
      `${label}: an older-generation (§1–§14) model; the threat-model.yaml sidecar belongs to the newer generation (1.1–1.19)`,
    );
  return text;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** The sidecar beside a model after answers: its path, text before and after, and how many records were promoted. */
export interface SidecarRefresh {
  path: string;
  before: string;
  after: string;
  promoted: number;
}

/**
 * For \`tmsync answer\`: when a newer-generation model has a sidecar beside it,
 * the sidecar as it must read after the answers (records citing an answered
 * question promoted, confidence, status and prose hash refreshed from the
 * answered prose). Null when there is no sidecar or the model is older
 * generation. Computed before anything is written, so a broken sidecar stops
 * the whole answer round.
 */
export async function sidecarAfterAnswers(
  modelPath: string,
  answeredProse: string,
  answered: readonly AnsweredQuestion[],
): Promise<SidecarRefresh | null> {
  const files = sidecarFiles(dirname(modelPath), modelPath);
  if (!(await exists(files.sidecarPath))) return null;
  if (parseThreatModel(answeredProse, { path: modelPath }).generation !== 'newer') return null;
  const before = await readTextFile(files.sidecarPath);
  try {
    const { text, promoted } = promoteAnswered(before, answered, answeredProse, files.prosePath, files.sidecarPath);
    return { path: files.sidecarPath, before, after: text, promoted };
  } catch (error) {
    if (error instanceof SidecarSyncError) throw new UsageError(`${error.message} (nothing written)`);
    throw error;
  }
}

/** One finding as a line: `FILE:LINE: severity message [check]`. */
export function findingLine(file: string, f: SidecarFinding): string {
  return `${file}:${f.line ?? 1}: ${f.severity} ${f.message} [${f.check}]`;
}

export const sidecar: Command = {
  name: 'sidecar',
  summary: 'check, create or refresh the threat-model.yaml sidecar of a newer-generation model',
  help: `Usage: tmsync sidecar check MODEL [SIDECAR] [--format text|json]
       tmsync sidecar init MODEL [SIDECAR]
       tmsync sidecar sync MODEL [SIDECAR] [--dry-run]

The sidecar (threat-model.yaml, schema threat-model-sidecar/v2) is the
machine-readable index of a newer-generation (1.1–1.19) model. SIDECAR
defaults to threat-model.yaml beside MODEL.

  check   the schema, the binding to the exact prose bytes (prose_version),
          confidence, status, triage policy and generation against the prose,
          the disposition set and precedence, section coverage, references and
          the contract matrix, and each record's provenance against the prose
          tags (its question must still be open in 1.18)
  init    write a new sidecar with the fields the prose determines and empty
          record lists; refuses to overwrite an existing file
  sync    refresh prose_version, model_status, triage_policy, confidence,
          dispositions, disposition_precedence and x-open-questions from the
          prose, keeping every other key and comment

Exit: check 0 when no error, 1 on errors; init/sync 0 when written; 2 when a
file cannot be read or written, or the model is not a newer-generation model.`,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, {
      format: { type: 'string' },
      'dry-run': { type: 'boolean' },
    });
    const [action, model, side, ...extra] = positionals;
    if (!action || !['check', 'init', 'sync'].includes(action))
      throw new UsageError('expected check, init or sync (tmsync sidecar check|init|sync MODEL [SIDECAR])');
    if (!model || extra.length)
      throw new UsageError(`expected MODEL [SIDECAR] (tmsync sidecar ${action} MODEL [SIDECAR])`);
    const files = sidecarFiles(io.cwd, model, side);
    const sidecarLabel = side ?? relative(io.cwd, files.sidecarPath);
    const prose = await readNewerModel(files.modelPath, model);

    if (action === 'check') {
      const format = formatOption(values.format, ['text', 'json'] as const, 'text');
      const text = await readTextFile(files.sidecarPath);
      const findings = checkSidecar({ prose, prosePath: files.prosePath, sidecar: text });
      const errors = findings.filter((f) => f.severity === 'error').length;
      if (format === 'json') io.stdout(`${JSON.stringify({ file: sidecarLabel, model, findings }, null, 2)}\n`);
      else {
        for (const f of findings) io.stdout(`${findingLine(sidecarLabel, f)}\n`);
        io.stdout(
          `${sidecarLabel}: ${errors} error${errors === 1 ? '' : 's'}, ${findings.length - errors} warning${findings.length - errors === 1 ? '' : 's'}\n`,
        );
      }
      return errors ? EXIT.findings : EXIT.ok;
    }

    if (action === 'init') {
      if (await exists(files.sidecarPath))
        throw new UsageError(`${sidecarLabel}: already exists; use tmsync sidecar sync to refresh it`);
      await writeFileAtomic(files.sidecarPath, initSidecar(prose, files.prosePath));
      io.stdout(`wrote ${sidecarLabel} (fill in the records; tmsync sidecar check lists what is missing)\n`);
      return EXIT.ok;
    }

    if (!(await exists(files.sidecarPath)))
      throw new UsageError(`${sidecarLabel}: no such file; create it with tmsync sidecar init`);
    const before = await readTextFile(files.sidecarPath);
    let after: string;
    try {
      after = syncSidecar(before, prose, files.prosePath, sidecarLabel);
    } catch (error) {
      if (error instanceof SidecarSyncError) throw new UsageError(error.message);
      throw error;
    }
    if (after === before) {
      io.stdout(`${sidecarLabel}: already in step with ${model}\n`);
      return EXIT.ok;
    }
    if (values['dry-run']) {
      const { createTwoFilesPatch } = await import('diff');
      io.stdout(
        createTwoFilesPatch(`a/${sidecarLabel}`, `b/${sidecarLabel}`, before, after, undefined, undefined, {
          context: 2,
        }),
      );
      io.stderr('dry run: nothing written\n');
      return EXIT.ok;
    }
    await writeFileAtomic(files.sidecarPath, after);
    io.stdout(`wrote ${sidecarLabel}\n`);
    return EXIT.ok;
  },
};
