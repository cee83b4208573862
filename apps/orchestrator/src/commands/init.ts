import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { today } from '../today.js';
import { renderInitTemplate } from '../init-template.js';
import type { Command } from '../io.js';
import { EXIT, parseOptions, UsageError } from '../io.js';

export const init: Command = {
  name: 'init',
  summary: 'write a new draft model with every rubric section',
  help: `Usage: tmsync init --project NAME [--out FILE] [--commit SHA]

Writes a new draft threat model: every section of the rubric in order (§1–§14
with §5a and §11a), the header fields (Project, Commit, Date, Authors,
Status, Version binding, Reporting, Provenance legend, Draft confidence),
§13 with the base triage dispositions and §14 with a first wave holding one
example question, cited by one example inferred claim in §2. The draft lints
without errors; fill in the sections and the questions from there.

Options:
  --project NAME   the project's name (required)
  --out FILE       where to write (default THREAT_MODEL.md; "-" prints it)
  --commit SHA     the commit the model describes (default: left to fill in)

An existing file is never overwritten.

Exit: 0 on success, 2 when the file exists or cannot be written.`,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, {
      project: { type: 'string' },
      out: { type: 'string' },
      commit: { type: 'string' },
    });
    if (positionals.length)
      throw new UsageError(
        `init takes no positional argument (got "${positionals[0]}"); use --project NAME [--out FILE]`,
      );
    const project = (values.project ?? '').trim();
    if (!project) throw new UsageError('missing --project NAME');
    if (/[\n\r]/.test(project) || project.length > 100)
      throw new UsageError('--project must be one line of at most 100 characters');
    const commit = values.commit?.trim();
    if (commit !== undefined && !/^[0-9a-f]{4,64}$/i.test(commit))
      throw new UsageError(`--commit must be a commit id (hex), got "${commit}"`);
    const text = renderInitTemplate({ project, date: today(io.env), ...(commit ? { commit } : {}) });
    const out = values.out ?? 'THREAT_MODEL.md';
    if (out === '-') {
      io.stdout(text);
      return EXIT.ok;
    }
    const path = resolve(io.cwd, out);
    try {
      await writeFile(path, text, { encoding: 'utf8', flag: 'wx' });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST')
        throw new UsageError(`${out} already exists; init never overwrites a file (choose another --out)`);
      if (code === 'ENOENT') throw new UsageError(`${out}: its folder does not exist`);
      throw new UsageError(`${out}: cannot write (${code ?? String(error)})`);
    }
    io.stdout(
      `wrote ${out}: a draft threat model for ${project} (fill in the sections, then answer §14 with tmsync answer)\n`,
    );
    return EXIT.ok;
  },
};
