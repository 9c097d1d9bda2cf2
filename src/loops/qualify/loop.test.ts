import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createAgentGateway } from '../../agents/index.js';
import {
  type AgentGateway,
  executeLoop,
  getPath,
  type HandoffEffect,
  type JsonObject,
  type MetricObservation,
  type MetricSummary,
  observeMetrics,
  type RecordFilter,
  type RecordKind,
  type RecordReader,
  type RecordWrite,
  type RunResult,
  type StoredRecord,
  type TraceEntry,
} from '../../kernel/index.js';
import { workspaceLookups } from '../../runtime/lookups.js';
import { QualifyConfig } from './config.js';
import { LeadCreated, LeadQualified, QualifyOutput } from './contract.js';
import { qualifyLoop } from './loop.js';

/** The records of work over a Map: the same interface the store implements. */
class MapRecords implements RecordReader {
  private readonly rows = new Map<string, StoredRecord>();

  put(kind: RecordKind, id: string, values: JsonObject): this {
    this.rows.set(`${kind}:${id}`, {
      id,
      externalId: null,
      values,
      version: 1,
      updatedAt: '2026-11-01T00:00:00.000Z',
    });
    return this;
  }

  async get(kind: RecordKind, id: string): Promise<StoredRecord | null> {
    return this.rows.get(`${kind}:${id}`) ?? null;
  }

  async find(kind: RecordKind, filter: RecordFilter, options?: { limit?: number }): Promise<StoredRecord[]> {
    const found = [...this.rows.entries()]
      .filter(
        ([key, r]) =>
          key.startsWith(`${kind}:`) && Object.entries(filter).every(([f, v]) => getPath(r.values, f) === v),
      )
      .map(([, r]) => r)
      .sort((a, b) => a.id.localeCompare(b.id));
    return found.slice(0, options?.limit ?? found.length);
  }

  async count(kind: RecordKind, filter: RecordFilter): Promise<number> {
    return (await this.find(kind, filter)).length;
  }
}

/** No lead of the acme example is ambiguous: an agent call here is a bug. */
const agents: AgentGateway = {
  ask: async (task) => {
    throw new Error(`no acme lead needs an agent, yet qualify asked ${task.name}`);
  },
};

/** The acme workspace's own lookups: its companies file under data/. */
const lookups = workspaceLookups(new URL('../../../examples/acme', import.meta.url).pathname);

