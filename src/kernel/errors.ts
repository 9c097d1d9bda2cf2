/** The closed set of error codes every surface (CLI, HTTP, MCP) maps the same way. */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'WORKSPACE_NOT_FOUND'
  | 'LOOP_INVALID'
  | 'LOOP_NOT_FOUND'
  | 'OUTPUT_UNDECLARED'
  | 'CONTRACT_VIOLATION'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'STORE_UNAVAILABLE'
  | 'AGENT_UNAVAILABLE'
  | 'USAGE'
  | 'INTERNAL';

/** One precise problem: where it is and what was expected there. */
export interface Issue {
  file?: string;
  line?: number;
  column?: number;
  /** Dotted path inside the document, e.g. `grades.A.min`. */
  path: string;
  message: string;
}

/** Marks a RevloopsError whichever copy of this module made it (see `Symbol.hasInstance`). */
const BRAND = Symbol.for('revloops.error');

/** The one error type of revloops. `issues` carries every located problem. */
export class RevloopsError extends Error {
  override readonly name = 'RevloopsError';
  readonly code: ErrorCode;
  readonly issues: readonly Issue[];

  /**
   * `instanceof` by brand, not by prototype: a TypeScript loop module is imported through tsx,
   * which gives it its own copy of the kernel, and its errors must still count as RevloopsErrors
   * (a contract violation dead-letters its event instead of being retried as a crash).
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }

  constructor(code: ErrorCode, message: string, issues: readonly Issue[] = []) {
    super(message);
    this.code = code;
    this.issues = issues;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** JSON form used by every `--json` output and API body. */
  toJSON(): { code: ErrorCode; message: string; issues: readonly Issue[] } {
    return { code: this.code, message: this.message, issues: this.issues };
  }
}

/** Formats an issue as `file:line:column path: message`, the form editors jump to. */
export function formatIssue(issue: Issue): string {
  const where = issue.file
    ? `${issue.file}${issue.line === undefined ? '' : `:${issue.line}:${issue.column ?? 1}`}`
    : '';
  const path = issue.path === '' ? '(root)' : issue.path;
  return `${where}${where ? ' ' : ''}${path}: ${issue.message}`;
}

/** Wraps anything thrown into a RevloopsError so surfaces handle one type. */
export function toRevloopsError(err: unknown): RevloopsError {
  if (err instanceof RevloopsError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new RevloopsError('INTERNAL', message);
}
