/**
 * `newer-documented-locator` — a documented tag cites a bare filename.
 *
 * output-structure.md, "Provenance tags", *(documented, source)*: "Cite a
 * locator, not a file … A bare filename is not a citation." The source must
 * add a function, macro or struct, a named doc section, or a short quoted
 * phrase to the file. Flagged when the whole source is one file name (with or
 * without backticks). Older-generation documents are not checked.
 */
import { place } from '../model.js';
import { newerDoc } from '../newer/doc.js';
import { defineRule } from '../rule.js';

const CLAUSE = 'output-structure.md, "Provenance tags" (documented: "Cite a locator, not a file")';
const BARE_FILE_RE = /^[`'"]?[\w.-]*(?:\/[\w.-]+)*\.[A-Za-z][\w]*[`'"]?$/;

export default defineRule(
  {
    id: 'newer-documented-locator',
    severity: 'error',
    summary: 'A documented tag cites a bare filename instead of a locator.',
    description: `${CLAUSE}: a bare filename cannot be checked against a long file; the tag names the file plus the function, macro or struct, a named doc section, or a quoted phrase of twelve words or fewer.`,
    help: 'Add the locator: `zlib.h` `deflateBound`, README "Thread safety", or a short quoted phrase.',
  },
  ({ tree, file, report }) => {
    const doc = newerDoc(tree, file);
    if (!doc) return;
    for (const c of doc.model.claims) {
      if (c.provenance !== 'documented') continue;
      const source = c.citation.trim().replace(/[.;,]+$/, '');
      if (!BARE_FILE_RE.test(source) || /^\d/.test(source)) continue;
      report(
        `${CLAUSE}: the source ${source} is a bare filename; name the function, section or a quoted phrase it documents.`,
        place(c.tagRange),
      );
    }
  },
);
