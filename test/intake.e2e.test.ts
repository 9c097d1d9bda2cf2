import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registerEvents } from '../src/cli/commands/events.js';
import { registerImport } from '../src/cli/commands/import.js';
import { registerIngest } from '../src/cli/commands/ingest.js';
import { openWorkspace } from '../src/cli/context.js';
import { printError } from '../src/cli/io.js';
import type { CliRuntime } from '../src/cli/program.js';
import { type AnyLoop, baseMetrics, defineLoop, RevloopsError } from '../src/index.js';
import { countEventsByStatus, getRecordByExternalId, listDecisions, listEvents } from '../src/store/index.js';

const Signup = z.object({
  email: z.string().email(),
  seats: z.number().int().positive(),
  plan: z.enum(['free', 'pro']),
  signedUpAt: z.string().optional(),
  company: z.object({ name: z.string() }).optional(),
});

function signupLoop(input: z.ZodType<z.infer<typeof Signup>>): AnyLoop {
  return defineLoop({
    name: 'signup-intake',
    version: '1.0.0',
    description: 'Sizes product signups (test loop).',
    archetypes: ['event'],
    config: z.strictObject({}),
    triggers: [{ kind: 'event', on: 'signup.created' }],
    input,
    output: z.object({ email: z.string(), size: z.enum(['small', 'large']) }),
    outputs: ['decision'],
    run: (ctx, s) =>
      ctx.decide(
        { email: s.email, size: s.seats >= 5 ? 'large' : 'small' },
        { confidence: 1, subject: `signup:${s.email}`, reasons: [`${s.seats} seats on ${s.plan}`] },
      ),
    metrics: [...baseMetrics],
    feedback: [
      {
        name: 'none',
        description: 'Nothing to watch in a test.',
        level: 1,
        reads: ['decisions'],
        evaluate: () => [],
      },
    ],
  }) as AnyLoop;
}

const strictLoop = signupLoop(Signup);
// The same loop after a fix that accepts any email text: dead events retried against it succeed.
const fixedLoop = signupLoop(Signup.extend({ email: z.string() }));

