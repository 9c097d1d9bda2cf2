import { join } from 'node:path';
import { Cron } from 'croner';
import { configAt, type Issue, RevloopsError, ScheduleConfig } from '../kernel/index.js';
import type { LoadedLoop } from './types.js';
import { readYaml } from './yaml-source.js';

/** A loop's schedule, read from its config. */
export function scheduleOf(loaded: LoadedLoop): ScheduleConfig | undefined {
  const trigger = loaded.loop.triggers.find((t) => t.kind === 'schedule');
  if (trigger?.kind !== 'schedule') return undefined;
  const parsed = ScheduleConfig.safeParse(configAt(loaded.config, trigger.config));
  if (!parsed.success) {
    throw new RevloopsError(
      'CONFIG_INVALID',
      `loop ${loaded.name}: config ${trigger.config} is not a schedule block (cron, timezone, catchUp)`,
    );
  }
  return parsed.data;
}

/** Checks a cron expression and time zone; returns the problem in words, or undefined. */
function cronProblem(schedule: ScheduleConfig): string | undefined {
  try {
    new Cron(schedule.cron, { timezone: schedule.timezone, paused: true }).nextRun();
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** Where a loop's schedule block is in its file: line and column, when the loop has a file. */
function scheduleAt(l: LoadedLoop, dir: string, key: string): { line?: number; column?: number } {
  const trigger = l.loop.triggers.find((t) => t.kind === 'schedule');
  if (l.source === '(defaults)' || trigger?.kind !== 'schedule') return {};
  try {
    return readYaml(join(dir, l.source), dir).locate([...trigger.config.split('.'), key]);
  } catch {
    return {};
  }
}

/**
 * Checks the schedule of every scheduled loop: the block parses and the cron expression and time
 * zone are valid. Each problem names the loop's file and the line of its schedule.
 */
export function checkSchedules(loops: Iterable<LoadedLoop>, dir: string): Issue[] {
  const issues: Issue[] = [];
  for (const l of loops) {
    try {
      const schedule = scheduleOf(l);
      const problem = schedule ? cronProblem(schedule) : undefined;
      if (problem) {
        const key = /time ?zone/i.test(problem) ? 'timezone' : 'cron';
        issues.push({
          file: l.source,
          ...scheduleAt(l, dir, key),
          path: `schedule.${key}`,
          message: `not a valid schedule: ${problem}`,
        });
      }
    } catch (err) {
      issues.push({
        file: l.source,
        ...scheduleAt(l, dir, 'cron'),
        path: 'schedule',
        message: err instanceof Error ? err.message : String(err),
      });
    }
  }
  return issues;
}
