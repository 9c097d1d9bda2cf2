/** How long an HTTP delivery may take before it counts as failed. */
export const HTTP_TIMEOUT_MS = 10_000;

/** POSTs a JSON body; a network error, a timeout or a non-2xx status throws with the status and a body snippet. */
export async function postJson(
  url: string,
  body: string,
  headers: Readonly<Record<string, string>>,
  timeoutMs = HTTP_TIMEOUT_MS,
): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (err) {
    throw new Error(`POST ${redact(url)} failed: ${describeFetchError(err)}`);
  }
  if (res.ok) {
    await res.body?.cancel();
    return;
  }
  const text = await res.text().catch(() => '');
  const snippet = text.length > 200 ? `${text.slice(0, 200)}...` : text;
  throw new Error(`POST ${redact(url)} returned ${res.status}${snippet ? `: ${snippet}` : ''}`);
}

/** The URL without path and query, which for Slack webhooks hold the secret. */
function redact(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid url)';
  }
}

function describeFetchError(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === 'TimeoutError') return 'timed out';
    const cause = (err as Error & { cause?: unknown }).cause;
    if (cause instanceof Error) return `${err.message} (${cause.message})`;
    return err.message;
  }
  return String(err);
}
