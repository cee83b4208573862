import { forgeForDirectory, CAMPAIGN_OPTIONS, FORGE_HELP, openCampaignFromArgs } from '../campaign/index.js';
import type { Io } from '../io.js';
import type { Command } from '../io.js';
import { EXIT, formatOption, parseOptions, UsageError } from '../io.js';
import type { Forge } from '../forge/types.js';
import type { Campaign } from '@tmsync/core';
import type { ChainResult } from '../satellites/chain.js';
import { followChain } from '../satellites/chain.js';
import { satelliteReadRef } from '../satellites/drift.js';
import { failureMessage, withoutRepo } from '../satellites/run.js';
import { clockFromEnv } from '../campaign/forge-factory.js';
import { cachedForge } from '../satellites/cache.js';

/** A chain checked for one repository of a campaign (or its failure). */
export interface ChainEntry {
  family: string | null;
  repo: string;
  role: 'satellite' | 'parent' | 'repository';
  result: ChainResult | null;
  error: string | null;
}

/** Follows the chain of every satellite (and with `parents`, every parent) of a campaign. */
export async function campaignChains(
  forge: Forge,
  campaign: Campaign,
  options: { parents?: boolean; proposed?: boolean } = {},
): Promise<ChainEntry[]> {
  const out: ChainEntry[] = [];
  for (const family of campaign.families) {
    const known = [family.parent.repo, ...family.satellites.map((s) => s.repo)];
    const targets: {
      repo: string;
      role: 'satellite' | 'parent';
      agents?: string;
      security?: string;
      addendum?: string | undefined;
      base?: string | undefined;
    }[] = [];
    if (options.parents)
      targets.push({
        repo: family.parent.repo,
        role: 'parent',
        agents: family.parent.agents,
        security: family.parent.security,
      });
    for (const s of family.satellites)
      targets.push({
        repo: s.repo,
        role: 'satellite',
        agents: s.agents,
        security: s.security,
        addendum: s.addendum,
        base: s.base,
      });
    for (const t of targets) {
      try {
        const ref =
          options.proposed && (t.role === 'satellite' || family.parent.pointers)
            ? (await satelliteReadRef(forge, campaign, { repo: t.repo, base: t.base })).ref
            : t.base;
        const result = await followChain(forge, t.repo, {
          knownRepos: known,
          parent: family.parent,
          ...(t.agents ? { agents: t.agents } : {}),
          ...(t.security ? { security: t.security } : {}),
          ...(t.addendum ? { addendum: t.addendum } : {}),
          ...(ref ? { ref } : {}),
        });
        out.push({ family: family.name, repo: t.repo, role: t.role, result, error: null });
      } catch (error) {
        out.push({ family: family.name, repo: t.repo, role: t.role, result: null, error: failureMessage(error) });
      }
    }
  }
  return out;
}

/** The text of one chain: the hops followed, each broken one with its reason. */
export function chainText(result: ChainResult, label = result.repo): string[] {
  const lines = [`${label}@${result.ref}: ${result.status === 'ok' ? 'ok' : result.status.toUpperCase()}`];
  for (const hop of result.hops) {
    const arrow = hop.step === 'agents' ? '  ' : '  -> ';
    if (hop.to) {
      const where =
        hop.to.resolvedPath !== hop.to.path ? `${hop.to.path} (symlink to ${hop.to.resolvedPath})` : hop.to.path;
      const repo = hop.to.repo !== result.repo ? `${hop.to.repo}:` : '';
      const at = hop.to.repo !== result.repo || hop.to.ref !== result.ref ? ` at ${hop.to.ref}` : '';
      const via = hop.via ? ` (linked from ${hop.via.path}:${hop.via.line}:${hop.via.column})` : '';
      const kind = hop.kind === 'rubric-model' ? ', a rubric threat model' : hop.kind ? `, ${hop.kind}` : '';
      const note = hop.note && !hop.note.startsWith('symlink to') ? `; ${hop.note}` : '';
      lines.push(`${arrow}${repo}${where}${at}${via}${kind}${note}`);
    }
    for (const p of hop.problems) {
      const at = p.at ? `${p.at.path}:${p.at.line}:${p.at.column}: ` : '';
      lines.push(`     ${p.severity === 'error' ? 'x' : '?'} ${at}${p.message}`);
    }
  }
  for (const a of result.addenda) {
    const via = a.linkedFrom ? ` (linked from ${a.linkedFrom.path}:${a.linkedFrom.line})` : '';
    const what = a.record
      ? `inherits ${a.sections.join(', ') || 'no section'} of ${a.record.parent}@${a.record.ref.length >= 40 ? a.record.ref.slice(0, 12) : a.record.ref}`
      : 'no valid record';
    lines.push(
      `  + addendum ${a.path}${via}: ${what}${a.ok ? `, record valid${a.problems.some((p) => p.code === 'stale') ? '' : ' and fingerprints current'}` : ''}`,
    );
    for (const p of a.problems) lines.push(`     ${p.severity === 'error' ? 'x' : '?'} ${p.message}`);
  }
  return lines;
}

