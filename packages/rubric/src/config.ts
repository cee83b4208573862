import { formatKeyPath, formatZodError } from '@tmsync/core';
import type { InputLimits } from '@tmsync/parser';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from './config-error.js';
import type { RuleId } from './preset.js';
import { RULE_IDS, RULES, ruleById } from './preset.js';
import { RULE_OPTIONS } from './rule-options.js';

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

export { ConfigError } from './config-error.js';
export { settingsOf } from './settings.js';

export { CONFIG_NAMES } from './config-names.js';

const Severity = z.enum(['off', 'warning', 'error'], { error: () => 'must be off, warning or error' });
const PositiveInteger = z
  .number({ error: () => 'must be a whole number' })
  .int('must be a whole number')
  .positive('must be greater than 0');
const Limits = z.strictObject({ maxBytes: PositiveInteger.optional(), maxNestingDepth: PositiveInteger.optional() });
const TopLevel = z.strictObject({
  $schema: z.string().optional(),
  rules: z.record(z.string(), z.unknown()).optional(),
  limits: Limits.optional(),
});

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
    const options = rule ? RULE_OPTIONS[rule.meta.id] : undefined;
    if (!rule) {
      problems.push(`${source}: rules.${id}: unknown rule id "${id}" (known: ${RULE_IDS.join(', ')})`);
      continue;
    }
    const setting = z.union([Severity, z.tuple([Severity]), z.tuple([Severity, options ?? z.unknown()])], {
      error: () => 'must be off, warning, error or [severity, options]',
    });
    const parsed = setting.safeParse(value);
    if (!parsed.success) {
      // Report the deepest useful issue: an options problem rather than the union's summary.
      const deep = Array.isArray(value) && value.length === 2 && options ? options.safeParse(value[1]) : null;
      const sev = Array.isArray(value) ? Severity.safeParse(value[0]) : Severity.safeParse(value);
      if (deep && !deep.success && sev.success)
        problems.push(...formatZodError(deep.error, source, { at: ['rules', id, 1] }));
      else if (!sev.success)
        problems.push(
          `${source}: ${formatKeyPath(Array.isArray(value) ? ['rules', id, 0] : ['rules', id])}: must be off, warning or error`,
        );
      else
        problems.push(
          `${source}: rules.${id}: must be off, warning, error or [severity, options]${options ? '' : ` (${id} takes no options)`}`,
        );
      continue;
    }
    if (Array.isArray(value) && value.length === 2 && !options) {
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

/** Parses and validates a config file's text (YAML, or JSON when `path` ends in `.json`); `path` names it in errors. Throws ConfigError. */
export function parseConfigText(text: string, path: string): TmsyncConfig {
  let data: unknown;
  try {
    data = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { logLevel: 'error' });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigError(`${path}: not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'} (${message})`);
  }
  return validateConfig(data, path);
}

/** The JSON Schema (draft 2020-12) of the config file, for editors (`config.schema.json` in the package is this). */
export function configJsonSchema(): Record<string, unknown> {
  const severity = { enum: ['off', 'warning', 'error'] };
  const properties: Record<string, unknown> = {};
  for (const rule of RULES) {
    const schema = RULE_OPTIONS[rule.meta.id];
    const options = schema ? z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) : null;
    if (options) delete options.$schema;
    properties[rule.meta.id] = {
      description: `${rule.meta.summary} (default ${rule.meta.severity})`,
      anyOf: [
        severity,
        { type: 'array', prefixItems: [severity], minItems: 1, maxItems: 1 },
        ...(options ? [{ type: 'array', prefixItems: [severity, options], minItems: 2, maxItems: 2 }] : []),
      ],
    };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://github.com/tmsync/tmsync/blob/main/packages/rubric/config.schema.json',
    title: 'tmsync lint configuration (.tmsyncrc.yaml, .tmsyncrc.json, package.json "tmsync")',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      rules: { type: 'object', additionalProperties: false, properties },
      limits: {
        description: 'Input bounds checked on the raw text before parsing; a document over one is not parsed.',
        type: 'object',
        additionalProperties: false,
        properties: {
          maxBytes: { type: 'integer', minimum: 1, description: 'Largest document in UTF-8 bytes (default 1048576).' },
          maxNestingDepth: {
            type: 'integer',
            minimum: 1,
            description: 'Deepest container nesting on one line (default 100).',
          },
        },
      },
    },
  };
}
