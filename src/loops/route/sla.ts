import type { JsonObject } from '../../kernel/index.js';
import { hoursOf, timezoneOf } from './availability.js';
import { addWorkingMinutes, isTimeZone, workingWindow } from './local-time.js';
import type { RuleSla } from './rule-config.js';

/**
 * When an assignee must act by: `minutes` after assignment, or, with `workingHoursOnly`, that many
 * minutes of the assignee's working hours in their time zone (plain minutes when their record
 * has no working hours or no known zone). Pure.
 */
export function slaDueAt(
  assignedAt: Date,
  sla: Pick<RuleSla, 'minutes' | 'workingHoursOnly'>,
  user: JsonObject | null,
  defaultTimezone: string,
): { dueAt: Date; basis: string } {
  const plain = {
    dueAt: new Date(assignedAt.getTime() + sla.minutes * 60_000),
    basis: `${sla.minutes} minutes after assignment`,
  };
  if (!sla.workingHoursOnly || !user) return plain;
  const hours = hoursOf(user);
  const timezone = timezoneOf(user, defaultTimezone);
  if (!hours || !isTimeZone(timezone))
    return { ...plain, basis: `${plain.basis} (no working hours on record)` };
  const due = addWorkingMinutes(assignedAt, sla.minutes, workingWindow(hours), timezone);
  if (!due) return { ...plain, basis: `${plain.basis} (the working hours never open)` };
  return {
    dueAt: due,
    basis: `${sla.minutes} working minutes (${hours.start}-${hours.end} ${timezone}) after assignment`,
  };
}

/** A lead's running SLA, as the lead record carries it. */
export interface RunningSla {
  leadId: string;
  assignee: string;
  assignedAt: string;
  dueAt: string;
  rule: string;
  pool: string | null;
  taskId: string | null;
  escalations: number;
}

/** Reads the running SLA off a lead record's routing fields, or undefined when it has none. */
export function runningSlaOf(leadId: string, v: JsonObject): RunningSla | undefined {
  const text = (k: string) => (typeof v[k] === 'string' && v[k] !== '' ? (v[k] as string) : undefined);
  const assignee = text('ownerId');
  const assignedAt = text('assignedAt');
  const dueAt = text('routeSlaDueAt');
  if (!assignee || !assignedAt || !dueAt) return undefined;
  return {
    leadId,
    assignee,
    assignedAt,
    dueAt,
    rule: text('routedBy') ?? '(unknown)',
    pool: text('routedPool') ?? null,
    taskId: text('routeTaskId') ?? null,
    escalations: typeof v.routeEscalations === 'number' ? v.routeEscalations : 0,
  };
}

/** True when a lead field named in `actedFields` has a value: the assignee (or the CRM) recorded a touch. */
export function touchedLead(v: JsonObject, actedFields: readonly string[]): string | undefined {
  return actedFields.find((f) => v[f] !== undefined && v[f] !== null && v[f] !== '');
}

/** Waiting leads, oldest first (then by id), so the lead that waited longest goes first. */
export function oldestFirst<T extends { id: string; since: string }>(leads: readonly T[]): T[] {
  return [...leads].sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : a.id < b.id ? -1 : 1));
}
