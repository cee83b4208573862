import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { VFile } from 'vfile';
import { RULES, ruleMeta } from './preset.js';
import { severityOf, sorted } from './reporters.js';
import { DOCS_URL, ruleUrl } from './rule.js';

/** The package's version, the SARIF tool version. */
export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/** Options of the SARIF reporter. */
export interface SarifOptions {
  /** Folder that artifact URIs are relative to (default: the process's cwd). */
  root?: string;
  /** Overrides the repository-relative URI of a file (e.g. for a model read at a git ref). */
  uri?: (file: VFile) => string | undefined;
  /** `automationDetails.id`: the run's category, so GitHub keeps one analysis per category (default `tmsync/lint/`). */
  category?: string;
}

/** A repository-relative URI with forward slashes, each segment percent-encoded as a URI needs. */
function relativeUri(path: string, root: string): string {
  const abs = isAbsolute(path) ? path : resolve(root, path);
  const rel = relative(root, abs) || path;
  return rel
    .split(sep)
    .join('/')
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%3A/gi, ':'))
    .join('/');
}

/** GitHub-style line hash: rule id and the line's text without whitespace, hashed; occurrence appended by the caller. */
function lineHash(ruleId: string, lineText: string): string {
  return createHash('sha256')
    .update(`${ruleId}\0${lineText.replace(/\s+/g, '')}`)
    .digest('hex')
    .slice(0, 16);
}

function pascal(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}

/** The SARIF 2.1.0 log as data (the shape GitHub code scanning accepts). */
export function sarifLog(files: readonly VFile[], options: SarifOptions = {}) {
  const root = resolve(options.root ?? process.cwd());
  const rules = RULES.map((r) => r.meta).map((meta) => ({
    id: meta.id,
    name: pascal(meta.id),
    shortDescription: { text: meta.summary },
    fullDescription: { text: meta.description },
    help: { text: meta.help, markdown: `${meta.help}\n\n[${meta.id}](${ruleUrl(meta.id)})` },
    helpUri: ruleUrl(meta.id),
    defaultConfiguration: { level: meta.severity },
    properties: { tags: ['threat-model', 'tmsync'] },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = [];
  for (const file of files) {
    const text = String(file.value ?? '');
    const lines = text.split(/\r?\n/);
    const uri = options.uri?.(file) ?? relativeUri(file.path ?? 'unknown', root);
    const occurrences = new Map<string, number>();
    for (const message of sorted(file.messages)) {
      const ruleId = message.ruleId ?? 'unknown';
      if (!index.has(ruleId)) {
        index.set(ruleId, rules.length);
        const meta = ruleMeta(ruleId);
        const note = `Message from ${message.source ?? 'tmsync'} (${ruleId}).`;
        rules.push({
          id: ruleId,
          name: pascal(ruleId),
          shortDescription: { text: meta?.summary ?? note },
          fullDescription: { text: meta?.description ?? note },
          help: { text: meta?.help ?? note, markdown: meta?.help ?? note },
          helpUri: DOCS_URL,
          defaultConfiguration: { level: 'warning' },
          properties: { tags: ['threat-model', 'tmsync'] },
        });
      }
      const startLine = message.place && 'start' in message.place ? message.place.start.line : (message.line ?? 1);
      const startColumn =
        message.place && 'start' in message.place ? message.place.start.column : (message.column ?? 1);
      let endLine = message.place && 'end' in message.place ? message.place.end.line : startLine;
      let endColumn = message.place && 'end' in message.place ? message.place.end.column : startColumn + 1;
      if (endLine < startLine || (endLine === startLine && endColumn <= startColumn)) {
        endLine = startLine;
        endColumn = startColumn + 1;
      }
      const hash = lineHash(ruleId, lines[startLine - 1] ?? '');
      const key = `${ruleId}:${hash}`;
      const occurrence = (occurrences.get(key) ?? 0) + 1;
      occurrences.set(key, occurrence);
      results.push({
        ruleId,
        ruleIndex: index.get(ruleId) as number,
        level: severityOf(message),
        message: { text: message.reason },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri, uriBaseId: 'SRCROOT' },
              region: { startLine, startColumn, endLine, endColumn },
            },
          },
        ],
        partialFingerprints: { primaryLocationLineHash: `${hash}:${occurrence}` },
      });
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0' as const,
    runs: [
      {
        tool: {
          driver: { name: 'tmsync', informationUri: DOCS_URL, version: VERSION, semanticVersion: VERSION, rules },
        },
        automationDetails: { id: options.category ?? 'tmsync/lint/' },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(root.endsWith(sep) ? root : root + sep).href } },
        columnKind: 'utf16CodeUnits' as const,
        results,
      },
    ],
  };
}

/** The SARIF 2.1.0 log as text, for GitHub code scanning (`github/codeql-action/upload-sarif`). */
export function reportSarif(files: readonly VFile[], options: SarifOptions = {}): string {
  return `${JSON.stringify(sarifLog(files, options), null, 2)}\n`;
}
