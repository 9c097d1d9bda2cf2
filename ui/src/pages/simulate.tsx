import { type ChangeEvent, useEffect, useState } from 'react';
import { post } from '../api.js';
import { TextDiff } from '../components/diff-view.js';
import { SimulationReport, type SimulationResult } from '../components/simulation-report.js';
import { ErrorNote, Show } from '../components/states.js';
import { navigate, useLocation } from '../router.js';
import type { Proposal } from '../types.js';
import { useApi } from '../use-api.js';

interface Loops {
  loops: { name: string; enabled: boolean; source: string }[];
}

const WINDOWS = ['7d', '30d', '90d'];

/** Simulation: a config change (edited, uploaded or proposed) against history, per rule, rep and queue. */
export function Simulate() {
  const { params } = useLocation();
  const loops = useApi<Loops>('/v1/loops');
  const loop = params.get('loop') ?? loops.data?.loops[0]?.name ?? null;
  const config = useApi<{ yaml: string | null; source: string }>(loop ? `/v1/loops/${loop}/config` : null);
  const open = useApi<{ proposals: Proposal[] }>(loop ? `/v1/proposals?status=open&loop=${loop}` : null);
  const [yaml, setYaml] = useState('');
  const [proposal, setProposal] = useState('');
  const [since, setSince] = useState('30d');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [result, setResult] = useState<SimulationResult | null>(null);
  const original = config.data?.yaml ?? '';

  useEffect(() => {
    setYaml(original);
    setProposal('');
    setResult(null);
  }, [original]);

  const upload = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    if (f) {
      setYaml(await f.text());
      setProposal('');
    }
  };

  const run = async () => {
    if (!loop) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const body = proposal ? { loop, proposal, since } : { loop, yaml, since };
      setResult(await post<SimulationResult>('/v1/simulations', body));
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <h1>Simulation</h1>
      <p className="muted">
        Runs a changed config beside the active one over the decisions of the window. Nothing is written.
      </p>
      <Show loaded={loops}>
        {(l) => (
          <div className="row">
            <label htmlFor="loop">
              Loop{' '}
              <select
                id="loop"
                value={loop ?? ''}
                onChange={(e) => navigate(`/simulate?loop=${e.target.value}`, true)}
              >
                {l.loops.map((x) => (
                  <option key={x.name} value={x.name}>
                    {x.name}
                  </option>
                ))}
              </select>
            </label>
            <label htmlFor="since">
              History{' '}
              <select id="since" value={since} onChange={(e) => setSince(e.target.value)}>
                {WINDOWS.map((w) => (
                  <option key={w}>{w}</option>
                ))}
              </select>
            </label>
            <label htmlFor="upload">
              Upload YAML <input id="upload" type="file" accept=".yaml,.yml,text/yaml" onChange={upload} />
            </label>
            {(open.data?.proposals.length ?? 0) > 0 && (
              <label htmlFor="proposal">
                Or an open proposal{' '}
                <select id="proposal" value={proposal} onChange={(e) => setProposal(e.target.value)}>
                  <option value="">(none)</option>
                  {open.data?.proposals.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.title}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </div>
        )}
      </Show>
      {config.error && <ErrorNote error={config.error} />}
      {!proposal && (
        <>
          <label htmlFor="yaml">{config.data?.source ?? 'YAML'}</label>
          <textarea
            id="yaml"
            className="code"
            spellCheck={false}
            rows={Math.min(40, Math.max(12, yaml.split('\n').length + 1))}
            value={yaml}
            onChange={(e) => setYaml(e.target.value)}
          />
          <h3>Your change</h3>
          <TextDiff before={original} after={yaml} />
        </>
      )}
      <div className="buttons">
        <button
          type="button"
          className="primary"
          disabled={busy || !loop || (!proposal && yaml === original)}
          onClick={run}
        >
          {busy ? 'Simulating…' : 'Simulate'}
        </button>
      </div>
      {error && <ErrorNote error={error} />}
      {result && <SimulationReport r={result} />}
    </section>
  );
}
