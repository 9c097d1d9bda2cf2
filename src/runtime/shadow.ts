import type { AgentGateway, Decision, LookupGateway } from '../kernel/index.js';
import type { Store } from '../store/index.js';
import type { LoadedLoop } from '../workspace/index.js';
import { workspaceLookups } from './lookups.js';
import { recordedFirst } from './recorded-first.js';
import { type RecordedRun, runRecorded } from './run-recorded.js';

/** A proposed config that runs beside a loop's active one, recording what it would have done. */
export interface ShadowRun {
  proposalId: string;
  /** The loop with the proposed config and its version. */
  loaded: LoadedLoop;
}

/**
 * Which shadows the engine runs for a loop. Asked once per live decision, so it must answer from
 * memory (a source refreshes in the background); an empty list costs the hot path nothing more.
 */
export interface ShadowSource {
  shadowsOf(loop: string): Promise<readonly ShadowRun[]>;
}

/**
 * Runs each shadow on the live run's input, against the same committed state, and returns the
 * decisions it would have made: mode `shadow`, child of the live decision, effects kept only in the
 * row. A shadow that fails is left out; it never fails the live event.
 */
export async function runShadows(
  engine: { store: Store; agents: AgentGateway; workspace: { dir: string }; lookups?: LookupGateway },
  shadows: readonly ShadowRun[],
  live: Decision,
  run: RecordedRun,
): Promise<Decision[]> {
  const out: Decision[] = [];
  for (const shadow of shadows) {
    try {
      // Agent answers and lookups the live run already paid for are reused; records are read anew.
      const reused = recordedFirst(
        live,
        {
          store: engine.store,
          agents: engine.agents.forLoop?.(shadow.loaded.name) ?? engine.agents,
          lookups: engine.lookups ?? workspaceLookups(engine.workspace.dir),
        },
        { reads: 0, agentCalls: 0, lookups: 0 },
      );
      const { decision } = await runRecorded(
        { store: engine.store, agents: reused.agents, lookups: reused.lookups },
        shadow.loaded,
        run,
      );
      out.push({ ...decision, mode: 'shadow', eventId: null, parentIds: [live.id], rootId: live.rootId });
    } catch {
      // The proposal's comparison counts live decisions without a shadow twin as failed shadow runs.
    }
  }
  return out;
}
