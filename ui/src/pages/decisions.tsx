import { type FormEvent, useEffect, useState } from 'react';
import { query } from '../api.js';
import { Empty, Show } from '../components/states.js';
import { Timeline } from '../components/timeline.js';
import { Link, navigate, useLocation } from '../router.js';
import type { Decision } from '../types.js';
import { useApi } from '../use-api.js';

interface Found {
  subject: string;
  kind: string;
  id: string;
  label: string;
}

interface SubjectChain {
  subjects: string[];
  decisions: Decision[];
  texts: Record<string, string>;
}

/** The decisions of one subject (and, for an account, its leads and contacts) across loops. */
function ChainOf({ subject }: { subject: string }) {
  const chain = useApi<SubjectChain>(`/v1/ui/chain${query({ subject })}`);
  return (
    <Show loaded={chain}>
      {(c) => (
        <>
          <h2>
            {subject} <span className="muted small">{c.decisions.length} decision(s)</span>
          </h2>
          {c.subjects.length > 1 && <p className="muted">With {c.subjects.slice(1).join(', ')}.</p>}
          {c.decisions.length === 0 ? (
            <Empty>No decision is about {subject} yet.</Empty>
          ) : (
            <Timeline decisions={c.decisions} texts={c.texts} />
          )}
        </>
      )}
    </Show>
  );
}

/** Decision explorer: find a lead or an account, then read its chain of decisions with their explanations. */
export function Decisions() {
  const { params } = useLocation();
  const q = params.get('q') ?? '';
  const subject = params.get('subject');
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const results = useApi<{ results: Found[] }>(q ? `/v1/ui/search${query({ q })}` : null);
  const only = results.data?.results.length === 1 ? results.data.results[0] : undefined;
  useEffect(() => {
    if (only && !subject) navigate(`/decisions${query({ q, subject: only.subject })}`, true);
  }, [only, subject, q]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/decisions${query({ q: text.trim() })}`);
  };
  return (
    <section>
      <h1>Decisions</h1>
      <form className="search" onSubmit={submit}>
        <label htmlFor="q" className="sr-only">
          Lead or account
        </label>
        <input
          id="q"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="A lead or account: id, lead:<id>, email or domain"
        />
        <button type="submit" className="primary" disabled={text.trim() === ''}>
          Search
        </button>
      </form>
      {q && (
        <Show loaded={results}>
          {({ results: found }) =>
            found.length === 0 ? (
              <Empty>Nothing matches “{q}”.</Empty>
            ) : found.length > 1 || !subject ? (
              <ul className="results">
                {found.map((f) => (
                  <li key={f.subject}>
                    <Link
                      to={`/decisions${query({ q, subject: f.subject })}`}
                      className={f.subject === subject ? 'active' : ''}
                    >
                      <code>{f.subject}</code> {f.label}
                    </Link>
                  </li>
                ))}
              </ul>
            ) : null
          }
        </Show>
      )}
      {subject && <ChainOf subject={subject} />}
      {!q && !subject && (
        <p className="muted">Search for a lead or an account to see its decisions across loops.</p>
      )}
    </section>
  );
}
