// The preset remark-cli and other unified pipelines load. Apart from the
// rules' plugin list (preset.ts) because remark-gfm brings GFM's Markdown
// serialisers with it, which tmsync's own lint (lint.ts) does not need.
import remarkGfm from 'remark-gfm';
import type { Preset } from 'unified';
import { pluginsFor } from './preset.js';

/**
 * The tmsync preset: remark-gfm (tables are rows, as the parser reads them),
 * every rule at its default severity, then message control (names `tmsync`
 * and `lint`). The package's default export, so remark-cli takes it as
 * `remark --use @tmsync/rubric` or `{"plugins": ["@tmsync/rubric"]}` in
 * `.remarkrc.json`; a rule is configured by its module,
 * `["@tmsync/rubric/rules/question-uncited", "off"]`.
 */
export const presetTmsync: Preset = { plugins: [remarkGfm, ...pluginsFor()] };
