import { Badge, Empty, Show, statusTone } from '../components/states.js';
import { when } from '../format.js';
import { Link, navigate, useLocation } from '../router.js';
import type { Proposal } from '../types.js';
import { useApi } from '../use-api.js';

const STATUSES = ['open', 'accepted', 'rejected', 'rolled-back', 'all'] as const;

/** Proposals: config changes from feedback or people, waiting for a decision or decided. */
export function Proposals() {
  const { params } = useLocation();
  const status = (STATUSES as readonly string[]).includes(params.get('status') ?? '')
    ? (params.get('status') as string)
    : 'open';
  const loaded = useApi<{ proposals: Proposal[] }>(`/v1/proposals?status=${status}`);
  return (
    <section>
      <h1>Proposals</h1>
      <div className="tabs" role="tablist">
        {STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            aria-selected={s === status}
            className={s === status ? 'active' : ''}
            onClick={() => navigate(`/proposals?status=${s}`)}
          >
            {s}
          </button>
        ))}
      </div>
      <Show loaded={loaded}>
        {({ proposals }) =>
          proposals.length === 0 ? (
            <Empty>No {status === 'all' ? '' : status} proposals.</Empty>
          ) : (
            <table className="list">
              <thead>
                <tr>
                  <th>Proposal</th>
                  <th>Loop</th>
                  <th>From</th>
                  <th>Backtest</th>
                  <th>Created</th>
                  <th>Status</th>
                </tr>
              </thead>
              <tbody>
                {proposals.map((p) => (
                  <tr key={p.id} data-proposal={p.id}>
                    <td>
                      <Link to={`/proposals/${p.id}`}>{p.title}</Link>
                    </td>
                    <td>{p.loop}</td>
                    <td>
                      {p.kind} <span className="muted">level {p.level}</span>
                    </td>
                    <td>
                      {p.backtest ? `${p.backtest.changed} of ${p.backtest.decisions} decisions change` : '–'}
                    </td>
                    <td>{when(p.createdAt)}</td>
                    <td>
                      <Badge tone={statusTone(p.status)}>{p.status}</Badge>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Show>
    </section>
  );
}
