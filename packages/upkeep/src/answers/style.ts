/**
 * How a document writes what `tmsync answer` adds: maintainer tags (learnt from
 * the maintainer tags it already has) and the marks of answered and struck
 * questions (learnt from the questions it already marks).
 */
import type { Claim, Question, ThreatModel } from '@tmsync/core';
import { findQuestionRefs } from '@tmsync/parser';

const DATE_RE = /\b\d{4}-\d{2}(?:-\d{2})?(?:\/\d{2})?\b/;
const PLACEHOLDER_RE = /\{(who|date|ref)\}/g;
const GAP_OK = /^[\s,;:—–.+-]*$/;
/** A verb some documents write between the name and the question (`L. McCay confirmed Q6`). */
const VERB_GAP = /^\s+(?:confirmed|answered|agreed|ruled|stated|decided)\s+$/i;
const TRAILING_VERB = /\s+(confirmed|answered|agreed|ruled|stated|decided)$/i;

/** A maintainer tag's shape: the gap after the provenance word and a citation template with `{who}`, `{date}`, `{ref}`. */
export interface TagStyle {
  /** What follows the word `maintainer` before the citation (`' — '`, `', '`, `': '`). */
  gap: string;
  template: string;
  /** Where the style comes from: `document` (an existing maintainer tag, line N) or `default`. */
  source: string;
}

