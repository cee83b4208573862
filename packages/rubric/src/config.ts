import { formatKeyPath, formatZodError } from '@tmsync/core';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { InputLimits } from '@tmsync/parser';
import type { EffectiveSetting, RuleId } from './preset.js';
import { RULE_IDS, ruleById } from './preset.js';

/** A severity as a config file writes it. */
export type SeverityName = 'off' | 'warning' | 'error';

/** One rule's setting: a severity, or `[severity, options]`. */
export type RuleSetting = SeverityName | [SeverityName] | [SeverityName, unknown];

/** The linter's configuration (`.tmsyncrc.yaml` / `.tmsyncrc.json`). */
export interface TmsyncConfig {
  rules?: Partial<Record<RuleId, RuleSetting>>;
  /** Input bounds checked before parsing (see @tmsync/parser's InputLimits). */
  limits?: Partial<InputLimits>;
}

/** A configuration file that cannot be used; the message names the file and the key path. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Config file names looked for in a folder, in order. */
export const CONFIG_NAMES = ['.tmsyncrc.yaml', '.tmsyncrc.yml', '.tmsyncrc.json'] as const;

const Severity = z.enum(['off', 'warning', 'error'], { error: () => 'must be off, warning or error' });
const PositiveInteger = z
  .number({ error: () => 'must be a whole number' })
  .int('must be a whole number')
  .positive('must be greater than 0');
const Limits = z.strictObject({ maxBytes: PositiveInteger.optional(), maxNestingDepth: PositiveInteger.optional() });
const TopLevel = z.strictObject({ rules: z.record(z.string(), z.unknown()).optional(), limits: Limits.optional() });

/** Validates parsed configuration data (from `source`, named in errors); throws ConfigError listing every problem. */
export function validateConfig(data: unknown, source = 'config'): TmsyncConfig {
  if (data === null || data === undefined) return {};
  const problems: string[] = [];
  const top = TopLevel.safeParse(data);
  if (!top.success) {
    problems.push(...formatZodError(top.error, source));
    throw new ConfigError(problems.join('\n'));
  }
  const rules: Record<string, RuleSetting> = {};
  for (const [id, value] of Object.entries(top.data.rules ?? {})) {
    const rule = ruleById(id);
    if (!rule) {
      problems.push(`${source}: rules.${id}: unknown rule id "${id}" (known: ${RULE_IDS.join(', ')})`);
      continue;
    }
    const setting = z.union([Severity, z.tuple([Severity]), z.tuple([Severity, rule.meta.options ?? z.unknown()])], {
      error: () => 'must be off, warning, error or [severity, options]',
    });
    const parsed = setting.safeParse(value);
    if (!parsed.success) {
      // Report the deepest useful issue: an options problem rather than the union's summary.
      const deep =
        Array.isArray(value) && value.length === 2 && rule.meta.options ? rule.meta.options.safeParse(value[1]) : null;
      const sev = Array.isArray(value) ? Severity.safeParse(value[0]) : Severity.safeParse(value);
      if (deep && !deep.success && sev.success)
        problems.push(...formatZodError(deep.error, source, { at: ['rules', id, 1] }));
      else if (!sev.success)
        problems.push(
          `${source}: ${formatKeyPath(Array.isArray(value) ? ['rules', id, 0] : ['rules', id])}: must be off, warning or error`,
        );
      else
        problems.push(
          `${source}: rules.${id}: must be off, warning, error or [severity, options]${rule.meta.options ? '' : ` (${id} takes no options)`}`,
        );
      continue;
    }
    if (Array.isArray(value) && value.length === 2 && !rule.meta.options) {
      problems.push(`${source}: rules.${id}[1]: ${id} takes no options`);
      continue;
    }
    rules[id] = parsed.data as RuleSetting;
  }
  if (problems.length) throw new ConfigError(problems.join('\n'));
  const config: TmsyncConfig = { rules: rules as TmsyncConfig['rules'] };
  if (top.data.limits) config.limits = top.data.limits as Partial<InputLimits>;
  return config;
}

/** Reads and validates a config file (YAML, or JSON for `.json`); throws ConfigError. */
export function loadConfig(path: string): TmsyncConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? String(error)})`,
    );
  }
  let data: unknown;
  try {
    data = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigError(`${path}: not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'} (${message})`);
  }
  return validateConfig(data, path);
}

/** The config file in a folder (`.tmsyncrc.yaml`, `.tmsyncrc.yml`, `.tmsyncrc.json`), or null. */
export function findConfig(dir: string): string | null {
  for (const name of CONFIG_NAMES) {
    const path = join(dir, name);
    if (existsSync(path)) return path;
  }
  return null;
}

/** The effective setting of every rule that the config mentions. */
export function settingsOf(config: TmsyncConfig = {}): Map<string, EffectiveSetting> {
  const out = new Map<string, EffectiveSetting>();
  for (const [id, value] of Object.entries(config.rules ?? {})) {
    if (value === undefined) continue;
    const [severity, options] = Array.isArray(value) ? value : [value, undefined];
    out.set(id, severity === 'off' ? { severity: 'off' } : { severity, options });
  }
  return out;
}
