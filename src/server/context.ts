import type { Engine } from '../runtime/index.js';
import { touchApiToken } from '../store/index.js';
import { HttpError } from './errors.js';
import { IntakeQueue } from './intake-queue.js';
import { type Principal, principalOf } from './principal.js';
import { liveToken } from './tokens.js';

/** How a server runs: limits, signatures, CORS, and what it does after ingest or a config change. */
export interface ServerOptions {
  /** The engine over the workspace and store the server answers for. */
  engine: Engine;
  clock?: () => Date;
  /** Largest request body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Requests per second per token, and the burst allowed (default 50/s, burst 100); null: no limit. */
  rateLimit?: { perSecond: number; burst: number } | null;
  /** Origins allowed to call the API from a browser (default none: CORS off). */
  corsOrigins?: readonly string[];
  /** Origins allowed on /mcp besides none (a request without Origin is always allowed). */
  mcpOrigins?: readonly string[];
  /** The shared secret of signed ingest: events must carry X-Revloops-Signature over `timestamp.body`. */
  webhookSecret?: string;
  /** Serve /metrics without a token (default: admin or ops token required). */
  publicMetrics?: boolean;
  /** Group commit of ingest: wait at most this long for more events (default 1 ms), at most this many per transaction. */
  intake?: { maxWaitMs?: number; maxBatch?: number };
  /** Called after events commit (wakes an in-process worker). */
  onIngest?: () => void;
  /** Reloads the workspace after a config change made through the API; returns the new engine. */
  reload?: () => Promise<Engine>;
  /** Fastify's request log (default off). */
  logger?: boolean;
}

/** How long a resolved token is trusted before it is looked up again (so a revocation lands within it). */
const PRINCIPAL_TTL_MS = 5_000;
const TOUCH_EVERY_MS = 60_000;

/** What every route handler shares: the engine (replaced on reload), the clock, intake and tokens. */
export class ServerContext {
  engine: Engine;
  readonly clock: () => Date;
  readonly intake: IntakeQueue;
  private readonly principals = new Map<string, { principal: Principal; until: number }>();
  private readonly touched = new Map<string, number>();

  constructor(readonly options: ServerOptions) {
    this.engine = options.engine;
    this.clock = options.clock ?? (() => new Date());
    this.intake = new IntakeQueue(() => this.engine, {
      maxWaitMs: options.intake?.maxWaitMs ?? 1,
      maxBatch: options.intake?.maxBatch ?? 1000,
      ...(options.onIngest ? { onCommit: options.onIngest } : {}),
    });
  }

  /** The principal of a bearer token, or a 401. */
  async authenticate(secret: string): Promise<Principal> {
    const t = Date.now();
    const cached = this.principals.get(secret);
    if (cached && cached.until > t) return cached.principal;
    const now = this.clock();
    const row = await liveToken(this.engine.store.db, secret, now);
    if (!row) {
      this.principals.delete(secret);
      throw new HttpError(401, 'UNAUTHENTICATED', 'the bearer token is unknown, revoked or expired', {
        'www-authenticate': 'Bearer error="invalid_token"',
      });
    }
    const principal = await principalOf(this.engine.store, this.engine.workspace, row);
    if (this.principals.size > 10_000) this.principals.clear();
    this.principals.set(secret, { principal, until: t + PRINCIPAL_TTL_MS });
    if ((this.touched.get(row.id) ?? 0) + TOUCH_EVERY_MS < t) {
      this.touched.set(row.id, t);
      await touchApiToken(this.engine.store.db, row.id, now.toISOString());
    }
    return principal;
  }

  /** Reloads the workspace after the API changed its config (an accepted or rolled-back proposal). */
  async reloaded(): Promise<void> {
    if (this.options.reload) this.engine = await this.options.reload();
    this.principals.clear();
  }
}
