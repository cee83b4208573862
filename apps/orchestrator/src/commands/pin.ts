import { BranchNameSchema } from '@tmsync/core';
import { CAMPAIGN_OPTIONS, FORGE_HELP, openCampaignFromArgs, recordPin, withCampaign } from '../campaign/index.js';
import { writeFileAtomic } from '../fsutil.js';
import type { Command } from '../io.js';
import { formatOption, parseOptions, UsageError } from '../io.js';
import { pinProblem } from '../satellites/pin.js';
import { runPointers } from '../satellites/pointers.js';
import { pointersExit, pointersJson, pointersText } from './pointers.js';

export const pin: Command = {
  name: 'pin',
  summary: "bind the satellites' pointers and addenda to a tag of the parent",
  help: `Usage: tmsync pin TAG --campaign FILE [--family NAME] [--base BRANCH] [--dry-run] [--format text|json]

Checks that TAG exists in each family's parent and holds the model (a rubric
threat model at the family's parent.path, with every inherited section); when
the path is missing at TAG, names the threat-model files that are there.
Then, for every satellite, rewrites the links to the parent's model (managed
sections, and links people wrote) to .../blob/TAG/PATH and records the
inherited sections at TAG in the addenda (the body of each change carries the
diff of any inherited section that differs from the recorded one), proposes
the changes on the campaign's branch, and records "pin: TAG" on the family in
the campaign file (only that line changes), so later runs of pointers, drift
and campaign keep to the tag.

Release branches: a satellite's change targets its base: branch when the
campaign file gives one (a family per release line, with base: on each
satellite and its own pin:, keeps that line pinned across runs). --base BRANCH
targets BRANCH in every satellite for this pin instead, on a tool branch of
its own (BRANCH-NAME-BRANCH); the family's pin: is then left as it is (it is
the pin of the satellites' own bases), and each addendum on BRANCH records
the tag.

Options:
  --campaign FILE      the campaign file (YAML)
  --family NAME        only this family (default: every family)
${FORGE_HELP}
  --base BRANCH        target BRANCH (e.g. a release branch) in every satellite
  --dry-run            print the plan and diffs; propose nothing, record nothing
  --format text|json   output form (default text)

Exit: 0 pinned, 1 some satellites failed or need a person (the rest are
pinned), 2 the tag does not exist or does not hold the model, or a bad call.`,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, {
      ...CAMPAIGN_OPTIONS,
      'dry-run': { type: 'boolean' },
      base: { type: 'string' },
      format: { type: 'string' },
    });
    const base = values.base;
    if (base !== undefined && !BranchNameSchema.safeParse(base).success)
      throw new UsageError(`--base ${base} is not a branch name (letters, digits, . _ / -)`);
    const format = formatOption(values.format, ['text', 'json'] as const, 'text');
    const tag = positionals[0];
    if (!tag) throw new UsageError('missing TAG');
    if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
    const open = await openCampaignFromArgs(values, io, values['dry-run'] ? undefined : `pin ${tag}`);
    return withCampaign(open, async ({ loaded, forge }) => {
      const problems: string[] = [];
      for (const family of loaded.campaign.families) {
        const problem = await pinProblem(forge, family, tag);
        if (problem) problems.push(problem);
      }
      if (problems.length) throw new UsageError(`cannot pin to ${tag}: ${problems.join('; ')}`);
      const dry = !!values['dry-run'];
      const campaign = {
        ...loaded.campaign,
        families: loaded.campaign.families.map((f) => ({
          ...f,
          pin: tag,
          satellites: base === undefined ? f.satellites : f.satellites.map((s) => ({ ...s, base })),
        })),
      };
      const runs = await runPointers(forge, campaign, { mode: 'pin', apply: !dry, onlySatellites: base !== undefined });
      let text = loaded.text;
      if (!dry && base === undefined)
        for (const family of campaign.families) text = recordPin(text, loaded.file, family.name, tag);
      const recorded = !dry && text !== loaded.text;
      if (recorded) await writeFileAtomic(loaded.path, text);
      if (format === 'json') {
        io.stdout(
          `${JSON.stringify({ ...pointersJson(runs, 'pin', dry), tag, recorded, campaign: loaded.file }, null, 2)}\n`,
        );
      } else {
        io.stdout(pointersText(runs, !dry, `tmsync pin ${tag}${base !== undefined ? ` --base ${base}` : ''}`, true));
        if (recorded)
          io.stdout(`Recorded pin: ${tag} in ${loaded.file} (${campaign.families.map((f) => f.name).join(', ')}).\n`);
        else if (!dry && base !== undefined)
          io.stdout(
            `Not recorded in ${loaded.file}: its pin: is the satellites' own bases'; the addenda on ${base} record ${tag} (for a release line kept pinned, give it a family with base: per satellite and pin: ${tag}).\n`,
          );
        else if (!dry) io.stdout(`${loaded.file} already records pin: ${tag}.\n`);
      }
      return pointersExit(runs);
    });
  },
};
