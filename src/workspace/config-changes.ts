/** One changed config field between two versions. */
interface FieldChange {
  path: string;
  change: 'added' | 'removed' | 'changed';
  from?: unknown;
  to?: unknown;
}

function flatten(value: unknown, path: string, out: Map<string, unknown>): Map<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flatten(v, path ? `${path}.${k}` : k, out);
  } else if (Array.isArray(value) && value.length > 0 && value.every((v) => v && typeof v === 'object')) {
    for (const [i, v] of value.entries()) flatten(v, `${path}[${i}]`, out);
  } else {
    out.set(path, value);
  }
  return out;
}

/** Field-level changes from one config to another, in path order. */
export function configChanges(from: unknown, to: unknown): FieldChange[] {
  const a = flatten(from, '', new Map());
  const b = flatten(to, '', new Map());
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  const out: FieldChange[] = [];
  for (const path of paths) {
    const inA = a.has(path);
    const inB = b.has(path);
    if (!inB) out.push({ path, change: 'removed', from: a.get(path) });
    else if (!inA) out.push({ path, change: 'added', to: b.get(path) });
    else if (JSON.stringify(a.get(path)) !== JSON.stringify(b.get(path)))
      out.push({ path, change: 'changed', from: a.get(path), to: b.get(path) });
  }
  return out;
}
