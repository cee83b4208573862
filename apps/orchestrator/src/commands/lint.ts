import { ConfigError, hasErrors, lintText, reportJson, reportText } from '@tmsync/rubric';
import { findConfig, loadConfig, reportSarif } from '@tmsync/rubric/node';
import type { TmsyncConfig } from '@tmsync/rubric';
import { resolve } from 'node:path';
import type { Command, Io } from '../io.js';
import { EXIT, formatOption, parseOptions, readTextFile, UsageError } from '../io.js';
import { loadModel, MODEL_SOURCE_HELP, MODEL_SOURCE_OPTIONS } from '../model-source.js';

const FORMATS = ['text', 'json', 'sarif'] as const;

/** The config to lint with: `--config FILE`, else `.tmsyncrc.yaml` / `.tmsyncrc.json` in the current folder, else the defaults. */
function configFor(option: string | undefined, io: Io): TmsyncConfig | undefined {
  const path = option !== undefined ? resolve(io.cwd, option) : findConfig(io.cwd);
  if (!path) return undefined;
  try {
    return loadConfig(path);
  } catch (error) {
    if (error instanceof ConfigError)
      throw new UsageError(option !== undefined ? error.message.split(path).join(option) : error.message);
    throw error;
  }
}

/** Reads a FILE argument, naming it as the user wrote it when it cannot be read. */
async function readArgument(file: string, io: Io): Promise<string> {
  const abs = resolve(io.cwd, file);
  try {
    return await readTextFile(abs);
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(error.message.split(abs).join(file));
    throw error;
  }
}

export const lint: Command = {
  name: 'lint',
  summary: 'check threat models against the rubric (text, JSON or SARIF)',
  help: `Usage: tmsync lint FILE... [--format text|json|sarif] [--config FILE]
       tmsync lint --at REF --repo DIR [--path PATH] [--format text|json|sarif] [--config FILE]

Checks each threat model against the rubric: sections present, unique and in
order; header fields and provenance legend; declared counts against the tags;
every inferred claim citing an existing open question; dispositions declared
in §13; closing dispositions licensed by documented or maintainer claims; the
status consistent with the claims. A file that is not a rubric model (another
outline, a SECURITY.md, reStructuredText) gets one message saying so.

Options:
  --format text|json|sarif  output form (default text). json is
                       [{file, messages: [{ruleId, severity, line, column, message}]}];
                       sarif is SARIF 2.1.0 for GitHub code scanning
  --config FILE        rule settings (YAML or JSON); default .tmsyncrc.yaml,
                       .tmsyncrc.yml or .tmsyncrc.json in the current folder:
                         rules:
                           question-uncited: off
                           section-order: error
                           header-field-missing: [warning, {required: [project, status]}]
  --root DIR           folder that SARIF file URIs are relative to (default: .)
${MODEL_SOURCE_HELP}

A document can silence a rule from a point on with
<!-- tmsync disable RULE --> (and <!-- tmsync enable RULE -->).

Exit: 0 when no rule reports an error, 1 when one does, 2 when a file or the
config cannot be read or the call is wrong (nothing is reported then).`,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, {
      format: { type: 'string' },
      config: { type: 'string' },
      root: { type: 'string' },
      ...MODEL_SOURCE_OPTIONS,
    });
    const format = formatOption(values.format, FORMATS, 'text');
    const config = configFor(values.config, io);
    const root = resolve(io.cwd, values.root ?? '.');
    const files: ReturnType<typeof lintText>[] = [];
    let repoPath: string | undefined;
    if (values.at !== undefined || values.repo !== undefined || values.path !== undefined) {
      if (positionals.length > 0) throw new UsageError('give either FILE... or --at REF, not both');
      const loaded = await loadModel(undefined, values, io);
      repoPath = loaded.label.slice(loaded.label.indexOf(':') + 1);
      files.push(lintText(loaded.text, loaded.label, config, loaded.model));
    } else {
      if (positionals.length === 0)
        throw new UsageError('missing FILE (or --at REF --repo DIR); see tmsync lint --help');
      // Read everything first: an unreadable file stops the run before any report is written.
      const texts: string[] = [];
      for (const file of positionals) texts.push(await readArgument(file, io));
      positionals.forEach((file, i) => {
        files.push(lintText(texts[i] as string, file, config));
      });
    }
    let output: string;
    if (format === 'json') output = reportJson(files);
    else if (format === 'sarif')
      output = reportSarif(files, repoPath !== undefined ? { root, uri: () => repoPath } : { root });
    else output = reportText(files);
    io.stdout(output);
    return hasErrors(files) ? EXIT.findings : EXIT.ok;
  },
};
