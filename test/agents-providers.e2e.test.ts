import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { segmentTask } from '../src/agents/test-tasks.js';
import {
  type AgentsSettings,
  agentUsageLedger,
  askAgent,
  createAgentGateway,
  createTrace,
  isRecordedFailure,
  openStore,
  RevloopsError,
  type Store,
} from '../src/index.js';
import { getAgentUsage, listDecisions } from '../src/store/index.js';
import { cli } from './helpers/cli.js';
import { segmentLoop } from './helpers/failure-llm.js';

// ---------------------------------------------------------------------------------------------
// A loopback server that speaks the OpenAI chat completions API and the Anthropic messages API.
// The first path segment picks its behaviour: /ok, /not-json, /bad-schema, /http-500, /slow.
// ---------------------------------------------------------------------------------------------

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

type Mode = 'ok' | 'not-json' | 'bad-schema' | 'http-500' | 'slow';

/** What the fake model answers for an input: the segment by size, as a real model would reason. */
function answerFor(input: { name: string; employees: number }, mode: Mode): string {
  if (mode === 'not-json') return `Sure! ${input.name} looks like an enterprise to me.`;
  if (mode === 'bad-schema')
    return JSON.stringify({ answer: { segment: 'huge' }, confidence: 1.7, reasoning: 'big' });
  const segment = input.employees >= 1000 ? 'enterprise' : 'smb';
  return JSON.stringify({
    answer: { segment },
    confidence: 0.93,
    reasoning: `${input.name} has ${input.employees} employees`,
  });
}

/** The JSON input the gateway put in the user message. */
function inputOf(body: Record<string, unknown>): { name: string; employees: number } {
  const messages = body.messages as { role: string; content: string | { type: string; text: string }[] }[];
  const user = messages.find((m) => m.role === 'user');
  const text =
    typeof user?.content === 'string' ? user.content : (user?.content.map((c) => c.text).join('') ?? '');
  return JSON.parse(text.slice(text.indexOf('{'))) as { name: string; employees: number };
}

function openAiReply(body: Record<string, unknown>, text: string): unknown {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1_740_000_000,
    model: `${String(body.model)}-2025-01`,
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 52, completion_tokens: 18, total_tokens: 70 },
  };
}

function anthropicReply(body: Record<string, unknown>, text: string): unknown {
  const tools = (body.tools ?? []) as { name: string }[];
  const viaTool = tools.some((t) => t.name === 'json');
  let toolInput: unknown = {};
  try {
    toolInput = JSON.parse(text);
  } catch {}
  return {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: body.model,
    content: viaTool
      ? [{ type: 'tool_use', id: 'toolu_1', name: 'json', input: toolInput }]
      : [{ type: 'text', text }],
    stop_reason: viaTool ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 41, output_tokens: 14 },
  };
}

async function startFakeLlm(): Promise<{ server: Server; base: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      raw += c;
    });
    req.on('end', () => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      const path = req.url ?? '';
      received.push({ path, headers: req.headers, body });
      const mode = path.split('/')[1] as Mode;
      const json = (status: number, value: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      if (mode === 'http-500')
        return json(500, { error: { message: 'upstream model crashed', type: 'server_error' } });
      const reply = () => {
        const text = answerFor(inputOf(body), mode);
        json(200, path.endsWith('/messages') ? anthropicReply(body, text) : openAiReply(body, text));
      };
      if (mode === 'slow') {
        const timer = setTimeout(() => !res.destroyed && reply(), 5_000);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      reply();
    });
  });
  // Idle kept-alive sockets stay open for the whole file: a server closing one just as the client
  // reuses it (timers run late on a loaded machine) would reset a call the test expects to time out.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

let llm: Awaited<ReturnType<typeof startFakeLlm>>;
beforeAll(async () => {
  llm = await startFakeLlm();
});
afterAll(async () => {
  llm.server.closeAllConnections();
  await new Promise((resolve) => llm.server.close(resolve));
});

async function rejection(p: Promise<unknown>): Promise<RevloopsError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof RevloopsError) return err;
    throw err;
  }
  throw new Error('expected AGENT_UNAVAILABLE, got an answer');
}

