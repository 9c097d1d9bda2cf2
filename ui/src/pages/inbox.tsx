import { Badge, Empty, Show, statusTone } from '../components/states.js';
import { num, when } from '../format.js';
import { Link, navigate, useLocation } from '../router.js';
import { useSession } from '../session.js';
import type { ReviewItem } from '../types.js';
import { useApi } from '../use-api.js';

const STATUSES = ['open', 'approved', 'rejected', 'all'] as const;

/** What an item asks for, in a few words: a drafted sequence's first subject, else its reasoning. */
export function itemTitle(item: ReviewItem): string {
  const steps = item.proposedAction.steps;
  const first = Array.isArray(steps) ? (steps[0] as { subject?: unknown } | undefined) : undefined;
  if (Array.isArray(steps) && first && typeof first.subject === 'string')
    return `${steps.length}-email sequence: “${first.subject}”`;
  return item.reasoning || item.queue;
}

/** The signed-in user's review inbox: the items they may act on, oldest first. */
export function Inbox() {
  const { me } = useSession();
  const { params } = useLocation();
  const status = (STATUSES as readonly string[]).includes(params.get('status') ?? '')
    ? (params.get('status') as string)
    : 'open';
  const loaded = useApi<{ items: ReviewItem[] }>(`/v1/review-items?status=${status}&limit=200`);
  return (
    <section>
      <h1>Review inbox</h1>
      <p className="muted">
        Items for {me.user}
        {me.role === 'manager' ? ' and your team' : ''}
        {me.role === 'admin' ? ' and everyone (admin)' : ''}.
      </p>
      <div className="tabs" role="tablist">
        {STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            aria-selected={s === status}
            className={s === status ? 'active' : ''}
            onClick={() => navigate(`/inbox?status=${s}`)}
          >
            {s}
          </button>
        ))}
      </div>
      <Show loaded={loaded}>
        {({ items }) => {
          if (items.length === 0) return <Empty>Nothing {status === 'all' ? '' : status} here.</Empty>;
          return (
            <table className="list">
              <thead>
                <tr>
                  <th>Item</th>
                  <th>Subject</th>
                  <th>Loop / queue</th>
                  <th>Confidence</th>
                  <th>Due</th>
                  <th>Status</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.id} data-item={item.id}>
                    <td>
                      <Link to={`/inbox/${item.id}`}>{itemTitle(item)}</Link>
                    </td>
                    <td>{item.subject ?? '–'}</td>
                    <td>
                      {item.loop} / {item.queue}
                    </td>
                    <td className="num">{num(item.confidence)}</td>
                    <td>
                      {when(item.dueAt)}{' '}
                      {item.overdue && item.status === 'open' && <Badge tone="bad">overdue</Badge>}
                    </td>
                    <td>
                      <Badge tone={statusTone(item.status)}>{item.status}</Badge>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        }}
      </Show>
    </section>
  );
}
