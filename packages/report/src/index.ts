export type {
  CampaignReport,
  CitingClaim,
  DriftSection,
  FamilyReport,
  HistoryPoint,
  HopReport,
  LintMessage,
  ProvenanceFigures,
  QuestionFigures,
  QuestionItem,
  SatelliteReport,
  SourceFile,
  SourceLocation,
} from './model.js';
export { attentionScore, byAttention, overviewRow } from './model.js';
export type { Site } from './html.js';
export { CHART_ASSET, chartLibrary, historyCharts, renderSite, sourceHref } from './html.js';
export type { StatusRow } from './markdown.js';
export { reportMarkdown, statusMarkdown } from './markdown.js';
