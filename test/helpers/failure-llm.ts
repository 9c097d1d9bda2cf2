import { createServer, type IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { segmentTask } from '../../src/agents/test-tasks.js';
import { type AgentTask, askAgent, baseMetrics, defineLoop } from '../../src/index.js';
import { RestartableServer } from './restartable-server.js';

/** How the loopback model server behaves right now. */
export type LlmMode = 'ok' | 'http-500' | 'slow' | 'reject-key';

/** A request the loopback model server received. */
export interface LlmRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** The JSON input the gateway put in the user message. */
function inputOf(body: Record<string, unknown>): { name: string; employees: number } {
  const messages = body.messages as { role: string; content: string | { type: string; text: string }[] }[];
  const user = messages.find((m) => m.role === 'user');
  const text =
    typeof user?.content === 'string' ? user.content : (user?.content.map((c) => c.text).join('') ?? '');
  return JSON.parse(text.slice(text.indexOf('{'))) as { name: string; employees: number };
}

function answerText(input: { name: string; employees: number }): string {
  return JSON.stringify({
    answer: { segment: input.employees >= 1000 ? 'enterprise' : 'smb' },
    confidence: 0.95,
    reasoning: `${input.name} has ${input.employees} employees`,
  });
}

function openAiReply(body: Record<string, unknown>, text: string): unknown {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1_740_000_000,
    model: String(body.model),
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 40, completion_tokens: 20, total_tokens: 60 },
  };
}

function anthropicReply(body: Record<string, unknown>, text: string): unknown {
  const viaTool = ((body.tools ?? []) as { name: string }[]).some((t) => t.name === 'json');
  return {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: body.model,
    content: viaTool
      ? [{ type: 'tool_use', id: 'toolu_1', name: 'json', input: JSON.parse(text) }]
      : [{ type: 'text', text }],
    stop_reason: viaTool ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 40, output_tokens: 20 },
  };
}

/**
 * A loopback server speaking the OpenAI chat completions and the Anthropic messages APIs, whose
 * behaviour the test switches (`mode`), and which the test can stop (connection refused) and start
 * again on the same port.
 */
export class FakeLlm extends RestartableServer {
  mode: LlmMode = 'ok';
  /** How long the slow mode waits before answering. */
  slowMs = 5_000;
  readonly received: LlmRequest[] = [];

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => {
        raw += c;
      });
      req.on('end', () => {
        const body = JSON.parse(raw) as Record<string, unknown>;
        const path = req.url ?? '';
        this.received.push({ path, headers: req.headers, body });
        const json = (status: number, value: unknown) =>
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
        if (this.mode === 'reject-key') {
          // as some providers do: the refused key, echoed in the error body
          const key = String(req.headers['x-api-key'] ?? req.headers.authorization ?? '').replace(
            /^Bearer /,
            '',
          );
          return json(401, {
            error: { message: `Incorrect API key provided: ${key}`, type: 'invalid_request_error' },
          });
        }
        if (this.mode === 'http-500')
          return json(500, { error: { message: 'the model is overloaded', type: 'server_error' } });
        const reply = () => {
          const text = answerText(inputOf(body));
          json(200, path.endsWith('/messages') ? anthropicReply(body, text) : openAiReply(body, text));
        };
        if (this.mode === 'slow') {
          const timer = setTimeout(() => !res.destroyed && reply(), this.slowMs);
          res.on('close', () => clearTimeout(timer));
          return;
        }
        reply();
      });
    });
    await this.listen(server);
  }
}

/** The segment loop's output. */
export interface SegmentOutput {
  segment: string | null;
  route: string;
  why: string;
}

/** Segments new accounts with an agent; an unsure or failed answer goes to review with the reason. */
export const segmentLoop = defineLoop({
  name: 'segment',
  version: '1.0.0',
  description: 'Segments new accounts with an agent; unsure or failed answers go to review.',
  archetypes: ['event'],
  config: z.strictObject({
    autoAccept: z.number().min(0).max(1).default(0.9).describe('Apply answers at or above this confidence.'),
    review: z.number().min(0).max(1).default(0.5).describe('Review answers at or above this confidence.'),
  }),
  triggers: [{ kind: 'event', on: 'account.created' }],
  input: z.object({ name: z.string(), employees: z.number().int() }),
  output: z.object({ segment: z.string().nullable(), route: z.string(), why: z.string() }),
  outputs: ['decision', 'review_item'],
  run: async (ctx, input) => {
    const task: AgentTask<{ name: string; employees: number }, { segment: 'smb' | 'enterprise' }> =
      segmentTask;
    const out = await askAgent(ctx, task, input, ctx.config);
    const why = out.ok ? out.reasoning : out.reason;
    if (out.route !== 'fire')
      ctx.review('segment', {
        proposedAction: { segment: out.ok ? out.answer.segment : null },
        reasoning: why,
      });
    return ctx.decide(
      { segment: out.ok ? out.answer.segment : null, route: out.route, why },
      { confidence: out.ok ? out.confidence : 0, subject: `account:${input.name}` },
    );
  },
  metrics: baseMetrics,
  feedback: [
    {
      name: 'volume',
      description: 'Nothing to tune in a test loop; it reads the decision count only.',
      level: 1,
      reads: ['decisions'],
      evaluate: () => [],
    },
  ],
});

/**
 * Segments imported accounts by asking the gateway directly, without askAgent: a failed call throws
 * AGENT_UNAVAILABLE out of the run, so the event fails, is retried with backoff and goes dead.
 */
export const strictSegmentLoop = defineLoop({
  name: 'strict-segment',
  version: '1.0.0',
  description: 'Segments imported accounts; a failed agent call fails the event so the worker retries it.',
  archetypes: ['event'],
  config: z.strictObject({}),
  triggers: [{ kind: 'event', on: 'account.imported' }],
  input: z.object({ name: z.string(), employees: z.number().int() }),
  output: z.object({ segment: z.string(), why: z.string() }),
  outputs: ['decision'],
  run: async (ctx, input) => {
    const a = await ctx.agents.ask(segmentTask, input);
    return ctx.decide(
      { segment: a.answer.segment, why: a.reasoning },
      { confidence: a.confidence, subject: `account:${input.name}` },
    );
  },
  metrics: baseMetrics,
  feedback: [
    {
      name: 'volume',
      description: 'Nothing to tune in a test loop; it reads the decision count only.',
      level: 1,
      reads: ['decisions'],
      evaluate: () => [],
    },
  ],
});
