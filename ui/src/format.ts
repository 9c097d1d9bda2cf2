/** A share in [0,1] as a percentage. */
export const pct = (v: number | null | undefined, digits = 1): string =>
  v === null || v === undefined ? '–' : `${(v * 100).toFixed(digits)}%`;

/** A number with at most `digits` decimals. */
export const num = (v: number | null | undefined, digits = 2): string =>
  v === null || v === undefined ? '–' : String(Math.round(v * 10 ** digits) / 10 ** digits);

/** Milliseconds, readable. */
export const ms = (v: number | null | undefined): string =>
  v === null || v === undefined ? '–' : v < 1000 ? `${num(v, 1)} ms` : `${num(v / 1000, 2)} s`;

/** An ISO instant as local date and time, to the minute. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The first characters of a content hash or an id. */
export const short = (v: string | null | undefined, n = 12): string => (v ? v.slice(0, n) : '–');

/** Any JSON value on one line. */
export function inline(v: unknown): string {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}
