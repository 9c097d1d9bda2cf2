import { type Engine, escalateOverdue } from '../runtime/index.js';
import { getSchedule, lockSchedules, saveSchedule } from '../store/index.js';
import { governanceOf, spanMs } from '../workspace/index.js';
import { type FeedbackRunReport, runFeedback } from './run-feedback.js';

/** The schedules row that keeps when monitors last ran, shared by every worker. */
const FEEDBACK_KEY = '@feedback';

/**
 * The governance work of a worker pass: overdue review items escalate every pass; monitors and
 * proposers run every `governance.feedback.every`, once across all workers (the pass that moves
 * the shared last-run time under the schedule lock runs them).
 */
export function governanceTask(
  engine: Engine,
  onFeedback?: (report: FeedbackRunReport) => void,
): (now: Date) => Promise<void> {
  return async (now) => {
    await escalateOverdue(engine, now);
    const governance = governanceOf(engine.workspace.config);
    const every = spanMs(governance.feedback.every) ?? 3_600_000;
    const due = await engine.store.transaction(async (trx) => {
      await lockSchedules(trx, engine.store.dialect);
      const last = await getSchedule(trx, FEEDBACK_KEY);
      if (last && now.getTime() - Date.parse(last.last_tick_at) < every) return false;
      const iso = now.toISOString();
      await saveSchedule(trx, {
        loop: FEEDBACK_KEY,
        cron: `every ${governance.feedback.every}`,
        last_tick_at: iso,
        updated_at: iso,
      });
      return true;
    });
    if (due) onFeedback?.(await runFeedback(engine, { now }));
  };
}
