import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../src/cli/context.js';
import { createToken } from '../src/server/tokens.js';
import { apiServer, apiWorkspace } from './helpers/api-workspace.js';
import { cli, copyWorkspace } from './helpers/cli.js';

const TOOLS = [
  'act_on_review_item',
  'explain_decision',
  'lead_chain',
  'list_review_items',
  'loop_metrics',
  'propose_config_change',
  'run_scenario_model',
  'simulate_route',
];

type Result = { isError?: boolean; content: { type: string; text: string }[] };
const text = (r: unknown) => (r as Result).content[0]?.text ?? '';
const json = (r: unknown) => {
  expect((r as Result).isError ?? false, text(r)).toBe(false);
  return JSON.parse(text(r));
};
const failure = (r: unknown) => {
  expect((r as Result).isError).toBe(true);
  return JSON.parse(text(r)).error as { code: string; message: string };
};

describe('MCP over streamable HTTP, with the API tokens', () => {
  const ws = apiWorkspace();
  const now = new Date('2026-11-24T15:00:00.000Z');
  let api: Awaited<ReturnType<typeof apiServer>>;
  let url = '';
  let agent = '';
  const client = new Client({ name: 'test', version: '1.0.0' });

  beforeAll(async () => {
    api = await apiServer(ws.dir, {}, () => now);
    url = await api.app.listen({ host: '127.0.0.1', port: 0 });
    agent = await api.token('agent', 'u-bot');
    const ops = await api.token('ops', 'u-ops');
    const post = (body: unknown) =>
      fetch(`${url}/v1/events/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ops}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const events = [
      { type: 'signup.created', payload: { id: 's1', email: 's1@x.io', seats: 9 } },
      { type: 'signup.created', payload: { id: 's2', email: 's2@x.io', seats: 30 } },
    ];
    expect((await post({ events })).status).toBe(200);
    await api.ctx.engine.drain();
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${agent}` } },
      }),
    );
  });
  afterAll(async () => {
    await client.close();
    await api?.close();
    ws.cleanup();
  });

  it('lists every tool and the loop resources', async () => {
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(TOOLS);
    const resources = (await client.listResources()).resources.map((r) => r.uri);
    expect(resources).toContain('revloops://loops/gov-signup/config');
    expect(resources).toContain('revloops://loops/capacity-model/schema');
    const config = await client.readResource({ uri: 'revloops://loops/gov-signup/config' });
    expect((config.contents[0] as { text: string }).text).toContain('threshold: 50 # hot at or above');
    const schema = await client.readResource({ uri: 'revloops://loops/gov-signup/schema' });
    expect(JSON.parse((schema.contents[0] as { text: string }).text).properties.threshold.maximum).toBe(1000);
  });

  it('calls every tool', async () => {
    const call = (name: string, args: Record<string, unknown>) => client.callTool({ name, arguments: args });
    const chain = json(await call('lead_chain', { leadId: 's1' }));
    expect(chain[0]).toMatchObject({ loop: 'gov-signup', output: { outcome: 'review' } });
    expect(text(await call('explain_decision', { decisionId: chain[0].id }))).toContain('gov-signup');
    const items = json(await call('list_review_items', {}));
    expect(items.map((i: { subject: string }) => i.subject)).toEqual(['lead:s1']);
    const acted = json(
      await call('act_on_review_item', {
        itemId: items[0].id,
        action: 'edit',
        set: [{ path: 'values.seats', value: 11 }],
      }),
    );
    expect(acted).toMatchObject({ grant: 'team', item: { status: 'approved', resolvedBy: 'u-bot' } });
    const proposal = json(
      await call('propose_config_change', {
        loop: 'gov-signup',
        title: 'Wider band',
        changes: [{ path: 'reviewBand', value: 15 }],
      }),
    );
    expect(proposal).toMatchObject({ status: 'open', evidence: { proposedBy: 'u-bot' } });
    expect(proposal.diff).toContain('+reviewBand: 15');
    json(await call('run_scenario_model', { loop: 'capacity-model', scenario: 'base' }));
    const cmp = json(
      await call('run_scenario_model', { loop: 'capacity-model', scenario: 'hire', compareWith: 'base' }),
    );
    expect(cmp.run.artifact.capacity).toBeCloseTo(5_880_000);
    expect(cmp.comparison.rows.find((r: { path: string }) => r.path === 'capacity').delta).toBe(1_080_000);
    const metrics = json(await call('loop_metrics', { loop: 'gov-signup', since: '7d' }));
    expect(metrics).toMatchObject({ loop: 'gov-signup', decisions: 2 });
    expect(failure(await call('simulate_route', { changes: [{ path: 'x', value: 1 }] })).code).toBe(
      'LOOP_NOT_FOUND',
    );
    expect(failure(await call('explain_decision', { decisionId: 'dec_nope' })).code).toBe('NOT_FOUND');
  });

  it('checks Origin and the token role on /mcp', async () => {
    const init = { jsonrpc: '2.0', id: 1, method: 'ping' };
    const post = (headers: Record<string, string>) =>
      fetch(`${url}/mcp`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...headers,
        },
        body: JSON.stringify(init),
      });
    const evil = await post({ authorization: `Bearer ${agent}`, origin: 'http://evil.example' });
    expect(evil.status).toBe(403);
    expect((await post({})).status).toBe(401);
    const rep = await api.token('rep', 'u-ana');
    expect((await post({ authorization: `Bearer ${rep}` })).status).toBe(403);
  });
});

