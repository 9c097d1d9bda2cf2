import { inline, ms, num, short, when } from '../format.js';
import { Link } from '../router.js';
import type { Decision, TraceEntry } from '../types.js';
import { Badge } from './states.js';

function TraceRow({ t }: { t: TraceEntry }) {
  switch (t.kind) {
    case 'rule':
      return (
        <tr className={t.matched ? 'hit' : ''}>
          <td>rule</td>
          <td>{t.rule}</td>
          <td>{t.matched ? <Badge tone="good">matched</Badge> : <Badge>skipped</Badge>}</td>
          <td>{t.reason}</td>
        </tr>
      );
    case 'factor':
      return (
        <tr>
          <td>factor</td>
          <td>
            {t.factor}
            {t.group ? <span className="muted"> ({t.group})</span> : null}
          </td>
          <td className="num">{t.contribution > 0 ? `+${num(t.contribution)}` : num(t.contribution)}</td>
          <td>
            {t.reason} <span className="muted">= {inline(t.value)}</span>
          </td>
        </tr>
      );
    case 'agent':
      return (
        <tr>
          <td>agent</td>
          <td>
            {t.task} <span className="muted">{`${t.provider}/${t.model}`}</span>
          </td>
          <td className="num">{num(t.confidence)}</td>
          <td>
            {t.reasoning} <span className="muted">→ {t.route}</span>
          </td>
        </tr>
      );
    default:
      return (
        <tr>
          <td>step</td>
          <td>{t.name}</td>
          <td />
          <td className="muted">{t.detail ? inline(t.detail) : ''}</td>
        </tr>
      );
  }
}

/** What an effect did, in a line. */
function effectLine(e: Decision['effects'][number]): string {
  const rest = Object.entries(e)
    .filter(([k]) => k !== 'kind')
    .map(([k, v]) => `${k}: ${inline(v)}`)
    .join(' · ');
  return `${e.kind.replace(/_/g, ' ')} — ${rest}`;
}

/** A decision: what it decided and why (the trace), what it caused, and the explanation explain prints. */
export function DecisionView({ decision, text }: { decision: Decision; text?: string | undefined }) {
  const d = decision;
  return (
    <article className="decision" data-decision={d.id}>
      <header>
        <h3>
          <Link to={`/loops/${d.loop}`}>{d.loop}</Link> <Badge tone="info">{d.mode}</Badge>{' '}
          <span className="muted">{d.eventType ?? ''}</span>
        </h3>
        <dl className="facts">
          <dt>decision</dt>
          <dd>
            <code>{d.id}</code>
          </dd>
          <dt>subject</dt>
          <dd>{d.subject ?? '–'}</dd>
          <dt>at</dt>
          <dd>{when(d.now)}</dd>
          <dt>config</dt>
          <dd>
            <code title={d.configVersion}>{short(d.configVersion)}</code>
            {d.gitSha ? <span className="muted"> @ {short(d.gitSha, 8)}</span> : null}
          </dd>
          <dt>confidence</dt>
          <dd>{num(d.confidence)}</dd>
          <dt>latency</dt>
          <dd>{ms(d.latencyMs)}</dd>
        </dl>
      </header>
      {d.reasons.length > 0 && (
        <ul className="reasons">
          {d.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      <details>
        <summary>Output</summary>
        <pre className="json">{JSON.stringify(d.output, null, 2)}</pre>
      </details>
      {d.trace.length > 0 && (
        <details open={d.trace.some((t) => t.kind === 'rule' || t.kind === 'factor')}>
          <summary>Trace ({d.trace.length})</summary>
          <table className="trace">
            <tbody>
              {d.trace.map((t, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the trace is ordered and never reordered
                <TraceRow key={i} t={t} />
              ))}
            </tbody>
          </table>
        </details>
      )}
      {d.effects.length > 0 && (
        <details>
          <summary>Effects ({d.effectCount})</summary>
          <ul className="effects">
            {d.effects.map((e, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: effects are ordered and never reordered
              <li key={i}>{effectLine(e)}</li>
            ))}
            {d.effectCount > d.effects.length && (
              <li className="more">
                … and {d.effectCount - d.effects.length} more: revloops explain {d.id} --json lists them all
              </li>
            )}
          </ul>
        </details>
      )}
      {text && (
        <details>
          <summary>Explanation</summary>
          <pre className="explain">{text}</pre>
        </details>
      )}
    </article>
  );
}