/** JSON of a chain entry (a contract: keys kept, more may be added). */
export function chainJson(entry: ChainEntry) {
  return {
    family: entry.family,
    repo: entry.repo,
    role: entry.role,
    status: entry.result ? entry.result.status : 'failed',
    ref: entry.result?.ref ?? null,
    hops: entry.result?.hops ?? [],
    problems: entry.result?.problems ?? [],
    model: entry.result?.model ?? null,
    addenda: entry.result?.addenda ?? [],
    error: entry.error,
  };
}

function report(entries: ChainEntry[], format: 'text' | 'json', io: Io): number {
  const broken = entries.filter((e) => !e.result || e.result.status === 'broken').length;
  const unverified = entries.filter((e) => e.result?.status === 'unverified').length;
  const ok = entries.length - broken - unverified;
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ chains: entries.map(chainJson), ok, broken, unverified }, null, 2)}\n`);
  } else {
    const lines: string[] = [];
    let family: string | null | undefined;
    for (const e of entries) {
      if (e.family !== family && e.family !== null) lines.push(`family ${e.family}:`);
      family = e.family;
      const label = e.role === 'parent' ? `${e.repo} (parent)` : e.repo;
      if (e.result) lines.push(...chainText(e.result, label).map((l) => (e.family !== null ? `  ${l}` : l)));
      else lines.push(`  ${label}: FAILED: ${withoutRepo(e.error ?? '', e.repo)}`);
    }
    lines.push(
      '',
      `${entries.length} chain(s): ${ok} ok, ${broken} broken${unverified ? `, ${unverified} unverified (links the forge cannot follow)` : ''}.`,
    );
    io.stdout(`${lines.join('\n')}\n`);
  }
  return broken > 0 ? EXIT.findings : EXIT.ok;
}

export const chain: Command = {
  name: 'chain',
  summary: 'check that AGENTS.md -> SECURITY.md -> threat model resolves',
  help: `Usage: tmsync chain --campaign FILE [--family NAME] [--parents] [--proposed] [--format text|json]
       tmsync chain --repo DIR [--ref REF] [--agents PATH] [--format text|json]

Follows the discoverability chain the way a scanner would: the agent guide
(AGENTS.md, through a symlink such as AGENTS.md -> CLAUDE.md) links the security
policy (SECURITY.md at the root, in .github/ or docs/, also .markdown), which
links the threat model: a relative link, or
https://github.com/OWNER/REPO/blob/REF/PATH into another repository the forge
holds (read at REF). Each broken hop is reported precisely: the file missing at
that ref; a link to a path that does not exist while a file with a threat-model
name does (named); a symlink leaving the repository; a ref that does not exist;
a target that is not a rubric threat model (and what it reads as). A link into a
repository the forge does not hold is "unverified", not broken.

Options:
  --campaign FILE      check every satellite of the campaign
  --family NAME        only this family
${FORGE_HELP}
  --parents            check the parents' own chains too
  --proposed           read satellites at the tool branch while a change is open
                       (the chain as it will be once the change is merged)
  --repo DIR           check one repository on disk (its siblings under DIR/../..
                       are reachable as owner/name)
  --ref REF            with --repo: the ref to read (default: its default branch)
  --agents PATH        the agent guide's path (default AGENTS.md)
  --format text|json   output form (default text)

Exit: 0 every chain resolves, 1 a chain is broken, 2 bad call or campaign file.`,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, {
      ...CAMPAIGN_OPTIONS,
      parents: { type: 'boolean' },
      proposed: { type: 'boolean' },
      repo: { type: 'string' },
      ref: { type: 'string' },
      agents: { type: 'string' },
      format: { type: 'string' },
    });
    const format = formatOption(values.format, ['text', 'json'] as const, 'text');
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    if (values.repo !== undefined) {
      if (values.campaign !== undefined) throw new UsageError('give either --campaign FILE or --repo DIR, not both');
      if (values.family !== undefined || values.parents || values.proposed)
        throw new UsageError('--family, --parents and --proposed go with --campaign');
      const clock = clockFromEnv(io.env);
      const {
        forge: inner,
        repo,
        dispose,
      } = await forgeForDirectory(
        values.repo.startsWith('/') ? values.repo : `${io.cwd}/${values.repo}`,
        clock ? { clock } : {},
      );
      const forge = cachedForge(inner);
      try {
        let entry: ChainEntry;
        try {
          const result = await followChain(forge, repo, {
            ...(values.ref ? { ref: values.ref } : {}),
            ...(values.agents ? { agents: values.agents } : {}),
          });
          entry = { family: null, repo: values.repo, role: 'repository', result, error: null };
        } catch (error) {
          entry = { family: null, repo: values.repo, role: 'repository', result: null, error: failureMessage(error) };
        }
        return report([entry], format, io);
      } finally {
        await dispose();
      }
    }
    if (values.ref !== undefined || values.agents !== undefined)
      throw new UsageError('--ref and --agents go with --repo DIR');
    const { loaded, forge } = await openCampaignFromArgs(values, io);
    const entries = await campaignChains(forge, loaded.campaign, {
      parents: !!values.parents,
      proposed: !!values.proposed,
    });
    return report(entries, format, io);
  },
};
