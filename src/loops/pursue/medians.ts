import { DAY, type Deal } from './deal.js';

/** The key of a median: a play and a stage, or `*` for the whole cycle from SQO to close. */
export const medianKey = (play: string | null, stage: string): string =>
  `${play ?? '-'}|${stage.toLowerCase()}`;

/** Median days per play and stage among won deals, with how many deals each rests on. */
export type Medians = ReadonlyMap<string, { days: number; deals: number }>;

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1
    ? (values[mid] as number)
    : ((values[mid - 1] as number) + (values[mid] as number)) / 2;
}

/** Collects won deals' days in each stage (and their whole cycle) and gives the medians. */
export class MedianBuilder {
  private readonly samples = new Map<string, number[]>();

  /** Adds one deal if it was won before `now` (history only: never a deal that closes later). */
  add(deal: Deal, play: string | null, now: number): void {
    if (deal.outcome !== 'won' || deal.closedAt === null || deal.closedAt > now) return;
    if (deal.stageDays)
      for (const [stage, days] of Object.entries(deal.stageDays)) this.push(medianKey(play, stage), days);
    if (deal.engagedAt !== null) this.push(medianKey(play, '*'), (deal.closedAt - deal.engagedAt) / DAY);
  }

  private push(key: string, days: number): void {
    const list = this.samples.get(key);
    if (list) list.push(days);
    else this.samples.set(key, [days]);
  }

  /** The medians, computed once. */
  build(): Medians {
    const out = new Map<string, { days: number; deals: number }>();
    for (const [key, values] of this.samples) out.set(key, { days: median(values), deals: values.length });
    return out;
  }
}
