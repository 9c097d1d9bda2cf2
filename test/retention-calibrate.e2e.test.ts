import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, copyWorkspace } from './helpers/cli.js';
import { DIALECTS, storeEnv } from './helpers/dialects.js';

describe.each(DIALECTS)('expand calibrate on imported customer history, on %s', (dialect) => {
  const ws = copyWorkspace('examples/acme');
  const { env, drop } = storeEnv(dialect);
  afterAll(async () => {
    ws.cleanup();
    await drop();
  });
  const run = (...argv: string[]) =>
    cli([...argv, '--workspace', ws.dir], [], () => new Date('2026-12-01T00:00:00Z'), env);

  it('imports customers and usage, and prints AUC of health against churn before and after', async () => {
    expect((await run('import', 'customers', join(ws.dir, 'data/customers.csv'))).out).toContain(
      '400 created',
    );
    expect((await run('import', 'usage', join(ws.dir, 'data/usage.csv'))).out).toContain('800 created');
    const human = await run('expand', 'calibrate', '--outcome', 'churned');
    expect(human.code).toBe(0);
    expect(human.out).toMatch(
      /AUC of health against churned on held-back customers: before 0\.\d{4}, after 0\.\d{4}/,
    );
    const body = JSON.parse((await run('expand', 'calibrate', '--outcome', 'churned', '--json')).out);
    expect(body.customers).toBe(400);
    expect(body.aucAfter).toBeGreaterThan(body.aucBefore);
    expect(body.proposed).toBe(true);
    const weights = body.weights.map((w: { to: number }) => w.to);
    expect(weights.reduce((a: number, b: number) => a + b, 0)).toBe(100);
    expect(body.patch[0].path).toMatch(/^health\.measures\.\d\.weight$/);
  });

  it('says what is missing when no customer has the outcome', async () => {
    const r = await run('expand', 'calibrate', '--outcome', 'expanded');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('has expanded as true/false');
  });
});
