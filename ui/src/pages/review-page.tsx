import { useEffect, useMemo, useState } from 'react';
import { post } from '../api.js';
import { ActionEditor } from '../components/action-editor.js';
import { RubricEvidence } from '../components/rubric.js';
import { type Email, editCount, emailsOf, SequenceEditor } from '../components/sequence-editor.js';
import { Badge, ErrorNote, Show, statusTone } from '../components/states.js';
import { Timeline } from '../components/timeline.js';
import { num, when } from '../format.js';
import { Link } from '../router.js';
import type { Decision, Json, JsonObject, ReviewActionResult, ReviewDetail } from '../types.js';
import { useApi } from '../use-api.js';
import { itemTitle } from './inbox.js';

/** The decisions of an item's chain, for its reviewer: what created it and what followed. */
interface ItemChain {
  decisions: Decision[];
  texts: Record<string, string>;
}

/** Reloads a chain every 1.5 s for 30 s after an action, so downstream decisions (a deployment) show up. */
function usePolling(reload: () => void, since: number | null) {
  useEffect(() => {
    if (since === null) return;
    const timer = setInterval(() => {
      if (Date.now() - since > 30_000) clearInterval(timer);
      else reload();
    }, 1500);
    return () => clearInterval(timer);
  }, [reload, since]);
}

/** The action a resolution carried out, if the item was approved. */
function resolvedAction(resolution: Json): JsonObject | null {
  if (resolution === null || typeof resolution !== 'object' || Array.isArray(resolution)) return null;
  const action = resolution.action;
  return action !== null && typeof action === 'object' && !Array.isArray(action) ? action : null;
}

function Editor({ detail, onDone }: { detail: ReviewDetail; onDone: (r: ReviewActionResult) => void }) {
  const { item } = detail;
  // A resolved item shows what was approved (the reviewer's edit), marked against the draft.
  const final = useMemo(() => resolvedAction(item.resolution) ?? item.proposedAction, [item]);
  const original = useMemo(() => emailsOf(item.proposedAction), [item.proposedAction]);
  const [emails, setEmails] = useState<Email[] | null>(() => emailsOf(final));
  const [fields, setFields] = useState<Record<string, string | number | boolean | null>>({});
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const open = item.status === 'open';
  const edits = original && emails ? editCount(original, emails) : Object.keys(fields).length;

  const act = async (verb: 'approve' | 'reject') => {
    setBusy(true);
    setError(null);
    try {
      const why = reason.trim() ? { reason: reason.trim() } : {};
      let body: JsonObject;
      let path: string;
      if (verb === 'reject') [path, body] = ['reject', { reason: reason.trim() }];
      else if (edits === 0) [path, body] = ['approve', why];
      else if (emails)
        [path, body] = [
          'edit',
          {
            proposed: { ...item.proposedAction, steps: emails.map((e) => ({ ...e })) } as JsonObject,
            ...why,
          },
        ];
      else
        [path, body] = [
          'edit',
          { set: Object.entries(fields).map(([p, value]) => ({ path: p, value })), ...why },
        ];
      onDone(await post<ReviewActionResult>(`/v1/review-items/${encodeURIComponent(item.id)}/${path}`, body));
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {original && emails ? (
        <SequenceEditor original={original} emails={emails} onChange={setEmails} readOnly={!open} />
      ) : (
        <ActionEditor action={final} changes={fields} onChange={setFields} readOnly={!open} />
      )}
      {open && (
        <div className="actions card">
          <label htmlFor="reason">Reason {edits > 0 ? '(optional)' : '(needed to reject)'}</label>
          <textarea id="reason" value={reason} rows={2} onChange={(e) => setReason(e.target.value)} />
          <div className="buttons">
            <button type="button" className="primary" disabled={busy} onClick={() => act('approve')}>
              {edits > 0 ? `Approve with ${edits} edit${edits === 1 ? '' : 's'}` : 'Approve'}
            </button>
            <button
              type="button"
              className="danger"
              disabled={busy || reason.trim() === ''}
              onClick={() => act('reject')}
            >
              Reject
            </button>
            {edits > 0 && (
              <button
                type="button"
                disabled={busy}
                onClick={() => {
                  setEmails(original);
                  setFields({});
                }}
              >
                Undo edits
              </button>
            )}
          </div>
          {error && <ErrorNote error={error} />}
        </div>
      )}
    </>
  );
}

/** One review item: the drafted work with its evidence, to edit and approve or reject; then what followed. */
export function ReviewPage({ id }: { id: string }) {
  const base = `/v1/review-items/${encodeURIComponent(id)}`;
  const detail = useApi<ReviewDetail>(base);
  const chain = useApi<ItemChain>(`/v1/ui/review-items/${encodeURIComponent(id)}/chain`);
  const [acted, setActed] = useState<{ at: number; result: ReviewActionResult } | null>(null);
  usePolling(chain.reload, acted?.at ?? null);

  return (
    <section>
      <p>
        <Link to="/inbox">← Inbox</Link>
      </p>
      <Show loaded={detail}>
        {(d) => (
          <>
            <h1>{itemTitle(d.item)}</h1>
            <dl className="facts">
              <dt>status</dt>
              <dd>
                <Badge tone={statusTone(d.item.status)}>{d.item.status}</Badge>
                {d.item.overdue && d.item.status === 'open' && <Badge tone="bad">overdue</Badge>}
              </dd>
              <dt>subject</dt>
              <dd>{d.item.subject ?? '–'}</dd>
              <dt>queue</dt>
              <dd>
                {d.item.loop} / {d.item.queue}
              </dd>
              <dt>for</dt>
              <dd>{d.item.assignee ?? 'admins'}</dd>
              <dt>due</dt>
              <dd>{when(d.item.dueAt)}</dd>
              <dt>confidence</dt>
              <dd>{num(d.item.confidence)}</dd>
            </dl>
            <p className="reasoning">{d.item.reasoning}</p>
            {d.created && d.created.reasons.length > 0 && (
              <ul className="reasons">
                {d.created.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            )}
            <div className="review-grid">
              <div>
                <Editor
                  key={`${d.item.id}:${d.item.status}`}
                  detail={d}
                  onDone={(result) => {
                    setActed({ at: Date.now(), result });
                    detail.reload();
                    chain.reload();
                  }}
                />
              </div>
              <div>{d.created && <RubricEvidence decision={d.created} />}</div>
            </div>
            {acted && (
              <div className="note good" role="status">
                {acted.result.item.status === 'approved' ? 'Approved' : 'Rejected'}: decision{' '}
                <code>{acted.result.decision.id}</code> recorded. {acted.result.decision.reasons[0] ?? ''}
              </div>
            )}
          </>
        )}
      </Show>
      <h2>Decisions in this chain</h2>
      <Show loaded={chain}>
        {(c) => (
          <Timeline
            decisions={c.decisions}
            texts={c.texts}
            openIds={
              acted
                ? c.decisions.filter((x) => x.parentIds.includes(acted.result.decision.id)).map((x) => x.id)
                : []
            }
          />
        )}
      </Show>
    </section>
  );
}
