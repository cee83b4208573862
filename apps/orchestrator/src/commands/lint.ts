import type { TmsyncConfig } from '@tmsync/rubric';
import type { ConfigSource } from '@tmsync/rubric/config-source';
import { clearConfigSourceCache, configSourceFor } from '@tmsync/rubric/config-source';
import { fromRecord, toRecord } from '@tmsync/rubric/results';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command, Io } from '../io.js';
import { EXIT, formatOption, parseOptions, readTextFile, UsageError } from '../io.js';
import { cacheLocationOption, defaultCacheLocation, LintCache } from '../lint-cache.js';
import { isTreeArgument, lintTargets, MODEL_NAMES } from '../lint-files.js';
import { MODEL_SOURCE_HELP, MODEL_SOURCE_OPTIONS } from '../model-source.js';

// The rules and the parser load only when a file is linted (not when every
// file comes from the cache); the config loader (YAML, zod) only when there is
// a config file; the reporters when they report.
const rubric = () => import('@tmsync/rubric/lint');
const rubricNode = () => import('@tmsync/rubric/node');

const FORMATS = ['text', 'json', 'sarif'] as const;

/** Runs a config lookup, turning a bad config into a one-line UsageError (naming `--config` as written). */
async function usingConfig<T>(load: () => T, option?: { written: string; path: string }): Promise<T> {
  const { ConfigError } = await rubricNode();
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
  --no-cache           lint every file afresh. By default, linting a folder or a
                       glob keeps each file's messages in a cache and reuses them
                       while the file, its config and tmsync's version are
                       unchanged (--cache turns it on for files named one by one)
  --cache-location PATH  the cache file, or a folder to hold .tmsynccache
                       (default: node_modules/.cache/tmsync/lint-cache.json in
                       the nearest folder with a package.json, else .tmsynccache);
                       a location that cannot be written is skipped
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
      cache: { type: 'boolean' },
      'no-cache': { type: 'boolean' },
      'cache-location': { type: 'string' },
      ...MODEL_SOURCE_OPTIONS,
    });
    const format = formatOption(values.format, FORMATS, 'text');
    const maxWarnings = countOption('max-warnings', values['max-warnings']);
    let givenSource: ConfigSource | undefined;
    let given: TmsyncConfig | undefined;
    if (values.config !== undefined) {
      const path = resolve(io.cwd, values.config);
      const { loadConfig } = await rubricNode();
      given = await usingConfig(() => loadConfig(path), { written: values.config, path });
      givenSource = { path, content: readFileSync(path, 'utf8') };
    }
    /** The config for a file: --config, else the nearest one from the file's folder up. */
    const configOf = async (path: string, isDirectory = false): Promise<TmsyncConfig> => {
      if (given) return given;
      // No config file from here up: the defaults, without loading the config loader.
      if (configSourceFor(path, { isDirectory }).path === null) return {};
      const { configFor } = await rubricNode();
      return usingConfig(() => configFor(path, { isDirectory }).config);
    };
    const root = resolve(io.cwd, values.root ?? '.');
    // Each file's messages only: its text, tree and model are let go once it is linted.
    const files: ReturnType<typeof fromRecord>[] = [];
    const lintOne = async (text: string, label: string, config: TmsyncConfig) => {
      const { lintText } = await rubric();
      return toRecord(lintText(text, label, config));
    };
    let repoPath: string | undefined;
    let cache: LintCache | null = null;
    if (values.at !== undefined || values.repo !== undefined || values.path !== undefined) {
      if (positionals.length > 0) throw new UsageError('give either PATH... or --at REF, not both');
      const { loadModel } = await import('../model-source.js');
      const loaded = await loadModel(undefined, values, io);
      repoPath = loaded.label.slice(loaded.label.indexOf(':') + 1);
      const { lintText } = await rubric();
      const file = lintText(loaded.text, loaded.label, await configOf(io.cwd, true), loaded.model);
      files.push(fromRecord(loaded.label, toRecord(file)));
    } else {
      if (positionals.length === 0)
        throw new UsageError(
          'missing PATH: name a file, a folder (tmsync lint . finds the threat models in it), a glob, or - for standard input',
        );
      const cached =
        values['no-cache'] !== true &&
        (values.cache === true || positionals.some((arg) => isTreeArgument(arg, io.cwd)));
      if (cached) {
        clearConfigSourceCache();
        cache = LintCache.open(
          values['cache-location'] !== undefined
            ? cacheLocationOption(values['cache-location'], io.cwd)
            : defaultCacheLocation(io.cwd),
        );
      }
      // Nothing is reported before every file is read: an unreadable file stops the run with nothing written.
      const seen = new Set<string>();
      for (const arg of positionals) {
        if (arg === '-') {
          const text = await readStdin(io);
          files.push(fromRecord('<stdin>', await lintOne(text, '<stdin>', await configOf(io.cwd, true))));
          continue;
        }
        for (const target of await lintTargets([arg], io.cwd)) {
          if (seen.has(target.path)) continue;
          seen.add(target.path);
          const text = await readArgument(target.label, target.path);
          const key = cache ? LintCache.key(text, givenSource ?? configSourceFor(target.path)) : '';
          let record = cache?.get(target.path, key);
          if (!record) {
            record = await lintOne(text, target.label, await configOf(target.path));
            cache?.set(target.path, key, record);
          }
          files.push(fromRecord(target.label, record));
        }
      }
    }
    const warnings = files.reduce((n, f) => n + f.messages.filter((m) => m.fatal !== true).length, 0);
    if (values.quiet) for (const file of files) file.messages = file.messages.filter((m) => m.fatal === true);
    let output: string;
    if (format === 'json') output = (await import('@tmsync/rubric/reporters')).reportJson(files);
    else if (format === 'sarif') {
      const { reportSarif } = await rubricNode();
      output = reportSarif(files, repoPath !== undefined ? { root, uri: () => repoPath } : { root });
    } else {
      const color = values['no-color'] ? false : values.color ? true : (io.color ?? false);
      output = (await import('@tmsync/rubric/reporters')).reportText(files, { color });
    }
    cache?.save();
    io.stdout(output);
    if (files.some((f) => f.messages.some((m) => m.fatal === true))) return EXIT.findings;
    if (maxWarnings !== undefined && warnings > maxWarnings) {
      io.stderr(`tmsync lint: ${warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
      return EXIT.findings;
    }
    return EXIT.ok;
  },
};
