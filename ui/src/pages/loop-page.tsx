import { useEffect, useState } from 'react';
import { stringify } from 'yaml';
import { query } from '../api.js';
import { TextDiff } from '../components/diff-view.js';
import { MetricCharts } from '../components/metric-charts.js';
import { Badge, Empty, Show } from '../components/states.js';
import { Timeline } from '../components/timeline.js';
import { inline, short, when } from '../format.js';
import { Link, navigate, useLocation } from '../router.js';
import type { Decision, Json, MetricsReport } from '../types.js';
import { useApi } from '../use-api.js';

interface LoopConfig {
  loop: string;
  version: string;
  gitSha: string | null;
  source: string;
  enabled: boolean;
  yaml: string | null;
  config: Json;
}

interface Version {
  version: string;
  gitSha: string | null;
  source: string;
  firstSeenAt: string;
  lastSeenAt: string;
  current: boolean;
  config: Json;
}

interface Diff {
  changes: { path: string; change: 'added' | 'removed' | 'changed'; from?: Json; to?: Json }[];
}

const WINDOWS = { '24h': 'hour', '7d': 'hour', '30d': 'day' } as const;

/** Two versions compared: the changed fields, and the config of each as YAML, line by line. */
function Compare({ loop, versions }: { loop: string; versions: Version[] }) {
  const newest = versions.length - 1;
  const [from, setFrom] = useState(Math.max(0, newest - 1));
  const [to, setTo] = useState(newest);
  useEffect(() => {
    setFrom(Math.max(0, versions.length - 2));
    setTo(versions.length - 1);
  }, [versions.length]);
  const a = versions[from];
  const b = versions[to];
  const diff = useApi<Diff>(
    a && b && a !== b ? `/v1/loops/${loop}/diff${query({ from: a.version, to: b.version })}` : null,
  );
  const pick = (value: number, set: (n: number) => void, id: string, label: string) => (
    <label htmlFor={id}>
      {label}{' '}
      <select id={id} value={value} onChange={(e) => set(Number(e.target.value))}>
        {versions.map((v, i) => (
          <option key={v.version} value={i}>
            {short(v.version)} · {when(v.firstSeenAt)}
            {v.current ? ' (current)' : ''}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="compare-versions">
      <div className="row">
        {pick(from, setFrom, 'from', 'From')}
        {pick(to, setTo, 'to', 'to')}
      </div>
      {a && b && a !== b ? (
        <>
          <Show loaded={diff}>
            {(d) => (
              <table className="list">
                <tbody>
                  {d.changes.map((c) => (
                    <tr key={c.path}>
                      <td>
                        <code>{c.path}</code>
                      </td>
                      <td>
                        <Badge tone={c.change === 'added' ? 'good' : c.change === 'removed' ? 'bad' : 'warn'}>
                          {c.change}
                        </Badge>
                      </td>
                      <td>{inline(c.from)}</td>
                      <td>{inline(c.to)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Show>
          <TextDiff before={stringify(a.config)} after={stringify(b.config)} />
        </>
      ) : (
        <p className="muted">Pick two different versions to compare.</p>
      )}
    </div>
  );
}

/** A loop: its YAML with version history and diffs, metric charts, and its latest decisions. */
export function LoopPage({ loop }: { loop: string }) {
  const { params } = useLocation();
  const since = (params.get('since') ?? '7d') as keyof typeof WINDOWS;
  const by = WINDOWS[since] ?? 'hour';
  const config = useApi<LoopConfig>(`/v1/loops/${loop}/config`);
  const versions = useApi<{ versions: Version[] }>(`/v1/loops/${loop}/versions`);
  const metrics = useApi<MetricsReport>(`/v1/loops/${loop}/metrics${query({ since, by })}`);
  const recent = useApi<{ decisions: Decision[] }>(`/v1/loops/${loop}/recent-decisions?limit=25`);
  return (
    <section>
      <p>
        <Link to="/chains">← Chains</Link>
      </p>
      <h1>{loop}</h1>
      <h2>
        Metrics{' '}
        <span className="tabs inline">
          {Object.keys(WINDOWS).map((w) => (
            <button
              key={w}
              type="button"
              className={w === since ? 'active' : ''}
              onClick={() => navigate(`/loops/${loop}?since=${w}`, true)}
            >
              {w}
            </button>
          ))}
        </span>
      </h2>
      <Show loaded={metrics}>{(m) => <MetricCharts report={m} by={by} />}</Show>
      <h2>Config</h2>
      <Show loaded={config}>
        {(c) => (
          <>
            <p>
              <code>{c.source}</code> · version <code title={c.version}>{short(c.version)}</code>
              {c.gitSha && <span className="muted"> @ {short(c.gitSha, 8)}</span>}{' '}
              {!c.enabled && <Badge tone="warn">disabled</Badge>}{' '}
              <Link to={`/simulate?loop=${loop}`}>Simulate a change</Link>
            </p>
            {c.yaml ? <pre className="yaml">{c.yaml}</pre> : <p className="muted">Runs on its defaults.</p>}
          </>
        )}
      </Show>
      <h3>Version history</h3>
      <Show loaded={versions}>
        {({ versions: vs }) =>
          vs.length === 0 ? (
            <Empty>No versions recorded yet.</Empty>
          ) : (
            <>
              <table className="list">
                <thead>
                  <tr>
                    <th>Version</th>
                    <th>Git</th>
                    <th>First seen</th>
                    <th>Last seen</th>
                  </tr>
                </thead>
                <tbody>
                  {[...vs].reverse().map((v) => (
                    <tr key={v.version}>
                      <td>
                        <code>{short(v.version)}</code> {v.current && <Badge tone="good">current</Badge>}
                      </td>
                      <td>{short(v.gitSha, 8)}</td>
                      <td>{when(v.firstSeenAt)}</td>
                      <td>{when(v.lastSeenAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {vs.length > 1 && <Compare loop={loop} versions={vs} />}
            </>
          )
        }
      </Show>
      <h2>Recent decisions</h2>
      <Show loaded={recent}>
        {({ decisions }) =>
          decisions.length === 0 ? <Empty>No decisions yet.</Empty> : <Timeline decisions={decisions} />
        }
      </Show>
    </section>
  );
}