describe('MCP on stdio through the built CLI', () => {
  const ws = copyWorkspace('examples/acme');
  let client: Client;
  beforeAll(async () => {
    const run = await cli([
      'run',
      '--input',
      join(ws.dir, 'data/worked-example.jsonl'),
      '--type',
      'lead.created',
      '--workspace',
      ws.dir,
      '--json',
    ]);
    expect(run.code, run.err).toBe(0);
    const opened = await openWorkspace({ workspace: ws.dir }, { env: {} });
    const { token } = await createToken(opened.store.db, { role: 'agent', user: 'u-ana', now: new Date() });
    await opened.close();
    client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [resolve('bin/revloops.js'), 'mcp', '--workspace', ws.dir],
        env: { ...(process.env as Record<string, string>), REVLOOPS_TOKEN: token, REVLOOPS_DATABASE_URL: '' },
      }),
    );
  });
  afterAll(async () => {
    await client?.close();
    ws.cleanup();
  });

  it('calls every tool on the worked example', async () => {
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(TOOLS);
    const call = (name: string, args: Record<string, unknown>) => client.callTool({ name, arguments: args });
    const chain = json(await call('lead_chain', { leadId: 'lead-2026-11-0417' }));
    const loops = chain.map((d: { loop: string }) => d.loop);
    expect(loops.slice(0, 2)).toEqual(['qualify', 'route']);
    const route = chain.find((d: { loop: string }) => d.loop === 'route');
    expect(text(await call('explain_decision', { decisionId: route.id }))).toContain('route');
    const sim = json(
      await call('simulate_route', { since: '3650d', changes: [{ path: 'rules.1.sla.minutes', value: 45 }] }),
    );
    expect(sim).toMatchObject({ loop: 'route', inputs: 1 });
    expect(Array.isArray(json(await call('list_review_items', { status: 'all' })))).toBe(true);
    expect(failure(await call('act_on_review_item', { itemId: 'rv_nope', action: 'approve' })).code).toBe(
      'NOT_FOUND',
    );
    const metrics = json(await call('loop_metrics', { loop: 'qualify', since: '3650d' }));
    expect(metrics.loop).toBe('qualify');
    expect(failure(await call('run_scenario_model', { loop: 'route', scenario: 'base' })).code).toBe('USAGE');
    const p = json(
      await call('propose_config_change', {
        loop: 'route',
        title: 'no-op check',
        changes: [{ path: 'rules.1.sla.minutes', value: 45 }],
      }),
    );
    expect(p).toMatchObject({ loop: 'route', status: 'open' });
    const res = await client.readResource({ uri: 'revloops://loops/route/config' });
    expect((res.contents[0] as { text: string }).text).toContain('loop: route');
  });
});