const NOW = '2026-11-24T12:00:00.000Z';
const acmeFile = new URL('../../../examples/acme/loops/qualify.yaml', import.meta.url);
const { loop: _loop, ...acmeYaml } = parse(readFileSync(acmeFile, 'utf8')) as Record<string, unknown>;
const acme = QualifyConfig.parse(acmeYaml);
const leads = readFileSync(new URL('../../../examples/acme/data/leads.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Record<string, unknown>);
const leadById = (id: string) => {
  const lead = leads.find((l) => l.id === id);
  if (!lead) throw new Error(`no ${id} in leads.jsonl`);
  return lead;
};

/** One version per config, as the engine gives one content hash per config (the model cache keys on it). */
const versions = new Map<QualifyConfig, string>();
const versionOf = (c: QualifyConfig) =>
  versions.get(c) ?? versions.set(c, `test-config-${versions.size + 1}`).get(c) ?? '';

function run(
  input: unknown,
  options: { config?: QualifyConfig; records?: RecordReader; agents?: AgentGateway } = {},
): Promise<RunResult> {
  const config = options.config ?? acme;
  return executeLoop({
    loop: qualifyLoop,
    config,
    configVersion: versionOf(config),
    input,
    subject: null,
    idBase: 'dec-1',
    now: NOW,
    seed: 7,
    records: options.records ?? new MapRecords(),
    agents: options.agents ?? agents,
    lookups,
    eventType: 'lead.created',
  });
}

async function observe(lead: Record<string, unknown>, config = acme): Promise<MetricObservation[]> {
  const r = await run(lead, { config });
  const output = r.decided.output as JsonObject;
  const facts = {
    loop: 'qualify',
    input: lead as JsonObject,
    output,
    confidence: 1,
    effects: r.effects,
    trace: r.trace,
    latencyMs: 2,
  };
  return observeMetrics(qualifyLoop.metrics, facts);
}

/** Observations summed per metric and label, as the store summarizes a window. */
function summarize(observations: readonly MetricObservation[]): MetricSummary[] {
  const rows = new Map<string, MetricSummary>();
  for (const o of observations) {
    const row = rows.get(`${o.metric}|${o.label}`) ?? {
      metric: o.metric,
      label: o.label,
      count: 0,
      sum: 0,
      min: o.value,
      max: o.value,
    };
    Object.assign(row, {
      count: row.count + 1,
      sum: row.sum + o.value,
      min: Math.min(row.min, o.value),
      max: Math.max(row.max, o.value),
    });
    rows.set(`${o.metric}|${o.label}`, row);
  }
  return [...rows.values()];
}

const factors = (trace: readonly TraceEntry[]) => trace.filter((t) => t.kind === 'factor');
const capAdjustments = (trace: readonly TraceEntry[]) =>
  trace.flatMap((t) => (t.kind === 'step' && t.name === 'cap' ? [Number(t.detail?.adjustment)] : []));
const effect = <K extends 'record_write' | 'handoff'>(r: RunResult, kind: K) =>
  r.effects.find((e) => e.kind === kind) as (K extends 'handoff' ? HandoffEffect : RecordWrite) | undefined;

describe('qualify loop: the worked example', () => {
  it('scores the VP of Sales demo request 91, grade A, and explains why', async () => {
    const r = await run(leadById('lead-001'));
    expect(QualifyOutput.parse(r.decided.output)).toEqual({
      leadId: 'lead-001',
      score: 91,
      fit: 60,
      engagement: 31,
      negative: 0,
      grade: 'A',
      topReasons: [
        "Form: 'demo_request' is listed (+20)",
        'Company size: 450 is in 200–999 (+16)',
        "Seniority: 'VP of Sales' matches 'vp' (+14)",
      ],
      enrichment: {
        status: 'skipped',
        reason: 'the lead already has employees, industry, country, region, technologies',
        companyId: null,
        provider: null,
        filled: [],
      },
    });
    expect(r.decided.confidence).toBe(1);
    expect(r.decided.subject).toBe('lead:lead-001');
    expect(r.trace).toContainEqual({
      kind: 'step',
      name: 'cap',
      detail: {
        scope: 'fit',
        limit: 60,
        before: 65,
        after: 60,
        adjustment: -5,
        reason: 'fit points 65 capped at 60',
      },
    });
    expect(r.trace).toContainEqual({
      kind: 'rule',
      rule: 'grade A',
      matched: true,
      reason: 'score 91 ≥ 80 and fit 60 ≥ 40',
    });
  });

  it('writes the score back to the lead record and hands a valid lead.qualified to routing', async () => {
    const r = await run(leadById('lead-001'));
    expect(r.effects.map((e) => e.kind)).toEqual(['record_write', 'handoff']);
    const write = effect(r, 'record_write');
    expect(write).toMatchObject({ record: 'lead', recordId: 'lead-001', op: 'patch' });
    expect(write?.values).toMatchObject({
      score: 91,
      grade: 'A',
      fitScore: 60,
      engagementScore: 31,
      scoredAt: NOW,
      email: 'dana.whitfield@northwindanalytics.com',
    });
    expect(write?.values.scoringVersion).toBe(versionOf(acme));
    expect(write?.values.scoreReasons).toHaveLength(3);
    const handoff = effect(r, 'handoff');
    expect(handoff?.type).toBe('lead.qualified');
    expect(handoff?.subject).toBe('lead:lead-001');
    expect(LeadQualified.parse(handoff?.payload)).toMatchObject({
      leadId: 'lead-001',
      email: 'dana.whitfield@northwindanalytics.com',
      domain: 'northwindanalytics.com',
      country: 'US',
      region: 'NA',
      name: 'Dana Whitfield',
      firstName: 'Dana',
      employees: 450,
      industry: 'Software',
      score: 91,
      grade: 'A',
      fitScore: 60,
      engagementScore: 31,
    });
  });
});

describe('qualify loop: every lead of the acme example', () => {
  it('accepts every payload and traces every factor, zero ones included', async () => {
    const names = [...acme.factors.map((f) => f.name), 'free-email', 'competitor'];
    for (const lead of leads) {
      expect(LeadCreated.safeParse(lead).success).toBe(true);
      const r = await run(lead);
      expect(factors(r.trace).map((f) => f.factor)).toEqual(names);
    }
  });

  it('the score equals the sum of traced contributions after caps', async () => {
    for (const lead of leads) {
      const r = await run(lead);
      const sum =
        factors(r.trace).reduce((s, f) => s + f.contribution, 0) +
        capAdjustments(r.trace).reduce((s, a) => s + a, 0);
      expect(sum, String(lead.id)).toBe((r.decided.output as { score: number }).score);
    }
  });

  it('measures grade, score and leads with no fit data', async () => {
    const labels = async (id: string) =>
      (await observe(leadById(id))).map((o) => `${o.metric}:${o.label}:${o.value}`);
    expect(await labels('lead-001')).toEqual([
      'decisions::1',
      'latency_ms::2',
      'grade:A:1',
      'score::91',
      'score_histogram:91:1',
      'fit_score::60',
      'enrichment:skipped:1',
    ]);
    expect(await labels('lead-009')).toContain('no_fit_data::1');
  });

  it('enriches only the leads that lack company data, and keeps the documented grade mix', async () => {
    const grades: Record<string, number> = {};
    const statuses: Record<string, number> = {};
    for (const lead of leads) {
      const out = QualifyOutput.parse((await run(lead)).decided.output);
      grades[out.grade] = (grades[out.grade] ?? 0) + 1;
      const status = out.enrichment?.status ?? 'none';
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
    expect(grades).toEqual({ A: 6, B: 9, C: 9, D: 17 });
    expect(statuses).toEqual({ skipped: 25, enriched: 1, unenriched: 15 });
    const granite = await run(leadById('lead-039'));
    expect(QualifyOutput.parse(granite.decided.output).enrichment).toEqual({
      status: 'enriched',
      reason: 'not found: technologies',
      companyId: 'co-0014',
      provider: 'company-file',
      filled: ['employees', 'industry'],
    });
    expect(granite.trace).toContainEqual(
      expect.objectContaining({ kind: 'factor', factor: 'company-size', value: 35, contribution: 4 }),
    );
  });

  it('closes the loop: metrics of real decisions feed the drift monitor and the threshold proposer', async () => {
    const findingsFor = async (config: QualifyConfig) => {
      const window = summarize((await Promise.all(leads.map((l) => observe(l, config)))).flat());
      return qualifyLoop.feedback.flatMap((f) => f.evaluate(window, config));
    };
    // The acme model grades 6 of 41 leads A (15%): inside its 2-25% band, nothing to say.
    expect(await findingsFor(acme)).toEqual([]);
    const thresholds = [
      { grade: 'A', min: 50 },
      { grade: 'B', min: 40 },
      { grade: 'C', min: 20 },
    ];
    const loose = QualifyConfig.parse({
      ...acmeYaml,
      grades: { thresholds },
      proposals: { raiseAThreshold: { minDecisions: 30 } },
    });
    const findings = await findingsFor(loose);
    expect(findings.map((f) => f.feedback)).toEqual(['grade-drift', 'raise-a-threshold']);
    const patch = findings[1]?.patch?.[0];
    expect(patch).toMatchObject({ path: 'grades.thresholds.0.min', from: 50 });
    expect(Number(patch?.to)).toBeGreaterThan(50);
    expect(Number(getPath(findings[1]?.evidence, 'projectedShare'))).toBeLessThanOrEqual(0.2);
  });
});

describe('qualify loop: records and contracts', () => {
  it('fills fields the event lacks from the stored lead record, and patches only the score', async () => {
    const { employees: _e, industry: _i, ...bare } = leadById('lead-001');
    const records = new MapRecords().put('lead', 'lead-001', {
      email: 'dana.whitfield@northwindanalytics.com',
      employees: 450,
      industry: 'Software',
    });
    const r = await run(bare, { records });
    expect((r.decided.output as { score: number }).score).toBe(91);
    expect(r.trace[0]).toEqual({
      kind: 'step',
      name: 'lead-record',
      detail: { found: true, filledFromRecord: ['employees', 'industry'] },
    });
    expect(Object.keys(effect(r, 'record_write')?.values ?? {}).sort()).toEqual([
      'engagementScore',
      'enrichment',
      'fitScore',
      'grade',
      'score',
      'scoreReasons',
      'scoredAt',
      'scoringVersion',
    ]);
  });

  it('a free-email lead with no company data still hands off a valid payload, without a domain', async () => {
    const r = await run(leadById('lead-009'));
    expect(QualifyOutput.parse(r.decided.output)).toMatchObject({ score: 0, grade: 'D', negative: -20 });
    const payload = LeadQualified.parse(effect(r, 'handoff')?.payload);
    expect(payload).not.toHaveProperty('domain');
    expect(payload.topReasons).toEqual([
      "Form: 'newsletter_signup' is listed (+1)",
      'Free email: fastmail.com is a free email provider (-20)',
    ]);
  });

  it('refuses a payload that breaks the input contract', async () => {
    await expect(run({ email: 'x@y.io' })).rejects.toMatchObject({ code: 'CONTRACT_VIOLATION' });
    await expect(run({ id: 'l', email: 'not-an-email' })).rejects.toMatchObject({
      code: 'CONTRACT_VIOLATION',
    });
    await expect(
      run({ id: 'l', email: 'a@b.io', activities: [{ type: 'form', at: 'yesterday' }] }),
    ).rejects.toMatchObject({
      code: 'CONTRACT_VIOLATION',
    });
  });

  it('replays a config stored before enrichment existed (no enrichment block) as it was', async () => {
    const { enrichment: _e, ...old } = acme;
    const r = await run(leadById('lead-039'), { config: old as QualifyConfig });
    expect(QualifyOutput.parse(r.decided.output)).toMatchObject({ score: 21, grade: 'D' });
    expect(r.decided.output).not.toHaveProperty('enrichment');
  });

  it('observes outcomes against the grade the lead was given, and finds a lead by its opportunity', async () => {
    const records = new MapRecords().put('lead', 'lead-001', {
      email: 'dana.whitfield@northwindanalytics.com',
      grade: 'A',
      score: 91,
      scoringVersion: 'v1',
      opportunityId: 'opp-1',
    });
    const outcome = (eventType: string, payload: unknown) =>
      executeLoop({
        loop: qualifyLoop,
        config: acme,
        configVersion: versionOf(acme),
        input: payload,
        subject: null,
        idBase: 'dec-2',
        now: NOW,
        seed: 7,
        records,
        agents,
        lookups,
        eventType,
      });
    const converted = await outcome('lead.converted', { leadId: 'lead-001', at: '2026-11-30T10:00:00Z' });
    expect(converted.decided.output).toEqual({
      leadId: 'lead-001',
      outcome: 'converted',
      grade: 'A',
      score: 91,
      scoringVersion: 'v1',
    });
    expect(effect(converted, 'record_write')?.values).toEqual({
      converted: true,
      convertedAt: '2026-11-30T10:00:00Z',
    });
    const lost = await outcome('opportunity.lost', { id: 'opp-1' });
    expect(lost.decided).toMatchObject({ subject: 'lead:lead-001', output: { outcome: 'lost', grade: 'A' } });
    expect(effect(lost, 'record_write')?.values).toEqual({
      converted: true,
      won: false,
      closedAt: NOW,
      opportunityId: 'opp-1',
    });
    const unknown = await outcome('opportunity.won', { leadId: 'lead-404' });
    expect(unknown.decided.output).toMatchObject({ leadId: 'lead-404', grade: null, score: null });
    expect(unknown.effects).toEqual([]);
    await expect(outcome('lead.converted', { amount: 5 })).rejects.toMatchObject({
      code: 'CONTRACT_VIOLATION',
    });
  });

  it('is deterministic: the same input, config and clock give the same decision', async () => {
    const a = await run(leadById('lead-040'));
    const b = await run(leadById('lead-040'));
    expect(b).toEqual(a);
  });
});

describe('qualify loop: the account the company matched, handed on to routing', () => {
  const heuristic = createAgentGateway({ provider: 'heuristic' }, { env: {} });
  const jane = {
    id: 'lead-jane',
    email: 'jane.doe@gmail.com',
    firstName: 'Jane',
    lastName: 'Doe',
    title: 'VP of Operations',
    company: 'Brightline Logistics',
    formType: 'demo_request',
  };
  const brightline = {
    name: 'Brightline Logistics',
    employees: 640,
    industry: 'Logistics',
    ownerId: 'u-ben',
  };
  const handoff = (r: RunResult) => LeadQualified.parse(effect(r, 'handoff')?.payload);
  const written = (r: RunResult) => effect(r, 'record_write')?.values ?? {};

  it('a free-mail lead whose company name is an account: the account goes on the lead and in lead.qualified', async () => {
    const records = new MapRecords().put('account', 'acc-bright', {
      ...brightline,
      domain: 'brightlinelogistics.com',
    });
    const r = await run(jane, { records, agents: heuristic });
    const matchedAccount = {
      id: 'acc-bright',
      name: 'Brightline Logistics',
      status: 'matched',
      provider: 'crm-accounts',
      how: 'agent',
      confidence: 1,
    };
    expect(handoff(r)).not.toHaveProperty('domain');
    expect(handoff(r).matchedAccount).toEqual(matchedAccount);
    expect(written(r).matchedAccount).toEqual(matchedAccount);
    expect(written(r).enrichment).toMatchObject({ status: 'enriched', companyId: 'acc-bright' });
    const step = r.trace.find((t) => t.kind === 'step' && t.name === 'enrichment');
    expect(step?.kind === 'step' && step.detail?.account).toEqual({
      id: 'acc-bright',
      status: 'matched',
      provider: 'crm-accounts',
    });
  });

  it('two accounts of the same name: the agent’s pick awaits review, and is handed on as such', async () => {
    const records = new MapRecords()
      .put('account', 'acc-bright', { ...brightline, domain: 'brightlinelogistics.com' })
      .put('account', 'acc-bright-uk', { ...brightline, domain: 'brightline.co.uk', ownerId: 'u-gus' });
    const r = await run(jane, { records, agents: heuristic });
    expect(QualifyOutput.parse(r.decided.output).enrichment).toMatchObject({
      status: 'review',
      companyId: null,
    });
    expect(handoff(r).matchedAccount).toEqual({
      id: 'acc-bright',
      name: 'Brightline Logistics',
      status: 'review',
      provider: 'crm-accounts',
      how: 'agent',
      confidence: 0.4,
    });
  });

  it('two accounts on one domain: the one whose name fits is matched by the agent, with its confidence', async () => {
    const records = new MapRecords()
      .put('account', 'acc-hf', { name: 'Harbor & Finch', domain: 'harborfinch.com', ownerId: 'u-eli' })
      .put('account', 'acc-fcp', {
        name: 'Finch Capital Partners',
        domain: 'harborfinch.com',
        ownerId: 'u-dev',
      });
    const lead = { ...jane, email: 'sam@harborfinch.com', company: 'Finch Capital Partners' };
    const r = await run(lead, { records, agents: heuristic });
    expect(handoff(r)).toMatchObject({
      domain: 'harborfinch.com',
      matchedAccount: { id: 'acc-fcp', status: 'matched', how: 'agent' },
    });
    expect(handoff(r).matchedAccount?.confidence).toBeGreaterThanOrEqual(acme.enrichment.match.autoAccept);
  });

  it('a free email domain typed as the company domain is not the company: no account on gmail.com matches', async () => {
    const records = new MapRecords().put('account', 'acc-gmail', {
      name: 'Jane Doe Consulting',
      domain: 'gmail.com',
      ownerId: 'u-hana',
    });
    const { company: _c, ...noCompany } = jane;
    const r = await run({ ...noCompany, domain: 'gmail.com' }, { records, agents: heuristic });
    expect(handoff(r)).not.toHaveProperty('domain');
    expect(handoff(r)).not.toHaveProperty('matchedAccount');
    expect(written(r).matchedAccount).toBeNull();
    expect(QualifyOutput.parse(r.decided.output).enrichment?.status).toBe('unenriched');
  });

  it('a company found only in the companies file is no account; a lead enrichment skipped keeps its record as it was', async () => {
    const granite = await run(leadById('lead-039'));
    expect(QualifyOutput.parse(granite.decided.output).enrichment?.provider).toBe('company-file');
    expect(written(granite).matchedAccount).toBeNull();
    expect(handoff(granite)).not.toHaveProperty('matchedAccount');
    const skipped = await run(leadById('lead-001'));
    expect(written(skipped)).not.toHaveProperty('matchedAccount');
  });
});
