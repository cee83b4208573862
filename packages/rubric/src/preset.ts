import remarkMessageControl from 'remark-message-control';
import type { Root } from 'mdast';
import type { PluggableList, Preset } from 'unified';
import type { VFile } from 'vfile';
import { remarkThreatModel } from './model.js';
import type { RuleMeta, RuleSeverity, TmsyncRule } from './rule.js';
import claimCitesStruckQuestion from './rules/claim-cites-struck-question.js';
import closureUnlicensed from './rules/closure-unlicensed.js';
import confidenceMismatch from './rules/confidence-mismatch.js';
import documentTooLarge from './rules/document-too-large.js';
import dispositionUndeclared from './rules/disposition-undeclared.js';
import headerFieldMissing from './rules/header-field-missing.js';
import inferredCitesResolvedQuestion from './rules/inferred-cites-resolved-question.js';
import inferredWithoutQuestion from './rules/inferred-without-question.js';
import legendMissing from './rules/legend-missing.js';
import nestingTooDeep from './rules/nesting-too-deep.js';
import notAThreatModel from './rules/not-a-threat-model.js';
import questionDuplicate from './rules/question-duplicate.js';
import questionUncited from './rules/question-uncited.js';
import questionUnknown from './rules/question-unknown.js';
import sectionDuplicate from './rules/section-duplicate.js';
import sectionMissing from './rules/section-missing.js';
import sectionOrder from './rules/section-order.js';
import statusInconsistent from './rules/status-inconsistent.js';
import tagUnclosed from './rules/tag-unclosed.js';

/** Every rule id, stable across releases. */
export const RULE_IDS = [
  'not-a-threat-model',
  'section-missing',
  'section-order',
  'section-duplicate',
  'header-field-missing',
  'legend-missing',
  'confidence-mismatch',
  'status-inconsistent',
  'inferred-without-question',
  'question-unknown',
  'question-uncited',
  'question-duplicate',
  'claim-cites-struck-question',
  'inferred-cites-resolved-question',
  'disposition-undeclared',
  'closure-unlicensed',
  'tag-unclosed',
  'document-too-large',
  'nesting-too-deep',
] as const;

/** A rule id. */
export type RuleId = (typeof RULE_IDS)[number];

/** Every rule, in the order reports and the README list them. */
export const RULES: readonly TmsyncRule[] = [
  notAThreatModel,
  sectionMissing,
  sectionOrder,
  sectionDuplicate,
  headerFieldMissing,
  legendMissing,
  confidenceMismatch,
  statusInconsistent,
  inferredWithoutQuestion,
  questionUnknown,
  questionUncited,
  questionDuplicate,
  claimCitesStruckQuestion,
  inferredCitesResolvedQuestion,
  dispositionUndeclared,
  closureUnlicensed,
  tagUnclosed,
  documentTooLarge,
  nestingTooDeep,
];

const BY_ID = new Map<string, TmsyncRule>(RULES.map((r) => [r.meta.id, r]));

/** The metadata of a rule, or undefined for an unknown id. */
export function ruleMeta(id: string): RuleMeta | undefined {
  return BY_ID.get(id)?.meta;
}

/** The rule with an id, or undefined. */
export function ruleById(id: string): TmsyncRule | undefined {
  return BY_ID.get(id);
}

/** A rule's effective setting: off, or on with a severity and options. */
export type EffectiveSetting = { severity: 'off' } | { severity: RuleSeverity; options?: unknown };

/** unified-lint-rule's severity number for a severity name. */
function level(severity: RuleSeverity): 1 | 2 {
  return severity === 'error' ? 2 : 1;
}

/** Builds the plugin list: the model plugin, each rule that is on with its severity, then message control. */
export function pluginsFor(settings: ReadonlyMap<string, EffectiveSetting> = new Map()): PluggableList {
  const plugins: PluggableList = [remarkThreatModel];
  for (const rule of RULES) {
    const setting = settings.get(rule.meta.id) ?? { severity: rule.meta.severity };
    if (setting.severity === 'off') continue;
    plugins.push([rule.plugin, [level(setting.severity), 'options' in setting ? setting.options : undefined]]);
  }
  plugins.push(tmsyncMessageControl);
  return plugins;
}

/**
 * `remark-message-control` under the name `tmsync`, knowing the rule ids (an
 * unknown id in a comment gets a warning). Skipped on a tree with no nodes
 * (a blank file): message control drops every message outside the tree's
 * nodes, and `not-a-threat-model`'s one message must survive.
 */
export function tmsyncMessageControl() {
  const transform = remarkMessageControl({ name: 'tmsync', known: [...RULE_IDS] });
  return (tree: Root, file: VFile): undefined => {
    if (tree.children.length === 0) return undefined;
    transform(tree, file);
    return undefined;
  };
}

/**
 * The tmsync preset: every rule at its default severity, then
 * `remark-message-control` (name `tmsync`) so a document can write
 * `<!-- tmsync disable question-uncited -->`. Usable from remark-cli
 * (`.remarkrc.mjs`: `export default {plugins: [remarkGfm, presetTmsync]}`).
 */
export const presetTmsync: Preset = { plugins: pluginsFor() };
