import type { JsonObject, LoopContext } from '../../../kernel/index.js';
import type { DiscoveryOutput } from './contract.js';

/** The fields of an opportunity record discovery reads. */
export interface Opportunity {
  id: string;
  accountId: string | null;
  ownerId: string | null;
  leadId: string | null;
  contactId: string | null;
  amount: number | null;
  status: string | null;
  stage: string | null;
  /** The dimensions an earlier discovery run wrote (discovery.dimensions), or null. */
  discovered: JsonObject | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

function num(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? n : null;
}

function objectAt(v: unknown, key: string): JsonObject | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const inner = (v as JsonObject)[key];
  return typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? (inner as JsonObject) : null;
}

/** Reads the opportunity the notes belong to, or null when the records do not hold it. */
export async function readOpportunity(ctx: LoopContext<unknown>, id: string): Promise<Opportunity | null> {
  const r = await ctx.records.get('opportunity', id);
  ctx.trace.step('opportunity-record', { found: r !== null });
  if (!r) return null;
  const v = r.values;
  return {
    id,
    accountId: str(v.accountId),
    ownerId: str(v.ownerId),
    leadId: str(v.leadId),
    contactId: str(v.contactId),
    amount: num(v.amount),
    status: str(v.status),
    stage: str(v.stage),
    discovered: objectAt(v.discovery, 'dimensions'),
  };
}

const CLOSED = /^(won|lost|closed)\b|closed[\s_-]?(won|lost)/i;

/** The status or stage that says the opportunity is closed (won, lost, closed-won...), or null. */
export function closedStage(o: Opportunity): string | null {
  return [o.status, o.stage].find((s): s is string => s !== null && CLOSED.test(s)) ?? null;
}

/** What discovery writes on the record for each outcome: the qualification state. */
const QUALIFICATION: Readonly<Record<DiscoveryOutput['outcome'], string>> = {
  sqo: 'sqo',
  nurture: 'disqualified',
  hold: 'in-discovery',
  review: 'in-review',
  skipped: 'in-discovery',
};

/** Writes the coverage, evidence and qualification state back to the opportunity. */
export function writeBack(
  ctx: LoopContext<unknown>,
  opp: Opportunity,
  out: DiscoveryOutput,
  outcome: DiscoveryOutput['outcome'],
): void {
  const dims: JsonObject = {};
  for (const d of out.dimensions)
    dims[d.key] = {
      status: d.status,
      confidence: d.confidence,
      evidence: d.evidence,
      followUps: d.followUps,
    };
  ctx.write(
    'opportunity',
    opp.id,
    {
      qualification: QUALIFICATION[outcome],
      qualificationReason: out.reason,
      qualifiedAt: ctx.clock.iso(),
      ...(outcome === 'sqo' ? { sqoAt: ctx.clock.iso() } : {}),
      discovery: { ...(out.coverage ?? {}), dimensions: dims },
    },
    'patch',
  );
}
