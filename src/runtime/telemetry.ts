import {
  type Attributes,
  type Context,
  context,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { type Decision, RevloopsError } from '../kernel/index.js';

/**
 * OpenTelemetry traces, when configured by the standard variables: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`
 * (the full URL) or `OTEL_EXPORTER_OTLP_ENDPOINT` (the collector's base URL; `/v1/traces` is added),
 * and `OTEL_SERVICE_NAME` (default `revloops`). `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none`
 * turn them off. Without an endpoint the SDK is never loaded and no span is made: the helpers below
 * return at once.
 */
interface TelemetrySettings {
  /** Where spans go, as OTLP/HTTP JSON. */
  endpoint: string;
  serviceName: string;
}

/** A running telemetry setup; `shutdown` exports the spans still buffered. */
export interface Telemetry {
  enabled: boolean;
  shutdown(): Promise<void>;
}

const VERSION = '0.1.0';
/** Set while a tracer provider is installed; every helper checks it first. */
let active = false;

/** True while spans are recorded and exported. */
export function telemetryActive(): boolean {
  return active;
}

function endpointOf(name: string, value: string, suffix: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RevloopsError('USAGE', `${name} is not a URL: ${value}`, [
      { path: name, message: 'expected an http(s) URL such as http://127.0.0.1:4318' },
    ]);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new RevloopsError('USAGE', `${name} must be an http or https URL, got ${value}`, [
      { path: name, message: 'expected an http(s) URL such as http://127.0.0.1:4318' },
    ]);
  return suffix ? `${value.replace(/\/+$/, '')}${suffix}` : value;
}

/** The trace export settings of an environment, or undefined when traces are not configured. */
function telemetrySettings(env: NodeJS.ProcessEnv): TelemetrySettings | undefined {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  if (env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'none') return undefined;
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const endpoint = traces
    ? endpointOf('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', traces, '')
    : base
      ? endpointOf('OTEL_EXPORTER_OTLP_ENDPOINT', base, '/v1/traces')
      : undefined;
  if (!endpoint) return undefined;
  return { endpoint, serviceName: env.OTEL_SERVICE_NAME?.trim() || 'revloops' };
}

/**
 * Installs a tracer provider that batches spans to the configured OTLP/HTTP endpoint, loading the
 * SDK only then. Not configured: nothing is loaded and `shutdown` does nothing.
 */
export async function startTelemetry(env: NodeJS.ProcessEnv): Promise<Telemetry> {
  const settings = telemetrySettings(env);
  if (!settings || active) return { enabled: false, shutdown: async () => undefined };
  const [{ BasicTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }] =
    await Promise.all([
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
    ]);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName, 'service.version': VERSION }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: settings.endpoint }))],
  });
  trace.setGlobalTracerProvider(provider);
  active = true;
  return {
    enabled: true,
    shutdown: async () => {
      try {
        await provider.shutdown();
      } finally {
        active = false;
        trace.disable();
      }
    },
  };
}

const tracer = () => trace.getTracer('revloops', VERSION);

/** A span with the context its children start in. */
export interface ParentSpan {
  span: Span;
  context: Context;
}

/** Starts a span (a child of `parent` when given), or returns undefined when telemetry is off. */
export function startSpan(
  name: string,
  attributes: Attributes,
  options: { parent?: ParentSpan | undefined; kind?: SpanKind } = {},
): ParentSpan | undefined {
  if (!active) return undefined;
  const parent = options.parent?.context ?? context.active();
  const span = tracer().startSpan(name, { attributes, kind: options.kind ?? SpanKind.INTERNAL }, parent);
  return { span, context: trace.setSpan(parent, span) };
}

/** Ends a span with more attributes, marking it failed when `error` is given. */
export function endSpan(s: ParentSpan | undefined, attributes: Attributes = {}, error?: unknown): void {
  if (!s) return;
  s.span.setAttributes(attributes);
  if (error !== undefined) {
    s.span.recordException(error instanceof Error ? error : String(error));
    s.span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
  }
  s.span.end();
}

/** An HTTP server span: `GET /v1/review-items`, the route as a template, never the raw path. */
export function startHttpSpan(
  method: string,
  route: string | undefined,
  path: string,
): ParentSpan | undefined {
  if (!active) return undefined;
  return startSpan(
    route ? `${method} ${route}` : method,
    {
      'http.request.method': method,
      'url.path': path,
      ...(route ? { 'http.route': route } : {}),
    },
    { kind: SpanKind.SERVER },
  );
}

/** Ends an HTTP server span with its status; 5xx marks it failed. */
export function endHttpSpan(s: ParentSpan | undefined, status: number): void {
  if (!s) return;
  s.span.setAttribute('http.response.status_code', status);
  if (status >= 500) s.span.setStatus({ code: SpanStatusCode.ERROR });
  s.span.end();
}

/** What a decision came to, for its span: the output's `kind` or `outcome` when it has one. */
function outcomeOf(decision: Decision): string {
  const out = decision.output;
  if (out && typeof out === 'object' && !Array.isArray(out)) {
    for (const key of ['kind', 'outcome', 'status'] as const) {
      const v = out[key];
      if (typeof v === 'string' && v !== '') return v;
    }
  }
  return 'decided';
}

/** Runs one loop on one event inside a `revloops.loop.run` span under the batch's span. */
export async function traceLoopRun<T extends { decision: Decision }>(
  parent: ParentSpan | undefined,
  run: { loop: string; eventType: string; eventId: string; configVersion: string },
  fn: () => Promise<T>,
): Promise<T> {
  if (!active) return fn();
  const s = startSpan(
    'revloops.loop.run',
    {
      'revloops.loop': run.loop,
      'revloops.event.type': run.eventType,
      'revloops.event.id': run.eventId,
      'revloops.config.version': run.configVersion,
    },
    { parent },
  );
  try {
    const result = await fn();
    endSpan(s, {
      'revloops.decision.id': result.decision.id,
      'revloops.outcome': outcomeOf(result.decision),
      'revloops.decision.latency_ms': result.decision.latencyMs,
    });
    return result;
  } catch (err) {
    endSpan(s, { 'revloops.outcome': 'error' }, err);
    throw err;
  }
}
