import type { Root } from 'mdast';
import { lintRule } from 'unified-lint-rule';
import type { Position } from 'unist';
import type { VFile } from 'vfile';

/** A rule's severity when it is on. */
export type RuleSeverity = 'error' | 'warning';

/** Where the rules' documentation lives (the package README, one anchor per rule id). */
export const DOCS_URL = 'https://github.com/tmsync/tmsync/blob/main/packages/rubric/README.md';

/** What a rule is, for presets, config validation, reporters and SARIF `rules[]`. */
export interface RuleMeta {
  /** Stable id (`section-missing`); messages carry it as `ruleId`. */
  id: string;
  /** Default severity in `presetTmsync`. */
  severity: RuleSeverity;
  /** One line: what the rule checks (SARIF `shortDescription`). */
  summary: string;
  /** A paragraph: what the rule checks and why (SARIF `fullDescription`). */
  description: string;
  /** What to do about a message (SARIF `help`). */
  help: string;
  /** Whether the rule takes options; their schema is in `rule-options.ts`, which only the config loader loads. */
  takesOptions?: true;
}

/** A rule's unified plugin (built with `unified-lint-rule`: options `off`/`warn`/`error` or `[severity, options]`). */
export type RulePlugin = ReturnType<typeof lintRule<Root, unknown>>;

/**
 * A rule: its unified plugin itself (so a rule module's default export can be
 * used in a remark config, remark-lint style), carrying its metadata, and
 * `plugin` naming the same function.
 */
export type TmsyncRule = RulePlugin & { meta: RuleMeta; plugin: RulePlugin };

/** The documentation URL of a rule. */
export function ruleUrl(id: string): string {
  return `${DOCS_URL}#${id}`;
}

/** Builds a rule from its metadata and a check; the check reports through `report`. */
export function defineRule<Options = undefined>(
  meta: RuleMeta,
  check: (ctx: {
    tree: Root;
    file: VFile;
    options: Options | undefined;
    report: (reason: string, place: Position) => void;
  }) => void,
): TmsyncRule {
  const plugin = lintRule<Root, unknown>(
    { origin: `tmsync:${meta.id}`, url: ruleUrl(meta.id) },
    (tree, file, options) => {
      const report = (reason: string, place: Position) => {
        file.message(reason, { place, ruleId: meta.id, source: 'tmsync' });
      };
      check({ tree, file, options: options as Options | undefined, report });
    },
  );
  return Object.assign(plugin, { meta, plugin });
}
