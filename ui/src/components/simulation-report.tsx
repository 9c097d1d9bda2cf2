import { num, pct, short } from '../format.js';
import { Empty } from './states.js';

type Scalar = string | number | boolean | null;

interface Ledger {
  picks: number;
  assigned: number;
  unplaced: number;
  maxRelativeDeviation: number;
  rows: { user: string; assigned: number; share: number; targetShare: number }[];
}

/** The answer of POST /v1/simulations. */
export interface SimulationResult {
  loop: string;
  active: { source: string; version: string };
  proposed: { source: string; version: string };
  inputs: number;
  changed: number;
  errors: { before: number; after: number; first?: string };
  outcomes: Record<string, Record<string, { before: number; after: number }>>;
  changes: { id: string; before: Record<string, Scalar>; after: Record<string, Scalar> }[];
  fairness?: Record<string, { before: Ledger; after: Ledger }>;
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

function Outcomes({
  field,
  counts,
}: {
  field: string;
  counts: Record<string, { before: number; after: number }>;
}) {
  const rows = Object.entries(counts).filter(([, c]) => c.before > 0 || c.after > 0);
  return (
    <table className="list compare" data-field={field}>
      <thead>
        <tr>
          <th>{field}</th>
          <th>Before</th>
          <th>After</th>
          <th>Change</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([value, c]) => (
          <tr key={value} className={c.before !== c.after ? 'changed' : ''}>
            <td>{value}</td>
            <td className="num">{c.before}</td>
            <td className="num">{c.after}</td>
            <td className={`num ${c.after > c.before ? 'up' : c.after < c.before ? 'down' : ''}`}>
              {c.after === c.before ? '' : signed(c.after - c.before)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Fairness({ pool, before, after }: { pool: string; before: Ledger; after: Ledger }) {
  const users = [...new Set([...before.rows, ...after.rows].map((r) => r.user))];
  const row = (l: Ledger, u: string) => l.rows.find((r) => r.user === u);
  return (
    <table className="list compare">
      <caption>
        Pool {pool}: largest deviation from fair share {num(before.maxRelativeDeviation)} before,{' '}
        {num(after.maxRelativeDeviation)} after
      </caption>
      <thead>
        <tr>
          <th>Rep</th>
          <th>Target</th>
          <th>Before</th>
          <th>After</th>
        </tr>
      </thead>
      <tbody>
        {users.map((u) => (
          <tr key={u}>
            <td>{u}</td>
            <td className="num">{pct((row(after, u) ?? row(before, u))?.targetShare, 0)}</td>
            <td className="num">
              {row(before, u)?.assigned ?? 0} ({pct(row(before, u)?.share ?? 0)})
            </td>
            <td className="num">
              {row(after, u)?.assigned ?? 0} ({pct(row(after, u)?.share ?? 0)})
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A simulation's result: how many inputs changed, the outcome counts per field, pool fairness, examples. */
export function SimulationReport({ r }: { r: SimulationResult }) {
  const fields = Object.entries(r.outcomes).filter(([, counts]) =>
    Object.values(counts).some((c) => c.before > 0 || c.after > 0),
  );
  return (
    <section className="simulation" aria-label="simulation result">
      <p>
        <strong>{r.inputs}</strong> input(s) of {r.loop} re-run: active <code>{short(r.active.version)}</code>{' '}
        vs proposed <code>{short(r.proposed.version)}</code>. <strong>{r.changed}</strong> would change (
        {pct(r.inputs ? r.changed / r.inputs : 0)}).
        {(r.errors.before > 0 || r.errors.after > 0) && (
          <span className="note error">
            Failed runs: {r.errors.before} before, {r.errors.after} after
            {r.errors.first ? ` (${r.errors.first})` : ''}
          </span>
        )}
      </p>
      {r.inputs === 0 && <Empty>No decisions in the window to re-run.</Empty>}
      <div className="outcomes">
        {fields.map(([field, counts]) => (
          <Outcomes key={field} field={field} counts={counts} />
        ))}
      </div>
      {Object.entries(r.fairness ?? {}).map(([pool, f]) => (
        <Fairness key={pool} pool={pool} before={f.before} after={f.after} />
      ))}
      {r.changes.length > 0 && (
        <>
          <h3>Changed inputs (first {r.changes.length})</h3>
          <ul className="examples">
            {r.changes.map((c) => (
              <li key={c.id}>
                <code>{c.id}</code>:{' '}
                {Object.keys({ ...c.before, ...c.after })
                  .filter((k) => c.before[k] !== c.after[k])
                  .map((k) => `${k} ${c.before[k] ?? '–'} → ${c.after[k] ?? '–'}`)
                  .join(', ')}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
