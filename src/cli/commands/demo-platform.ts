import { randomBytes } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { RevloopsError } from '../../kernel/index.js';
import { verifySignature } from '../../surfaces/index.js';

/** What the stand-in engagement platform received: each request, and whether its signature held. */
interface Received {
  signatureValid: boolean;
  body: { id?: string; payload?: { data?: Record<string, unknown> } };
}

/** A loopback engagement platform that checks every webhook's signature, as a real receiver must. */
export interface DemoPlatform {
  url: string;
  secret: string;
  received: Received[];
  close(): Promise<void>;
}

/** The environment variable the demo workspace reads the webhook secret from. */
export const DEMO_SECRET_ENV = 'REVLOOPS_DEMO_WEBHOOK_SECRET';

/** Starts the stand-in platform on 127.0.0.1 with a fresh secret. */
export async function startDemoPlatform(clock: () => Date): Promise<DemoPlatform> {
  const secret = randomBytes(16).toString('hex');
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      raw += c;
    });
    req.on('end', () => {
      const ts = String(req.headers['x-revloops-timestamp'] ?? '');
      const sig = String(req.headers['x-revloops-signature'] ?? '');
      const signatureValid = verifySignature(secret, ts, raw, sig, 300, clock());
      received.push({ signatureValid, body: JSON.parse(raw) as Received['body'] });
      res.writeHead(signatureValid ? 200 : 401).end(signatureValid ? 'ok' : 'bad signature');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/engagement`,
    secret,
    received,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

/** Points a workspace's `engagement` channel at the platform (a signed webhook). */
export function connectWorkspace(dir: string, platform: DemoPlatform): void {
  const file = join(dir, 'revloops.yaml');
  if (/^channels:/m.test(readFileSync(file, 'utf8')))
    throw new RevloopsError('USAGE', `${file} already has channels; the demo connects its own platform`);
  appendFileSync(
    file,
    [
      '',
      '# Added by revloops demo: the engagement platform is a signed webhook on loopback.',
      'channels:',
      `  webhook: { url: "${platform.url}", secretEnv: ${DEMO_SECRET_ENV} }`,
      '  routes: { engagement: webhook }',
      '',
    ].join('\n'),
  );
}
