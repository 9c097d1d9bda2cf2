import { compileCel } from './condition-cel.js';
import { type CompiledPart, compileLeaf, conditionError } from './condition-leaf.js';
import { type LeafProgram, runLeaf } from './condition-program.js';
import type { CompiledCondition, Condition } from './condition-types.js';

type Variables = Readonly<Record<string, string>>;

type Test = (s: unknown) => boolean;

/**
 * The hot-path test of all/any: cheapest parts first, since the order cannot change the answer.
 * Leaves run through the one leaf interpreter (a direct call, no closure per leaf); the rest
 * through their own test.
 */
function listTest(parts: readonly CompiledPart[], every: boolean): Test {
  const sorted = [...parts].sort((a, b) => a.cost - b.cost);
  if (sorted.length === 0) return () => every;
  if (sorted.length === 1) return (sorted[0] as CompiledPart).test;
  const programs = sorted.map((p) => p.program ?? null);
  const tests = sorted.map((p) => p.test);
  const n = sorted.length;
  return every
    ? (s) => {
        for (let i = 0; i < n; i++) {
          const p = programs[i] as LeafProgram | null;
          if (!(p === null ? (tests[i] as Test)(s) : runLeaf(p, s))) return false;
        }
        return true;
      }
    : (s) => {
        for (let i = 0; i < n; i++) {
          const p = programs[i] as LeafProgram | null;
          if (p === null ? (tests[i] as Test)(s) : runLeaf(p, s)) return true;
        }
        return false;
      };
}

/** all (`every`) explains the first miss or every match; any the first match or every miss, in YAML order. */
function compileList(parts: readonly CompiledPart[], every: boolean): CompiledPart {
  return {
    test: listTest(parts, every),
    explain: (subject) => {
      if (parts.length === 0)
        return { matched: every, reason: every ? 'always (all: [] matches everything)' : 'never (any: [])' };
      const reasons: string[] = [];
      for (const part of parts) {
        const r = part.explain(subject);
        if (r.matched !== every) return r;
        reasons.push(r.reason);
      }
      return every
        ? { matched: true, reason: reasons.join(' and ') }
        : { matched: false, reason: `none matched: ${reasons.join('; ')}` };
    },
    cost: parts.reduce((sum, p) => sum + p.cost, 0),
  };
}

const FORMS = ['all', 'any', 'not', 'cel', 'field'] as const;

/** Compiles a condition at `path` (for error messages) into its fast test and its explanation. */
export function compileAt(c: Condition, path: string, variables: Variables): CompiledPart {
  const at = (key: string) => (path ? `${path}.${key}` : key);
  const forms = FORMS.filter((k) => c !== null && typeof c === 'object' && k in c);
  if (forms.length !== 1)
    throw conditionError(
      path,
      `expected exactly one of all, any, not, cel or field (found ${forms.join(', ') || 'none'})`,
    );
  if ('all' in c || 'any' in c) {
    const [key, items] = 'all' in c ? ['all', c.all] : ['any', c.any];
    if (!Array.isArray(items)) throw conditionError(at(key), `${key} needs a list of conditions`);
    const parts = items.map((p, i) => compileAt(p, at(`${key}.${i}`), variables));
    const list = compileList(parts, key === 'all');
    return key === 'all' ? { ...list, all: parts } : list;
  }
  if ('not' in c) {
    const inner = compileAt(c.not, at('not'), variables);
    return {
      test: (s) => !inner.test(s),
      explain: (s) => {
        const r = inner.explain(s);
        return { matched: !r.matched, reason: `not (${r.reason})` };
      },
      cost: inner.cost,
    };
  }
  if ('cel' in c)
    return compileCel(c.cel, variables, (p) => {
      throw conditionError(at('cel'), p.message);
    });
  return compileLeaf(c, path);
}

/** The public face of a compiled part: call it for the reason, `test` for the hot path. */
export function asCompiled(part: CompiledPart): CompiledCondition {
  return Object.assign((subject: unknown) => part.explain(subject), { test: part.test });
}
