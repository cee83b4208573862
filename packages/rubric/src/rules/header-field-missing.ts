/**
 * `header-field-missing` — the header lacks a field the rubric asks for.
 *
 * Required by default (RUBRIC.md's header, less what other rules check):
 * `project`, `date`, `status`, `version-binding` and `reporting`. Names are
 * matched loosely, with the synonyms real documents use:
 *
 * | key | accepted field names |
 * | --- | --- |
 * | project | Project, Project family |
 * | date | Date, Drafted, Last revised/updated; or a date (YYYY-MM[-DD]) in the version-binding or status value |
 * | status | Status |
 * | version-binding | Version binding, Version/commit binding, Version / commit, Commit, Modelled/Modeled/Written against, Repository / commit, Applies to |
 * | reporting | Reporting, Reporting cross-reference |
 * | authors | Author(s), Threat-model authors |
 * | draft-confidence | Draft confidence, Confidence |
 * | triage-policy | Triage policy |
 *
 * Option `required` lists the keys to require (replacing the default). The
 * provenance legend is `legend-missing`'s business. A document without any
 * header is left to `section-missing`, and a delta model inheriting its
 * baseline's header (§1) is not judged. One message per missing field, on the
 * header's first line.
 */
import type { HeaderField } from '@tmsync/core';
import { placeLine, rubricModel, sectionName } from '../model.js';
import { defineRule } from '../rule.js';

interface FieldDef {
  label: string;
  names: RegExp[];
  todo: string;
}

/** The header fields the rule knows, by key. */
export const HEADER_FIELDS = {
  project: {
    label: 'Project',
    names: [/^project\b/i],
    todo: 'add a `**Project:**` line naming the project and what it is',
  },
  date: {
    label: 'Date',
    names: [/\bdate\b/i, /^drafted\b/i, /^last (revised|updated)\b/i, /^(updated|revised)\b/i],
    todo: 'add a `**Date:**` line with the date the model was written or last revised (YYYY-MM-DD)',
  },
  status: {
    label: 'Status',
    names: [/^status\b/i],
    todo: 'add a `**Status:**` line (draft, under maintainer review, ratified …) so readers know how far to rely on it',
  },
  'version-binding': {
    label: 'Version binding',
    names: [
      /\bversion\s*(?:\/\s*commit\s*)?binding\b/i,
      /^version\s*\/\s*commit\b/i,
      /^commit\b/i,
      /^(?:modell?ed|written|drafted)\s+against\b/i,
      /^repository\s*\/\s*commit\b/i,
      /^applies to\b/i,
    ],
    todo: "add a `**Version binding:**` line naming the commit or release the model describes, so that a report against release N is triaged against the model as it stood at N's tag",
  },
  reporting: {
    label: 'Reporting',
    names: [/^reporting\b/i],
    todo: 'add a `**Reporting:**` line saying where findings that violate a claimed property go and which ones are closed citing this document',
  },
  authors: {
    label: 'Authors',
    names: [/\bauthors?\b/i],
    todo: 'add an `**Authors:**` line naming who wrote the model',
  },
  'draft-confidence': {
    label: 'Draft confidence',
    names: [/\bconfidence\b/i],
    todo: 'add a `**Draft confidence:**` line such as "12 documented / 0 maintainer / 9 inferred"',
  },
  'triage-policy': {
    label: 'Triage policy',
    names: [/^triage policy\b/i],
    todo: 'add a `**Triage policy:** strict` (or `relaxed`) line',
  },
} as const satisfies Record<string, FieldDef>;

export type HeaderFieldKey = keyof typeof HEADER_FIELDS;
/** The header field keys, in the order the rubric lists them. */
export const HEADER_FIELD_KEYS = Object.keys(HEADER_FIELDS) as [HeaderFieldKey, ...HeaderFieldKey[]];

/** The fields required when the config does not say otherwise. */
export const DEFAULT_REQUIRED_FIELDS: readonly HeaderFieldKey[] = [
  'project',
  'date',
  'status',
  'version-binding',
  'reporting',
];

/** Options: which header fields to require (validated by `headerFieldOptions` in rule-options.ts). */
export interface HeaderFieldOptions {
  required?: HeaderFieldKey[] | undefined;
}

/** The header fields matching a key. */
export function findHeaderFields(fields: readonly HeaderField[], key: HeaderFieldKey): HeaderField[] {
  const def: FieldDef = HEADER_FIELDS[key];
  return fields.filter((f) => def.names.some((re) => re.test(f.name.trim())));
}

const DATE_RE = /\b\d{4}-\d{2}(?:-\d{2})?\b/;

export default defineRule<HeaderFieldOptions>(
  {
    id: 'header-field-missing',
    severity: 'warning',
    summary: 'The header lacks a field the rubric asks for (Project, Date, Status, Version binding, Reporting).',
    description:
      'The header (§1 / 1.1) identifies the model: the project, when it was written, its status, the commit or release it is bound to, and where findings are reported. ' +
      'Synonyms used by real documents are accepted (Version/commit binding, Modelled against, Commit, Drafted, Reporting cross-reference …); the required set is configurable.',
    help: 'Add the field to the header as a `**Field:** value` line (or a table row); see the message for what it should say.',
    takesOptions: true,
  },
  ({ file, options, report }) => {
    const model = rubricModel(file);
    if (!model) return;
    const header = model.sections.find((s) => s.id === 'header');
    if (!header) return;
    // A delta model that inherits its baseline's header is not missing its fields.
    if (model.baseline?.sections.includes('header')) return;
    const required = options?.required ?? DEFAULT_REQUIRED_FIELDS;
    const text = String(file);
    const first = model.header[0];
    const at =
      header.level > 0
        ? placeLine(header.heading, text)
        : first
          ? placeLine(first.range, text)
          : placeLine(header.range, text);
    const name = sectionName(model, 'header');
    for (const key of required) {
      if (findHeaderFields(model.header, key).length > 0) continue;
      if (key === 'date') {
        const dated = [
          ...findHeaderFields(model.header, 'version-binding'),
          ...findHeaderFields(model.header, 'status'),
        ].some((f) => DATE_RE.test(f.value));
        if (dated) continue;
      }
      const def: FieldDef = HEADER_FIELDS[key];
      report(`The header (${name}) has no ${def.label} field: ${def.todo}.`, at);
    }
  },
);
