import type { ReactNode } from 'react';
import { ApiError } from '../api.js';
import type { Loaded } from '../use-api.js';

/** What a failed request says: its code and message, and the located issues. */
export function ErrorNote({ error }: { error: Error }) {
  const api = error instanceof ApiError ? error : undefined;
  return (
    <div className="note error" role="alert">
      <strong>{api ? `${api.code}` : 'Error'}</strong> {error.message}
      {api && api.issues.length > 0 && (
        <ul>
          {api.issues.map((i) => (
            <li key={`${i.path}:${i.message}`}>
              <code>{i.path}</code> {i.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Renders a loaded request: a spinner first, the error if it failed, else the children with the data. */
export function Show<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ReactNode }) {
  if (loaded.error) return <ErrorNote error={loaded.error} />;
  if (loaded.data === undefined) return <p className="muted">Loading…</p>;
  return <>{children(loaded.data)}</>;
}

/** A quiet line for an empty list. */
export function Empty({ children }: { children: ReactNode }) {
  return <p className="muted empty">{children}</p>;
}

/** A small coloured label. */
export function Badge({ tone, children }: { tone?: 'good' | 'bad' | 'warn' | 'info'; children: ReactNode }) {
  return <span className={`badge ${tone ?? ''}`}>{children}</span>;
}

/** The badge tone of a status word. */
export function statusTone(status: string): 'good' | 'bad' | 'warn' | 'info' {
  if (['approved', 'accepted', 'assigned', 'deployed', 'done', 'passed'].includes(status)) return 'good';
  if (['rejected', 'failed', 'dead', 'rolled-back', 'overdue'].includes(status)) return 'bad';
  if (['open', 'pending', 'shadow'].includes(status)) return 'warn';
  return 'info';
}
