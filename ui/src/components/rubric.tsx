import { num } from '../format.js';
import type { Decision, JsonObject } from '../types.js';
import { Badge } from './states.js';

/** The last rubric scoring in a drafting decision's trace: score and evidence per criterion. */
function lastRubric(d: Decision): {
  scores: Record<string, number>;
  evidence: Record<string, string>;
  failing: string[];
  round: number;
} | null {
  for (let i = d.trace.length - 1; i >= 0; i--) {
    const t = d.trace[i];
    if (t?.kind === 'step' && t.name === 'rubric' && t.detail) {
      const detail = t.detail as JsonObject;
      return {
        scores: (detail.scores ?? {}) as Record<string, number>,
        evidence: (detail.evidence ?? {}) as Record<string, string>,
        failing: Array.isArray(detail.failing) ? (detail.failing as string[]) : [],
        round: typeof detail.round === 'number' ? detail.round : 0,
      };
    }
  }
  return null;
}

/** The rubric a drafted sequence was scored on: each criterion's score, pass or fail, and its evidence. */
export function RubricEvidence({ decision }: { decision: Decision }) {
  const r = lastRubric(decision);
  if (!r) return null;
  return (
    <section className="rubric" aria-label="rubric">
      <h2>
        Rubric{' '}
        {r.failing.length === 0 ? (
          <Badge tone="good">all {Object.keys(r.scores).length} criteria pass</Badge>
        ) : (
          <Badge tone="bad">{r.failing.length} below threshold</Badge>
        )}
        {r.round > 0 && <span className="muted small"> after {r.round} revision(s)</span>}
      </h2>
      <table className="list">
        <thead>
          <tr>
            <th>Criterion</th>
            <th>Score</th>
            <th>Evidence</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(r.scores).map(([c, score]) => (
            <tr key={c} data-criterion={c}>
              <td>
                {c} {r.failing.includes(c) ? <Badge tone="bad">fail</Badge> : <Badge tone="good">pass</Badge>}
              </td>
              <td className="num">{num(score)}</td>
              <td>{r.evidence[c] ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
