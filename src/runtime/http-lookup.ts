import type { HttpLookup, HttpLookupResult, Json } from '../kernel/index.js';

/** Bodies larger than this are refused: an enrichment answer is a few kilobytes. */
const MAX_BODY_CHARS = 1_000_000;

function failed(status: number | null, reason: string, started: number): HttpLookupResult {
  return { ok: false, status, reason, latencyMs: Math.round(performance.now() - started) };
}

/** Why a fetch threw, in words (the timeout, or the network error's code). */
function fetchFailure(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  return `request failed: ${e.cause?.code ?? e.cause?.message ?? e.message ?? String(err)}`;
}

/**
 * GETs a JSON document. Header values come from the environment at call time, so a secret never
 * reaches config, the trace or the recorded request. Never throws: failures come back as `ok: false`.
 */
export async function httpLookup(
  request: HttpLookup,
  env: Readonly<Record<string, string | undefined>>,
): Promise<HttpLookupResult> {
  const started = performance.now();
  const headers: Record<string, string> = { accept: 'application/json' };
  for (const h of request.headers) {
    const value = env[h.env];
    if (value === undefined || value === '')
      return failed(null, `environment variable ${h.env} (header ${h.name}) is not set`, started);
    headers[h.name] = `${h.prefix ?? ''}${value}`;
  }
  let response: Response;
  try {
    response = await fetch(request.url, { headers, signal: AbortSignal.timeout(request.timeoutMs) });
  } catch (err) {
    return failed(null, fetchFailure(err, request.timeoutMs), started);
  }
  if (response.status === 404) {
    await response.body?.cancel();
    return { ok: true, status: 404, body: null, latencyMs: Math.round(performance.now() - started) };
  }
  if (!response.ok) {
    await response.body?.cancel();
    return failed(response.status, `HTTP ${response.status} ${response.statusText}`.trim(), started);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (err) {
    return failed(response.status, fetchFailure(err, request.timeoutMs), started);
  }
  if (text.length > MAX_BODY_CHARS)
    return failed(response.status, `answer of ${text.length} characters is too large`, started);
  let body: Json;
  try {
    body = text.trim() === '' ? null : (JSON.parse(text) as Json);
  } catch {
    return failed(response.status, 'the answer is not JSON', started);
  }
  return { ok: true, status: response.status, body, latencyMs: Math.round(performance.now() - started) };
}
