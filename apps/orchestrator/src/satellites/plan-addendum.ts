/** The plan of a satellite's addendum: its managed header and inherits record, and what a deleted draft carries into it. */
import type { Satellite } from '@tmsync/core';
import type { TextPatch } from '@tmsync/parser';
import type { Forge } from '../forge/types.js';
import type { DraftCarry } from './carry.js';
import { carriedText } from './carry.js';
import type { Inherits } from './inherits.js';
import { findInherits, renderInherits } from './inherits.js';
import { appendWithBlankLine, findManagedBlocks, lineBreakOf, renderManagedBlock, withLineBreaks } from './managed.js';
import type { ParentState } from './parent.js';
import { editedIssue, filePlan, headerInsertionPoint, insertion, read, sameRepo } from './plan-text.js';
import type { FilePlan, PlanMode, SatelliteIssue, SectionChange } from './plan-types.js';
import { compareRecord, freshRecord, keepRecord, reasonList, shortRef } from './record.js';
import type { RenderContext } from './render.js';
import { addendumFile, addendumHeaderBody, BLOCK } from './render.js';

/** The addendum's file plan (created, or patched where the tool writes), its issues and the inherited sections whose record moves. */
export async function planAddendum(
  forge: Forge,
  parent: ParentState,
  satellite: Satellite,
  path: string,
  ctx: RenderContext,
  readRef: string,
  listed: Set<string>,
  mode: PlanMode,
  carries: readonly DraftCarry[],
): Promise<{ files: FilePlan[]; issues: SatelliteIssue[]; sectionChanges: SectionChange[] }> {
  const repo = satellite.repo;
  const files: FilePlan[] = [];
  const issues: SatelliteIssue[] = [];
  let sectionChanges: SectionChange[] = [];
  {
    const add = await read(forge, repo, path, readRef, listed);
    if (add.kind === 'issue') issues.push(add.issue);
    else {
      const text = add.kind === 'file' ? add.file.content : null;
      const found = text !== null ? findInherits(text) : null;
      const current = found?.record ?? null;
      if (found?.error)
        issues.push({
          code: 'bad-record',
          path: path,
          message: `${path}: ${found.error}; it will be rewritten`,
        });
      let desired = freshRecord(parent);
      const reasons: string[] = [];
      if (current && mode === 'pointers' && sameRepo(current.parent, parent.repo) && current.path === parent.path) {
        desired = await keepRecord(forge, parent, current);
      }
      if (current && JSON.stringify(current) !== JSON.stringify(desired)) {
        sectionChanges = await compareRecord(forge, parent, current, desired);
      }
      const header = (record: Inherits) => addendumHeaderBody(ctx, parent.sections, record);
      const carried = carries.map((c) => carriedText(c, repo, ctx.modelUrl)).filter((t) => t !== '');
      const carriedReason = carries.length
        ? ` It now holds what ${carries.map((c) => `\`${c.path}\``).join(', ')} had of its own: ${carries
            .map((c) => (c.own.length ? c.own.map((o) => o.label).join(', ') : 'no section of its own'))
            .join(
              '; ',
            )}${carries.some((c) => c.references.length) ? ', and references (with fingerprints) for the sections the parent covers' : ''}.`
        : '';
      if (add.kind === 'missing' || text === null) {
        const block = renderManagedBlock(BLOCK.addendum, header(desired));
        files.push({
          role: 'addendum',
          path: path,
          writePath: path,
          action: 'create',
          before: null,
          after: addendumFile(ctx, block, carried.join('\n')),
          reasons: [
            carried.length
              ? `created with a header linking the parent's model and a record of the inherited sections (${reasonList(parent.sections)}) at ${parent.repo}@${shortRef(desired.ref)}.${carriedReason}`
              : `created with a header linking the parent's model and a record of the inherited sections (${reasonList(parent.sections)}) at ${parent.repo}@${shortRef(desired.ref)}, and a place for ${repo}'s own additions.`,
          ],
        });
      } else if (add.kind === 'file') {
        const file = add.file;
        const blocks = findManagedBlocks(text);
        const block = blocks.find((b) => b.name === BLOCK.addendum);
        const eol = lineBreakOf(text);
        const patches: TextPatch[] = [];
        const recordReason = current
          ? `recorded the inherited sections (${reasonList(parent.sections)}) at ${parent.repo}@${shortRef(desired.ref)} (was ${shortRef(current.ref)}).`
          : `recorded the inherited sections (${reasonList(parent.sections)}) at ${parent.repo}@${shortRef(desired.ref)}.`;
        if (block) {
          if (block.edited) issues.push(editedIssue(file, block));
          else {
            const rendered = withLineBreaks(renderManagedBlock(BLOCK.addendum, header(desired)), eol);
            if (text.slice(block.start, block.end) !== rendered) {
              patches.push({ start: block.start, end: block.end, replacement: rendered });
              reasons.push(
                JSON.stringify(current) !== JSON.stringify(desired)
                  ? recordReason
                  : 'refreshed the managed header linking the parent model.',
              );
            }
          }
        } else if (found) {
          const comment = renderInherits(desired);
          if (text.slice(found.start, found.end) !== comment) {
            patches.push({ start: found.start, end: found.end, replacement: comment });
            reasons.push(recordReason);
          }
        } else {
          const rendered = withLineBreaks(renderManagedBlock(BLOCK.addendum, header(desired)), eol);
          patches.push(insertion(text, headerInsertionPoint(text), rendered));
          reasons.push(
            `added a managed header linking the parent's model; ${recordReason} The addendum's own content is unchanged.`,
          );
        }
        if (carried.length) {
          patches.push({
            start: text.length,
            end: text.length,
            replacement: appendWithBlankLine(text, withLineBreaks(carried.join('\n').replace(/\n+$/, '\n'), eol)),
          });
          reasons.push(`appended after its own content what the deleted draft carries.${carriedReason}`);
        }
        files.push(filePlan('addendum', file, text, patches, reasons));
      }
    }
  }
  return { files, issues, sectionChanges };
}
