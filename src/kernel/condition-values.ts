/**
 * Names every object or list inherits (constructor, toString, __proto__, length, map…): only
 * an own property of that name is ever read, so a path cannot reach into the prototype.
 */
const inherited = (key: string) => key in Object.prototype || key in Array.prototype;

/** The key as an internalized string (V8 then reads it like a literal property name). */
const internalize = (key: string) => Object.keys({ [key]: 0 })[0] as string;

function step(o: unknown, key: string, guarded: boolean): unknown {
  if (o === null || typeof o !== 'object') return undefined;
  if (guarded && !Object.hasOwn(o, key)) return undefined;
  return (o as Record<string, unknown>)[key];
}

/**
 * Reads a dotted path (`company.employees`, `activities.0.type`) from data properties; a name
 * that objects inherit (`constructor`, `__proto__`, a list's `length`) is read only when it is
 * the object's own.
 */
export function getPath(obj: unknown, path: string): unknown {
  let current: unknown = obj;
  for (const key of path.split('.')) {
    current = step(current, key, inherited(key));
    if (current === undefined) return undefined;
  }
  return current;
}

/**
 * The path as one property name, when it is a single name no object inherits: the hot path then
 * reads it inline, with no call and no own-property check.
 */
export function directKey(path: string): string | undefined {
  return path !== '' && !path.includes('.') && !inherited(path) ? internalize(path) : undefined;
}

type Reader = (subject: unknown) => unknown;
type Rec = Record<string, unknown>;

/**
 * Identical readers of one property, as separate function literals. V8 keeps type feedback per
 * literal: a read site that only ever sees one property name stays monomorphic and fast, while
 * one shared closure reading many names goes megamorphic, several times slower. So each name gets
 * its own copy, round robin; past 16 names, copies are shared.
 */
const READERS: readonly ((key: string) => Reader)[] = [
  (k) => (o) => (o !== null && typeof o === 'object' ? (o as Rec)[k] : undefined),
  (k) => (o) => (o !== null && typeof o === 'object' ? (o as Rec)[k] : undefined),
  (k) => (o) => (o !== null && typeof o === 'object' ? (o as Rec)[k] : undefined),
  (k) => (o) => (o !== null && typeof o === 'object' ? (o as Rec)[k] : undefined),
  (k) => (o) => (o !== null && typeof o === 'object' ? (o as Rec)[k] : undefined),
  (k) => (o) => (o !== null && typeof o === 'object' ? (o as Rec)[k] : undefined),
  (k) => (o) => (o !== null && typeof o === 'object' ? (o as Rec)[k] : undefined),
  (k) => (o) => (o !== null && typeof o === 'object' ? (o as Rec)[k] : undefined),
  (k) => (o) => (o !== null && typeof o === 'object' ? (o as Rec)[k] : undefined),
  (k) => (o) => (o !== null && typeof o === 'object' ? (o as Rec)[k] : undefined),
  (k) => (o) => (o !== null && typeof o === 'object' ? (o as Rec)[k] : undefined),
  (k) => (o) => (o !== null && typeof o === 'object' ? (o as Rec)[k] : undefined),
  (k) => (o) => (o !== null && typeof o === 'object' ? (o as Rec)[k] : undefined),
  (k) => (o) => (o !== null && typeof o === 'object' ? (o as Rec)[k] : undefined),
  (k) => (o) => (o !== null && typeof o === 'object' ? (o as Rec)[k] : undefined),
  (k) => (o) => (o !== null && typeof o === 'object' ? (o as Rec)[k] : undefined),
];

/** Which copy each property name reads through: the same name always gets the same copy. */
const slots = new Map<string, number>();

/** A reader of one property through its own copy (see READERS). */
export function directReader(key: string): Reader {
  let slot = slots.get(key);
  if (slot === undefined) {
    slot = slots.size % READERS.length;
    slots.set(key, slot);
  }
  return (READERS[slot] as (key: string) => Reader)(key);
}

/** Compiles a dotted path once into a reader with `getPath`'s semantics; `''` reads the subject itself. */
export function pathReader(path: string): Reader {
  if (path === '') return (subject) => subject;
  const direct = directKey(path);
  if (direct !== undefined) return directReader(direct);
  const keys = path.split('.').map(internalize);
  const guards = keys.map(inherited);
  // A path of plain names reads each step through its own monomorphic copy.
  if (!guards.some(Boolean)) {
    const steps = keys.map(directReader);
    return (o) => {
      let current: unknown = o;
      for (const read of steps) {
        current = read(current);
        if (current === undefined) return undefined;
      }
      return current;
    };
  }
  return (o) => {
    let current: unknown = o;
    for (let i = 0; i < keys.length && current !== undefined; i++)
      current = step(current, keys[i] as string, guards[i] as boolean);
    return current;
  };
}

/** True for a string that trims to nothing; checks one character before paying for trim. */
export function isBlank(s: string): boolean {
  if (s.length === 0) return true;
  const c = s.charCodeAt(0);
  // A printable ASCII first character is not whitespace, so the string cannot trim to nothing.
  return !(c > 32 && c < 127) && s.trim() === '';
}

/** True for absent, null, blank strings and empty lists: what conditions and scoring call "no value". */
export function isMissing(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && isBlank(value)) ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** Formats a value for a plain-language reason. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A finite number from a number or a numeric string; undefined for anything else. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && !isBlank(v)) {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** True when every character of the string is ASCII. */
export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/** The lower-case text of any value, as string comparisons see it. */
export const lower = (v: unknown): string => String(v).toLowerCase();