/** The name in a maintainer tag's `who`, or null when it is not a name (a verb, a phrase, a word such as "resolution"). */
function nameOf(who: string | null): string | null {
  if (!who) return null;
  const name = who.replace(TRAILING_VERB, '').trim();
  if (
    /^(?:confirmed|answered|agreed|ruled|stated|decided|resolution|ruling|decision|confirmation|pmc|the pmc|maintainers?)$/i.test(
      name,
    )
  )
    return null;
  if (!/^[\p{L}\p{N}@][\p{L}\p{N} .'+&@-]{0,40}$/u.test(name) || name.split(/\s+/).length > 4) return null;
  return name;
}

/** The skeleton of a maintainer tag's citation, or null when it holds words other than who, date and question refs. */
function skeletonOf(claim: Claim): string | null {
  const c = claim.citation;
  if (!c) return null;
  const spans: { start: number; end: number; ph: string }[] = [];
  const date = DATE_RE.exec(c);
  if (date) spans.push({ start: date.index, end: date.index + date[0].length, ph: '{date}' });
  for (const r of findQuestionRefs(c)) spans.push({ start: r.start, end: r.end, ph: '{ref}' });
  const who = nameOf(claim.who);
  if (who) {
    const at = c.indexOf(who);
    if (at >= 0) spans.push({ start: at, end: at + who.length, ph: '{who}' });
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let cursor = 0;
  let lastPh = '';
  for (const s of spans) {
    if (s.start < cursor) continue;
    const gap = c.slice(cursor, s.start).replace(/\s+/g, ' ');
    if (!GAP_OK.test(gap) && !(lastPh === '{who}' && VERB_GAP.test(gap))) return null;
    if (s.ph === '{ref}' && lastPh === '{ref}' && /^[\s,&/]*(?:and\s*)?$/.test(gap)) {
      cursor = s.end;
      continue;
    }
    if (out === '' && gap.trim() !== '') return null;
    out += (out === '' ? '' : gap) + s.ph;
    cursor = s.end;
    lastPh = s.ph;
  }
  const tail = c.slice(cursor);
  if (!GAP_OK.test(tail) || out === '') return null;
  const phs = new Set(out.match(PLACEHOLDER_RE) ?? []);
  if (phs.size !== (out.match(PLACEHOLDER_RE) ?? []).length) return null;
  return out;
}

/** Completes a template so that it names who, when and which question. */
function complete(template: string): string {
  let t = template;
  if (!t.includes('{who}')) t = t.includes('{date}') ? t.replace('{date}', '{who}, {date}') : `{who}, {date} — ${t}`;
  if (!t.includes('{date}')) t = t.replace('{who}', '{who}, {date}');
  if (!t.includes('{ref}')) t = `${t} — {ref}`;
  return t;
}

/** The maintainer-tag style the document already uses, or null when it has no maintainer tag naming who, when or which question. */
export function documentTagStyle(model: ThreatModel, text: string): TagStyle | null {
  const seen = new Map<string, { count: number; first: Claim; score: number }>();
  for (const claim of model.claims) {
    if (claim.provenance !== 'maintainer') continue;
    const skeleton = skeletonOf(claim);
    if (!skeleton) continue;
    const part = text.slice(claim.range.start.offset, claim.range.end.offset);
    const gap = /^\s*[*_]{0,2}\s*maintainer\b[*_]{0,2}(\s*[:—–,;-]?\s*)/i.exec(part)?.[1] ?? ' — ';
    const key = `${gap}\u0000${skeleton}`;
    const score = new Set(skeleton.match(PLACEHOLDER_RE) ?? []).size;
    const entry = seen.get(key);
    if (entry) entry.count++;
    else seen.set(key, { count: 1, first: claim, score });
  }
  let best: { key: string; count: number; first: Claim; score: number } | null = null;
  for (const [key, e] of seen) {
    // The most used shape wins, weighted by how much of who/when/which it writes.
    if (
      !best ||
      e.score * e.count > best.score * best.count ||
      (e.score * e.count === best.score * best.count && e.score > best.score)
    )
      best = { key, ...e };
  }
  if (!best) return null;
  const [gap, skeleton] = best.key.split('\u0000') as [string, string];
  return {
    gap: gap.trim() === '' ? ' — ' : gap,
    template: complete(skeleton.replace(/[\s.]+$/, '')),
    source: `document (line ${best.first.tagRange.start.line})`,
  };
}

/** The default style for a claim: its own separator, then `{who}, {date} — {ref}`. */
export function defaultTagStyle(claim: Claim): TagStyle {
  const sep = claim.separator;
  const gap = sep === '' ? ' — ' : sep === ',' || sep === ':' || sep === ';' ? `${sep} ` : ` ${sep} `;
  return { gap, template: '{who}, {date} — {ref}', source: 'default' };
}

/** Fills a template; an empty value drops its placeholder with the separator before it (or after it, when first). */
export function fillTemplate(template: string, values: Record<'who' | 'date' | 'ref', string>): string {
  const pieces: { gap: string; name: 'who' | 'date' | 'ref' }[] = [];
  let cursor = 0;
  let tail = '';
  PLACEHOLDER_RE.lastIndex = 0;
  for (let m = PLACEHOLDER_RE.exec(template); m; m = PLACEHOLDER_RE.exec(template)) {
    pieces.push({ gap: template.slice(cursor, m.index), name: m[1] as 'who' | 'date' | 'ref' });
    cursor = m.index + m[0].length;
  }
  tail = template.slice(cursor);
  const kept = pieces.filter((p) => values[p.name] !== '');
  let out = '';
  // The first kept piece takes no leading separator; later ones keep their own.
  kept.forEach((p, i) => {
    out += (i === 0 ? '' : p.gap) + values[p.name];
  });
  return out + (kept.length ? tail : '');
}

/** The question references a claim's tag writes explicitly (`§14 Q12`, `Q3, Q5`), as written. */
function refsAsWritten(claim: Claim): string {
  const explicit = claim.questionRefs.filter((r) => r.raw !== '');
  if (explicit.length === 0) return '';
  const found = findQuestionRefs(claim.citation).filter((r, i, all) => all.findIndex((o) => o.start === r.start) === i);
  if (found.length) {
    const first = found[0] as { start: number };
    const last = found[found.length - 1] as { end: number };
    const outside = claim.citation.slice(0, first.start) + claim.citation.slice(last.end);
    const between = claim.citation.slice(first.start, last.end);
    // Keep the citation's ref span when it holds nothing but references.
    const stripped = found.reduceRight(
      (s, r) => s.slice(0, r.start - first.start) + s.slice(r.end - first.start),
      between,
    );
    if (GAP_OK.test(outside) && /^[\s,;&/+§\d.–—-]*(?:and[\s,]*)*[\s,;&/+§\d.–—-]*$/.test(stripped))
      return between.trim();
  }
  const raws: string[] = [];
  for (const r of explicit) if (!raws.includes(r.raw)) raws.push(r.raw);
  return raws.join(', ');
}

/** Rewrites a claim's part of a tag as a maintainer part, keeping its surrounding spaces and emphasis. */
export function maintainerPart(partText: string, claim: Claim, style: TagStyle, who: string, date: string): string {
  const m = /^(\s*[*_]{0,2}\s*)(inferred|assumption|documented|maintainer)\b([*_]{0,2})/i.exec(partText);
  const lead = m?.[1] ?? '';
  const word = m?.[2] ?? 'inferred';
  const closer = m?.[3] ?? '';
  const trail = /[\s*_]*$/.exec(partText)?.[0] ?? '';
  const maintainer = word[0] === word[0]?.toUpperCase() ? 'Maintainer' : 'maintainer';
  const ref = refsAsWritten(claim);
  const filled = fillTemplate(style.template, { who, date, ref });
  const out = `${maintainer}${closer}${filled ? style.gap + filled : ''}`;
  return `${lead}${keepLineBreaks(out, partText.slice(lead.length, partText.length - trail.length), ref)}${trail}`;
}

/** Puts the line breaks of a tag that spanned lines back into its rewrite (the spaces nearest the end, outside the references), so the lines below keep their numbers. */
function keepLineBreaks(rewritten: string, original: string, ref: string): string {
  const breaks = original.match(/[ \t]*\n[ \t>]*/g) ?? [];
  if (breaks.length === 0) return rewritten;
  const refAt = ref ? rewritten.lastIndexOf(ref) : -1;
  const spaces: number[] = [];
  for (let i = rewritten.length - 1; i >= 0 && spaces.length < breaks.length; i--) {
    if (rewritten[i] !== ' ') continue;
    if (refAt >= 0 && i > refAt && i < refAt + ref.length) continue;
    spaces.push(i);
  }
  let out = rewritten;
  spaces.forEach((at, k) => {
    out = out.slice(0, at) + (breaks[breaks.length - 1 - k] as string) + out.slice(at + 1);
  });
  return out;
}

/**
 * How the document marks answered questions: `label-token` (`✅ Confirmed` in
 * the label), `resolution-line` (`*Resolution: …*`), `answered-label`
 * (`**Qn — topic — answered.**`), `answered-paren` (`*(Answered — …)*`),
 * `head-token` (a word of its own right after the label: `**RESOLVED**`,
 * `*resolved* —`), `tail-token` (after the question: `? → **Confirmed.**`,
 * `? **RESOLVED** …`), or `default`.
 */
export type ResolutionStyle =
  | 'label-token'
  | 'resolution-line'
  | 'answered-label'
  | 'answered-paren'
  | 'head-token'
  | 'tail-token'
  | 'default';

/** A resolution style and, for the token styles, the marker exactly as the document writes it (`**RESOLVED**`, `→ **Confirmed.**`). */
export interface ResolutionConvention {
  style: ResolutionStyle;
  token: string;
}

/** The raw label of a question as written (`**Q12.**`). */
export function rawLabel(text: string, q: Question): string {
  return text.slice(q.labelRange.start.offset, q.labelRange.end.offset);
}

/** The text right after a question's label. */
function head(text: string, q: Question): string {
  return text.slice(q.labelRange.end.offset, Math.min(q.range.end.offset, q.labelRange.end.offset + 200));
}

/** A bold or italic answer word standing on its own at the head of an entry (`**RESOLVED**`, `*resolved* —`). */
const HEAD_TOKEN = /^\s*((\*\*|__|\*|_)(?:resolved|confirmed|answered)\.?\2)(?=\s|$|[—–:-])/i;
/** An answer token after the question (`→ **Confirmed.**`, `→ **Agreed**`, `→ Confirmed.`, `**RESOLVED**`). */
const TAIL_TOKEN =
  /(?:^|[?.)*])\s*((?:→|->)\s*(?:\*\*|\*)?(?:resolved|confirmed|answered|agreed|correct|accepted)\.?(?:\*\*|\*)?|(\*\*|__)(?:resolved|confirmed|answered)\.?\2)(?=[\s,;:]|$)/i;

/** Learns how the document marks answered questions from the ones it already marks. */
export function resolutionConvention(model: ThreatModel, text: string): ResolutionConvention {
  const labels = model.questions.map((q) => rawLabel(text, q));
  if (labels.some((l) => /✅|⬜|☐/.test(l))) return { style: 'label-token', token: '' };
  const resolved = model.questions.filter((q) => q.status === 'resolved');
  if (resolved.some((q) => /^\s*[*_]{1,2}Resolution\s*:/i.test(head(text, q))))
    return { style: 'resolution-line', token: '' };
  if (resolved.some((q) => /[—–-]\s*answered\b/i.test(rawLabel(text, q))))
    return { style: 'answered-label', token: '' };
  if (resolved.some((q) => /^\s*[*_]{0,2}\(\s*answered\b/i.test(head(text, q))))
    return { style: 'answered-paren', token: '' };
  // A token of the document's own: the one most resolved entries carry.
  const seen = new Map<string, number>();
  for (const q of resolved) {
    const entry = text.slice(q.labelRange.end.offset, q.range.end.offset);
    const h = HEAD_TOKEN.exec(entry);
    const t = h ? null : TAIL_TOKEN.exec(entry);
    const key = h?.[1] ? `head-token\u0000${h[1]}` : t?.[1] ? `tail-token\u0000${t[1]}` : null;
    if (key) seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  let best: [string, number] | null = null;
  for (const e of seen) if (!best || e[1] > best[1]) best = e;
  if (best) {
    const [style, token] = best[0].split('\u0000') as [ResolutionStyle, string];
    return { style, token };
  }
  return { style: 'default', token: '' };
}

/** How the document marks answered questions (the style alone; see {@link resolutionConvention}). */
export function resolutionStyle(model: ThreatModel, text: string): ResolutionStyle {
  return resolutionConvention(model, text).style;
}
