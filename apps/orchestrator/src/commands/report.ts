import type { TmsyncConfig } from '@tmsync/rubric';
import { renderSite, reportMarkdown } from '@tmsync/report';
import { resolve } from 'node:path';
import { CAMPAIGN_OPTIONS, clockFromEnv, FORGE_HELP, openCampaignFromArgs } from '../campaign/index.js';
import type { Command } from '../io.js';
import { EXIT, formatOption, parseOptions, UsageError } from '../io.js';
import { gatherReport } from '../report/gather.js';
import { progressFor, repositoryCount } from '../report/progress.js';
import { writeSite } from '../report/write.js';
import { ConfigError } from '@tmsync/rubric';
import { configFor, loadConfig } from '@tmsync/rubric/node';

export const report: Command = {
  name: 'report',
  summary: 'a static site (or Markdown summary) of every family of a campaign',
  help: `Usage: tmsync report --campaign FILE --out DIR [--family NAME] [--config FILE]
       tmsync report --campaign FILE --format markdown [--family NAME] [--config FILE]

Writes a static, self-contained site to DIR (no network at view time: the
chart library is a local file): an overview table of every family — the
parent model's lint errors and warnings, provenance counts, open / partial /
resolved questions, satellites with broken chains, drifted addenda, open /
human-edited / stale changes, the pin and newer tags — families needing
attention first; and a page per family with the parent's provenance and
questions over its history as charts (one point per commit, tags on the
axis), its open questions, lint messages, and each satellite's chain hop by
hop, its change and its drift. Every figure links to its source: a page of
the file with numbered lines, or the change. Figures are those of \`stats\`,
\`lint\`, \`history\`, \`chain\`, \`drift\` and \`campaign status\`.

DIR is replaced as a whole; a DIR that is not empty and holds no earlier
report is refused.

Options:
  --campaign FILE      the campaign file (YAML)
  --family NAME        only this family
${FORGE_HELP}
  --out DIR            where to write the site
  --format html|markdown  html (default) writes the site to --out; markdown
                       prints the overview for a GitHub issue or job summary
  --config FILE        lint settings (as for \`tmsync lint\`)

Progress per repository on stderr: a bar on a terminal, plain lines
otherwise (and in CI).

Exit: 0 written, 2 bad call, campaign file or output folder.`,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, {
      ...CAMPAIGN_OPTIONS,
      out: { type: 'string' },
      format: { type: 'string' },
      config: { type: 'string' },
    });
    const format = formatOption(values.format, ['html', 'markdown'] as const, 'html');
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    if (format === 'html' && values.out === undefined) throw new UsageError('missing --out DIR (or --format markdown)');
    if (format === 'markdown' && values.out !== undefined)
      throw new UsageError('--out goes with the html format; --format markdown prints to stdout');
    // --config FILE, else the nearest config above the current folder (as lint finds one per file).
    let config: TmsyncConfig;
    try {
      config =
        values.config !== undefined
          ? loadConfig(resolve(io.cwd, values.config))
          : configFor(io.cwd, { isDirectory: true }).config;
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(error.message);
      throw error;
    }
    const { loaded, forge } = await openCampaignFromArgs(values, io);
    const now = (clockFromEnv(io.env) ?? (() => new Date()))();
    const progress = progressFor(io, 'report', repositoryCount(loaded.campaign));
    const data = await gatherReport(forge, loaded, config, now.toISOString(), progress);
    if (format === 'markdown') {
      io.stdout(reportMarkdown(data));
      return EXIT.ok;
    }
    const out = values.out as string;
    const site = renderSite(data);
    await writeSite(site, resolve(io.cwd, out), out);
    io.stdout(
      `Wrote ${out}/index.html: ${data.families.length} famil${data.families.length === 1 ? 'y' : 'ies'}, ${site.size} files.\n`,
    );
    return EXIT.ok;
  },
};
