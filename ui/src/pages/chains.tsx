import { Badge, Empty, Show } from '../components/states.js';
import { ms, num, pct, when } from '../format.js';
import { Link } from '../router.js';
import type { MetricRow } from '../types.js';
import { useApi } from '../use-api.js';

/** One loop's health over the window. */
interface LoopHealth {
  name: string;
  enabled: boolean;
  archetypes: string[];
  version: string;
  source: string;
  decisions: number;
  latency: { p50: number | null; p95: number | null };
  quality: { approvalRate: number | null; editRate: number | null; slaBreaches: number };
  highlights: MetricRow[];
  openReviews: number;
  overdueReviews: number;
  pendingProposals: number;
}

/** Every chain with its loops' health. */
interface Overview {
  since: string;
  until: string;
  chains: { name: string; loops: string[] }[];
  loops: LoopHealth[];
}

function highlight(r: MetricRow): string {
  const value = r.share !== null ? pct(r.share) : r.rate !== null ? num(r.rate) : num(r.mean);
  return `${r.metric}${r.label ? `[${r.label}]` : ''} ${value}`;
}

function LoopCard({ l }: { l: LoopHealth }) {
  return (
    <Link to={`/loops/${l.name}`} className="loop-card card" data-loop={l.name}>
      <h3>
        {l.name} {!l.enabled && <Badge tone="warn">disabled</Badge>}
      </h3>
      <div className="muted small">{l.archetypes.join(', ')}</div>
      <dl className="kpis">
        <div>
          <dt>decisions</dt>
          <dd>{l.decisions}</dd>
        </div>
        <div>
          <dt>p50 / p95</dt>
          <dd>
            {ms(l.latency.p50)} / {ms(l.latency.p95)}
          </dd>
        </div>
        <div>
          <dt>approved</dt>
          <dd>{pct(l.quality.approvalRate, 0)}</dd>
        </div>
        <div>
          <dt>edited</dt>
          <dd>{pct(l.quality.editRate, 0)}</dd>
        </div>
      </dl>
      {l.highlights.length > 0 && (
        <ul className="highlights">
          {l.highlights.map((r) => (
            <li key={`${r.metric}:${r.label}`}>{highlight(r)}</li>
          ))}
        </ul>
      )}
      <div className="card-foot">
        <Badge tone={l.openReviews > 0 ? 'warn' : 'info'}>
          {l.openReviews} open review{l.openReviews === 1 ? '' : 's'}
          {l.overdueReviews > 0 ? `, ${l.overdueReviews} overdue` : ''}
        </Badge>
        <Badge tone={l.pendingProposals > 0 ? 'warn' : 'info'}>
          {l.pendingProposals} proposal{l.pendingProposals === 1 ? '' : 's'}
        </Badge>
      </div>
    </Link>
  );
}

/** Chains at a glance: each chain's loops in order with volume, latency, quality, reviews and proposals. */
export function Chains() {
  const loaded = useApi<Overview>('/v1/ui/overview?since=7d');
  return (
    <section>
      <h1>Chains</h1>
      <Show loaded={loaded}>
        {(o) => {
          const byName = new Map(o.loops.map((l) => [l.name, l]));
          const chained = new Set(o.chains.flatMap((c) => c.loops));
          const others = o.loops.filter((l) => !chained.has(l.name));
          return (
            <>
              <p className="muted">
                The last 7 days: {when(o.since)} to {when(o.until)}.
              </p>
              {o.chains.length === 0 && others.length === 0 && <Empty>No loops run in this workspace.</Empty>}
              {o.chains.map((c) => (
                <div key={c.name} className="chain">
                  <h2>{c.name}</h2>
                  <div className="chain-row">
                    {c.loops.map((name, i) => {
                      const l = byName.get(name);
                      return (
                        <div key={name} className="chain-step">
                          {i > 0 && (
                            <span className="arrow" aria-hidden="true">
                              →
                            </span>
                          )}
                          {l ? <LoopCard l={l} /> : <div className="card muted">{name} (not loaded)</div>}
                        </div>
                      );
                    })}
                  </div>
                </div>
              ))}
              {others.length > 0 && (
                <div className="chain">
                  <h2>Other loops</h2>
                  <div className="chain-row others">
                    {others.map((l) => (
                      <div key={l.name} className="chain-step">
                        <LoopCard l={l} />
                      </div>
                    ))}
                  </div>
                </div>
              )}
            </>
          );
        }}
      </Show>
    </section>
  );
}
