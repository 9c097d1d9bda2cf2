import type { Command } from 'commander';
import { RevloopsError } from '../../kernel/index.js';
import type { RouteConfig } from '../../loops/route/config.js';
import { type FairnessLedger, fairnessLedger, type LedgerDecision } from '../../loops/route/fairness.js';
import { poolDecisions } from '../../store/ops/route-ledger.js';
import { type CommonOptions, withWorkspace } from '../context.js';
import { table } from '../io.js';
import { type CliRuntime, common, emit } from '../program.js';

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `7d`, `24h`, `90m`, `2w` back from now, or an ISO-8601 instant. */
export function sinceInstant(value: string, now: Date): string {
  const rel = /^(\d+)([mhdw])$/.exec(value.trim());
  if (rel)
    return new Date(now.getTime() - Number(rel[1]) * (UNITS[rel[2] as string] as number)).toISOString();
  const at = Date.parse(value);
  if (Number.isNaN(at))
    throw new RevloopsError(
      'USAGE',
      `--since expects a span such as 7d, 24h or 90m, or an ISO-8601 instant (got ${value})`,
    );
  return new Date(at).toISOString();
}

const pct = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
const signed = (x: number) => `${x > 0 ? '+' : ''}${x}`;

function human(l: FairnessLedger): string {
  const head = `pool ${l.pool} (${l.strategy ?? 'no longer configured'}) since ${l.since}: ${l.picks} pick(s), ${l.assigned} assigned, ${l.unplaced} with nobody available`;
  if (l.picks === 0) return `${head}\nno route decisions used this pool in the window`;
  const rows = [
    ['user', 'target', 'assigned', 'share', 'expected', 'deviation', 'reassigned away', 'skipped'],
  ];
  for (const r of l.rows) {
    const skips =
      Object.entries(r.skips)
        .map(([code, n]) => `${code} ${n}`)
        .join(', ') || '-';
    rows.push([
      r.user,
      pct(r.targetShare),
      String(r.assigned),
      pct(r.share),
      String(r.expected),
      signed(r.deviation),
      String(r.reassignedAway),
      skips,
    ]);
  }
  const why = l.rows.flatMap((r) =>
    Object.entries(r.lastReasons).map(([code, reason]) => `  ${r.user} ${code} ×${r.skips[code]}: ${reason}`),
  );
  return [
    head,
    '',
    table(rows),
    '',
    'expected = the leads each member would get from the picks they were available for (by weight)',
    ...(why.length > 0 ? ['', 'why members were skipped (latest reason):', ...why] : []),
  ].join('\n');
}

/** `revloops route fairness <pool>`: who a pool gave leads to, against their fair share, and every skip by reason. */
export function registerRoute(program: Command, rt: CliRuntime): void {
  const route = program.command('route').description('inspect the route loop: pool fairness');
  common(route.command('fairness <pool>'))
    .description(
      'assignments per member of a pool over a window, the deviation from their share, and why members were skipped',
    )
    .option('--since <span>', 'the window: 7d, 24h, 90m, 2w or an ISO-8601 instant', '7d')
    .action(async (pool: string, opts: CommonOptions & { since: string }) => {
      const now = (rt.setup.clock ?? (() => new Date()))();
      const since = sinceInstant(opts.since, now);
      await withWorkspace(opts, rt.setup, async ({ store, workspace }) => {
        const loaded = workspace.loops.get('route');
        if (!loaded) throw new RevloopsError('USAGE', 'the workspace does not configure the route loop');
        const pools = (loaded.config as RouteConfig).pools;
        if (!Object.hasOwn(pools, pool))
          throw new RevloopsError(
            'USAGE',
            `no pool named ${pool} in ${loaded.source} (pools: ${Object.keys(pools).join(', ') || 'none'})`,
          );
        const decisions: LedgerDecision[] = [];
        let afterId: string | undefined;
        for (;;) {
          const page = await poolDecisions(store.db, {
            loop: 'route',
            pool,
            since,
            limit: 1000,
            ...(afterId ? { afterId } : {}),
          });
          decisions.push(...page);
          afterId = page.at(-1)?.id;
          if (page.length < 1000) break;
        }
        const ledger = fairnessLedger(pool, pools[pool], decisions, { since });
        emit(rt, opts, ledger, () => human(ledger));
      });
    });
}
