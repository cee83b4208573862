/** A question reference found in text, with offsets relative to that text. */
export interface FoundRef {
  raw: string;
  id: string;
  start: number;
  end: number;
}

/** Normalises a question id as written (`q6`, `Q14.r1`, `Q-Secure`) to its canonical form (`Q6`, `Q14.R1`, `Q-secure`). */
export function normaliseQuestionId(raw: string): string {
  const t = raw.trim().replace(/^q/i, 'Q');
  if (/^Q-/i.test(t)) return `Q-${t.slice(2).toLowerCase()}`;
  return t.replace(/\.r(\d)/i, '.R$1');
}

const REF_RE =
  /§\s*(\d{1,2}(?:\.\d{1,2})?)\s*,?\s*(Q(?:\d+[a-z]?(?:\.[Rr]?\d+)?|-[A-Za-z][\w-]*))|§\s*(\d{1,2}(?:\.\d{1,2})?)\.(\d{1,3})(?![\d.]*\d)|\b(Q(?:\d+[a-z]?(?:\.[Rr]?\d+)?|-[A-Za-z][\w-]*[A-Za-z0-9]))(?:\s*[–—-]\s*Q?(\d+))?/g;

/**
 * Finds question references in text: `§14 Q12`, `Q4`, `Q5a`, `Q14.R1`,
 * `Q-secure`, `§14.3` and `§4.14.3` (where `questionsNumber` names the
 * document's questions section, `14`, `4.14` or `1.18`), and ranges `Q9–Q13`.
 */
export function findQuestionRefs(text: string, questionsNumbers: readonly string[] = ['14', '1.18']): FoundRef[] {
  const out: FoundRef[] = [];
  REF_RE.lastIndex = 0;
  for (let m = REF_RE.exec(text); m; m = REF_RE.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[2]) {
      out.push({ raw: m[0], id: normaliseQuestionId(m[2]), start, end });
    } else if (m[3] && m[4]) {
      if (questionsNumbers.includes(m[3])) out.push({ raw: m[0], id: `Q${Number(m[4])}`, start, end });
    } else if (m[5]) {
      const first = normaliseQuestionId(m[5]);
      const last = m[6];
      const firstNum = /^Q(\d+)$/.exec(first)?.[1];
      if (last && firstNum && Number(last) > Number(firstNum) && Number(last) - Number(firstNum) <= 50) {
        for (let n = Number(firstNum); n <= Number(last); n++) out.push({ raw: m[0], id: `Q${n}`, start, end });
      } else {
        out.push({ raw: m[5], id: first, start, end: start + m[5].length });
      }
    }
  }
  return out;
}