const dir = mkdtempSync(join(tmpdir(), 'revloops-intake-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => join(dir, name);
const W = ['--workspace', dir];

writeFileSync(
  at('revloops.yaml'),
  `name: intake-test
loops: [signup-intake]
plugins: []
intake:
  signup.created:
    columns:
      email: { column: E-mail, required: true }
      seats: { column: Seats, type: integer, default: 1 }
      plan: { column: Plan, map: { Free Tier: free, Pro Plan: pro }, strict: true }
      signedUpAt: { column: Signed Up, type: date, format: MM/DD/YYYY }
      company.name: Company
`,
);

writeFileSync(
  at('signups.csv'),
  [
    'E-mail,Seats,Plan,Signed Up,Company',
    'dana@acme.com,9,Pro Plan,03/01/2025,"Acme, Inc."',
    'lee@other.io,,free tier,03/02/2025,Other',
    'bad-row@x.io,many,Pro Plan,03/03/2025,X',
    ',3,Pro Plan,03/04/2025,Y',
    'kim@z.io,2,Enterprise,03/05/2025,Z',
    'ann@q.io,4,pro,13/45/2025,Q',
    'ray@r.io,1,Free Tier,03/07/2025,"Multi',
    'line ""quoted"" name"',
    '',
  ].join('\n'),
);

/** Runs the intake commands on a local program, as the binary would, with captured output. */
async function run(argv: string[], loops: readonly AnyLoop[] = [strictLoop]) {
  const out: string[] = [];
  const err: string[] = [];
  let code = 0;
  const rt: CliRuntime = {
    io: { out: (t) => out.push(t), err: (t) => err.push(t), tty: false },
    setup: { loops, env: {} },
    exit: (c) => {
      code = Math.max(code, c);
    },
  };
  const program = new Command('revloops').exitOverride();
  registerIngest(program, rt);
  registerImport(program, rt);
  registerEvents(program, rt);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (!(e instanceof RevloopsError)) throw e;
    printError(rt.io, e, argv.includes('--json'));
    code = 1;
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Opens the workspace, processes everything pending, and returns what was decided in total. */
async function drain(loops: readonly AnyLoop[] = [strictLoop]) {
  const opened = await openWorkspace({ workspace: dir }, { loops, env: {} });
  try {
    const report = await opened.engine.drain();
    const decisions = await listDecisions(opened.store.db, { limit: 1000 });
    const events = await listEvents(opened.store.db, { limit: 1000 });
    return { report, decisions, events };
  } finally {
    await opened.close();
  }
}

describe('revloops ingest', () => {
  it('ingests a CSV through the workspace mapping and rejects bad rows with row numbers and reasons', async () => {
    const r = await run(['ingest', at('signups.csv'), '--type', 'signup.created', '--json', ...W]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({
      read: 7,
      accepted: 3,
      duplicates: 0,
      mapping: { file: 'revloops.yaml', path: 'intake.signup.created' },
    });
    expect(report.rejected).toEqual([
      { row: 4, column: 'Seats', field: 'seats', reason: 'column "Seats" (seats): "many" is not an integer' },
      { row: 5, column: 'E-mail', field: 'email', reason: 'column "E-mail" (email): a value is required' },
      {
        row: 6,
        column: 'Plan',
        field: 'plan',
        reason: 'column "Plan" (plan): "Enterprise" is not one of "Free Tier", "Pro Plan"',
      },
      {
        row: 7,
        column: 'Signed Up',
        field: 'signedUpAt',
        reason: 'column "Signed Up" (signedUpAt): "13/45/2025" has no month 13 (format MM/DD/YYYY)',
      },
    ]);
    const { report: processed, decisions, events } = await drain();
    expect(processed).toMatchObject({ claimed: 3, decisions: 3, dead: 0 });
    expect(decisions).toHaveLength(3);
    expect(events.map((e) => JSON.parse(e.payload))).toEqual([
      {
        email: 'dana@acme.com',
        seats: 9,
        plan: 'pro',
        signedUpAt: '2025-03-01',
        company: { name: 'Acme, Inc.' },
      },
      { email: 'lee@other.io', seats: 1, plan: 'free', signedUpAt: '2025-03-02', company: { name: 'Other' } },
      {
        email: 'ray@r.io',
        seats: 1,
        plan: 'free',
        signedUpAt: '2025-03-07',
        company: { name: 'Multi\nline "quoted" name' },
      },
    ]);
    expect(events.every((e) => e.source === 'file:signups.csv')).toBe(true);
  });

  it('accepts nothing new and decides nothing new when the same CSV comes again', async () => {
    const r = await run(['ingest', at('signups.csv'), '--type', 'signup.created', ...W]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('read 7 row(s): 0 accepted, 3 already known, 4 rejected');
    expect(r.out).toContain('  row 4: column "Seats" (seats): "many" is not an integer');
    const { report, decisions, events } = await drain();
    expect(report).toMatchObject({ claimed: 0, decisions: 0 });
    expect(decisions).toHaveLength(3);
    expect(events).toHaveLength(3);
  });

  it('takes JSONL lines as payloads without a mapping, rejecting a bad line', async () => {
    writeFileSync(at('more.jsonl'), '{"email":"jo@j.io","seats":6,"plan":"pro"}\n{"email": nope}\n');
    const r = await run(['ingest', at('more.jsonl'), '--type', 'signup.jsonl', '--process', '--json', ...W]);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ read: 2, accepted: 1, duplicates: 0, processed: { claimed: 1 } });
    expect(report.rejected[0]).toMatchObject({ row: 2, reason: expect.stringMatching(/^not JSON: /) });
  });

  it('fails with exit code 1 when every row is rejected', async () => {
    writeFileSync(at('all-bad.csv'), 'E-mail,Seats,Plan,Signed Up,Company\n,1,Pro Plan,,\nx@y.io,1,Gold,,\n');
    const r = await run(['ingest', at('all-bad.csv'), '--type', 'signup.created', ...W]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('read 2 row(s): 0 accepted, 0 already known, 2 rejected');
  });

  it("rejects a row the loop's contract refuses, with its row and field, instead of storing it to die later", async () => {
    writeFileSync(
      at('contract.csv'),
      'E-mail,Seats,Plan,Signed Up,Company\nnot-an-email,2,Pro Plan,,\nkim@k.io,2,Pro Plan,,\n',
    );
    const r = await run(['ingest', at('contract.csv'), '--type', 'signup.created', '--json', ...W]);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ read: 2, accepted: 1 });
    expect(report.rejected).toEqual([
      {
        row: 2,
        field: 'email',
        reason: expect.stringMatching(
          /^not a valid signup.created input of loop signup-intake: field email: /,
        ),
      },
    ]);
    const { events } = await drain();
    expect(events.map((e) => JSON.parse(e.payload).email)).not.toContain('not-an-email');
  });

  it('refuses a mapping naming a column the file lacks, listing its columns, before reading a row', async () => {
    writeFileSync(at('other.csv'), 'Email,Seats\nq@q.io,2\n');
    const r = await run(['ingest', at('other.csv'), '--type', 'signup.created', ...W]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      'revloops.yaml:7:24 intake.signup.created.columns.email.column: column "E-mail" is not in other.csv; its columns are "Email", "Seats"',
    );
    expect((await drain()).events.some((e) => e.payload.includes('q@q.io'))).toBe(false);
  });
});

/** How many events the workspace holds, whatever their status. */
async function storedEvents(): Promise<number> {
  const opened = await openWorkspace({ workspace: dir }, { loops: [strictLoop], env: {} });
  try {
    return Object.values(await countEventsByStatus(opened.store.db)).reduce((a, b) => a + b, 0);
  } finally {
    await opened.close();
  }
}

describe('revloops ingest of a file that cannot be read whole', () => {
  const header = 'E-mail,Seats,Plan,Signed Up,Company';

  it('stores nothing when a CSV syntax error comes after more than a batch of good rows', async () => {
    const good = Array.from({ length: 700 }, (_, i) => `bulk${i}@acme.com,2,Pro Plan,03/01/2025,Acme`);
    writeFileSync(at('broken.csv'), [header, ...good, 'bad@x.com,"1,Pro Plan,03/01/2025,X', ''].join('\n'));
    const before = await storedEvents();
    const r = await run(['ingest', at('broken.csv'), '--type', 'signup.created', ...W]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${at('broken.csv')}:702: not valid CSV: Quote Not Closed`);
    expect(await storedEvents()).toBe(before);
  });

  it('refuses bytes that are not UTF-8, naming the line and offset, and stores nothing', async () => {
    const latin1 = Buffer.from(`${header}\nok@acme.com,2,Pro Plan,03/01/2025,Acme\n`);
    const row = Buffer.concat([Buffer.from('ml@caf.de,2,Pro Plan,03/01/2025,Caf'), Buffer.from([0xe9])]);
    writeFileSync(at('latin1.csv'), Buffer.concat([latin1, row, Buffer.from('\n')]));
    const before = await storedEvents();
    const r = await run(['ingest', at('latin1.csv'), '--type', 'signup.created', ...W]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `${at('latin1.csv')}:3: not valid UTF-8: byte 0xe9 at offset ${latin1.length + 35}`,
    );
    writeFileSync(at('latin1.jsonl'), Buffer.concat([Buffer.from('{"email":"a@b.co"}\n{"email":"caf'), row]));
    const jsonl = await run(['ingest', at('latin1.jsonl'), '--type', 'signup.jsonl', ...W]);
    expect(jsonl.err).toContain(`${at('latin1.jsonl')}:2: not valid UTF-8: byte 0xe9`);
    expect(await storedEvents()).toBe(before);
  });

  it('gives a usage error for a directory instead of crashing', async () => {
    for (const name of ['folder.csv', 'folder.jsonl']) {
      mkdirSync(at(name));
      const r = await run(['ingest', at(name), '--type', 'signup.created', '--json', ...W]);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.out).error).toMatchObject({
        code: 'USAGE',
        message: `${at(name)}: is a directory, expected a .csv or .jsonl file`,
      });
    }
  });
});

const CRM_EXPORT = [
  'Account ID,Account Name,Website,Employees,Industry,Billing Country,Customer Since,Active,Tier',
  '001A,"Acme, Inc.",acme.com,"1,200",Software,US,03/15/2021,Yes,Enterprise',
  '001B,Beta GmbH,beta.de,45,Manufacturing,DE,11/02/2022,No,Mid-Market',
  '001C,Gamma Ltd,gamma.co.uk,,Retail,UK,,yes,smb',
  '',
].join('\n');

writeFileSync(at('accounts.csv'), CRM_EXPORT);
writeFileSync(
  at('account-map.yaml'),
  `columns:
  externalId: Account ID
  name: Account Name
  domain: Website
  employees: { column: Employees, type: integer }
  industry: Industry
  country: Billing Country
  customerSince: { column: Customer Since, type: date, format: MM/DD/YYYY }
  active: { column: Active, type: boolean }
  segment: { column: Tier, map: { Enterprise: ent, Mid-Market: mm, SMB: smb }, strict: true }
required: [name]
`,
);

async function account(externalId: string) {
  const opened = await openWorkspace({ workspace: dir }, { loops: [strictLoop], env: {} });
  try {
    return await getRecordByExternalId(opened.store.db, 'account', externalId);
  } finally {
    await opened.close();
  }
}

describe('revloops import', () => {
  const importAccounts = (file: string) =>
    run(['import', 'account', at(file), '--map', at('account-map.yaml'), '--json', ...W]);

  it('creates records from a CRM export with renames, value maps, numbers, booleans and dates', async () => {
    const r = await importAccounts('accounts.csv');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      read: 3,
      created: 3,
      updated: 0,
      unchanged: 0,
      rejected: [],
      mapping: { file: expect.stringMatching(/account-map\.yaml$/), path: null },
    });
    const acme = await account('001A');
    expect(acme).toMatchObject({ id: '001A', externalId: '001A', version: 1 });
    expect(acme?.values).toEqual({
      name: 'Acme, Inc.',
      domain: 'acme.com',
      employees: 1200,
      industry: 'Software',
      country: 'US',
      customerSince: '2021-03-15',
      active: true,
      segment: 'ent',
    });
    expect((await account('001C'))?.values).toEqual({
      name: 'Gamma Ltd',
      domain: 'gamma.co.uk',
      industry: 'Retail',
      country: 'UK',
      active: true,
      segment: 'smb',
    });
  });

  it('reports every row unchanged when the same file is imported again', async () => {
    const r = await importAccounts('accounts.csv');
    expect(JSON.parse(r.out)).toMatchObject({ read: 3, created: 0, updated: 0, unchanged: 3 });
    expect((await account('001A'))?.version).toBe(1);
  });

  it('updates exactly the one record whose row changed', async () => {
    writeFileSync(at('accounts-2.csv'), CRM_EXPORT.replace('beta.de,45,', 'beta.de,50,'));
    const r = await importAccounts('accounts-2.csv');
    expect(JSON.parse(r.out)).toMatchObject({ read: 3, created: 0, updated: 1, unchanged: 2 });
    expect(await account('001B')).toMatchObject({
      id: '001B',
      version: 2,
      values: { employees: 50 },
    });
    expect((await account('001A'))?.version).toBe(1);
    expect((await account('001C'))?.version).toBe(1);
  });

  it('rejects rows that fail the record schema and names the row', async () => {
    writeFileSync(
      at('accounts-bad.csv'),
      `${CRM_EXPORT}001D,,d.io,5,X,US,,no,SMB\n001E,Echo,e.io,-4,X,US,,no,SMB\n`,
    );
    const r = await run(['import', 'account', at('accounts-bad.csv'), '--map', at('account-map.yaml'), ...W]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('read 5 row(s): 0 created, 1 updated, 2 unchanged, 2 rejected');
    expect(r.out).toContain('  row 5: column "Account Name" (name): a value is required');
    expect(r.out).toContain(
      '  row 6: column "Employees" (employees): -4 is invalid: too small: expected number to be >=0',
    );
  });

  it('reports a bad mapping file as file:line:column and changes nothing', async () => {
    writeFileSync(
      at('bad-map.yaml'),
      readFileSync(at('account-map.yaml'), 'utf8').replace('type: integer', 'type: int'),
    );
    const r = await run(['import', 'account', at('accounts-2.csv'), '--map', at('bad-map.yaml'), ...W]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad-map\.yaml:5:\d+ columns\.employees: type: Invalid option/);
  });

  it('refuses a mapping that does not map externalId', async () => {
    writeFileSync(at('no-id.yaml'), 'columns:\n  name: Account Name\n');
    const r = await run(['import', 'account', at('accounts.csv'), '--map', at('no-id.yaml'), ...W]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('required field externalId is not mapped from any column');
  });
});

describe('revloops events', () => {
  let deadId = '';

  it('lists a dead event with its last error', async () => {
    const opened = await openWorkspace({ workspace: dir }, { loops: [strictLoop], env: {} });
    try {
      await opened.engine.emit({
        type: 'signup.created',
        payload: { email: 'not-an-email', seats: 2, plan: 'pro' },
      });
      expect(await opened.engine.drain()).toMatchObject({ dead: 1 });
    } finally {
      await opened.close();
    }
    const r = await run(['events', 'list', '--status', 'dead', '--json', ...W]);
    const body = JSON.parse(r.out);
    expect(body.counts.dead).toBe(1);
    expect(body.events).toHaveLength(1);
    expect(body.events[0].lastError).toMatch(/^CONTRACT_VIOLATION: /);
    deadId = body.events[0].id;
  });

  it('refuses to retry an event that is not failed or dead, or does not exist', async () => {
    const done = (await drain()).events.find((e) => e.status === 'done');
    const r = await run(['events', 'retry', done?.id ?? '', ...W]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('is done: only failed or dead events can be retried');
    expect((await run(['events', 'retry', 'evt_nope', ...W])).err).toContain('no event or delivery evt_nope');
    expect((await run(['events', 'retry', ...W])).err).toContain('give event or delivery ids, or --all-dead');
  });

  it('brings every dead event back to pending with attempts reset and shows its last error', async () => {
    const r = await run(['events', 'retry', '--all-dead', '--json', ...W]);
    expect(r.code).toBe(0);
    const { retried } = JSON.parse(r.out);
    expect(retried).toEqual([
      {
        id: deadId,
        type: 'signup.created',
        was: 'dead',
        attempts: 1,
        lastError: expect.stringMatching(/^CONTRACT_VIOLATION/),
      },
    ]);
    const pending = JSON.parse((await run(['events', 'list', '--status', 'pending', '--json', ...W])).out);
    expect(pending.events).toMatchObject([{ id: deadId, status: 'pending', attempts: 0 }]);
    expect(pending.counts.dead ?? 0).toBe(0);
  });

  it('processes the retried event once the loop is fixed', async () => {
    const { report, events } = await drain([fixedLoop]);
    expect(report).toMatchObject({ claimed: 1, decisions: 1, done: 1, dead: 0 });
    expect(events.find((e) => e.id === deadId)?.status).toBe('done');
    const again = await run(['events', 'retry', '--all-dead', ...W]);
    expect(again.out).toBe('no dead events or deliveries');
  });
});
