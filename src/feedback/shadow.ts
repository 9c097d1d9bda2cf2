import type { FieldEdit, Json, JsonObject } from '../kernel/index.js';
import { type Engine, fieldEdits, type ShadowRun, type ShadowSource } from '../runtime/index.js';
import { getDecisionViews, type Store } from '../store/index.js';
import { decisionsOfVersion } from '../store/ops/governance-decisions.js';
import { shadowProposals } from '../store/ops/proposals.js';
import { canonicalJson, parseLoopConfig, type Workspace } from '../workspace/index.js';
import type { Proposal } from './proposal.js';

/**
 * The proposals in shadow, read from the store at most every `ttlMs` (so the engine asks per
 * decision at no cost); a proposal whose file no longer parses is left out.
 */
export function storeShadows(workspace: Workspace, store: Store, ttlMs = 5_000): ShadowSource {
  let byLoop = new Map<string, ShadowRun[]>();
  let loadedAt = Number.NEGATIVE_INFINITY;
  let loading: Promise<void> | undefined;
  const refresh = async () => {
    const next = new Map<string, ShadowRun[]>();
    for (const p of await shadowProposals(store.db)) {
      const current = workspace.loops.get(p.loop);
      if (!current?.enabled || !p.yaml || !p.source || !p.proposed_version) continue;
      try {
        const config = parseLoopConfig(current.loop, p.yaml, p.source);
        const run: ShadowRun = {
          proposalId: p.id,
          loaded: {
            ...current,
            config,
            version: p.proposed_version,
            gitSha: null,
            source: `proposal:${p.id}`,
          },
        };
        next.set(p.loop, [...(next.get(p.loop) ?? []), run]);
      } catch {
        // A proposal that no longer parses does not run.
      }
    }
    byLoop = next;
    loadedAt = Date.now();
  };
  return {
    shadowsOf: async (loop) => {
      if (Date.now() - loadedAt > ttlMs) {
        loading ??= refresh().finally(() => {
          loading = undefined;
        });
        await loading;
      }
      return byLoop.get(loop) ?? [];
    },
  };
}

/** What a proposal in shadow would have done differently from the active config, on live events. */
export interface ShadowComparison {
  since: string | null;
  /** Shadow decisions recorded, compared with their live twins, and how many came out the same. */
  compared: number;
  same: number;
  different: number;
  /** Output fields that differed, most often first. */
  fields: { path: string; count: number }[];
  /** Differences by the value of the most-changed field, e.g. `outcome: waiting → assigned`. */
  transitions: { path: string; from: Json; to: Json; count: number }[];
  examples: { liveId: string; shadowId: string; subject: string | null; changes: FieldEdit[] }[];
}

const asObject = (v: Json): JsonObject =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? v : { value: v };

/** Compares every shadow decision of a proposal with the live decision it ran beside. */
export async function shadowComparison(
  engine: Engine,
  p: Proposal,
  examples = 10,
): Promise<ShadowComparison | null> {
  if (!p.proposedVersion) return null;
  const out: ShadowComparison = {
    since: p.shadowSince,
    compared: 0,
    same: 0,
    different: 0,
    fields: [],
    transitions: [],
    examples: [],
  };
  const fields = new Map<string, number>();
  const transitions = new Map<string, { path: string; from: Json; to: Json; count: number }>();
  let afterId: string | undefined;
  for (;;) {
    const page = await decisionsOfVersion(engine.store.db, {
      loop: p.loop,
      configVersion: p.proposedVersion,
      mode: 'shadow',
      limit: 500,
      ...(afterId ? { afterId } : {}),
    });
    const twins = new Map(
      (
        await getDecisionViews(
          engine.store.db,
          page.map((d) => d.parentIds[0] ?? ''),
        )
      ).map((d) => [d.id, d]),
    );
    for (const shadow of page) {
      const live = twins.get(shadow.parentIds[0] ?? '');
      if (!live) continue;
      out.compared++;
      if (canonicalJson(live.output) === canonicalJson(shadow.output)) {
        out.same++;
        continue;
      }
      out.different++;
      const changes = fieldEdits(asObject(live.output), asObject(shadow.output));
      for (const c of changes) {
        fields.set(c.path, (fields.get(c.path) ?? 0) + 1);
        const key = `${c.path}\u0000${canonicalJson(c.from)}\u0000${canonicalJson(c.to)}`;
        const t = transitions.get(key) ?? { path: c.path, from: c.from, to: c.to, count: 0 };
        t.count++;
        transitions.set(key, t);
      }
      if (out.examples.length < examples)
        out.examples.push({
          liveId: live.id,
          shadowId: shadow.id,
          subject: live.subject,
          changes: changes.slice(0, 5),
        });
    }
    afterId = page.at(-1)?.id;
    if (page.length < 500) break;
  }
  out.fields = [...fields].map(([path, count]) => ({ path, count })).sort((a, b) => b.count - a.count);
  out.transitions = [...transitions.values()].sort((a, b) => b.count - a.count).slice(0, 12);
  return out.compared === 0 && p.shadowSince === null ? null : out;
}
