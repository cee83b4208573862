import { closest, distance } from 'fastest-levenshtein';
import remarkMessageControl from 'remark-message-control';
import type { Nodes, Root } from 'mdast';
import type { PluggableList } from 'unified';
import type { VFile } from 'vfile';
import { location } from 'vfile-location';
import { remarkThreatModel } from './model.js';
import type { RuleMeta, RuleSeverity, TmsyncRule } from './rule.js';
import { DOCS_URL } from './rule.js';
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
import newerProvenanceDetail from './rules/newer-provenance-detail.js';
import newerDocumentedLocator from './rules/newer-documented-locator.js';
import newerHedgeTag from './rules/newer-hedge-tag.js';
import newerHeaderFields from './rules/newer-header-fields.js';
import newerQuickStart from './rules/newer-quick-start.js';
import newerBacktestNote from './rules/newer-backtest-note.js';
import newerSectionBody from './rules/newer-section-body.js';
import newerTableShape from './rules/newer-table-shape.js';
import newerTableProvenance from './rules/newer-table-provenance.js';
import newerTrustTable from './rules/newer-trust-table.js';
import newerContractMatrix from './rules/newer-contract-matrix.js';
import newerAdversaryExcluded from './rules/newer-adversary-excluded.js';
import newerPropertyFields from './rules/newer-property-fields.js';
import newerMemorySymptomCode from './rules/newer-memory-symptom-code.js';
import newerPropertyVoids from './rules/newer-property-voids.js';
import newerWorkedExamples from './rules/newer-worked-examples.js';
import newerDisclaimerTier from './rules/newer-disclaimer-tier.js';
import newerNonFindingFields from './rules/newer-non-finding-fields.js';
import newerDispositionsSet from './rules/newer-dispositions-set.js';
import newerQuestionsList from './rules/newer-questions-list.js';
import closureEscalates from './rules/closure-escalates.js';

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
  'newer-provenance-detail',
  'newer-documented-locator',
  'newer-hedge-tag',
  'newer-header-fields',
  'newer-quick-start',
  'newer-backtest-note',
  'newer-section-body',
  'newer-table-shape',
  'newer-table-provenance',
  'newer-trust-table',
  'newer-contract-matrix',
  'newer-adversary-excluded',
  'newer-property-fields',
  'newer-memory-symptom-code',
  'newer-property-voids',
  'newer-worked-examples',
  'newer-disclaimer-tier',
  'newer-non-finding-fields',
  'newer-dispositions-set',
  'newer-questions-list',
  'closure-escalates',
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
  newerProvenanceDetail,
  newerDocumentedLocator,
  newerHedgeTag,
  newerHeaderFields,
  newerQuickStart,
  newerBacktestNote,
  newerSectionBody,
  newerTableShape,
  newerTableProvenance,
  newerTrustTable,
  newerContractMatrix,
  newerAdversaryExcluded,
  newerPropertyFields,
  newerMemorySymptomCode,
  newerPropertyVoids,
  newerWorkedExamples,
  newerDisclaimerTier,
  newerNonFindingFields,
  newerDispositionsSet,
  newerQuestionsList,
  closureEscalates,
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

/** The message unified-message-control gives for an id it does not know (its wording, version 5). */
const NOT_KNOWN = /^Cannot (enable|disable|ignore) `'(.+)'`, it’s not known$/;

/** `: did you mean \`x\`?` when a rule id is a likely misspelling of `id`, else nothing. */
export function nearestRule(id: string): string {
  const best = closest(id, [...RULE_IDS]);
  return distance(id, best) <= Math.max(2, Math.floor(id.length / 4)) ? `: did you mean \`${best}\`?` : '';
}

/**
 * `remark-message-control` for tmsync's rules under two names: `tmsync`
 * (`<!-- tmsync disable RULE -->`) and `lint` (`<!-- lint disable RULE -->`,
 * as remark-lint users write; ids that are not tmsync's are left to
 * remark-lint). A `tmsync` comment naming no rule gets a warning
 * (`comment-unknown-rule`) with the nearest id. Skipped on a tree with no
 * nodes (a blank file): message control drops every message outside the
 * tree's nodes, and `not-a-threat-model`'s one message must survive.
 *
 * Most documents carry no control comment; for them a cheap test of the text
 * skips the four walks message control makes and applies, in one plain walk,
 * what it does when no comment speaks (see `withoutControlComments`);
 * `{always: true}` runs message control itself all the same.
 */
