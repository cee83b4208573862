import { overLimitLine, parseThreatModel } from '@tmsync/parser';
import type { DiffSide } from '@tmsync/upkeep';
import { diffJson, diffMarkdown, diffText, semanticDiff } from '@tmsync/upkeep';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command, Io } from '../io.js';
import { EXIT, formatOption, parseOptions, readTextFile, UsageError } from '../io.js';
import { readModelAtRef } from '../model-at-ref.js';

/** A side as read, refused (exit 2, its bound's finding) when it is over the input bounds and so was not parsed. */
function parsedSide(text: string, label: string): DiffSide {
  const model = parseThreatModel(text, { path: label });
  const bound = overLimitLine(model, label);
  if (bound) throw new UsageError(`${bound}; cannot compare it`);
  return { model, text, label };
}

/** Reads one side of a diff: a file, or `REF:PATH` (or `REF:` to find the model) in the repository. */
async function readSide(arg: string, repo: string | undefined, io: Io): Promise<DiffSide> {
  const asFile = resolve(io.cwd, arg);
  const refForm = /^([^:]+):(.*)$/.exec(arg);
  if (refForm && (repo !== undefined || !existsSync(asFile))) {
    const [, ref, path] = refForm as unknown as [string, string, string];
    const repoDir = resolve(io.cwd, repo ?? '.');
    const read = await readModelAtRef(repoDir, ref, path === '' ? undefined : path);
    const label = `${ref}:${read.path}`;
    return parsedSide(read.text, label);
  }
  if (repo !== undefined)
    throw new UsageError(`${arg}: with --repo, give versions as REF:PATH (e.g. v1.0:THREAT_MODEL.md)`);
  const text = await readTextFile(asFile);
  return parsedSide(text, arg);
}

export const diff: Command = {
  name: 'diff',
  summary: 'semantic diff of two versions of a model (files or git refs)',
  help: `Usage: tmsync diff A B [--format text|json|markdown] [--repo DIR]

Compares two versions of a threat model by meaning, not by line: sections
added, removed or changed (with a word-level diff of each changed section),
claims added and removed, tags promoted (inferred/assumption → maintainer or
documented) and demoted, questions opened, resolved and struck, and the
provenance counts before and after.

A and B are files, or REF:PATH in a git repository (a tag, branch or commit
and the model's path there; "REF:" alone finds the model at that ref). Refs
are read with git, without a checkout.

Sections are matched by their rubric meaning (or number, or title), claims
by their text (emphasis and white space ignored), questions by id.

Options:
  --format text|json|markdown   output form (default text); markdown is
                                ready to paste as a PR comment; json keeps
                                the keys sections[{id,title,change}], promoted,
                                demoted, questions{opened,resolved,struck},
                                provenance{before,after}
  --repo DIR                    the git repository for REF:PATH (default: the
                                current folder)

Exit: 0 on success (whether or not the versions differ), 2 when a version
cannot be read or is over the input bounds (too large or nested too deep).`,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, { format: { type: 'string' }, repo: { type: 'string' } });
    const format = formatOption(values.format, ['text', 'json', 'markdown'] as const, 'text');
    if (positionals.length !== 2) throw new UsageError('expected two versions, A and B (files or REF:PATH)');
    const [a, b] = positionals as [string, string];
    const sideA = await readSide(a, values.repo, io);
    const sideB = await readSide(b, values.repo, io);
    const d = semanticDiff(sideA, sideB);
    io.stdout(
      format === 'json'
        ? `${JSON.stringify(diffJson(d), null, 2)}\n`
        : format === 'markdown'
          ? diffMarkdown(d)
          : diffText(d),
    );
    return EXIT.ok;
  },
};
