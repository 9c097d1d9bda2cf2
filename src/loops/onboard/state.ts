import type { Json, JsonObject } from '../../kernel/index.js';

/** A milestone as kept on the customer record. */
interface MilestoneState {
  name: string;
  owner: string;
  assignee: string;
  dueAt: string;
  taskId: string;
  doneAt: string | null;
}

/** The onboarding state kept on the customer record (`onboarding`). */
export interface OnboardingState {
  plan: string;
  opportunityId: string;
  startedAt: string;
  active: boolean;
  status: string;
  statusSince: string;
  signals: Record<string, string>;
  waitingSince: string | null;
  waitedDays: number;
  milestones: MilestoneState[];
  onboardedAt: string | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function milestoneOf(v: unknown): MilestoneState | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  const name = str(o.name);
  const dueAt = str(o.dueAt);
  if (!name || !dueAt) return null;
  return {
    name,
    owner: str(o.owner) ?? 'csm',
    assignee: str(o.assignee) ?? 'role:csm',
    dueAt,
    taskId: str(o.taskId) ?? '',
    doneAt: str(o.doneAt),
  };
}

/** Reads the onboarding state off a customer record; null when the customer has none. */
export function onboardingOf(values: JsonObject): OnboardingState | null {
  const o = values.onboarding;
  if (o === null || o === undefined || typeof o !== 'object' || Array.isArray(o)) return null;
  const plan = str(o.plan);
  const startedAt = str(o.startedAt);
  if (!plan || !startedAt) return null;
  const signals: Record<string, string> = {};
  const raw = o.signals;
  if (raw && typeof raw === 'object' && !Array.isArray(raw))
    for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') signals[k] = v;
  return {
    plan,
    opportunityId: str(o.opportunityId) ?? '',
    startedAt,
    active: o.active === true,
    status: str(o.status) ?? 'on-track',
    statusSince: str(o.statusSince) ?? startedAt,
    signals,
    waitingSince: str(o.waitingSince),
    waitedDays: typeof o.waitedDays === 'number' ? o.waitedDays : 0,
    milestones: (Array.isArray(o.milestones) ? o.milestones : []).flatMap((m) => milestoneOf(m) ?? []),
    onboardedAt: str(o.onboardedAt),
  };
}

/** The state as JSON, for a record write. */
export function stateJson(s: OnboardingState): JsonObject {
  return {
    ...s,
    signals: { ...s.signals },
    milestones: s.milestones.map((m) => ({ ...m }) as unknown as JsonObject),
  } as unknown as { [k: string]: Json };
}
