import { type DiffOp, lineDiff } from '../text-diff.js';

/** A unified diff (as git prints it), each line coloured by whether it was added or removed. */
export function UnifiedDiff({ diff }: { diff: string }) {
  const lines = diff.replace(/\n$/, '').split('\n');
  return (
    <pre className="diff">
      {lines.map((line, i) => {
        const cls = line.startsWith('@@')
          ? 'hunk'
          : line.startsWith('+++') || line.startsWith('---')
            ? 'file'
            : line.startsWith('+')
              ? 'add'
              : line.startsWith('-')
                ? 'del'
                : '';
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: diff lines have no identity but their place
          <span key={i} className={cls}>
            {line}
            {'\n'}
          </span>
        );
      })}
    </pre>
  );
}

/** The lines to show of a diff: each change with `context` unchanged lines around it, the rest folded. */
function visible(ops: readonly DiffOp[], context: number): (DiffOp | { fold: number })[] {
  const near = new Array<boolean>(ops.length).fill(false);
  for (const [i, o] of ops.entries())
    if (o.op !== '=')
      for (let k = Math.max(0, i - context); k <= Math.min(ops.length - 1, i + context); k++) near[k] = true;
  const out: (DiffOp | { fold: number })[] = [];
  for (const [i, o] of ops.entries()) {
    if (near[i]) out.push(o);
    else {
      const last = out.at(-1);
      if (last && 'fold' in last) last.fold++;
      else out.push({ fold: 1 });
    }
  }
  return out;
}

/** Two texts as one diff: removed and added lines marked, with three unchanged lines around each change. */
export function TextDiff({ before, after }: { before: string; after: string }) {
  const ops = lineDiff(before.split('\n'), after.split('\n'));
  if (ops.every((o) => o.op === '=')) return <p className="muted">No differences.</p>;
  return (
    <pre className="diff">
      {visible(ops, 3).map((o, i) =>
        'fold' in o ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: diff lines have no identity but their place
          <span key={i} className="hunk">
            {`  ⋯ ${o.fold} unchanged line${o.fold === 1 ? '' : 's'}\n`}
          </span>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: diff lines have no identity but their place
          <span key={i} className={o.op === '+' ? 'add' : o.op === '-' ? 'del' : ''}>
            {o.op === '=' ? ' ' : o.op} {o.line}
            {'\n'}
          </span>
        ),
      )}
    </pre>
  );
}
