import type { Section, SectionId, ThreatModel } from '@tmsync/core';
import { flattenSections, resolveSectionRef } from '@tmsync/core';

/** A section of the model by canonical id, section reference (`§3`, `1.3`) or key. */
export function findSection(model: ThreatModel, ref: string): Section | null {
  const id: SectionId | null = resolveSectionRef(ref);
  const flat = flattenSections(model.sections);
  return (id ? flat.find((s) => s.id === id) : undefined) ?? flat.find((s) => s.key === ref) ?? null;
}

/** The full text of a section, heading included, as it stands in the document. */
export function sectionText(text: string, section: Section): string {
  return text.slice(section.range.start.offset, section.range.end.offset);
}

/** The text of a section after its heading line. */
export function sectionBody(text: string, section: Section): string {
  return text.slice(section.heading.end.offset, section.range.end.offset);
}
