/**
 * One copy of each short string seen again and again: a million records read from the store bring
 * a million copies of a few hundred owner and territory ids, and what is kept of them (a plan's
 * before and after values) can share one. Bounded: past `limit` distinct strings it starts afresh.
 */
export class Interner {
  private readonly seen = new Map<string, string>();

  constructor(private readonly limit = 10_000) {}

  /** The shared copy of `value`; anything but a string comes back as it is. */
  of<T>(value: T): T {
    if (typeof value !== 'string') return value;
    const known = this.seen.get(value);
    if (known !== undefined) return known as T;
    if (this.seen.size >= this.limit) this.seen.clear();
    this.seen.set(value, value);
    return value;
  }
}
