/**
 * `closure-escalates` — in a newer-generation draft, a closing route rests only on unratified claims, so it escalates.
 *
 * output-structure.md, "1.17 Triage dispositions", "Closure constraint — all
 * statuses": an **inferred** licensing claim "can only escalate"; under
 * `strict` an **assumption** behaves like inferred; under `relaxed` it may
 * license the low-blast-radius closes provisionally, never
 * `KNOWN-NON-FINDING`, `dependency-contract` or a security-critical
 * `property-disclaimed`. Each route in 1.3 and 1.15 is judged by the claims
 * that license it (its table row's Provenance cell, or its own clause of a
 * list item), not by whatever else the list item holds. In a draft this is
 * the normal state of a young model — a warning ("escalates until Qn is
 * answered"); in an accepted model it is `closure-unlicensed`'s error.
 * Older-generation documents are not checked.
 */
import { answeredAlready, joinWords, place, sectionNumber } from '../model.js';
import { closingRoutes, isAcceptedModel } from '../newer/closure.js';
import { newerDoc } from '../newer/doc.js';
import { defineRule } from '../rule.js';

export default defineRule(
  {
    id: 'closure-escalates',
    severity: 'warning',
    summary:
      'In a draft (newer generation), a closing route is licensed only by inferred (or, beyond the triage policy, assumption) claims: it escalates until the question is answered.',
    description:
      'output-structure.md §1.17 closure constraint, judged per claim: the claims that license a closing route (its row’s Provenance cell or its own clause) must be documented or maintainer, or an assumption under the relaxed policy for a low-blast-radius route. Otherwise the route keeps its disposition with the escalated status.',
    help: 'Get the question answered and promote the claim, or cite the documentation that licenses the close; until then such reports escalate to the maintainers.',
  },
  ({ tree, file, report }) => {
    const doc = newerDoc(tree, file);
    if (!doc || isAcceptedModel(doc)) return;
    const q = sectionNumber(doc.model, 'questions');
    for (const r of closingRoutes(doc)) {
      if (!r.blocked) continue;
      const answered = answeredAlready(doc.model, r.blocked.questions);
      const until = answered.length
        ? `until the claim is promoted: ${q} already marks ${joinWords(answered)} answered (\`tmsync answer MODEL --harvest\` promotes it with the answer's who and date)`
        : r.blocked.questions.length
          ? `until ${q} ${joinWords(r.blocked.questions)} is answered`
          : 'until its claim is confirmed';
      report(
        `output-structure.md §1.17 closure constraint: \`${r.use.name}\` escalates ${until}: the claim that licenses it is ${joinWords(r.blocked.kinds)}${r.blocked.floor ? ', and an assumption never licenses this route (security-critical floor)' : ''}.`,
        place(r.use.range),
      );
    }
  },
);
