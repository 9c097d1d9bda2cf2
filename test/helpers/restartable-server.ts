import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP server a test can stop (calls then fail with connection refused) and start again
 * on the same port.
 */
export class RestartableServer {
  private server: Server | undefined;
  port = 0;

  /** Listens on loopback: the first time on a free port, afterwards on the same one. */
  protected async listen(server: Server): Promise<void> {
    // Idle kept-alive sockets stay open until stop(): a server closing one just as a client reuses
    // it (timers run late on a loaded machine) would reset a request the test did not mean to fail.
    server.keepAliveTimeout = 120_000;
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening and drops open connections. */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
}
