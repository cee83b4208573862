import type { ThreatModel } from '@tmsync/core';
import { parseDocument, parseMarkdown } from '@tmsync/parser';
import type { Root } from 'mdast';
import type { Processor } from 'unified';
import { unified } from 'unified';
import { VFile } from 'vfile';
import type { TmsyncConfig } from './config.js';
import { pluginsFor } from './preset.js';
import { settingsOf } from './settings.js';

/** unified parser plugin: Markdown → mdast with GFM, the same tree the threat-model parser reads. */
function tmsyncMarkdown(this: Processor) {
  // eslint-disable-next-line @typescript-eslint/no-this-alias
  const self = this as unknown as { parser: (doc: string) => Root };
  self.parser = (doc: string) => parseMarkdown(doc);
}

const processors = new WeakMap<TmsyncConfig, Processor<Root, Root, Root>>();
const bySettings = new Map<string, Processor<Root, Root, Root>>();

/**
 * A frozen processor that parses Markdown and runs the rules as a config sets
 * them. One per distinct rule settings for the whole run: configs that set the
 * rules alike (every folder without a config, say) share it.
 */
export function createProcessor(config?: TmsyncConfig): Processor<Root, Root, Root> {
  let processor = config ? processors.get(config) : undefined;
  if (processor) return processor;
  const key = JSON.stringify([...settingsOf(config)]);
  processor = bySettings.get(key);
  if (!processor) {
    processor = build(config);
    bySettings.set(key, processor);
  }
  if (config) processors.set(config, processor);
  return processor;
}

function build(config: TmsyncConfig | undefined): Processor<Root, Root, Root> {
  return unified()
    .use(tmsyncMarkdown)
    .use({ plugins: pluginsFor(settingsOf(config)) })
    .freeze() as unknown as Processor<Root, Root, Root>;
}

function emptyRoot(): Root {
  return { type: 'root', children: [] };
}

/** Lints a document's text; `path` names it in messages. Returns the VFile with its messages. */
export function lintText(text: string, path: string, config?: TmsyncConfig, model?: ThreatModel): VFile {
  const file = new VFile({ path, value: text });
  const processor = createProcessor(config);
  // One Markdown parse serves both the model and the rules' tree.
  // A model over the input bounds was not parsed, and its text must not be either.
  const parsed = model
    ? { model, tree: model.kind === 'over-limit' ? emptyRoot() : parseMarkdown(text) }
    : parseDocument(text, { path, ...(config?.limits ? { limits: config.limits } : {}) });
  file.data.threatModel = parsed.model;
  processor.runSync(parsed.tree, file);
  return file;
}

/** Whether any message of the files is an error. */
export function hasErrors(files: readonly VFile[]): boolean {
  return files.some((f) => f.messages.some((m) => m.fatal === true));
}
