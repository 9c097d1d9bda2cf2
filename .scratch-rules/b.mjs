// bench/rules.ts
import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { Environment as Environment2 } from "@marcbachmann/cel-js";
import { evaluateExpressionSync, ZenEngine } from "@gorules/zen-engine";
import { Engine } from "json-rules-engine";

// src/kernel/errors.ts
var RevloopsError = class extends Error {
  name = "RevloopsError";
  code;
  issues;
  constructor(code, message, issues = []) {
    super(message);
    this.code = code;
    this.issues = issues;
  }
  /** JSON form used by every `--json` output and API body. */
  toJSON() {
    return { code: this.code, message: this.message, issues: this.issues };
  }
};

// src/kernel/condition-cel.ts
import { Environment } from "@marcbachmann/cel-js";

// src/kernel/condition-values.ts
var inherited = (key) => key in Object.prototype || key in Array.prototype;
var internalize = (key) => Object.keys({ [key]: 0 })[0];
function step(o, key, guarded) {
  if (o === null || typeof o !== "object") return void 0;
  if (guarded && !Object.hasOwn(o, key)) return void 0;
  return o[key];
}
function getPath(obj, path) {
  let current = obj;
  for (const key of path.split(".")) {
    current = step(current, key, inherited(key));
    if (current === void 0) return void 0;
  }
  return current;
}
function directKey(path) {
  return path !== "" && !path.includes(".") && !inherited(path) ? internalize(path) : void 0;
}
var READERS = [
  (k) => (o) => o !== null && typeof o === "object" ? o[k] : void 0,
  (k) => (o) => o !== null && typeof o === "object" ? o[k] : void 0,
  (k) => (o) => o !== null && typeof o === "object" ? o[k] : void 0,
  (k) => (o) => o !== null && typeof o === "object" ? o[k] : void 0,
  (k) => (o) => o !== null && typeof o === "object" ? o[k] : void 0,
  (k) => (o) => o !== null && typeof o === "object" ? o[k] : void 0,
  (k) => (o) => o !== null && typeof o === "object" ? o[k] : void 0,
  (k) => (o) => o !== null && typeof o === "object" ? o[k] : void 0,
  (k) => (o) => o !== null && typeof o === "object" ? o[k] : void 0,
  (k) => (o) => o !== null && typeof o === "object" ? o[k] : void 0,
  (k) => (o) => o !== null && typeof o === "object" ? o[k] : void 0,
  (k) => (o) => o !== null && typeof o === "object" ? o[k] : void 0,
  (k) => (o) => o !== null && typeof o === "object" ? o[k] : void 0,
  (k) => (o) => o !== null && typeof o === "object" ? o[k] : void 0,
  (k) => (o) => o !== null && typeof o === "object" ? o[k] : void 0,
  (k) => (o) => o !== null && typeof o === "object" ? o[k] : void 0
];
var slots = /* @__PURE__ */ new Map();
function directReader(key) {
  let slot = slots.get(key);
  if (slot === void 0) {
    slot = slots.size % READERS.length;
    slots.set(key, slot);
  }
  return READERS[slot](key);
}
function pathReader(path) {
  if (path === "") return (subject) => subject;
  const direct = directKey(path);
  if (direct !== void 0) return directReader(direct);
  const keys = path.split(".").map(internalize);
  const guards = keys.map(inherited);
  if (!guards.some(Boolean)) {
    const steps = keys.map(directReader);
    return (o) => {
      let current = o;
      for (const read of steps) {
        current = read(current);
        if (current === void 0) return void 0;
      }
      return current;
    };
  }
  return (o) => {
    let current = o;
    for (let i = 0; i < keys.length && current !== void 0; i++)
      current = step(current, keys[i], guards[i]);
    return current;
  };
}
function isBlank(s) {
  if (s.length === 0) return true;
  const c = s.charCodeAt(0);
  return !(c > 32 && c < 127) && s.trim() === "";
}
function isMissing(value) {
  return value === void 0 || value === null || typeof value === "string" && isBlank(value) || Array.isArray(value) && value.length === 0;
}
function formatValue(value) {
  if (typeof value === "string") return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(formatValue).join(", ")}]`;
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return String(value);
}
function toNumber(v) {
  if (typeof v === "number") return Number.isFinite(v) ? v : void 0;
  if (typeof v === "string" && !isBlank(v)) {
    const n = Number(v);
    return Number.isFinite(n) ? n : void 0;
  }
  return void 0;
}
var lower = (v) => String(v).toLowerCase();

// src/kernel/condition-cel.ts
var LIMITS = { maxAstNodes: 1e3, maxDepth: 64, maxListElements: 500, maxMapEntries: 100 };
function environment(variables) {
  const env = new Environment({ limits: LIMITS });
  for (const name of Object.keys(variables)) env.registerVariable(name, "dyn");
  return env;
}
function problem(expression, summary, offset) {
  const column = (offset ?? 0) + 1;
  return { message: `CEL \`${expression}\`: ${summary} (at column ${column})`, column };
}
function firstLine(err) {
  return (err instanceof Error ? err.message : String(err)).split("\n")[0] ?? "";
}
function walk(node, variables, out) {
  const path = selection(node, variables);
  if (path !== void 0) {
    if (!out.paths.includes(path)) out.paths.push(path);
    return;
  }
  if ((node.op === "call" || node.op === "rcall") && node.args[0] === "matches")
    out.matchesAt ??= node.range.start;
  const args = node.args;
  const visit = (a2) => {
    if (Array.isArray(a2)) a2.forEach(visit);
    else if (a2 !== null && typeof a2 === "object" && "op" in a2) walk(a2, variables, out);
  };
  if (node.op !== "value") visit(args);
}
function selection(node, variables) {
  if (node.op === "id") return Object.hasOwn(variables, node.args) ? node.args : void 0;
  if (node.op !== ".") return void 0;
  const inner = selection(node.args[0], variables);
  return inner === void 0 ? void 0 : `${inner}.${node.args[1]}`;
}
function compile(expression, variables) {
  const env = environment(variables);
  let program2;
  try {
    program2 = env.parse(expression);
  } catch (err) {
    const range = err.range;
    return problem(expression, `syntax error: ${firstLine(err)}`, range?.start);
  }
  const checked = program2.check();
  if (!checked.valid) {
    const names = Object.keys(variables).join(", ") || "none";
    const summary = firstLine(checked.error).replace(
      /^Unknown variable: (.*)$/,
      `unknown variable '$1' (conditions here may use: ${names})`
    );
    return problem(expression, summary, checked.error?.range?.start);
  }
  if (checked.type !== "bool" && checked.type !== "dyn")
    return problem(expression, `a condition must be true or false, but this gives ${checked.type}`, 0);
  const walked = { paths: [] };
  walk(program2.ast, variables, walked);
  if (walked.matchesAt !== void 0)
    return problem(
      expression,
      "matches() is not allowed in CEL conditions (it backtracks); use a structured {field, op: matches} leaf, which runs RE2 in linear time",
      walked.matchesAt
    );
  return { program: program2, paths: walked.paths };
}
function celProblem(expression, variables) {
  if (typeof expression !== "string" || expression.trim() === "")
    return { message: `cel needs an expression, e.g. "lead.grade == 'A'"`, column: 1 };
  const compiled = compile(expression, variables);
  return "program" in compiled ? void 0 : compiled;
}
function activation(variables) {
  const entries = Object.entries(variables).map(([name, path]) => [name, pathReader(path)]);
  if (entries.length === 1) {
    const [name, read] = entries[0];
    return (s) => ({ [name]: read(s) ?? null });
  }
  return (s) => {
    const out = {};
    for (const [name, read] of entries) out[name] = read(s) ?? null;
    return out;
  };
}
function compileCel(expression, variables, fail) {
  const compiled = compile(expression, variables);
  if (!("program" in compiled)) return fail(compiled);
  const { program: program2, paths } = compiled;
  const bind = activation(variables);
  const run = (s) => program2(bind(s));
  const seen = (s) => {
    const context = bind(s);
    const parts = paths.slice(0, 6).flatMap((p) => {
      const v = getPath(context, p);
      return v !== null && typeof v === "object" && !Array.isArray(v) ? [] : [`${p} is ${formatValue(v ?? null)}`];
    });
    return parts.length > 0 ? ` (${parts.join(", ")})` : "";
  };
  return {
    test: (s) => {
      try {
        return run(s) === true;
      } catch {
        return false;
      }
    },
    explain: (s) => {
      let result;
      try {
        result = run(s);
      } catch (err) {
        return { matched: false, reason: `\`${expression}\` could not be evaluated: ${firstLine(err)}${seen(s)}` };
      }
      if (typeof result !== "boolean")
        return { matched: false, reason: `\`${expression}\` gave ${formatValue(result)}, not true or false` };
      return { matched: result, reason: `\`${expression}\` is ${result}${seen(s)}` };
    },
    cost: 10
  };
}

