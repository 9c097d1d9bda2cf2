import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { dealAt } from './deals.js';
import { generateSampleData } from './generate.js';
import type { SampleDataCounts, SampleDataOptions, SampleOutcome } from './types.js';
import { ownerPool } from './users.js';
import { type CsvCell, csvWriter, jsonlWriter, type LineWriter, writeAll } from './writers.js';

/** The columns of outcomes.csv, in order. */
export const OUTCOME_COLUMNS = [
  'lead_id',
  'account_id',
  'converted',
  'converted_at',
  'opportunity_id',
  'won',
  'closed_at',
  'amount',
] as const;

/** An outcome as a CSV row in OUTCOME_COLUMNS order (booleans as true/false, missing values empty). */
function outcomeRow(o: SampleOutcome): CsvCell[] {
  return [o.leadId, o.accountId, o.converted, o.convertedAt, o.opportunityId, o.won, o.closedAt, o.amount];
}

/** Options of `writeSampleData`: what to generate, plus a progress callback. */
export interface WriteSampleDataOptions extends SampleDataOptions {
  /** Called every 10,000 leads and at the end with leads written so far and the total. */
  onProgress?: (leadsWritten: number, leadsTotal: number) => void;
}

const PROGRESS_EVERY = 10_000;

/**
 * Accounts and users as `revloops import` reads them: the id is the row's external id, which the
 * import keeps as the record id, so the references between files (an account's `ownerId`, a user's
 * `managerId`, a deal's `accountId`) name the imported records.
 */
function* importRows<T extends { id: string }>(
  rows: Iterable<T>,
): Generator<Omit<T, 'id'> & { externalId: string }> {
  for (const { id, ...rest } of rows) yield { externalId: id, ...rest };
}

/**
 * Writes accounts.jsonl, users.jsonl, leads.jsonl (one `lead.created` payload per line) and outcomes.csv
 * into `dir` (created if missing), streaming every file with backpressure. Returns the counts.
 */
export async function writeSampleData(
  dir: string,
  options: WriteSampleDataOptions,
): Promise<SampleDataCounts> {
  await mkdir(dir, { recursive: true });
  const data = generateSampleData(options);
  const accounts = await writeAll(jsonlWriter(join(dir, 'accounts.jsonl')), importRows(data.accounts()));
  const users = await writeAll(jsonlWriter(join(dir, 'users.jsonl')), importRows(data.users()));
  const leadsOut = jsonlWriter(join(dir, 'leads.jsonl'));
  const outcomesOut = csvWriter(join(dir, 'outcomes.csv'), OUTCOME_COLUMNS);
  const writers: Pick<LineWriter<unknown>, 'abort'>[] = [leadsOut, outcomesOut];
  let written = 0;
  try {
    for (const { lead, outcome } of data.leads()) {
      const a = leadsOut.write(lead);
      const b = outcomesOut.write(outcomeRow(outcome));
      if (a || b) await Promise.all([a, b]);
      if (++written % PROGRESS_EVERY === 0) options.onProgress?.(written, options.leads);
    }
  } catch (err) {
    for (const w of writers) w.abort();
    throw err;
  }
  const [leads, outcomes] = await Promise.all([leadsOut.close(), outcomesOut.close()]);
  options.onProgress?.(written, options.leads);
  const deals = (options.deals ?? 0) > 0 ? await writeDeals(dir, options) : {};
  return { accounts, users, leads, outcomes, ...deals };
}

/**
 * Writes opportunities.jsonl (deals with stages, close dates and won/lost outcomes, as a CRM
 * export has them at `asOf`) and activities.jsonl (the calls, emails and meetings on each deal).
 */
async function writeDeals(
  dir: string,
  options: SampleDataOptions,
): Promise<{ deals: number; activities: number }> {
  const n = options.deals ?? 0;
  const asOf = Date.parse(options.asOf ?? '2025-01-01T00:00:00.000Z');
  const days = Math.max(1, options.days ?? 365);
  const owners = ownerPool(options.seed >>> 0, options.reps, asOf).anyAe;
  const dealsOut = jsonlWriter(join(dir, 'opportunities.jsonl'));
  const activitiesOut = jsonlWriter(join(dir, 'activities.jsonl'));
  try {
    for (let i = 0; i < n; i++) {
      const { deal, activities } = dealAt(options.seed >>> 0, i, asOf, days + 120, owners, options.accounts);
      const waits = [dealsOut.write(deal), ...activities.map((a) => activitiesOut.write(a))];
      if (waits.some(Boolean)) await Promise.all(waits);
    }
  } catch (err) {
    dealsOut.abort();
    activitiesOut.abort();
    throw err;
  }
  const [deals, activities] = await Promise.all([dealsOut.close(), activitiesOut.close()]);
  return { deals, activities };
}
