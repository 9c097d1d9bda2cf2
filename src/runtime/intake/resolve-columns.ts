import type { Issue } from '../../kernel/index.js';

/** Where a mapping was written, so its problems point at the file, line and column. */
export interface MappingOrigin {
  file: string;
  locate(path: readonly PropertyKey[]): { line: number; column: number };
  /** The mapping's path inside the file, e.g. `['intake', 'lead.created']` in revloops.yaml. */
  prefix: readonly string[];
}

/** Builds an issue at a path inside the mapping, located when the origin is known. */
export function mappingIssue(
  origin: MappingOrigin | undefined,
  path: readonly (string | number)[],
  message: string,
): Issue {
  const full = [...(origin?.prefix ?? []), ...path];
  if (!origin) return { path: full.join('.'), message };
  return { file: origin.file, ...origin.locate(full), path: full.join('.'), message };
}

/** How a column name is found in a CSV header: its index, or why it cannot be used. */
export type ColumnLookup = { index: number } | { problem: string };

/**
 * Finds a column in a header: the exact name, else the one name equal to it ignoring case and
 * surrounding spaces. A name the header holds twice is ambiguous.
 */
export function findColumn(columns: readonly string[], name: string, fileName: string): ColumnLookup {
  const exact = columns.flatMap((c, i) => (c === name ? [i] : []));
  const loose =
    exact.length > 0
      ? exact
      : columns.flatMap((c, i) => (c.trim().toLowerCase() === name.trim().toLowerCase() ? [i] : []));
  const [index] = loose;
  if (loose.length === 1 && index !== undefined) return { index };
  if (loose.length > 1)
    return { problem: `${fileName} has ${loose.length} columns named "${name}": rename one` };
  const list = columns.map((c) => `"${c}"`).join(', ') || '(none: the file is empty)';
  return { problem: `column "${name}" is not in ${fileName}; its columns are ${list}` };
}

/** Target fields that write the same field: the same path twice, or one inside another. */
export function overlappingTargets(targets: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  const sorted = [...targets].sort();
  for (const [i, a] of sorted.entries()) {
    for (const b of sorted.slice(i + 1)) {
      if (a === b || b.startsWith(`${a}.`)) out.push([a, b]);
    }
  }
  return out;
}
