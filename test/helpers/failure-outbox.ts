import { createServer, type IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { baseMetrics, defineLoop } from '../../src/index.js';
import { RestartableServer } from './restartable-server.js';

/** A POST an endpoint received, with the status it answered. */
export interface Hit {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/**
 * A loopback HTTP endpoint the test can take down (stop: connection refused), make fail (`status`
 * 503) and bring back on the same port. It records every POST with the status it answered.
 */
export class Endpoint extends RestartableServer {
  status = 200;
  readonly hits: Hit[] = [];

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => {
        body += c;
      });
      req.on('end', () => {
        const status = this.status;
        this.hits.push({ path: req.url ?? '', headers: req.headers, body, status });
        res.writeHead(status).end(status === 200 ? 'ok' : 'service unavailable');
      });
    });
    await this.listen(server);
  }

  /** The POSTs it answered with 200. */
  delivered(): Hit[] {
    return this.hits.filter((h) => h.status === 200);
  }
}

/** Tells a big deal's owner on Slack, by email and to the engagement webhook. */
export const dealAlertLoop = defineLoop({
  name: 'deal-alert',
  version: '1.0.0',
  description: 'Tells owners about big deals on every channel.',
  archetypes: ['event'],
  config: z.strictObject({}),
  triggers: [{ kind: 'event', on: 'deal.created' }],
  input: z.object({ id: z.string(), amount: z.number(), ownerEmail: z.string() }),
  output: z.object({ alerted: z.boolean() }),
  outputs: ['decision', 'notification'],
  run: (ctx, deal) => {
    ctx.notify('slack', '#deals', `Deal ${deal.id} for ${deal.amount}`);
    ctx.notify('email', deal.ownerEmail, `Your deal ${deal.id} for ${deal.amount} needs a close plan`);
    ctx.notify('engagement', deal.ownerEmail, `Start the close sequence for deal ${deal.id}`);
    return ctx.decide({ alerted: true }, { confidence: 1, subject: `opportunity:${deal.id}` });
  },
  metrics: baseMetrics,
  feedback: [
    { name: 'volume', description: 'Silence alarm.', level: 2, reads: ['decisions'], evaluate: () => [] },
  ],
});