// src/kernel/condition-pattern.ts
import { RE2JS } from "re2js";

// src/kernel/condition-prefilter.ts
var MAX_SET = 16;
var PUNCTUATION = /^[!-/:-@[-`{-~]$/;
var CONTROL = { n: "\n", t: "	", r: "\r", f: "\f", v: "\v" };
var CLASS_ESCAPES = /* @__PURE__ */ new Set(["d", "D", "w", "W", "s", "S"]);
var ANCHOR_ESCAPES = /* @__PURE__ */ new Set(["b", "B", "A", "z"]);
var Unsupported = class extends Error {
};
var guaranteed = (i) => i.exact ?? i.some;
function better(a2, b) {
  const score = (s) => s && s.length > 0 ? Math.min(...s.map((x) => x.length)) : 0;
  return score(b) > score(a2) ? b : a2;
}
function concat(parts) {
  let best;
  let run = [""];
  let allExact = true;
  for (const p of parts) {
    if (p.exact && run && run.length * p.exact.length <= MAX_SET) {
      run = run.flatMap((a2) => p.exact.map((b) => a2 + b));
      continue;
    }
    best = better(best, run);
    best = better(best, guaranteed(p));
    run = p.exact && p.exact.length <= MAX_SET ? [...p.exact] : void 0;
    allExact = false;
  }
  if (allExact && run) return { exact: run };
  const some = better(best, run);
  return some ? { some } : {};
}
function alternate(branches) {
  if (branches.every((b) => b.exact)) {
    const exact = [...new Set(branches.flatMap((b) => b.exact))];
    if (exact.length <= MAX_SET) return { exact };
  }
  const sets = branches.map(guaranteed);
  if (sets.some((s) => !s || s.includes(""))) return {};
  const some = [...new Set(sets.flatMap((s) => s))];
  return some.length <= MAX_SET * 2 ? { some } : {};
}
var Analyzer = class {
  constructor(src) {
    this.src = src;
  }
  src;
  at = 0;
  run() {
    const info = this.alternation();
    if (this.at !== this.src.length) throw new Unsupported();
    return info;
  }
  alternation() {
    const branches = [this.sequence()];
    while (this.src[this.at] === "|") {
      this.at++;
      branches.push(this.sequence());
    }
    return branches.length === 1 ? branches[0] : alternate(branches);
  }
  sequence() {
    const parts = [];
    while (this.at < this.src.length && this.src[this.at] !== "|" && this.src[this.at] !== ")") {
      parts.push(this.quantified(this.atom()));
    }
    return concat(parts);
  }
  atom() {
    const c = this.src[this.at++];
    if (c === "(") {
      if (this.src[this.at] === "?") {
        if (this.src.startsWith("?:", this.at)) this.at += 2;
        else throw new Unsupported();
      }
      const inner = this.alternation();
      if (this.src[this.at++] !== ")") throw new Unsupported();
      return inner;
    }
    if (c === "^" || c === "$") return { exact: [""] };
    if (c === ".") return {};
    if (c === "[") return this.charClass();
    if (c === "\\") return this.escape();
    if (c === "*" || c === "+" || c === "?" || c === "{" || c === ")") throw new Unsupported();
    if (c.charCodeAt(0) > 127) throw new Unsupported();
    return { exact: [c.toLowerCase()] };
  }
  escape() {
    const c = this.src[this.at++];
    if (c === void 0) throw new Unsupported();
    if (PUNCTUATION.test(c)) return { exact: [c] };
    if (c in CONTROL) return { exact: [CONTROL[c]] };
    if (CLASS_ESCAPES.has(c)) return {};
    if (ANCHOR_ESCAPES.has(c)) return { exact: [""] };
    throw new Unsupported();
  }
  /** Skips a bracket class, which guarantees nothing; refuses the forms that could end it early. */
  charClass() {
    if (this.src[this.at] === "^") this.at++;
    if (this.src[this.at] === "]") this.at++;
    while (this.at < this.src.length && this.src[this.at] !== "]") {
      if (this.src.startsWith("[:", this.at)) throw new Unsupported();
      if (this.src[this.at] === "\\") this.at++;
      this.at++;
    }
    if (this.src[this.at++] !== "]") throw new Unsupported();
    return {};
  }
  quantified(info) {
    const c = this.src[this.at];
    let min;
    if (c === "*" || c === "?") {
      this.at++;
      min = 0;
    } else if (c === "+") {
      this.at++;
      min = 1;
    } else if (c === "{") {
      const m = /^\{(\d+)(,\d*)?\}/.exec(this.src.slice(this.at));
      if (!m) throw new Unsupported();
      this.at += m[0].length;
      min = Number(m[1]);
    } else return info;
    if (this.src[this.at] === "?") this.at++;
    if (this.src[this.at] === "*" || this.src[this.at] === "+" || this.src[this.at] === "{") throw new Unsupported();
    const kept = guaranteed(info);
    return min === 0 || !kept ? {} : { some: kept };
  }
};
function requiredLiterals(pattern) {
  let info;
  try {
    info = new Analyzer(pattern).run();
  } catch (err) {
    if (err instanceof Unsupported) return void 0;
    throw err;
  }
  const set = guaranteed(info);
  if (!set || set.length === 0 || set.includes("")) return void 0;
  return set;
}

// src/kernel/condition-pattern.ts
var MAX_PATTERN_LENGTH = 200;
function compileRe2(pattern) {
  return RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
}
function patternProblem(value) {
  if (typeof value !== "string" || value === "") return "matches needs a regular expression as a string";
  if (value.length > MAX_PATTERN_LENGTH)
    return `the pattern is ${value.length} characters; at most ${MAX_PATTERN_LENGTH} are allowed`;
  try {
    compileRe2(value);
    return void 0;
  } catch (err) {
    const detail = err instanceof Error ? err.message.replace("`(?i)", "`") : String(err);
    return `the pattern is not a valid RE2 regular expression (${detail}); RE2 has no lookaround or backreferences`;
  }
}
var SYNTAX = /[\\^$.*+?()[\]{}|/]/g;
function compilePattern(pattern) {
  const re = compileRe2(pattern);
  const literals = requiredLiterals(pattern);
  if (!literals) return (text2) => re.test(text2);
  const prefilter = new RegExp(literals.map((l) => l.replace(SYNTAX, "\\$&")).join("|"), "iu");
  return (text2) => prefilter.test(text2) && re.test(text2);
}

// src/kernel/condition-program.ts
var GENERIC = 0;
var TEXT = 1;
var RANGE = 2;
var NUMBER = 3;
var BOOLEAN = 4;
var EXISTS = 5;
var CONTAINS = 6;
var STARTS_WITH = 7;
var ENDS_WITH = 8;
var ASCII = /^[\x00-\x7f]*$/;
var EMPTY = /* @__PURE__ */ new Set();
function foldEquals(m, xl) {
  for (let i = 0; i < m.length; i++) {
    const a2 = m.charCodeAt(i);
    const b = xl.charCodeAt(i);
    if (a2 === b || a2 >= 65 && a2 <= 90 && a2 + 32 === b) continue;
    return a2 > 127 && m.toLowerCase() === xl;
  }
  return true;
}
function program(spec, kind, fields = {}) {
  return {
    kind,
    field: spec.field,
    read: spec.read,
    slow: spec.slow,
    negated: spec.negated,
    exact: fields.exact ?? EMPTY,
    folded: fields.folded ?? [],
    text: fields.text ?? "",
    scalar: fields.scalar,
    lo: fields.lo ?? 0,
    loIn: fields.loIn ?? false,
    hi: fields.hi ?? 0,
    hiIn: fields.hiIn ?? false
  };
}
var INF = Number.POSITIVE_INFINITY;
var TEXT_KINDS = {
  contains: CONTAINS,
  starts_with: STARTS_WITH,
  ends_with: ENDS_WITH
};
function leafProgram(spec) {
  const { op, value } = spec;
  const x = value;
  if (op === "gt" || op === "gte") return program(spec, RANGE, { lo: x, loIn: op === "gte", hi: INF });
  if (op === "lt" || op === "lte") return program(spec, RANGE, { lo: -INF, hi: x, hiIn: op === "lte" });
  if (op === "between") {
    const [lo, hi] = value;
    return program(spec, RANGE, { lo, loIn: true, hi, hiIn: true });
  }
  const values = op === "eq" ? [value] : op === "in" ? value : [];
  if (values.length > 0 && values.every((v) => typeof v === "string" && ASCII.test(v) && !isBlank(v)))
    return program(spec, TEXT, {
      exact: new Set(values),
      folded: values.map((v) => String(v).toLowerCase())
    });
  if (op === "eq" && typeof value === "number") return program(spec, NUMBER, { scalar: value });
  if (op === "eq" && typeof value === "boolean") return program(spec, BOOLEAN, { scalar: value });
  if (op === "exists") return program(spec, EXISTS);
  const text2 = TEXT_KINDS[op];
  if (text2 !== void 0) return program(spec, text2, { text: String(value).toLowerCase() });
  return program(spec, GENERIC);
}
function requiredText(p) {
  return p.kind === TEXT && !p.negated ? { exact: p.exact, folded: p.folded } : void 0;
}
function inText(p, v) {
  if (p.exact.has(v)) return true;
  const folded = p.folded;
  for (let i = 0; i < folded.length; i++) {
    const f = folded[i];
    if (f.length === v.length && foldEquals(v, f)) return true;
  }
  return false;
}
function runLeaf(p, s) {
  const v = p.read(s);
  switch (p.kind) {
    case TEXT:
      if (typeof v === "string") return inText(p, v) !== p.negated;
      break;
    case RANGE:
      if (typeof v === "number") return (v > p.lo || p.loIn && v === p.lo) && (v < p.hi || p.hiIn && v === p.hi);
      break;
    case NUMBER:
      if (typeof v === "number") return v === p.scalar !== p.negated;
      break;
    case BOOLEAN:
      if (typeof v === "boolean") return v === p.scalar !== p.negated;
      break;
    case EXISTS:
      if (typeof v === "string") return isBlank(v) === p.negated;
      break;
    case CONTAINS:
      if (typeof v === "string") return v.toLowerCase().includes(p.text) && !isBlank(v);
      break;
    case STARTS_WITH:
      if (typeof v === "string") return v.toLowerCase().startsWith(p.text) && !isBlank(v);
      break;
    case ENDS_WITH:
      if (typeof v === "string") return v.toLowerCase().endsWith(p.text) && !isBlank(v);
      break;
  }
  return p.slow(v);
}

// src/kernel/condition-leaf.ts
var NEGATION = { neq: "eq", not_in: "in", empty: "exists" };
var isScalar = (v) => typeof v === "string" || typeof v === "number" || typeof v === "boolean";
function isRange(v) {
  return Array.isArray(v) && v.length === 2 && typeof v[0] === "number" && typeof v[1] === "number" && Number.isFinite(v[0]) && Number.isFinite(v[1]) && v[0] <= v[1];
}
function leafProblem(op, value) {
  switch (op) {
    case "exists":
    case "empty":
      return value === void 0 ? void 0 : `${op} takes no value`;
    case "eq":
    case "neq":
      return isScalar(value) ? void 0 : `${op} needs a value (a string, number or boolean)`;
    case "in":
    case "not_in":
      return Array.isArray(value) && value.length > 0 && value.every(isScalar) ? void 0 : `${op} needs a non-empty list of values`;
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return typeof value === "number" && Number.isFinite(value) ? void 0 : `${op} needs a number`;
    case "between":
      return isRange(value) ? void 0 : "between needs [min, max], two numbers with min <= max";
    case "contains":
    case "starts_with":
    case "ends_with":
      return typeof value === "string" && value !== "" || typeof value === "number" ? void 0 : `${op} needs a non-empty string`;
    case "matches":
      return patternProblem(value);
  }
}
var ASCII2 = /^[\x00-\x7f]*$/;
function equalsText(x) {
  const xl = x.toLowerCase();
  if (ASCII2.test(xl))
    return (m) => typeof m === "string" ? m === x || m.length === xl.length && foldEquals(m, xl) : lower(m) === xl;
  return (m) => typeof m === "string" ? m === x || m.toLowerCase() === xl : lower(m) === xl;
}
function equalsOne(x) {
  if (typeof x === "string") return equalsText(x);
  if (typeof x === "number") return (m) => typeof m === "number" ? m === x : toNumber(m) === x;
  const text2 = String(x);
  return (m) => m === x || lower(m) === text2;
}
function equalsAny(list) {
  if (list.length === 1) return equalsOne(list[0]);
  const exact = new Set(list.filter((e) => typeof e === "string"));
  const folded = new Set(list.filter((e) => typeof e === "string").map((e) => e.toLowerCase()));
  const byLength = /* @__PURE__ */ new Map();
  const wide = /* @__PURE__ */ new Set();
  for (const f of folded) {
    if (!ASCII2.test(f)) wide.add(f);
    else byLength.set(f.length, [...byLength.get(f.length) ?? [], f]);
  }
  const numbers = new Set(list.filter((e) => typeof e === "number"));
  const booleans = list.filter((e) => typeof e === "boolean").map(String);
  const texts = (m) => {
    if (exact.has(m)) return true;
    const same = byLength.get(m.length);
    if (same) {
      for (const f of same) if (foldEquals(m, f)) return true;
    }
    return wide.size > 0 && wide.has(m.toLowerCase());
  };
  return (m) => {
    if (typeof m === "string" ? texts(m) : folded.size > 0 && folded.has(lower(m))) return true;
    if (numbers.size > 0) {
      const n = typeof m === "number" ? m : toNumber(m);
      if (n !== void 0 && numbers.has(n)) return true;
    }
    return booleans.length > 0 && booleans.includes(lower(m));
  };
}
function numeric(f) {
  return (m) => {
    const n = typeof m === "number" ? m : toNumber(m);
    return n !== void 0 && Number.isFinite(n) && f(n);
  };
}
function text(value, f) {
  const t = lower(value);
  return (m) => f(typeof m === "string" ? m.toLowerCase() : lower(m), t);
}
function memberTest(op, value) {
  const x = value;
  switch (op) {
    case "eq":
      return { test: equalsOne(value), cost: 2 };
    case "in":
      return { test: equalsAny(value), cost: 3 };
    case "gt":
      return { test: numeric((n) => n > x), cost: 2 };
    case "gte":
      return { test: numeric((n) => n >= x), cost: 2 };
    case "lt":
      return { test: numeric((n) => n < x), cost: 2 };
    case "lte":
      return { test: numeric((n) => n <= x), cost: 2 };
    case "between": {
      const [min, max] = value;
      return { test: numeric((n) => n >= min && n <= max), cost: 2 };
    }
    case "contains":
      return { test: text(value, (s, t) => s.includes(t)), cost: 4 };
    case "starts_with":
      return { test: text(value, (s, t) => s.startsWith(t)), cost: 4 };
    case "ends_with":
      return { test: text(value, (s, t) => s.endsWith(t)), cost: 4 };
    case "matches": {
      const re = compilePattern(value);
      return { test: (m) => re(typeof m === "string" ? m : String(m)), cost: 20 };
    }
    case "exists":
      return { test: () => true, cost: 1 };
  }
}
function expectedWords(op, value) {
  const list = Array.isArray(value) ? value : [];
  switch (op) {
    case "eq":
      return formatValue(value);
    case "neq":
      return `not ${formatValue(value)}`;
    case "in":
      return `one of ${list.join(", ")}`;
    case "not_in":
      return `none of ${list.join(", ")}`;
    case "gt":
      return `more than ${value}`;
    case "gte":
      return `at least ${value}`;
    case "lt":
      return `less than ${value}`;
    case "lte":
      return `at most ${value}`;
    case "between":
      return `between ${list[0]} and ${list[1]}`;
    case "contains":
      return `to contain '${value}'`;
    case "starts_with":
      return `to start with '${value}'`;
    case "ends_with":
      return `to end with '${value}'`;
    case "matches":
      return `to match /${value}/`;
    case "exists":
      return "a value";
    case "empty":
      return "no value";
  }
}
function anyMember(list, t) {
  for (const m of list) if (!isMissing(m) && t(m)) return true;
  return false;
}
function hits(v, t) {
  if (typeof v === "string") return t(v) && !isBlank(v);
  if (v === void 0 || v === null) return false;
  return Array.isArray(v) ? anyMember(v, t) : t(v);
}
function conditionError(where, problem2) {
  return new RevloopsError("CONFIG_INVALID", `condition at ${where || "(root)"}: ${problem2}`, [
    { path: where, message: problem2 }
  ]);
}
function compileLeaf(leaf, where) {
  const problem2 = typeof leaf.field === "string" && leaf.field !== "" ? leafProblem(leaf.op, leaf.value) : "a leaf needs a field: the dotted path of the value to test";
  if (problem2) throw conditionError(where, problem2);
  const negated = Object.hasOwn(NEGATION, leaf.op);
  const positive = negated ? NEGATION[leaf.op] : leaf.op;
  const { test: member, cost } = memberTest(positive, leaf.value);
  const read = pathReader(leaf.field);
  const expected = expectedWords(leaf.op, leaf.value);
  const field = leaf.field;
  const program2 = leafProgram({
    op: positive,
    field: leaf.field,
    value: leaf.value,
    read,
    slow: (v) => hits(v, member) !== negated,
    negated
  });
  return {
    program: program2,
    test: (s) => runLeaf(program2, s),
    explain: (s) => {
      const v = read(s);
      const matched = hits(v, member) !== negated;
      const seen = isMissing(v) ? "has no value" : `is ${formatValue(v)}`;
      return { matched, reason: `${field} ${seen} (expected ${expected})` };
    },
    cost
  };
}

// src/kernel/condition-compile.ts
function listTest(parts, every) {
  const sorted = [...parts].sort((a2, b) => a2.cost - b.cost);
  if (sorted.length === 0) return () => every;
  if (sorted.length === 1) return sorted[0].test;
  const programs = sorted.map((p) => p.program ?? null);
  const tests = sorted.map((p) => p.test);
  const n = sorted.length;
  return every ? (s) => {
    for (let i = 0; i < n; i++) {
      const p = programs[i];
      if (!(p === null ? tests[i](s) : runLeaf(p, s))) return false;
    }
    return true;
  } : (s) => {
    for (let i = 0; i < n; i++) {
      const p = programs[i];
      if (p === null ? tests[i](s) : runLeaf(p, s)) return true;
    }
    return false;
  };
}
function compileList(parts, every) {
  return {
    test: listTest(parts, every),
    explain: (subject) => {
      if (parts.length === 0) return { matched: every, reason: every ? "always (all: [] matches everything)" : "never (any: [])" };
      const reasons = [];
      for (const part of parts) {
        const r = part.explain(subject);
        if (r.matched !== every) return r;
        reasons.push(r.reason);
      }
      return every ? { matched: true, reason: reasons.join(" and ") } : { matched: false, reason: `none matched: ${reasons.join("; ")}` };
    },
    cost: parts.reduce((sum, p) => sum + p.cost, 0)
  };
}
var FORMS = ["all", "any", "not", "cel", "field"];
function compileAt(c, path, variables) {
  const at = (key) => path ? `${path}.${key}` : key;
  const forms = FORMS.filter((k) => c !== null && typeof c === "object" && k in c);
  if (forms.length !== 1)
    throw conditionError(path, `expected exactly one of all, any, not, cel or field (found ${forms.join(", ") || "none"})`);
  if ("all" in c || "any" in c) {
    const [key, items] = "all" in c ? ["all", c.all] : ["any", c.any];
    if (!Array.isArray(items)) throw conditionError(at(key), `${key} needs a list of conditions`);
    const parts = items.map((p, i) => compileAt(p, at(`${key}.${i}`), variables));
    const list = compileList(parts, key === "all");
    return key === "all" ? { ...list, all: parts } : list;
  }
  if ("not" in c) {
    const inner = compileAt(c.not, at("not"), variables);
    return {
      test: (s) => !inner.test(s),
      explain: (s) => {
        const r = inner.explain(s);
        return { matched: !r.matched, reason: `not (${r.reason})` };
      },
      cost: inner.cost
    };
  }
  if ("cel" in c)
    return compileCel(c.cel, variables, (p) => {
      throw conditionError(at("cel"), p.message);
    });
  return compileLeaf(c, path);
}
function asCompiled(part) {
  return Object.assign((subject) => part.explain(subject), { test: part.test });
}

// src/kernel/condition-rules.ts
function required(part) {
  const parts = part.all ?? [part];
  return parts.flatMap((p) => p.program && requiredText(p.program) ? [p.program] : []);
}
function buildIndexes(parts, words) {
  const byField = /* @__PURE__ */ new Map();
  parts.forEach((part, rule) => {
    const seen = /* @__PURE__ */ new Set();
    for (const program2 of required(part)) {
      if (seen.has(program2.field)) continue;
      seen.add(program2.field);
      byField.set(program2.field, [...byField.get(program2.field) ?? [], { program: program2, rule }]);
    }
  });
  const indexes = [];
  for (const entries of byField.values()) {
    if (entries.length < 2) continue;
    const mask = () => new Int32Array(words);
    const set = (m, rule) => {
      m[rule >> 5] = m[rule >> 5] | 1 << (rule & 31);
    };
    const index = {
      read: entries[0].program.read,
      constrained: mask(),
      exact: /* @__PURE__ */ new Map(),
      folded: /* @__PURE__ */ new Map()
    };
    const foldedMasks = /* @__PURE__ */ new Map();
    for (const { program: program2, rule } of entries) {
      set(index.constrained, rule);
      const text2 = requiredText(program2);
      for (const spelling of text2.exact) {
        const m = index.exact.get(spelling) ?? mask();
        set(m, rule);
        index.exact.set(spelling, m);
      }
      for (const f of text2.folded) {
        const m = foldedMasks.get(f) ?? mask();
        set(m, rule);
        foldedMasks.set(f, m);
      }
    }
    for (const [spelling, m] of index.exact) {
      const all = foldedMasks.get(spelling.toLowerCase());
      if (all) for (let w = 0; w < words; w++) m[w] = m[w] | all[w];
    }
    for (const [f, m] of foldedMasks) index.folded.set(f.length, [...index.folded.get(f.length) ?? [], [f, m]]);
    indexes.push(index);
  }
  return indexes;
}
function lookup(index, v) {
  const exact = index.exact.get(v);
  if (exact !== void 0) return exact;
  const same = index.folded.get(v.length);
  if (same !== void 0)
    for (let i = 0; i < same.length; i++) {
      const [f, m] = same[i];
      if (foldEquals(v, f)) return m;
    }
  return void 0;
}
function compileRules(conditions, options = {}) {
  const variables = options.celVariables ?? {};
  const parts = conditions.map((c, i) => compileAt(c, String(i), variables));
  const tests = parts.map((p) => p.test);
  const n = parts.length;
  const words = Math.max(1, Math.ceil(n / 32));
  const indexes = buildIndexes(parts, words);
  const everyRule = new Int32Array(words).fill(-1);
  const candidates = new Int32Array(words);
  const firstMatch = indexes.length === 0 ? (s) => {
    for (let i = 0; i < n; i++) if (tests[i](s)) return i;
    return -1;
  } : (s) => {
    candidates.set(everyRule);
    for (let x = 0; x < indexes.length; x++) {
      const index = indexes[x];
      const v = index.read(s);
      let accepted;
      if (typeof v === "string") accepted = lookup(index, v);
      else if (v !== void 0 && v !== null) continue;
      const constrained = index.constrained;
      for (let w = 0; w < words; w++)
        candidates[w] = candidates[w] & (~constrained[w] | (accepted ? accepted[w] : 0));
    }
    for (let i = 0; i < n; i++)
      if (candidates[i >> 5] >>> (i & 31) & 1 && tests[i](s))
        return i;
    return -1;
  };
  return { firstMatch, conditions: parts.map(asCompiled) };
}

// src/kernel/condition-schema.ts
import { z } from "zod";

// src/kernel/condition-types.ts
var CONDITION_OPS = [
  "eq",
  "neq",
  "in",
  "not_in",
  "gt",
  "gte",
  "lt",
  "lte",
  "between",
  "contains",
  "starts_with",
  "ends_with",
  "matches",
  "exists",
  "empty"
];

// src/kernel/condition-schema.ts
var FORMS2 = ["all", "any", "not", "cel", "field"];
var HELP = {
  all: "Matches when every condition in the list matches; an empty list matches everything (a catch-all).",
  any: "Matches when at least one condition in the list matches.",
  not: "Matches when the condition does not match.",
  cel: `A CEL expression that must be true, e.g. "lead.grade == 'A' && lead.employees >= 100". Case-sensitive; a missing field is an error, which does not match (guard with has()).`,
  field: "Dotted path of the value to test, e.g. 'company.employees'.",
  op: "How to compare the value; string comparisons ignore case, and on a list any member may match (neq, not_in, empty: none may).",
  value: "What to compare with: a list for in/not_in, [min, max] for between, an RE2 regex for matches, none for exists/empty."
};
var Scalar = z.union([z.string(), z.number(), z.boolean()]);
function refineNode(c, ctx, variables) {
  const forms = FORMS2.filter((k) => c[k] !== void 0);
  const fail = (message, path = []) => ctx.addIssue({ code: "custom", path, message });
  if (forms.length !== 1) {
    fail(`expected exactly one of all, any, not, cel or field (found ${forms.join(", ") || "none"})`);
  } else if (forms[0] !== "field") {
    if (c.op !== void 0 || c.value !== void 0)
      fail("op and value belong with field, not with all/any/not/cel");
    if (c.cel !== void 0) {
      const problem2 = celProblem(c.cel, variables);
      if (problem2) fail(problem2.message, ["cel"]);
    }
  } else if (c.op === void 0) {
    fail(`expected an op: one of ${CONDITION_OPS.join(", ")}`, ["op"]);
  } else {
    const problem2 = leafProblem(c.op, c.value);
    if (problem2) fail(problem2, ["value"]);
  }
}
function conditionSchema(options = {}) {
  const variables = options.celVariables ?? {};
  const node = z.lazy(
    () => z.strictObject({
      all: z.array(node).optional().describe(HELP.all),
      any: z.array(node).min(1, "any needs at least one condition").optional().describe(HELP.any),
      not: node.optional().describe(HELP.not),
      cel: z.string().optional().describe(HELP.cel),
      field: z.string().min(1).optional().describe(HELP.field),
      op: z.enum(CONDITION_OPS).optional().describe(HELP.op),
      value: z.union([Scalar, z.array(Scalar)]).optional().describe(HELP.value)
    }).superRefine((c, ctx) => refineNode(c, ctx, variables))
  );
  return node.describe(
    'A condition: {all: [...]}, {any: [...]}, {not: {...}}, {cel: "..."} or {field, op, value}. String comparisons ignore case.'
  );
}
var ConditionSchema = conditionSchema();

// src/kernel/define-loop.ts
import { z as z2 } from "zod";

// src/kernel/desired-state.ts
import { z as z3 } from "zod";

// src/kernel/records.ts
var RECORD_KINDS = [
  "account",
  "contact",
  "lead",
  "opportunity",
  "user",
  "team",
  "territory",
  "pool",
  "task",
  "activity",
  "customer",
  "usage"
];

// src/kernel/desired-state.ts
var DesiredRecord = z3.object({
  kind: z3.enum(RECORD_KINDS).describe("The record kind."),
  id: z3.string().min(1).describe("The record id; stable across runs so a plan can diff it."),
  values: z3.record(z3.string(), z3.json()).describe("The fields the record should have.")
});
var DesiredState = z3.object({
  records: z3.array(DesiredRecord).describe("Every record the loop wants, across the kinds it owns.")
});

// src/kernel/determinism.ts
function seededRandom(seed) {
  let s = seed >>> 0;
  const split = () => {
    s = s + 2654435769 >>> 0;
    let z5 = s;
    z5 = Math.imul(z5 ^ z5 >>> 16, 2246822507) >>> 0;
    z5 = Math.imul(z5 ^ z5 >>> 13, 3266489909) >>> 0;
    return (z5 ^ z5 >>> 16) >>> 0;
  };
  let a2 = split();
  let b = split();
  let c = split();
  let d = split();
  const next = () => {
    const t = (a2 + b >>> 0) + d >>> 0;
    d = d + 1 >>> 0;
    a2 = b ^ b >>> 9;
    b = c + (c << 3) >>> 0;
    c = (c << 21 | c >>> 11) >>> 0;
    c = c + t >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (items) => {
      if (items.length === 0) throw new RangeError("pick() needs a non-empty list");
      return items[Math.floor(next() * items.length)];
    }
  };
}

// src/kernel/schedule.ts
import { z as z4 } from "zod";
var ScheduleConfig = z4.strictObject({
  cron: z4.string().min(1).describe('Cron expression (5 or 6 fields), e.g. "0 6 * * 1-5" for 06:00 on weekdays.'),
  timezone: z4.string().default("UTC").describe("IANA time zone the cron expression is read in, e.g. America/New_York."),
  catchUp: z4.enum(["none", "latest", "all"]).default("latest").describe(
    "After downtime: none skips missed ticks, latest runs the most recent one, all runs each one."
  )
}).describe("When a scheduled loop runs.");
var TickInput = z4.object({
  loop: z4.string().describe("The loop that ticked."),
  scheduledFor: z4.string().describe("The instant the tick was due (ISO-8601)."),
  previousTick: z4.string().nullable().describe("The instant of the previous tick that ran, if any."),
  catchUp: z4.boolean().describe("True when the tick runs late, after downtime.")
});

// bench/results.ts
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
var RESULTS_FILE = fileURLToPath(new URL("./results.json", import.meta.url));
function benchResult(name, value, unit, peer) {
  if (!peer) return { name, value, unit, peer: null, peerValue: null, ratio: null, target: null, meetsTarget: null };
  const ratio = value / peer.value;
  const target = peer.target ?? null;
  return {
    name,
    value,
    unit,
    peer: peer.name,
    peerValue: peer.value,
    ratio,
    target,
    meetsTarget: target === null ? null : ratio >= target
  };
}
function appendResults(rows, file = RESULTS_FILE) {
  let existing = [];
  if (existsSync(file)) {
    const parsed = JSON.parse(readFileSync(file, "utf8"));
    if (!Array.isArray(parsed)) throw new Error(`${file} is not a JSON array of results`);
    existing = parsed;
  }
  writeFileSync(file, `${JSON.stringify([...existing, ...rows], null, 2)}
`);
}
var number = (n) => n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toLocaleString("en-US", { maximumSignificantDigits: 3 });
function formatResults(rows) {
  const table = [["benchmark", "value", "peer", "peer value", "ratio", "target", "meets"]];
  for (const r of rows) {
    table.push([
      r.name,
      `${number(r.value)} ${r.unit}`,
      r.peer ?? "-",
      r.peerValue === null ? "-" : `${number(r.peerValue)} ${r.unit}`,
      r.ratio === null ? "-" : `${number(r.ratio)}\xD7`,
      r.target === null ? "-" : `\u2265 ${r.target}\xD7`,
      r.meetsTarget === null ? "-" : r.meetsTarget ? "yes" : "NO"
    ]);
  }
  const widths = table[0]?.map((_, c) => Math.max(...table.map((row) => (row[c] ?? "").length))) ?? [];
  return table.map((row) => row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join("  ").trimEnd()).join("\n");
}
function printResults(rows) {
  console.log(formatResults(rows));
}

// bench/rules.ts
var LEADS = Number(process.env.BENCH_RULE_LEADS ?? 1e5);
var PASSES = Number(process.env.BENCH_RULE_PASSES ?? 5);
var REGION = {
  US: "NA",
  CA: "NA",
  MX: "LATAM",
  BR: "LATAM",
  GB: "EMEA",
  DE: "EMEA",
  FR: "EMEA",
  NL: "EMEA",
  ES: "EMEA",
  SE: "EMEA",
  AU: "APAC",
  JP: "APAC",
  SG: "APAC",
  IN: "APAC"
};
var COUNTRY_WEIGHTS = [
  ["US", 35],
  ["CA", 5],
  ["MX", 2],
  ["BR", 3],
  ["GB", 10],
  ["DE", 8],
  ["FR", 6],
  ["NL", 3],
  ["ES", 3],
  ["SE", 2],
  ["AU", 5],
  ["JP", 4],
  ["SG", 3],
  ["IN", 6]
];
var INDUSTRIES = ["Software", "Fintech", "Banking", "Insurance", "Healthcare", "Manufacturing", "Retail", "Media", "Logistics", "Energy"];
var TITLES = [
  "VP of Sales",
  "SVP, Revenue",
  "Vice President Marketing",
  "Chief Revenue Officer",
  "Sales Manager",
  "Account Executive",
  "Head of Growth",
  "Software Engineer",
  "Director of Operations",
  "CEO",
  "RevOps Lead",
  "Marketing Coordinator",
  "AVP Finance",
  "Founder",
  "Sales Development Rep",
  "CFO"
];
var FREE_MAIL = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com"];
var PUBLIC = ["agency.gov", "state.edu", "army.mil", "council.gov.uk", "uni.edu.au", "health.gov"];
var NEAR = ["government-cloud.com", "edu-tech.io", "acme.gov.com", "milestone.io"];
var STEMS = ["north", "blue", "acme", "vertex", "quantum", "harbor", "pixel", "summit", "atlas", "nimbus"];
var TLDS = ["com", "io", "co.uk", "de", "com.au", "fr"];
function generateLeads(n) {
  const random = seededRandom(20260501);
  const weighted = (pairs) => {
    let r = random.next() * pairs.reduce((s, [, w]) => s + w, 0);
    for (const [v, w] of pairs) if ((r -= w) < 0) return v;
    return pairs[0][0];
  };
  const between = (lo, hi) => lo + random.int(hi - lo + 1);
  return Array.from({ length: n }, (_, id) => {
    const country = weighted(COUNTRY_WEIGHTS);
    const grade = weighted([["A", 15], ["B", 30], ["C", 35], ["D", 20]]);
    const employees = [between(1, 99), between(100, 999), between(1e3, 4999), between(5e3, 5e4)][Number(weighted([["0", 40], ["1", 30], ["2", 18], ["3", 12]]))];
    const score = { A: between(75, 100), B: between(55, 90), C: between(30, 80), D: between(0, 50) }[grade];
    const kind = random.next();
    const emailDomain = kind < 0.04 ? random.pick(PUBLIC) : kind < 0.06 ? random.pick(NEAR) : kind < 0.26 ? random.pick(FREE_MAIL) : `${random.pick(STEMS)}${random.int(3e3)}.${random.pick(TLDS)}`;
    return {
      id,
      email: `lead${id}@${emailDomain}`,
      emailDomain,
      title: random.pick(TITLES),
      grade,
      score,
      employees,
      country,
      region: REGION[country] ?? "OTHER",
      industry: random.pick(INDUSTRIES),
      isCustomer: random.next() < 0.07
    };
  });
}
var PUBLIC_SECTOR = "\\.(gov|edu|mil)(\\.[a-z]{2})?$";
var SMB_COUNTRIES = ["US", "CA", "GB", "DE", "FR", "AU"];
var RULES = [
  { name: "existing-customer", when: { field: "isCustomer", op: "eq", value: true } },
  { name: "public-sector", when: { field: "emailDomain", op: "matches", value: PUBLIC_SECTOR } },
  {
    name: "strategic-na",
    when: { all: [{ field: "grade", op: "eq", value: "A" }, { field: "employees", op: "gte", value: 5e3 }, { field: "country", op: "in", value: ["US", "CA"] }] }
  },
  {
    name: "a-commercial-na",
    when: { all: [{ field: "grade", op: "eq", value: "A" }, { field: "employees", op: "between", value: [100, 4999] }, { field: "region", op: "eq", value: "NA" }] }
  },
  {
    name: "emea-financial",
    when: {
      all: [
        { field: "region", op: "eq", value: "EMEA" },
        { field: "industry", op: "in", value: ["Fintech", "Banking", "Insurance"] },
        { field: "employees", op: "gte", value: 500 }
      ]
    }
  },
  { name: "vp-buyer", when: { all: [{ field: "title", op: "contains", value: "vp" }, { field: "grade", op: "in", value: ["A", "B"] }] } },
  { name: "apac-enterprise", when: { all: [{ field: "region", op: "eq", value: "APAC" }, { field: "employees", op: "gte", value: 1e3 }] } },
  { name: "hot-inbound", when: { all: [{ field: "score", op: "between", value: [80, 100] }, { field: "grade", op: "in", value: ["B", "C"] }] } },
  { name: "smb", when: { all: [{ field: "employees", op: "lt", value: 100 }, { field: "country", op: "in", value: SMB_COUNTRIES }] } },
  { name: "catch-all", when: { all: [] } }
];
function revloops() {
  const { firstMatch } = compileRules(RULES.map((r) => r.when));
  return (leads2) => {
    const out = new Int8Array(leads2.length);
    for (let i = 0; i < leads2.length; i++) out[i] = firstMatch(leads2[i]);
    return out;
  };
}
function handWritten() {
  const publicSector = new RegExp(PUBLIC_SECTOR, "i");
  const smb = new Set(SMB_COUNTRIES);
  const financial = /* @__PURE__ */ new Set(["Fintech", "Banking", "Insurance"]);
  const route = (l) => {
    if (l.isCustomer) return 0;
    if (publicSector.test(l.emailDomain)) return 1;
    if (l.grade === "A" && l.employees >= 5e3 && (l.country === "US" || l.country === "CA")) return 2;
    if (l.grade === "A" && l.employees >= 100 && l.employees <= 4999 && l.region === "NA") return 3;
    if (l.region === "EMEA" && financial.has(l.industry) && l.employees >= 500) return 4;
    if (l.title.toLowerCase().includes("vp") && (l.grade === "A" || l.grade === "B")) return 5;
    if (l.region === "APAC" && l.employees >= 1e3) return 6;
    if (l.score >= 80 && l.score <= 100 && (l.grade === "B" || l.grade === "C")) return 7;
    if (l.employees < 100 && smb.has(l.country)) return 8;
    return 9;
  };
  return (leads2) => {
    const out = new Int8Array(leads2.length);
    for (let i = 0; i < leads2.length; i++) out[i] = route(leads2[i]);
    return out;
  };
}
function cel() {
  const env = new Environment2().registerVariable("lead", "map");
  const expressions = [
    "lead.isCustomer == true",
    `lead.emailDomain.matches('${PUBLIC_SECTOR.replaceAll("\\", "\\\\")}')`,
    "lead.grade == 'A' && lead.employees >= 5000 && lead.country in ['US', 'CA']",
    "lead.grade == 'A' && lead.employees >= 100 && lead.employees <= 4999 && lead.region == 'NA'",
    "lead.region == 'EMEA' && lead.industry in ['Fintech', 'Banking', 'Insurance'] && lead.employees >= 500",
    "lead.title.lowerAscii().contains('vp') && lead.grade in ['A', 'B']",
    "lead.region == 'APAC' && lead.employees >= 1000",
    "lead.score >= 80 && lead.score <= 100 && lead.grade in ['B', 'C']",
    `lead.employees < 100 && lead.country in [${SMB_COUNTRIES.map((c) => `'${c}'`).join(", ")}]`,
    "true"
  ];
  const programs = expressions.map((e) => env.parse(e));
  return (leads2) => {
    const out = new Int8Array(leads2.length);
    for (let i = 0; i < leads2.length; i++) {
      const context = { lead: leads2[i] };
      out[i] = programs.findIndex((p) => p(context) === true);
    }
    return out;
  };
}
function jsonRulesEngine() {
  const engine = new Engine([], { allowUndefinedFacts: true });
  const patterns = /* @__PURE__ */ new Map();
  engine.addOperator("matchesRegex", (fact, pattern) => {
    let re = patterns.get(pattern);
    if (!re) patterns.set(pattern, re = new RegExp(pattern, "i"));
    return typeof fact === "string" && re.test(fact);
  });
  engine.addOperator("containsText", (fact, text2) => typeof fact === "string" && fact.toLowerCase().includes(text2));
  const c = (fact, operator, value) => ({ fact, operator, value });
  const conditions = [
    { all: [c("isCustomer", "equal", true)] },
    { all: [c("emailDomain", "matchesRegex", PUBLIC_SECTOR)] },
    { all: [c("grade", "equal", "A"), c("employees", "greaterThanInclusive", 5e3), c("country", "in", ["US", "CA"])] },
    { all: [c("grade", "equal", "A"), c("employees", "greaterThanInclusive", 100), c("employees", "lessThanInclusive", 4999), c("region", "equal", "NA")] },
    { all: [c("region", "equal", "EMEA"), c("industry", "in", ["Fintech", "Banking", "Insurance"]), c("employees", "greaterThanInclusive", 500)] },
    { all: [c("title", "containsText", "vp"), c("grade", "in", ["A", "B"])] },
    { all: [c("region", "equal", "APAC"), c("employees", "greaterThanInclusive", 1e3)] },
    { all: [c("score", "greaterThanInclusive", 80), c("score", "lessThanInclusive", 100), c("grade", "in", ["B", "C"])] },
    { all: [c("employees", "lessThan", 100), c("country", "in", SMB_COUNTRIES)] },
    { all: [] }
  ];
  conditions.forEach(
    (conditions2, i) => engine.addRule({ name: RULES[i]?.name ?? String(i), conditions: conditions2, event: { type: "match", params: { index: i } }, priority: 100 - i })
  );
  return async (leads2) => {
    const out = new Int8Array(leads2.length);
    for (let i = 0; i < leads2.length; i++) {
      const r = await engine.run(leads2[i]);
      out[i] = Math.min(...r.events.map((e) => Number(e.params?.index)));
    }
    return out;
  };
}
var ZEN_COLUMNS = ["isCustomer", "emailDomain", "grade", "employees", "country", "region", "industry", "title", "score"];
var quoted = (xs) => xs.map((x) => `"${x}"`).join(", ");
var ZEN_REGEX = `matches($, "${PUBLIC_SECTOR}")`;
var ZEN_ROWS = [
  { isCustomer: "true" },
  { emailDomain: ZEN_REGEX },
  { grade: '"A"', employees: ">= 5000", country: quoted(["US", "CA"]) },
  { grade: '"A"', employees: "[100..4999]", region: '"NA"' },
  { region: '"EMEA"', industry: quoted(["Fintech", "Banking", "Insurance"]), employees: ">= 500" },
  { title: 'contains(lower($), "vp")', grade: quoted(["A", "B"]) },
  { region: '"APAC"', employees: ">= 1000" },
  { score: "[80..100]", grade: quoted(["B", "C"]) },
  { employees: "< 100", country: quoted(SMB_COUNTRIES) },
  {}
];
function zenTable() {
  const table = {
    contentType: "application/vnd.gorules.decision",
    nodes: [
      { id: "in", type: "inputNode", name: "Request", position: { x: 0, y: 0 } },
      {
        id: "rules",
        type: "decisionTableNode",
        name: "Routing rules",
        position: { x: 200, y: 0 },
        content: {
          hitPolicy: "first",
          inputs: ZEN_COLUMNS.map((field) => ({ id: field, name: field, type: "expression", field })),
          outputs: [{ id: "index", name: "index", type: "expression", field: "index" }],
          rules: ZEN_ROWS.map((row, i) => ({
            _id: `r${i}`,
            ...Object.fromEntries(ZEN_COLUMNS.map((col) => [col, row[col] ?? ""])),
            index: String(i)
          }))
        }
      },
      { id: "out", type: "outputNode", name: "Response", position: { x: 400, y: 0 } }
    ],
    edges: [
      { id: "e1", sourceId: "in", targetId: "rules", type: "edge" },
      { id: "e2", sourceId: "rules", targetId: "out", type: "edge" }
    ]
  };
  const decision = new ZenEngine().createDecision(table);
  return async (leads2) => {
    const out = new Int8Array(leads2.length);
    for (let start = 0; start < leads2.length; start += 256) {
      const slice = leads2.slice(start, start + 256);
      const runs = await Promise.all(slice.map((lead) => decision.evaluate(lead)));
      runs.forEach((r, k) => {
        out[start + k] = typeof r.result?.index === "number" ? r.result.index : -1;
      });
    }
    return out;
  };
}
function zenExpression() {
  const test = (row) => {
    const parts = ZEN_COLUMNS.flatMap((col) => {
      const cell = row[col];
      if (cell === void 0) return [];
      if (cell.includes("($")) return [`(${cell.replaceAll("($", `(${col}`)})`];
      if (cell.startsWith("[")) return [`(${col} in ${cell})`];
      if (/^[<>]/.test(cell)) return [`(${col} ${cell})`];
      return cell.includes(",") ? [`(${col} in [${cell}])`] : [`(${col} == ${cell})`];
    });
    return parts.length === 0 ? "true" : parts.join(" and ");
  };
  const expression = ZEN_ROWS.reduceRight((rest, row, i) => `(${test(row)}) ? ${i} : ${rest}`, "-1");
  return (leads2) => {
    const out = new Int8Array(leads2.length);
    for (let i = 0; i < leads2.length; i++) out[i] = evaluateExpressionSync(expression, leads2[i]);
    return out;
  };
}
async function measure(engines, leads2) {
  const times = new Map(engines.map((e) => [e.name, []]));
  const matches = /* @__PURE__ */ new Map();
  for (const e of engines) for (let w = 0; w < Math.min(e.passes, 3); w++) await e.run(leads2.slice(0, 1e4));
  const rounds = Math.max(...engines.map((e) => e.passes));
  for (let round = 0; round < rounds; round++) {
    for (const e of engines) {
      if (round >= e.passes) continue;
      const started = performance.now();
      matches.set(e.name, await e.run(leads2));
      times.get(e.name)?.push(performance.now() - started);
    }
  }
  return engines.map((e) => {
    const sorted = [...times.get(e.name) ?? []].sort((a2, b) => a2 - b);
    const median = sorted[Math.floor(sorted.length / 2)] / 1e3;
    return { engine: e.name, leadsPerSecond: leads2.length / median, matches: matches.get(e.name) };
  });
}
async function runRulesBench() {
  const leads2 = generateLeads(LEADS);
  const measured = await measure(
    [
      { name: "revloops compiled conditions", run: revloops(), passes: PASSES },
      { name: "hand-written JS", run: handWritten(), passes: PASSES },
      { name: "cel-js", run: cel(), passes: PASSES },
      { name: "zen-engine expression (sync)", run: zenExpression(), passes: 1 },
      { name: "zen-engine decision table (async)", run: zenTable(), passes: 1 },
      { name: "json-rules-engine", run: jsonRulesEngine(), passes: 1 }
    ],
    leads2
  );
  const reference = measured[1];
  const ours = measured[0];
  const mismatches = (m) => m.matches.reduce((n, v, i) => n + (v === reference.matches[i] ? 0 : 1), 0);
  const hits2 = RULES.map((_, r) => reference.matches.reduce((n, v) => n + (v === r ? 1 : 0), 0));
  console.log(`rules benchmark: ${leads2.length.toLocaleString("en-US")} leads, ${RULES.length} rules, first match`);
  console.log(`leads per rule: ${RULES.map((r, i) => `${r.name} ${hits2[i]}`).join(", ")}`);
  for (const m of measured) {
    console.log(
      `  ${m.engine.padEnd(36)} ${Math.round(m.leadsPerSecond).toLocaleString("en-US").padStart(12)} leads/s  revloops ${(ours.leadsPerSecond / m.leadsPerSecond).toFixed(2)}\xD7  mismatches ${mismatches(m)}`
    );
  }
  const disagreeing = measured.filter((m) => mismatches(m) > 0).map((m) => m.engine);
  if (disagreeing.length > 0) throw new Error(`the engines disagree on the matched rule: ${disagreeing.join(", ")}`);
  const byName = new Map(measured.map((m) => [m.engine, m.leadsPerSecond]));
  const targets = { "json-rules-engine": 100, "hand-written JS": 0.5 };
  const rows = measured.slice(1).map(
    (m) => benchResult("rules: revloops compiled conditions", ours.leadsPerSecond, "leads/s", {
      name: m.engine,
      value: byName.get(m.engine),
      ...targets[m.engine] === void 0 ? {} : { target: targets[m.engine] }
    })
  );
  printResults(rows);
  appendResults(rows);
  return rows;
}


// .scratch-rules/only.ts
var leads = generateLeads(1e5);
var a = revloops();
for (let r = 0; r < 60; r++) a(leads);