const PROVIDERS = [
  {
    provider: 'openai-compatible' as const,
    model: 'gpt-4o-mini',
    endpoint: '/v1/chat/completions',
    servedModel: 'gpt-4o-mini-2025-01',
    tokens: 70,
    auth: (h: IncomingHttpHeaders) => h.authorization,
    expectedAuth: 'Bearer sk-test-123',
  },
  {
    provider: 'anthropic' as const,
    model: 'claude-sonnet-4-5',
    endpoint: '/v1/messages',
    servedModel: 'claude-sonnet-4-5',
    tokens: 55,
    auth: (h: IncomingHttpHeaders) => h['x-api-key'],
    expectedAuth: 'sk-test-123',
  },
];

describe.each(PROVIDERS)('the $provider provider against a real HTTP server', (p) => {
  const settings = (mode: Mode, extra: Partial<AgentsSettings> = {}): AgentsSettings => ({
    provider: p.provider,
    model: p.model,
    baseUrl: `${llm.base}/${mode}/v1`,
    apiKeyEnv: 'LLM_KEY',
    timeoutMs: 2_000,
    maxRetries: 0,
    ...extra,
  });
  const gateway = (mode: Mode, extra: Partial<AgentsSettings> = {}) =>
    createAgentGateway(settings(mode, extra), { env: { LLM_KEY: 'sk-test-123' } });
  const label = `agent task segment-company (${p.provider} model ${p.model})`;

  it('answers with structured output: the answer, confidence, reasoning, served model and tokens', async () => {
    const before = llm.received.length;
    const a = await gateway('ok').ask(segmentTask, { name: 'Initech', employees: 4200 });
    expect(a).toMatchObject({
      answer: { segment: 'enterprise' },
      confidence: 0.93,
      reasoning: 'Initech has 4200 employees',
      provider: p.provider,
      model: p.servedModel,
      tokens: p.tokens,
    });
    expect(a.latencyMs).toBeGreaterThan(0);
    const req = llm.received.slice(before);
    expect(req.map((r) => r.path)).toEqual([`/ok${p.endpoint}`]);
    const sent = req[0] as Received;
    expect(p.auth(sent.headers)).toBe(p.expectedAuth);
    expect(JSON.stringify(sent.body)).toContain(segmentTask.instructions);
    expect(inputOf(sent.body)).toEqual({ name: 'Initech', employees: 4200 });
    const schema = JSON.stringify(sent.body.response_format ?? sent.body.output_config ?? sent.body.tools);
    for (const field of ['answer', 'confidence', 'reasoning', 'segment', 'enterprise'])
      expect(schema).toContain(field);
  });

  it('reports an answer that is not JSON', async () => {
    const err = await rejection(gateway('not-json').ask(segmentTask, { name: 'Initech', employees: 4200 }));
    expect(err.code).toBe('AGENT_UNAVAILABLE');
    expect(err.message).toBe(
      `${label}: the answer is not JSON (it answered "Sure! Initech looks like an enterprise to me.")`,
    );
  });

  it('reports an answer that fails the output schema, field by field', async () => {
    const err = await rejection(gateway('bad-schema').ask(segmentTask, { name: 'Initech', employees: 4200 }));
    expect(err.message).toBe(
      `${label}: the answer does not match the task's output schema: answer.segment: Invalid option: expected one of "smb"|"enterprise"; confidence: Too big: expected number to be <=1`,
    );
  });

  it('reports an HTTP 500 with the URL and the body, after the configured retries', async () => {
    const err = await rejection(gateway('http-500').ask(segmentTask, { name: 'Initech', employees: 4200 }));
    expect(err.message).toBe(
      `${label}: HTTP 500 from ${llm.base}/http-500${p.endpoint}: {"error":{"message":"upstream model crashed","type":"server_error"}}`,
    );
    const before = llm.received.length;
    const retried = await rejection(
      gateway('http-500', { maxRetries: 1, timeoutMs: 10_000 }).ask(segmentTask, {
        name: 'Initech',
        employees: 4200,
      }),
    );
    expect(retried.message).toMatch(/: HTTP 500 from .* \(2 attempts\)$/);
    expect(llm.received.length - before).toBe(2);
  });

  it('gives up on a slow answer at the timeout', async () => {
    const started = performance.now();
    const err = await rejection(
      gateway('slow', { timeoutMs: 300 }).ask(segmentTask, { name: 'Initech', employees: 4200 }),
    );
    expect(err.message).toBe(`${label}: no answer within 300 ms (agents.timeoutMs)`);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('sends every failure to review through askAgent, with the reason in the trace', async () => {
    const t = { autoAccept: 0.9, review: 0.5 };
    const trace = createTrace();
    const ok = await askAgent(
      { agents: gateway('ok'), trace },
      segmentTask,
      { name: 'Hooli', employees: 40 },
      t,
    );
    expect(ok).toMatchObject({ ok: true, route: 'fire', answer: { segment: 'smb' } });
    expect(trace.entries()[0]).toMatchObject({
      kind: 'agent',
      provider: p.provider,
      model: p.servedModel,
      tokens: p.tokens,
    });
    for (const [mode, reason] of [
      ['not-json', 'the answer is not JSON'],
      ['bad-schema', "does not match the task's output schema"],
      ['http-500', 'HTTP 500 from'],
      ['slow', 'no answer within 300 ms'],
    ] as const) {
      const out = await askAgent(
        { agents: gateway(mode, { timeoutMs: 300 }), trace },
        segmentTask,
        { name: 'Hooli', employees: 40 },
        t,
      );
      expect(out).toMatchObject({ ok: false, route: 'review' });
      expect(out.ok ? '' : out.reason).toContain(reason);
      expect(trace.entries().at(-1)).toMatchObject({ kind: 'step', name: 'agent-unavailable' });
    }
  });

  it('refuses to call without the API key and says which variable is missing', async () => {
    const before = llm.received.length;
    const g = createAgentGateway(settings('ok'), { env: {} });
    const err = await rejection(g.ask(segmentTask, { name: 'Initech', employees: 4200 }));
    expect(err.message).toBe(`${label}: the API key variable LLM_KEY (agents.apiKeyEnv) is not set`);
    expect(llm.received.length).toBe(before);
  });
});

describe('the daily budget, on a real SQLite file shared by two processes', () => {
  let dir = '';
  const stores: Store[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rl-agents-budget-'));
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds across store handles, per loop and per UTC day, by calls and by tokens', async () => {
    const path = join(dir, 'revloops.db');
    const a = await openStore({ kind: 'sqlite', path });
    const b = await openStore({ kind: 'sqlite', path });
    stores.push(a, b);
    let now = new Date('2025-03-01T22:00:00Z');
    const worker = (store: Store, budget: AgentsSettings['budget']) =>
      createAgentGateway(
        {
          provider: 'openai-compatible',
          model: 'gpt-4o-mini',
          baseUrl: `${llm.base}/ok/v1`,
          maxRetries: 0,
          budget,
        },
        { env: {}, usage: agentUsageLedger(store), clock: () => now },
      );
    const ask = (g: ReturnType<typeof worker>, loop: string) =>
      g.forLoop?.(loop)?.ask(segmentTask, { name: 'Acme', employees: 10 }) ??
      Promise.reject(new Error('no forLoop'));
    const label = 'agent task segment-company (openai-compatible model gpt-4o-mini)';

    // two workers (two store handles on one file) share the qualify loop's 3 calls a day
    const [w1, w2] = [worker(a, { maxCalls: 3 }), worker(b, { maxCalls: 3 })];
    const before = llm.received.length;
    await ask(w1, 'qualify');
    await ask(w2, 'qualify');
    await ask(w1, 'qualify');
    expect((await rejection(ask(w2, 'qualify'))).message).toBe(
      `${label}: the daily agent budget of loop qualify is spent for 2025-03-01 UTC: 3 of 3 calls (agents.budget.maxCalls); the call was not made`,
    );
    expect((await rejection(ask(w1, 'qualify'))).code).toBe('AGENT_UNAVAILABLE');
    expect(llm.received.length - before).toBe(3);
    expect(await getAgentUsage(b.db, 'qualify', '2025-03-01')).toEqual({
      loop: 'qualify',
      day: '2025-03-01',
      calls: 3,
      tokens: 210,
      failures: 0,
    });
    // another loop has its own budget; the next UTC day starts afresh
    await ask(w2, 'route');
    now = new Date('2025-03-02T00:00:05Z');
    await ask(w1, 'qualify');

    // by tokens: a call may start while the loop is under the limit (70, then 140 of 100), then none
    const [t1, t2] = [worker(a, { maxTokens: 100 }), worker(b, { maxTokens: 100 })];
    await ask(t1, 'score');
    await ask(t2, 'score');
    expect((await rejection(ask(t1, 'score'))).message).toBe(
      `${label}: the daily agent budget of loop score is spent for 2025-03-02 UTC: 140 of 100 tokens (agents.budget.maxTokens); the call was not made`,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Through the CLI: the configured provider is used by `emit --process`, and `replay` reproduces a
// decision whose agent timed out (and one whose agent answered) without calling the model again.
// ---------------------------------------------------------------------------------------------

describe('the CLI uses the configured provider, and replay reproduces recorded failures', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rl-agents-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function workspace(name: string, mode: Mode): string {
    const ws = join(dir, name);
    mkdirSync(join(ws, 'loops'), { recursive: true });
    writeFileSync(
      join(ws, 'revloops.yaml'),
      [
        `name: ${name}`,
        'loops: [segment]',
        'plugins: []',
        'agents:',
        '  provider: openai-compatible',
        '  model: llama3.1',
        `  baseUrl: ${llm.base}/${mode}/v1`,
        '  apiKeyEnv: OLLAMA_KEY',
        '  timeoutMs: 300',
        '  maxRetries: 0',
        '  budget: { maxCalls: 100 }',
        '',
      ].join('\n'),
    );
    return ws;
  }

  async function decisionsOf(ws: string) {
    const store = await openStore({ kind: 'sqlite', path: join(ws, '.revloops', 'revloops.db') });
    try {
      return {
        decisions: await listDecisions(store.db, {}),
        usage: await getAgentUsage(store.db, 'segment', '2025-03-01'),
      };
    } finally {
      await store.close();
    }
  }

  const env = { OLLAMA_KEY: 'ollama', REVLOOPS_DATABASE_URL: '' };
  const clock = () => new Date('2025-03-01T09:00:00Z');

  it('records a timed-out agent call with the decision, sends it to review, and replays it identically', async () => {
    const ws = workspace('timeout', 'slow');
    const emitted = await cli(
      [
        'emit',
        'account.created',
        '{"name":"Initech","employees":4200}',
        '--process',
        '--json',
        '--workspace',
        ws,
      ],
      [segmentLoop],
      clock,
      env,
    );
    expect(emitted).toMatchObject({ err: '', code: 0 });
    const { decisions, usage } = await decisionsOf(ws);
    expect(decisions).toHaveLength(1);
    const d = decisions[0];
    const reason = `agent task segment-company (openai-compatible model llama3.1): no answer within 300 ms (agents.timeoutMs)`;
    expect(d?.output).toEqual({ segment: null, route: 'review', why: reason });
    expect(d?.agentAnswers).toEqual([
      {
        task: 'segment-company',
        input: { name: 'Initech', employees: 4200 },
        error: { code: 'AGENT_UNAVAILABLE', message: reason },
      },
    ]);
    expect(d?.effects).toMatchObject([{ kind: 'review_item', queue: 'segment', reasoning: reason }]);
    expect(usage).toMatchObject({ calls: 1, failures: 1 });

    const calls = llm.received.length;
    const replayed = await cli(['replay', '--all', '--json', '--workspace', ws], [segmentLoop], clock, env);
    expect(replayed.code).toBe(0);
    expect(JSON.parse(replayed.out)).toEqual({ checked: 1, identical: 1, different: 0, differences: [] });
    expect(llm.received.length).toBe(calls);
  });

  it('records an answered call and replays it from the record, not the model', async () => {
    const ws = workspace('answered', 'ok');
    const emitted = await cli(
      ['emit', 'account.created', '{"name":"Hooli","employees":40}', '--process', '--workspace', ws],
      [segmentLoop],
      clock,
      env,
    );
    expect(emitted).toMatchObject({ err: '', code: 0 });
    const { decisions, usage } = await decisionsOf(ws);
    const calls = decisions[0]?.agentAnswers ?? [];
    expect(calls).toHaveLength(1);
    expect(calls[0] && isRecordedFailure(calls[0])).toBe(false);
    expect(calls[0]).toMatchObject({
      provider: 'openai-compatible',
      model: 'llama3.1-2025-01',
      tokens: 70,
      answer: { segment: 'smb' },
    });
    expect(decisions[0]?.output).toEqual({ segment: 'smb', route: 'fire', why: 'Hooli has 40 employees' });
    expect(usage).toMatchObject({ calls: 1, tokens: 70, failures: 0 });
    const before = llm.received.length;
    const replayed = await cli(['replay', '--all', '--json', '--workspace', ws], [segmentLoop], clock, env);
    expect(JSON.parse(replayed.out)).toMatchObject({ checked: 1, identical: 1 });
    expect(llm.received.length).toBe(before);
  });
});
