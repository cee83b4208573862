// `@tmsync/rubric`: the rules, the preset, the config schema and the text and
// JSON reporters. Pure: no file, cwd or environment access, so editors and
// browser bundles can use it. File access (config discovery, lintFile, SARIF)
// is in `@tmsync/rubric/node`.
import { presetTmsync } from './remark-preset.js';

export { remarkThreatModel, threatModelOf, rubricModel, sectionName, sectionNumber } from './model.js';
export { defineRule, ruleUrl, DOCS_URL } from './rule.js';
export type { RuleMeta, RulePlugin, RuleSeverity, TmsyncRule } from './rule.js';
export {
  hasControlComment,
  RULES,
  RULE_IDS,
  ruleById,
  ruleMeta,
  pluginsFor,
  tmsyncMessageControl,
} from './preset.js';
export { presetTmsync } from './remark-preset.js';
export type { RuleId, EffectiveSetting } from './preset.js';
export { ConfigError, CONFIG_NAMES, configJsonSchema, parseConfigText, settingsOf, validateConfig } from './config.js';
export type { RuleSetting, SeverityName, TmsyncConfig } from './config.js';
export { createProcessor, hasErrors, lintText } from './lint.js';
export { jsonReport, reportJson, reportText } from './reporters.js';
export type { JsonFileReport, JsonMessage, TextReportOptions } from './reporters.js';
export { DEFAULT_TOLERANCE, toleranceFor } from './rules/confidence-mismatch.js';
export { DEFAULT_REQUIRED_FIELDS, HEADER_FIELDS } from './rules/header-field-missing.js';
export type { HeaderFieldKey } from './rules/header-field-missing.js';
export { isClosing } from './rules/closure-unlicensed.js';
export { isDeclared } from './rules/disposition-undeclared.js';
export { statusAccepted } from './rules/status-inconsistent.js';

/** The preset, as remark-cli loads a package: `remark --use @tmsync/rubric`, or `"plugins": ["@tmsync/rubric"]`. */
export default presetTmsync;
