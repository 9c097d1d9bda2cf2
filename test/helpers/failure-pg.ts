import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** The version folder of the local PostgreSQL cluster (the one `pg_ctlcluster` manages). */
function clusterVersion(): string {
  const versions = readdirSync('/etc/postgresql');
  const v = versions[0];
  if (versions.length !== 1 || !v)
    throw new Error(`expected one PostgreSQL version, found ${versions.join(', ')}`);
  return v;
}

/** Runs `pg_ctlcluster <version> main <action>` without systemd. */
export function pgCluster(action: 'start' | 'stop' | 'restart'): void {
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', clusterVersion(), 'main', action], {
    stdio: 'pipe',
    timeout: 60_000,
  });
}

/** True when `pg_isready` says the server accepts connections. */
export function pgReady(): boolean {
  try {
    execFileSync('pg_isready', ['-h', '127.0.0.1', '-p', '5432', '-t', '2'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** Waits until the server accepts connections, up to `timeoutMs`. */
export async function waitPgReady(timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!pgReady()) {
    if (Date.now() > until) throw new Error(`PostgreSQL did not come back within ${timeoutMs} ms`);
    await sleep(200);
  }
}

/** Makes sure the server runs (starts it if it does not) and accepts connections. */
export async function ensurePgUp(): Promise<void> {
  if (!pgReady()) {
    try {
      pgCluster('start');
    } catch {
      // already starting or running: pg_isready decides
    }
  }
  await waitPgReady();
}
