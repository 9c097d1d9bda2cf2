/** Research facts: a JSON object of what is known, read by dotted paths (`company.employees`). */
export type Facts = Readonly<Record<string, unknown>>;

/** A fact found at a path, or why there is none. */
export type FactLookup = { found: true; value: unknown } | { found: false };

/** Looks a dotted path up in facts. Null, undefined, empty strings and empty lists count as not known. */
export function lookupFact(facts: Facts, path: string): FactLookup {
  let at: unknown = facts;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object' || Array.isArray(at) || !Object.hasOwn(at, key))
      return { found: false };
    at = (at as Record<string, unknown>)[key];
  }
  if (at === null || at === undefined) return { found: false };
  if (typeof at === 'string' && at.trim() === '') return { found: false };
  if (Array.isArray(at) && at.length === 0) return { found: false };
  return { found: true, value: at };
}

/** A fact as it is quoted in evidence: `employees = 250`, `tools = ["hubspot","slack"]`. */
export function quoteFact(path: string, value: unknown): string {
  return `${path} = ${JSON.stringify(value)}`;
}
