import { resolve } from 'node:path';
import type { Command } from '../io.js';
import { EXIT, parseOptions, UsageError } from '../io.js';
import { readModelAtRef } from '../model-at-ref.js';

export const show: Command = {
  name: 'show',
  summary: 'print the model as it stood at a tag or any git ref',
  help: `Usage: tmsync show --at REF [--repo DIR] [--path PATH]

Prints the threat model as it stood at a git ref (a release tag, a branch or
a commit), read with git from the repository's objects: no checkout, the
working tree is not touched. This is the model a report against that release
is triaged against (the header's "Version binding").

Without --path the model is found at the ref: THREAT_MODEL.md,
THREAT-MODEL.md, docs/THREAT_MODEL.md or docs/THREAT-MODEL.md, else the one
file named like *THREAT*MODEL*.md or *threat-model*.md (any case, any folder).

Options:
  --at REF      the ref to read (required)
  --repo DIR    the git repository (default: the current folder)
  --path PATH   the model's path in the repository

When the ref does not exist the error says so and lists some tags; when the
model is not at that path the error names the threat-model files found there.

Exit: 0 on success, 2 when the ref, the path or the repository is wrong.`,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, {
      at: { type: 'string' },
      repo: { type: 'string' },
      path: { type: 'string' },
    });
    if (positionals.length)
      throw new UsageError(`show takes no FILE (got "${positionals[0]}"); use --at REF [--path PATH]`);
    if (values.at === undefined) throw new UsageError('missing --at REF (a tag, branch or commit)');
    const read = await readModelAtRef(resolve(io.cwd, values.repo ?? '.'), values.at, values.path);
    io.stdout(read.text);
    return EXIT.ok;
  },
};
