import { useState } from 'react';
import { post } from '../api.js';
import { BacktestView } from '../components/backtest-view.js';
import { UnifiedDiff } from '../components/diff-view.js';
import { Badge, ErrorNote, Show, statusTone } from '../components/states.js';
import { inline, short, when } from '../format.js';
import { Link } from '../router.js';
import type { Json, Proposal } from '../types.js';
import { useApi } from '../use-api.js';

/** Evidence as a definition list (nested objects as JSON). */
function Evidence({ evidence }: { evidence: Json }) {
  if (evidence === null || typeof evidence !== 'object' || Array.isArray(evidence))
    return <pre className="json">{JSON.stringify(evidence, null, 2)}</pre>;
  return (
    <dl className="evidence">
      {Object.entries(evidence).map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>
            {v !== null && typeof v === 'object' ? (
              <pre className="json">{JSON.stringify(v, null, 2)}</pre>
            ) : (
              inline(v)
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** What the owner of a proposal decides: accept (the YAML changes) or reject, with a reason. */
function Decide({ p, onDone }: { p: Proposal; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const act = async (verb: 'accept' | 'reject') => {
    setBusy(true);
    setError(null);
    try {
      const r = await post<{ decisionId: string; version?: string }>(
        `/v1/proposals/${encodeURIComponent(p.id)}/${verb}`,
        reason.trim() ? { reason: reason.trim() } : {},
      );
      setDone(
        verb === 'accept'
          ? `Accepted: ${p.loop} now runs config ${short(r.version)} (decision ${r.decisionId}).`
          : `Rejected (decision ${r.decisionId}).`,
      );
      onDone();
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  if (done)
    return (
      <div className="note good" role="status">
        {done}
      </div>
    );
  if (p.status !== 'open' && p.status !== 'shadow') return null;
  return (
    <div className="actions card">
      <label htmlFor="reason">Reason (needed to reject)</label>
      <textarea id="reason" value={reason} rows={2} onChange={(e) => setReason(e.target.value)} />
      <div className="buttons">
        <button type="button" className="primary" disabled={busy} onClick={() => act('accept')}>
          Accept
        </button>
        <button
          type="button"
          className="danger"
          disabled={busy || reason.trim() === ''}
          onClick={() => act('reject')}
        >
          Reject
        </button>
      </div>
      {error && <ErrorNote error={error} />}
    </div>
  );
}

/** A proposal: why (evidence), what (the YAML diff), what it would do (the backtest), and the decision. */
export function ProposalPage({ id }: { id: string }) {
  const loaded = useApi<Proposal>(`/v1/proposals/${encodeURIComponent(id)}`);
  return (
    <section>
      <p>
        <Link to="/proposals">← Proposals</Link>
      </p>
      <Show loaded={loaded}>
        {(p) => {
          return (
            <>
              <h1>{p.title}</h1>
              <dl className="facts">
                <dt>status</dt>
                <dd>
                  <Badge tone={statusTone(p.status)}>{p.status}</Badge>
                </dd>
                <dt>loop</dt>
                <dd>
                  <Link to={`/loops/${p.loop}`}>{p.loop}</Link>
                </dd>
                <dt>from</dt>
                <dd>
                  {p.kind} (level {p.level})
                </dd>
                <dt>config</dt>
                <dd>
                  <code>{short(p.baseVersion)}</code> → <code>{short(p.proposedVersion)}</code>
                </dd>
                <dt>created</dt>
                <dd>{when(p.createdAt)}</dd>
                {p.resolvedAt && (
                  <>
                    <dt>resolved</dt>
                    <dd>
                      {when(p.resolvedAt)} by {p.resolvedBy ?? '–'}
                    </dd>
                  </>
                )}
              </dl>
              <Decide p={p} onDone={loaded.reload} />
              <h2>Backtest</h2>
              {p.backtest ? <BacktestView b={p.backtest} /> : <p className="muted">No backtest was run.</p>}
              <h2>Change</h2>
              <table className="list">
                <thead>
                  <tr>
                    <th>Field</th>
                    <th>From</th>
                    <th>To</th>
                  </tr>
                </thead>
                <tbody>
                  {p.patch.map((c) => (
                    <tr key={c.path}>
                      <td>
                        <code>{c.path}</code>
                      </td>
                      <td>{inline(c.from)}</td>
                      <td>{inline(c.to)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {p.diff && (
                <>
                  <h3>{p.source ?? 'YAML'}</h3>
                  <UnifiedDiff diff={p.diff} />
                </>
              )}
              <h2>Evidence</h2>
              <Evidence evidence={p.evidence} />
              {p.rollback !== null && (
                <>
                  <h2>Rollback criteria</h2>
                  <Evidence evidence={p.rollback} />
                </>
              )}
            </>
          );
        }}
      </Show>
    </section>
  );
}
