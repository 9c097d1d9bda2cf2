import { inline, num, pct, when } from '../format.js';
import type { Backtest, BacktestMetric } from '../types.js';
import { Badge } from './states.js';

const stat = (m: BacktestMetric, v: number | null) => (m.stat === 'share' ? pct(v) : num(v, 3));

/** A bar for a value in [0, max]. */
function Bar({ value, max, tone }: { value: number | null; max: number; tone: 'before' | 'after' }) {
  const w = value === null || max <= 0 ? 0 : Math.max(0, Math.min(100, (100 * value) / max));
  return (
    <span className={`bar ${tone}`}>
      <span style={{ width: `${w}%` }} />
    </span>
  );
}

/** Metrics before and after, each with a bar on a common scale. */
function MetricTable({ metrics }: { metrics: readonly BacktestMetric[] }) {
  return (
    <table className="list compare">
      <thead>
        <tr>
          <th>Metric</th>
          <th>Before</th>
          <th />
          <th>After</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {metrics.map((m) => {
          const max = Math.max(m.before.value ?? 0, m.after.value ?? 0, m.stat === 'share' ? 1 : 0);
          return (
            <tr key={`${m.metric}:${m.label}`} data-metric={`${m.metric}:${m.label}`}>
              <td>
                {m.metric}
                {m.label ? ` ${m.label}` : ''} <span className="muted">({m.stat})</span>
              </td>
              <td className="num">
                {stat(m, m.before.value)} <span className="muted">n={m.before.count}</span>
              </td>
              <td>
                <Bar value={m.before.value} max={max} tone="before" />
              </td>
              <td className="num">
                {stat(m, m.after.value)} <span className="muted">n={m.after.count}</span>
              </td>
              <td>
                <Bar value={m.after.value} max={max} tone="after" />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const moves = (m: BacktestMetric) => m.before.value !== m.after.value || m.before.count !== m.after.count;

/** A backtest: the window re-run, how much changed, the metrics that move before and after, and examples. */
export function BacktestView({ b }: { b: Backtest }) {
  const moved = b.metrics.filter(moves);
  const still = b.metrics.filter((m) => !moves(m));
  return (
    <section className="backtest" aria-label="backtest">
      <p>
        {when(b.since)} → {when(b.until)}: <strong>{b.decisions}</strong> decision(s) re-run with the proposed
        config, <strong>{b.changed}</strong> would change
        {b.failed > 0 && <>, {b.failed} could not be re-run</>}.{' '}
        {b.stillFires === false && <Badge tone="good">the finding would no longer fire</Badge>}
        {b.stillFires === true && <Badge tone="warn">the finding would still fire</Badge>}
      </p>
      {moved.length > 0 ? (
        <MetricTable metrics={moved} />
      ) : (
        <p className="muted">None of the metrics moves.</p>
      )}
      {still.length > 0 && (
        <details>
          <summary>{still.length} metric(s) unchanged</summary>
          <MetricTable metrics={still} />
        </details>
      )}
      {b.fields.length > 0 && (
        <p>
          Fields that change:{' '}
          {b.fields.map((f) => (
            <Badge key={f.path}>
              {f.path} ×{f.changed}
            </Badge>
          ))}
        </p>
      )}
      {b.examples.length > 0 && (
        <details>
          <summary>Examples ({b.examples.length})</summary>
          <ul className="examples">
            {b.examples.map((e) => (
              <li key={e.decisionId}>
                <code>{e.subject ?? e.decisionId}</code>:{' '}
                {e.changes.map((c) => `${c.path} ${inline(c.from)} → ${inline(c.to)}`).join(', ')}
              </li>
            ))}
          </ul>
        </details>
      )}
      {b.errors.length > 0 && (
        <ul className="note error">
          {b.errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
