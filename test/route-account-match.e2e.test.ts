import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, copyWorkspace } from './helpers/cli.js';
import { DIALECTS, storeEnv } from './helpers/dialects.js';
import { keepLoops } from './helpers/workspace-yaml.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON the CLI printed, read field by field by the assertions
type Json = Record<string, any>;

/** A lead.created payload: a VP who asked for a demo, with `extra` fields. */
const lead = (id: string, email: string, extra: Json = {}): Json => ({
  id,
  email,
  firstName: id.replace('lead-', ''),
  lastName: 'Example',
  title: 'VP of Operations',
  country: 'US',
  region: 'NA',
  source: 'organic_search',
  formType: 'demo_request',
  ...extra,
});

/**
 * The demand chain on the acme workspace, for leads whose account is known to the CRM but not
 * from their email: qualify's enrichment matches the company to an account (by name, or among
 * accounts sharing a domain), hands the account on in lead.qualified, and route assigns the
 * account's owner, saying how the account was matched. A match enrichment sent to review is not
 * a confirmed account, and a free email domain never names one.
 */
describe.each(DIALECTS)('qualify → route: the account qualify matched, on %s', (dialect) => {
  const ws = copyWorkspace('examples/acme');
  keepLoops(ws.dir, ['qualify', 'route']);
  const { env, drop } = storeEnv(dialect);
  afterAll(async () => {
    ws.cleanup();
    await drop();
  });
  const now = new Date('2026-11-24T15:00:00.000Z'); // a Tuesday, 10:00 in New York
  const run = (...argv: string[]) => cli([...argv, '--workspace', ws.dir], [], () => now, env);
  const json = async (...argv: string[]) => {
    const r = await run(...argv, '--json');
    expect(r.code, `${argv.join(' ')}: ${r.err}`).toBe(0);
    return JSON.parse(r.out);
  };
  const routed = new Map<string, Json>();
  /** The account-match step of a route decision, in full (explain's text shortens long details). */
  const accountMatch = async (id: string): Promise<Json | undefined> => {
    const { decision } = await json('explain', id);
    return (decision.trace as Json[]).find((t) => t.kind === 'step' && t.name === 'account-match')?.detail;
  };

  it('runs four leads through qualify and route, with the accounts of data/accounts.csv and a few more', async () => {
    // Two accounts with the same name (a duplicate in the CRM), a second account on Harbor & Finch's
    // domain, and an account a careless import put on gmail.com.
    appendFileSync(
      join(ws.dir, 'data/accounts.csv'),
      [
        'acc-901,Cobalt Ridge Mining,cobaltridge.com,Mining,900,US,North America,Commercial,u-ana,true,Salesforce',
        'acc-902,Cobalt Ridge Mining,cobaltridge.ca,Mining,300,CA,North America,Commercial,u-dev,true,HubSpot',
        'acc-903,Finch Capital Partners,harborfinch.com,Financial Services,220,US,North America,Commercial,u-dev,true,Salesforce',
        'acc-904,Pat Example,gmail.com,Consulting,1,US,North America,SMB,u-hana,false,',
        '',
      ].join('\n'),
    );
    const leads = [
      lead('lead-jane', 'jane.doe@gmail.com', { company: 'Brightline Logistics' }),
      lead('lead-rio', 'rio@outlook.com', { company: 'Cobalt Ridge Mining' }),
      lead('lead-sam', 'sam@harborfinch.com', { company: 'Finch Capital Partners' }),
      lead('lead-pat', 'pat@gmail.com', { domain: 'gmail.com', employees: 80, industry: 'Software' }),
    ];
    const file = join(ws.dir, 'leads.jsonl');
    writeFileSync(file, `${leads.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const body = await json('run', '--input', file, '--type', 'lead.created');
    expect(body.report).toMatchObject({ decisions: 8, dead: 0, failed: 0 });
    for (const d of (await json('decisions', 'list', '--loop', 'route')) as Json[])
      routed.set(String(d.subject).slice(5), d);
    expect(routed.size).toBe(4);
  });

  it('a gmail.com lead whose company is an existing account goes to the account owner, with how it matched', async () => {
    const d = routed.get('lead-jane');
    expect(d?.output).toMatchObject({
      outcome: 'assigned',
      rule: 'existing-customer',
      via: 'account-owner',
      assignee: 'u-ben', // owner of acc-001, Brightline Logistics
    });
    const explain = (await run('explain', String(d?.id))).out;
    expect(explain).toContain(
      'owner of account acc-001, matched by enrichment via crm-accounts (agent, confidence 1)',
    );
    expect(explain).toContain("rule    1. existing-customer: matched, accountMatch is 'matched'");
    expect(await accountMatch(String(d?.id))).toEqual({
      status: 'matched',
      via: 'enrichment',
      accountId: 'acc-001',
      confidence: 1,
      reason:
        'enrichment via crm-accounts (agent, confidence 1) matched the company to account acc-001 (Brightline Logistics)',
    });
    // The chain: qualify handed the account on, and route handed it on with the assignment.
    const chain = (await json('decisions', 'chain', String(d?.id))) as Json[];
    const qualify = chain.find((x) => x.loop === 'qualify');
    const handoff = qualify?.effects.find((e: Json) => e.kind === 'handoff');
    expect(handoff.payload).not.toHaveProperty('domain');
    expect(handoff.payload.matchedAccount).toEqual({
      id: 'acc-001',
      name: 'Brightline Logistics',
      status: 'matched',
      provider: 'crm-accounts',
      how: 'agent',
      confidence: 1,
    });
    const routedHandoff = chain
      .find((x) => x.loop === 'route')
      ?.effects.find((e: Json) => e.kind === 'handoff');
    expect(routedHandoff.payload).toMatchObject({ ownerId: 'u-ben', accountId: 'acc-001' });
  });

  it('two accounts of one name: the match qualify sent to review is no confirmed account; route asks a person', async () => {
    const d = routed.get('lead-rio');
    expect(d?.output).toMatchObject({
      outcome: 'review',
      via: 'account-owner',
      queue: 'review',
      assignee: null,
    });
    const explain = (await run('explain', String(d?.id))).out;
    expect(explain).toContain('but the match awaits review, so it is not a confirmed account');
    const enrichment = (await json('review', 'list', '--queue', 'enrichment')) as Json[];
    expect(enrichment.map((i) => i.subject)).toEqual(['lead:lead-rio']);
    const [item] = (await json('review', 'list', '--queue', 'review')) as Json[];
    expect(item?.subject).toBe('lead:lead-rio');
    expect(['acc-901', 'acc-902']).toContain(item?.proposedAction.accountId);
  });

  it('two accounts on one domain: the one qualify matched by name gets the lead, without a second agent call', async () => {
    const d = routed.get('lead-sam');
    expect(d?.output).toMatchObject({ via: 'account-owner', assignee: 'u-dev' }); // acc-903, not acc-002 (u-eli)
    const explain = (await run('explain', String(d?.id))).out;
    expect(explain).toMatch(
      /owner of account acc-903, matched by enrichment via crm-accounts \(agent, confidence 0\.9\d*\)/,
    );
    expect(explain).not.toContain('route.match-account');
  });

  it('a free email domain typed as the company domain never names an account', async () => {
    const d = routed.get('lead-pat');
    expect(d?.output.via).not.toBe('account-owner');
    expect(d?.output.assignee).not.toBe('u-hana');
    expect(await accountMatch(String(d?.id))).toMatchObject({
      status: 'none',
      reason: 'gmail.com is a free email domain, which names no account',
    });
  });

  it('every decision replays identically', async () => {
    const r = await json('replay', '--all');
    expect(r.checked).toBe(8);
    expect(r.different).toBe(0);
  });
});
