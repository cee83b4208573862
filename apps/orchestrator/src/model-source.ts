import type { ThreatModel } from '@tmsync/core';
import { resolve } from 'node:path';
import type { Io } from './io.js';
import { readTextFile, UsageError } from './io.js';

/** Options shared by commands that read one model from a file or from a git ref. */
export const MODEL_SOURCE_OPTIONS = {
  at: { type: 'string' },
  repo: { type: 'string' },
  path: { type: 'string' },
} as const;

export const MODEL_SOURCE_HELP = `  --at REF             read the model as it stood at a git ref (tag, branch, commit)
  --repo DIR           the git repository for --at (default: the current folder)
  --path PATH          the model's path in the repository (default: found at the ref)`;

/** A model and how to name it in messages. */
export interface LoadedModel {
  model: ThreatModel;
  text: string;
  /** `FILE` or `REF:PATH`. */
  label: string;
  /** The one-line finding when the model is over the input bounds and was not parsed, else null. */
  overLimit: string | null;
}

/** Reads and parses the model named by a FILE argument or by --at/--repo/--path. */
export async function loadModel(
  file: string | undefined,
  values: { at?: string | undefined; repo?: string | undefined; path?: string | undefined },
  io: Io,
): Promise<LoadedModel> {
  // The parser loads when a model is read, not when a command only needs the options above.
  const { overLimitLine, parseThreatModel } = await import('@tmsync/parser');
  const loaded = (text: string, label: string): LoadedModel => {
    const model = parseThreatModel(text, { path: label });
    return { model, text, label, overLimit: overLimitLine(model, label) };
  };
  if (values.at !== undefined) {
    if (file) throw new UsageError('give either FILE or --at REF, not both');
    const { readModelAtRef } = await import('./model-at-ref.js');
    const { text, path } = await readModelAtRef(resolve(io.cwd, values.repo ?? '.'), values.at, values.path);
    return loaded(text, `${values.at}:${path}`);
  }
  if (values.repo !== undefined || values.path !== undefined)
    throw new UsageError('--repo and --path go with --at REF');
  if (!file) throw new UsageError('missing FILE (or --at REF --repo DIR)');
  const text = await readTextFile(resolve(io.cwd, file));
  return loaded(text, file);
}

/**
 * The one-line finding for a model the parser refused to parse because it is
 * over the input bounds (`FILE:LINE:COL: error RULE: message`), or null.
 */
export function overLimitFinding(loaded: LoadedModel): string | null {
  return loaded.overLimit;
}
