/** The first place two JSON values differ, by path, with both sides. */
export interface FirstDifference {
  path: string;
  expected: unknown;
  actual: unknown;
}

/** Walks two JSON values in key order and returns the first difference, or undefined. */
export function firstDifference(expected: unknown, actual: unknown, path = ''): FirstDifference | undefined {
  if (Object.is(expected, actual)) return undefined;
  const here = path || '(root)';
  if (
    typeof expected !== typeof actual ||
    expected === null ||
    actual === null ||
    typeof expected !== 'object'
  ) {
    return { path: here, expected, actual };
  }
  if (Array.isArray(expected) !== Array.isArray(actual)) return { path: here, expected, actual };
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const n = Math.max(expected.length, actual.length);
    for (let i = 0; i < n; i++) {
      const d = firstDifference(expected[i], actual[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(e), ...Object.keys(a)])].sort();
  for (const key of keys) {
    const d = firstDifference(e[key], a[key], path ? `${path}.${key}` : key);
    if (d) return d;
  }
  return undefined;
}
