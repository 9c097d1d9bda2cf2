import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

/**
 * Narrows a workspace copy to some of its loops: `revloops.yaml` keeps its comments, lists only
 * `loops`, and keeps each chain's part made of them, so a test of one part of the example workspace
 * does not change when other loops join it.
 */
export function keepLoops(dir: string, loops: readonly string[], extra = ''): void {
  const file = join(dir, 'revloops.yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  doc.set('loops', doc.createNode([...loops], { flow: false }));
  // Each chain keeps the kept loops, in order; one that falls under two loops is no chain.
  const chains = ((doc.toJS().chains ?? []) as { name: string; loops: string[] }[])
    .map((c) => ({ name: c.name, loops: c.loops.filter((l) => loops.includes(l)) }))
    .filter((c) => c.loops.length >= 2);
  doc.set('chains', doc.createNode(chains));
  writeFileSync(file, `${doc.toString()}${extra}`);
}
