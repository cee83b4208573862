import { resolve } from 'node:path';
import { modelHistory } from '../history.js';
import type { Command } from '../io.js';
import { EXIT, formatOption, parseOptions, UsageError } from '../io.js';

export const history: Command = {
  name: 'history',
  summary: 'provenance counts and open questions at each commit of the model',
  help: `Usage: tmsync history [--repo DIR] [--path PATH] [--format text|json]

For each commit that touched the model (git log --follow, so renames such as
draft-THREAT-MODEL.md → THREAT_MODEL.md are followed), oldest first: the
commit, its date and subject, the model's provenance counts and its number
of open questions — the data a progress chart needs.

Options:
  --repo DIR           the git repository (default: the current folder)
  --path PATH          the model's path at HEAD (default: found as show finds it)
  --format text|json   output form (default text); json is
                       { path, commits: [{ sha, date, subject, path,
                         provenance: {documented, inferred, maintainer,
                         assumption} | null, openQuestions, questions,
                         overLimit }] }

A version over the input bounds (too large or nested too deep to parse) is
not counted: its row says so, its finding (document-too-large or
nesting-too-deep) is printed on stderr, and json carries it as overLimit.

Exit: 0 on success, 1 when a version is over the input bounds, 2 when the
repository or the path is wrong.`,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, {
      repo: { type: 'string' },
      path: { type: 'string' },
      format: { type: 'string' },
    });
    const format = formatOption(values.format, ['text', 'json'] as const, 'text');
    if (positionals.length)
      throw new UsageError(
        `history takes no positional argument (got "${positionals[0]}"); use --repo DIR and --path PATH`,
      );
    const { path, entries } = await modelHistory(resolve(io.cwd, values.repo ?? '.'), values.path);
    const refused = entries.flatMap((e) => (e.overLimit ? [e.overLimit] : []));
    const exit = refused.length ? EXIT.findings : EXIT.ok;
    if (format === 'json') {
      const commits = entries.map((e) => ({ ...e, openQuestions: e.questions?.open ?? null }));
      io.stdout(`${JSON.stringify({ path, commits }, null, 2)}\n`);
      return exit;
    }
    const lines = [
      `${path}: ${entries.length} commit${entries.length === 1 ? '' : 's'} (oldest first)`,
      `  ${'commit'.padEnd(8)} ${'date'.padEnd(10)} ${'doc'.padStart(4)} ${'mnt'.padStart(4)} ${'inf'.padStart(4)} ${'asm'.padStart(4)} ${'open'.padStart(5)}  subject`,
    ];
    for (const e of entries) {
      const p = e.provenance;
      const cell = (n: number | undefined) => (n === undefined ? '—' : String(n)).padStart(4);
      lines.push(
        `  ${e.sha.slice(0, 8)} ${e.date.slice(0, 10)} ${cell(p?.documented)} ${cell(p?.maintainer)} ${cell(p?.inferred)} ${cell(p?.assumption)} ${(e.questions ? String(e.questions.open) : '—').padStart(5)}  ${e.subject}${e.overLimit ? ' (over the input bounds, not parsed)' : p ? '' : ' (model deleted)'}${e.path !== path ? ` [${e.path}]` : ''}`,
      );
    }
    io.stdout(`${lines.join('\n')}\n`);
    for (const finding of refused) io.stderr(`${finding}\n`);
    return exit;
  },
};
