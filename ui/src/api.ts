/** The API's error body: a stable code, a message, and where in the request. */
interface ErrorBody {
  error?: { code?: string; message?: string; issues?: { path: string; message: string }[] };
}

/** An API call that failed: its status, the error code and message the server sent. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'revloops.token';

/** The bearer token of this browser tab (kept for the session only). */
export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Keeps (or, with null, forgets) the tab's token. */
export function storeToken(token: string | null): void {
  if (token === null) sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, token);
}

const listeners = new Set<() => void>();

/** Called when the server refuses the token (revoked or expired): the app signs out. */
export function onUnauthenticated(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Calls the API with the tab's token; JSON in, JSON out; throws ApiError on a non-2xx answer. */
async function request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const token = storedToken();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const json: unknown = text === '' ? null : safeJson(text);
  if (!res.ok) {
    const e = (json as ErrorBody | null)?.error;
    const err = new ApiError(
      res.status,
      e?.code ?? `HTTP_${res.status}`,
      e?.message ?? res.statusText,
      e?.issues,
    );
    if (res.status === 401) for (const l of listeners) l();
    throw err;
  }
  return json as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { error: { code: 'BAD_RESPONSE', message: text.slice(0, 200) } };
  }
}

/** GET a path. */
export const get = <T>(path: string) => request<T>('GET', path);

/** POST a JSON body to a path. */
export const post = <T>(path: string, body: unknown) => request<T>('POST', path, body);

/** A query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
