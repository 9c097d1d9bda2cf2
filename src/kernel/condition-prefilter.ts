/**
 * A literal prefilter for RE2 patterns, as RE2's own FilteredRE2 does: from the pattern, a set of
 * strings one of which every match must contain. Text that contains none of them cannot match,
 * so the regex engine runs only on text that might. The prefilter never decides a match; it only
 * rules one out, and it is built only for the plain subset of the syntax it fully understands
 * (anything else, and there is no prefilter).
 */

/** What a piece of a pattern can match: exactly one of a few strings, or at least a string containing one of them. */
interface Info {
  /** Every string the piece can match, when few; lower-case. */
  exact?: string[];
  /** Strings one of which every match contains; undefined means no constraint. */
  some?: string[];
}

const MAX_SET = 16;
const PUNCTUATION = /^[!-/:-@[-`{-~]$/;
const CONTROL: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v' };
const CLASS_ESCAPES = new Set(['d', 'D', 'w', 'W', 's', 'S']);
const ANCHOR_ESCAPES = new Set(['b', 'B', 'A', 'z']);

class Unsupported extends Error {}

/** The strings a piece guarantees: its exact set if it has one, else its `some`. */
const guaranteed = (i: Info): string[] | undefined => i.exact ?? i.some;

/** The better of two guarantees: the one whose shortest string is longest (fewer false hopes). */
function better(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  const score = (s: string[] | undefined) => (s && s.length > 0 ? Math.min(...s.map((x) => x.length)) : 0);
  return score(b) > score(a) ? b : a;
}

function concat(parts: readonly Info[]): Info {
  let best: string[] | undefined;
  let run: string[] | undefined = [''];
  let allExact = true;
  for (const p of parts) {
    if (p.exact && run && run.length * p.exact.length <= MAX_SET) {
      run = run.flatMap((a) => (p.exact as string[]).map((b) => a + b));
      continue;
    }
    best = better(best, run);
    best = better(best, guaranteed(p));
    run = p.exact && p.exact.length <= MAX_SET ? [...p.exact] : undefined;
    allExact = false;
  }
  if (allExact && run) return { exact: run };
  const some = better(best, run);
  return some ? { some } : {};
}

function alternate(branches: readonly Info[]): Info {
  if (branches.every((b) => b.exact)) {
    const exact = [...new Set(branches.flatMap((b) => b.exact as string[]))];
    if (exact.length <= MAX_SET) return { exact };
  }
  const sets = branches.map(guaranteed);
  if (sets.some((s) => !s || s.includes(''))) return {};
  const some = [...new Set(sets.flatMap((s) => s as string[]))];
  return some.length <= MAX_SET * 2 ? { some } : {};
}

/** Parses the plain subset of RE2 syntax into guarantees; throws Unsupported on anything else. */
class Analyzer {
  private at = 0;
  constructor(private readonly src: string) {}

  run(): Info {
    const info = this.alternation();
    if (this.at !== this.src.length) throw new Unsupported();
    return info;
  }

  private alternation(): Info {
    const branches = [this.sequence()];
    while (this.src[this.at] === '|') {
      this.at++;
      branches.push(this.sequence());
    }
    return branches.length === 1 ? (branches[0] as Info) : alternate(branches);
  }

  private sequence(): Info {
    const parts: Info[] = [];
    while (this.at < this.src.length && this.src[this.at] !== '|' && this.src[this.at] !== ')') {
      parts.push(this.quantified(this.atom()));
    }
    return concat(parts);
  }

  private atom(): Info {
    const c = this.src[this.at++] as string;
    if (c === '(') {
      if (this.src[this.at] === '?') {
        if (this.src.startsWith('?:', this.at)) this.at += 2;
        else throw new Unsupported();
      }
      const inner = this.alternation();
      if (this.src[this.at++] !== ')') throw new Unsupported();
      return inner;
    }
    if (c === '^' || c === '$') return { exact: [''] };
    if (c === '.') return {};
    if (c === '[') return this.charClass();
    if (c === '\\') return this.escape();
    if (c === '*' || c === '+' || c === '?' || c === '{' || c === ')') throw new Unsupported();
    if (c.charCodeAt(0) > 127) throw new Unsupported();
    return { exact: [c.toLowerCase()] };
  }

  private escape(): Info {
    const c = this.src[this.at++];
    if (c === undefined) throw new Unsupported();
    if (PUNCTUATION.test(c)) return { exact: [c] };
    if (c in CONTROL) return { exact: [CONTROL[c] as string] };
    if (CLASS_ESCAPES.has(c)) return {};
    if (ANCHOR_ESCAPES.has(c)) return { exact: [''] };
    throw new Unsupported();
  }

  /** Skips a bracket class, which guarantees nothing; refuses the forms that could end it early. */
  private charClass(): Info {
    if (this.src[this.at] === '^') this.at++;
    if (this.src[this.at] === ']') this.at++;
    while (this.at < this.src.length && this.src[this.at] !== ']') {
      if (this.src.startsWith('[:', this.at)) throw new Unsupported();
      if (this.src[this.at] === '\\') this.at++;
      this.at++;
    }
    if (this.src[this.at++] !== ']') throw new Unsupported();
    return {};
  }

  private quantified(info: Info): Info {
    const c = this.src[this.at];
    let min: number;
    if (c === '*' || c === '?') {
      this.at++;
      min = 0;
    } else if (c === '+') {
      this.at++;
      min = 1;
    } else if (c === '{') {
      const m = /^\{(\d+)(,\d*)?\}/.exec(this.src.slice(this.at));
      if (!m) throw new Unsupported();
      this.at += m[0].length;
      min = Number(m[1]);
    } else return info;
    if (this.src[this.at] === '?') this.at++;
    if (this.src[this.at] === '*' || this.src[this.at] === '+' || this.src[this.at] === '{')
      throw new Unsupported();
    // Zero repetitions match the empty string: no guarantee. One or more keep the piece's.
    const kept = guaranteed(info);
    return min === 0 || !kept ? {} : { some: kept };
  }
}

/**
 * The literals (lower-case, ASCII) one of which any match of a case-insensitive pattern must
 * contain, or undefined when the pattern gives no useful guarantee or uses syntax outside the
 * plain subset.
 */
export function requiredLiterals(pattern: string): readonly string[] | undefined {
  let info: Info;
  try {
    info = new Analyzer(pattern).run();
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
  const set = guaranteed(info);
  if (!set || set.length === 0 || set.includes('')) return undefined;
  return set;
}
