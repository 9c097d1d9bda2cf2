import { useState } from 'react';
import { inline, when } from '../format.js';
import type { Decision } from '../types.js';
import { DecisionView } from './decision-view.js';
import { Badge, statusTone } from './states.js';

/** What a decision came to, in a word: its output's kind, outcome or grade. */
function verdictOf(d: Decision): string {
  const o = d.output as Record<string, unknown> | null;
  if (o && typeof o === 'object' && !Array.isArray(o)) {
    for (const k of ['kind', 'outcome', 'grade', 'status', 'action'])
      if (typeof o[k] === 'string' || typeof o[k] === 'number') return String(o[k]);
  }
  return inline(d.output).slice(0, 40);
}

/** A decision as one line of a chain, opening to the whole decision and its explanation. */
function Row({ d, text, open }: { d: Decision; text?: string | undefined; open: boolean }) {
  const [shown, setShown] = useState(open);
  const verdict = verdictOf(d);
  return (
    <li className="timeline-row" data-loop={d.loop} data-verdict={verdict}>
      <button type="button" className="row-head" aria-expanded={shown} onClick={() => setShown((s) => !s)}>
        <span className="time">{when(d.now)}</span>
        <span className="loop">{d.loop}</span>
        <Badge tone={statusTone(verdict)}>{verdict}</Badge>
        {d.mode !== 'live' && <Badge tone="info">{d.mode}</Badge>}
        <span className="why">{d.reasons[0] ?? d.eventType ?? ''}</span>
      </button>
      {shown && <DecisionView decision={d} text={text} />}
    </li>
  );
}

/** A chain of decisions across loops, oldest first, each with its explanation one click away. */
export function Timeline({
  decisions,
  texts,
  openIds = [],
}: {
  decisions: readonly Decision[];
  texts?: Readonly<Record<string, string>>;
  openIds?: readonly string[];
}) {
  return (
    <ol className="timeline">
      {decisions.map((d) => (
        <Row key={d.id} d={d} text={texts?.[d.id]} open={openIds.includes(d.id)} />
      ))}
    </ol>
  );
}
