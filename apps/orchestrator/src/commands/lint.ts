import type { TmsyncConfig } from '@tmsync/rubric';
import { ConfigError, hasErrors, lintText, reportJson, reportText } from '@tmsync/rubric';
import { configFor, loadConfig, reportSarif } from '@tmsync/rubric/node';
import { resolve } from 'node:path';
import type { Command, Io } from '../io.js';
import { EXIT, formatOption, parseOptions, readTextFile, UsageError } from '../io.js';
import { lintTargets, MODEL_NAMES } from '../lint-files.js';
import { loadModel, MODEL_SOURCE_HELP, MODEL_SOURCE_OPTIONS } from '../model-source.js';

const FORMATS = ['text', 'json', 'sarif'] as const;

/** Runs a config lookup, turning a bad config into a one-line UsageError (naming `--config` as written). */
function usingConfig<T>(load: () => T, option?: { written: string; path: string }): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError)
      throw new UsageError(option ? error.message.split(option.path).join(option.written) : error.message);
    throw error;
  }
}

/** Reads a FILE argument, naming it as the user wrote it when it cannot be read. */
async function readArgument(label: string, abs: string): Promise<string> {
  try {
    return await readTextFile(abs);
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(error.message.split(abs).join(label));
    throw error;
  }
}

/** The whole of standard input as text. */
async function readStdin(io: Io): Promise<string> {
  if (io.stdin) return io.stdin();
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A count option (`--max-warnings N`): a whole number ≥ 0. */
function countOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number (got "${value}")`);
  return Number(value);
}

export const lint: Command = {
  name: 'lint',
  summary: 'check threat models against the rubric (text, JSON or SARIF)',
  help: `Usage: tmsync lint PATH|GLOB|-... [--format text|json|sarif] [--config FILE] [--quiet] [--max-warnings N]
       tmsync lint --at REF --repo DIR [--path PATH] [--format text|json|sarif] [--config FILE]

Checks each threat model against the rubric: sections present, unique and in
order; header fields and provenance legend; declared counts against the tags;
every inferred claim citing an existing open question; dispositions declared
in §13; closing dispositions licensed by documented or maintainer claims; the
status consistent with the claims. A file that is not a rubric model (another
outline, a SECURITY.md, reStructuredText) gets one message saying so.

What is linted:
  FILE                 that file, whatever its name
  DIR                  the threat models in DIR and below: ${MODEL_NAMES.join(', ')}
                       (any case; .md, .markdown or .rst), skipping what
                       .gitignore ignores, node_modules and .git
  GLOB                 the files the pattern matches ("docs/**/*.md"), outside .gitignore
  -                    standard input (reported as <stdin>)

Options:
  --format text|json|sarif  output form (default text). json is
                       [{file, messages: [{ruleId, severity, line, column, message}]}];
                       sarif is SARIF 2.1.0 for GitHub code scanning
  --config FILE        rule settings (YAML or JSON) for every file. Default: for
                       each file, the nearest .tmsyncrc.yaml, .tmsyncrc.yml,
                       .tmsyncrc.json or package.json "tmsync" key in its folder
                       or above (schema: @tmsync/rubric/config.schema.json):
                         rules:
                           question-uncited: off
                           section-order: error
                           header-field-missing: [warning, {required: [project, status]}]
  --quiet              report errors only, not warnings
  --max-warnings N     exit 1 when there are more than N warnings
  --color, --no-color  colour the text report (default: on a terminal; NO_COLOR
                       and FORCE_COLOR are honoured)
  --root DIR           folder that SARIF file URIs are relative to (default: .)
${MODEL_SOURCE_HELP}

A document can silence a rule from a point on with
<!-- tmsync disable RULE --> or <!-- lint disable RULE --> (and enable).

Exit: 0 when no rule reports an error (and warnings are within --max-warnings),
1 when one does, 2 when a file or the config cannot be read or the call is
wrong (nothing is reported then).`,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, {
      format: { type: 'string' },
      config: { type: 'string' },
      root: { type: 'string' },
      quiet: { type: 'boolean' },
      'max-warnings': { type: 'string' },
      color: { type: 'boolean' },
      'no-color': { type: 'boolean' },
      ...MODEL_SOURCE_OPTIONS,
    });
    const format = formatOption(values.format, FORMATS, 'text');
    const maxWarnings = countOption('max-warnings', values['max-warnings']);
    const given =
      values.config !== undefined
        ? usingConfig(() => loadConfig(resolve(io.cwd, values.config as string)), {
            written: values.config,
            path: resolve(io.cwd, values.config),
          })
        : undefined;
    /** The config for a file: --config, else the nearest one from the file's folder up. */
    const configOf = (path: string, isDirectory = false): TmsyncConfig =>
      given ?? usingConfig(() => configFor(path, { isDirectory }).config);
    const root = resolve(io.cwd, values.root ?? '.');
    let files: ReturnType<typeof lintText>[] = [];
    let repoPath: string | undefined;
    if (values.at !== undefined || values.repo !== undefined || values.path !== undefined) {
      if (positionals.length > 0) throw new UsageError('give either PATH... or --at REF, not both');
      const loaded = await loadModel(undefined, values, io);
      repoPath = loaded.label.slice(loaded.label.indexOf(':') + 1);
      files.push(lintText(loaded.text, loaded.label, configOf(io.cwd, true), loaded.model));
    } else {
      if (positionals.length === 0)
        throw new UsageError(
          'missing PATH: name a file, a folder (tmsync lint . finds the threat models in it), a glob, or - for standard input',
        );
      // Find and read everything first: an unreadable file stops the run before any report is written.
      const inputs: { label: string; text: string; config: TmsyncConfig }[] = [];
      const seen = new Set<string>();
      for (const arg of positionals) {
        if (arg === '-') {
          inputs.push({ label: '<stdin>', text: await readStdin(io), config: configOf(io.cwd, true) });
          continue;
        }
        for (const target of await lintTargets([arg], io.cwd)) {
          if (seen.has(target.path)) continue;
          seen.add(target.path);
          const text = await readArgument(target.label, target.path);
          inputs.push({ label: target.label, text, config: configOf(target.path) });
        }
      }
      files = inputs.map((input) => lintText(input.text, input.label, input.config));
    }
    const warnings = files.reduce((n, f) => n + f.messages.filter((m) => m.fatal !== true).length, 0);
    if (values.quiet) for (const file of files) file.messages = file.messages.filter((m) => m.fatal === true);
    let output: string;
    if (format === 'json') output = reportJson(files);
    else if (format === 'sarif')
      output = reportSarif(files, repoPath !== undefined ? { root, uri: () => repoPath } : { root });
    else {
      const color = values['no-color'] ? false : values.color ? true : (io.color ?? false);
      output = reportText(files, { color });
    }
    io.stdout(output);
    if (hasErrors(files)) return EXIT.findings;
    if (maxWarnings !== undefined && warnings > maxWarnings) {
      io.stderr(`tmsync lint: ${warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
      return EXIT.findings;
    }
    return EXIT.ok;
  },
};