export function tmsyncMessageControl(options: { always?: boolean } = {}) {
  const own = remarkMessageControl({ name: 'tmsync', known: [...RULE_IDS], source: 'tmsync' });
  const lint = remarkMessageControl({ name: 'lint', source: 'tmsync' });
  return (tree: Root, file: VFile): undefined => {
    if (tree.children.length === 0) return undefined;
    if (options?.always !== true && !hasControlComment(String(file.value ?? ''))) {
      withoutControlComments(tree, file);
      return undefined;
    }
    const earlier = new Set(file.messages);
    own(tree, file);
    lint(tree, file);
    const kept = file.messages.filter((message) => {
      const unknown =
        !earlier.has(message) && message.source === 'unified-message-control' ? NOT_KNOWN.exec(message.reason) : null;
      return !unknown;
    });
    const unknowns = file.messages.filter((message) => !kept.includes(message));
    file.messages = kept;
    for (const message of unknowns) {
      const [, verb, id] = NOT_KNOWN.exec(message.reason) as unknown as [string, string, string];
      const warning = file.message(
        `\`<!-- tmsync ${verb} ${id} -->\` names no tmsync rule${nearestRule(id) || '.'} The rule ids are listed in the @tmsync/rubric README.`,
        { place: message.place, ruleId: 'comment-unknown-rule', source: 'tmsync' },
      );
      warning.url = `${DOCS_URL}#rules`;
    }
    return undefined;
  };
}

/**
 * A superset of the comments mdast-comment-marker reads as a `tmsync` or
 * `lint` marker (`<!-- NAME ...-->`, NAME followed by a space or the end):
 * when the text has no match, no comment can control a message.
 */
const CONTROL_COMMENT = /<!--\s*(?:tmsync|lint)(?:\s|-->)/;

/** Whether a document's text may hold a `tmsync`/`lint` control comment (a string test, no tree walk). */
export function hasControlComment(text: string): boolean {
  return text.includes('<!--') && CONTROL_COMMENT.test(text);
}

/**
 * What unified-message-control (version 5) does to tmsync's messages when no
 * comment toggles a rule, done in one plain walk instead of its four: a
 * message with no line or column gets 1, and a message placed in a gap of the
 * tree (text no node covers, as after the last node) is dropped.
 */
function withoutControlComments(tree: Root, file: VFile): void {
  if (!file.messages.some((m) => m.source === 'tmsync')) return;
  const gaps = treeGaps(tree);
  const toOffset = gaps.length > 0 ? location(file).toOffset : null;
  file.messages = file.messages.filter((message) => {
    if (message.source !== 'tmsync') return true;
    if (!message.line) message.line = 1;
    if (!message.column) message.column = 1;
    const offset = toOffset?.(message);
    if (offset === undefined) return true;
    return !gaps.some(([start, end]) => start <= offset && end > offset);
  });
}

/** The spans no node covers, as unified-message-control's `detectGaps` finds them (same order, same bounds). */
function treeGaps(tree: Root): [number, number][] {
  const end = tree.position?.end?.offset;
  const gaps: [number, number][] = [];
  let offset = 0;
  let gap = false;
  const update = (latest: number | undefined) => {
    if (latest === undefined || latest === null) gap = true;
    else if (offset < latest) {
      if (gap) {
        gaps.push([offset, latest]);
        gap = false;
      }
      offset = latest;
    }
  };
  const walk = (node: Nodes | Root) => {
    update(node.position?.start?.offset);
    if ('children' in node) for (const child of node.children as Nodes[]) walk(child);
    else update(node.position?.end?.offset);
  };
  walk(tree);
  if (typeof end === 'number' && offset !== end) {
    update(undefined);
    update(end);
  }
  return gaps;
}
