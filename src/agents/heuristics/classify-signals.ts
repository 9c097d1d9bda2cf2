import { RevloopsError } from '../../kernel/index.js';
import { round3 } from './string-similarity.js';

/** One named piece of evidence voting for a label (or abstaining with `label: null`). */
export interface LabelSignal {
  name: string;
  label: string | null;
  /** How much the signal counts; 0 or more. */
  weight: number;
  /** What the signal saw, quoted in the reasoning. */
  evidence: string;
}

/** The label the signals agree on (null if none, or a tie), with the agreement as confidence. */
export interface SignalClassification {
  label: string | null;
  confidence: number;
  reasoning: string;
}

function describe(s: LabelSignal): string {
  const vote = s.label === null ? 'abstains' : `says ${s.label}`;
  return `${s.name} ${vote} (weight ${s.weight}): ${s.evidence}`;
}

/**
 * Classifies by weighted votes of named signals. The label with the most weight wins; the
 * confidence is its share of all the weight, abstaining signals included, so one signal speaking
 * while three abstain is not certainty. A tie for the top gives no label and confidence 0 rather
 * than a guess. The reasoning lists every signal with its evidence.
 */
export function classifyBySignals(signals: readonly LabelSignal[]): SignalClassification {
  for (const s of signals) {
    if (!Number.isFinite(s.weight) || s.weight < 0)
      throw new RevloopsError(
        'USAGE',
        `signal ${s.name} has weight ${s.weight}; expected a number of 0 or more`,
      );
  }
  const total = signals.reduce((sum, s) => sum + s.weight, 0);
  const votes = new Map<string, number>();
  for (const s of signals) if (s.label !== null) votes.set(s.label, (votes.get(s.label) ?? 0) + s.weight);
  const listed = signals.map(describe).join('; ');
  const ranked = [...votes.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const top = ranked[0];
  if (total === 0 || !top || top[1] === 0) {
    return {
      label: null,
      confidence: 0,
      reasoning: `no signal votes with weight${listed ? `: ${listed}` : ''}`,
    };
  }
  const tied = ranked.filter(([, w]) => w === top[1]).map(([l]) => l);
  if (tied.length > 1) {
    return {
      label: null,
      confidence: 0,
      reasoning: `tie between ${tied.join(' and ')} at weight ${top[1]} of ${total}: ${listed}`,
    };
  }
  const agreeing = signals.filter((s) => s.label === top[0]).length;
  return {
    label: top[0],
    confidence: round3(top[1] / total),
    reasoning: `${agreeing} of ${signals.length} signals (weight ${top[1]} of ${total}) say ${top[0]}: ${listed}`,
  };
}
