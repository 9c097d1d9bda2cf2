import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { type Decision, type Json, type JsonObject, RevloopsError } from '../../kernel/index.js';
import {
  approveReviewItem,
  ingestFile,
  loadWorkspaceRecords,
  reviewItemDetail,
  setField,
  workspaceMapping,
} from '../../runtime/index.js';
import { getDecisions } from '../../store/index.js';
import { deliverOutbox } from '../../surfaces/index.js';
import { ChannelsConfig, copyWorkspaceFolder } from '../../workspace/index.js';
import { actorOf } from '../actor.js';
import { type CommonOptions, type Opened, openWorkspace } from '../context.js';
import { type CliRuntime, common, emit } from '../program.js';
import { connectWorkspace, DEMO_SECRET_ENV, type DemoPlatform, startDemoPlatform } from './demo-platform.js';

type DemoOptions = CommonOptions & { dir?: string };

/** One step of the demo: the loop, its decision, a line for people, and the key results for tools. */
export interface Step {
  story: 'inbound' | 'outbound';
  loop: string;
  decisionId: string;
  summary: string;
  [key: string]: Json;
}

const EXAMPLE = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples', 'acme');
/** The worked example's Monday afternoon, when the North America reps are at work. */
const T0 = Date.parse('2026-11-02T17:05:00Z');
const MIN = 60_000;

/** A fresh copy of examples/acme in `dir` (which must be empty or absent), or in a new temporary folder. */
export function freshCopy(dir: string | undefined): string {
  const target = dir ? resolve(dir) : mkdtempSync(join(tmpdir(), 'revloops-demo-'));
  if (existsSync(target) && readdirSync(target).length > 0)
    throw new RevloopsError('USAGE', `--dir ${target} is not empty; the demo needs a fresh folder`);
  copyWorkspaceFolder(EXAMPLE, target);
  return target;
}

const out = (d: Decision | undefined) => (d?.output ?? {}) as JsonObject;
const scores = (r: Json | undefined) =>
  Object.entries((r ?? {}) as JsonObject)
    .map(([k, v]) => `${k} ${v}`)
    .join(' · ');

/** Runs the engine on what is pending and returns the decisions made. */
async function drain(o: Opened): Promise<Decision[]> {
  const r = await o.engine.drain();
  return getDecisions(o.store.db, r.decisionIds);
}

/** The rep reviews a draft (editing the line before the sign-off, if told to), the engine deploys, the outbox delivers. */
async function reviewAndDeploy(
  o: Opened,
  rt: CliRuntime,
  ctx: {
    drafted: Decision;
    edit: string | null;
    platform: DemoPlatform;
    env: Record<string, string>;
    now: () => Date;
    tick: () => void;
  },
): Promise<Step[]> {
  const story = ctx.drafted.eventType === 'account.signal' ? 'outbound' : 'inbound';
  const itemId = String(out(ctx.drafted).reviewItem);
  ctx.tick();
  const { item } = await reviewItemDetail(o.engine, itemId, ctx.now());
  const actor = await actorOf(o.store, { as: item.assignee ?? '' }, rt.setup);
  const first = ((item.proposedAction.steps as JsonObject[])[0]?.lines ?? []) as string[];
  const action = ctx.edit
    ? setField(item.proposedAction, `steps.0.lines.${first.length - 2}`, ctx.edit)
    : undefined;
  const reviewed = await approveReviewItem(o.engine, itemId, actor, action ? { action } : {}, ctx.now());
  const edits = (reviewed.item.resolution as { edits?: { path: string; to: Json }[] } | null)?.edits ?? [];
  ctx.tick();
  const deployed = (await drain(o)).find((d) => d.loop === 'engage' && out(d).kind === 'deployed');
  if (!deployed)
    throw new RevloopsError('CONFLICT', `the approved sequence of ${item.subject} was not deployed`);
  const before = ctx.platform.received.length;
  const delivery = await deliverOutbox(o.store, o.workspace.config.channels ?? ChannelsConfig.parse({}), {
    now: ctx.now(),
    env: ctx.env,
  });
  const got = ctx.platform.received.slice(before).find((r) => r.body.payload?.data?.action === 'enrol');
  const d = out(deployed);
  const times = (d.sendTimes as string[]).map((t) => t.slice(0, 16).replace('T', ' '));
  return [
    {
      story,
      loop: 'engage',
      decisionId: reviewed.decision.id,
      summary: `${actor.id} ${edits.length > 0 ? `edited ${edits.length} line (${edits.map((e) => e.path).join(', ')}) and approved` : 'approved as drafted'}`,
      reviewAction: edits.length > 0 ? 'edit' : 'approve',
      reviewer: actor.id,
      edits: edits as unknown as Json,
    },
    {
      story,
      loop: 'engage',
      decisionId: deployed.id,
      summary: `deployed ${times.length} emails (${times.join(', ')} UTC); webhook ${delivery.delivered > 0 ? 'delivered' : 'not delivered'}, signature ${got?.signatureValid ? 'verified' : 'NOT verified'}`,
      deployment: {
        ...d,
        delivered: delivery.delivered > 0,
        signatureVerified: got?.signatureValid === true,
      } as Json,
      rubric: d.rubric ?? null,
    },
  ];
}

function draftStep(d: Decision): Step {
  const o = out(d);
  return {
    story: d.eventType === 'account.signal' ? 'outbound' : 'inbound',
    loop: 'engage',
    decisionId: d.id,
    summary: `researched "${o.headline}"; ${o.steps} emails, rubric ${scores(o.rubric)}; ${o.passed ? 'all seven pass' : `failing ${(o.failing as string[]).join(', ')}`} → ${o.ownerId}'s review queue`,
    owner: o.ownerId ?? null,
    headline: o.headline ?? null,
    rubric: o.rubric ?? null,
    passed: o.passed ?? null,
    reviewItem: o.reviewItem ?? null,
  };
}

/** Runs the worked example, inbound then outbound, and returns each step with its decision id. */
export async function runDemo(rt: CliRuntime, dir: string): Promise<Step[]> {
  let now = T0;
  const clock = () => new Date(now);
  const tick = () => {
    now += 5 * MIN;
  };
  const platform = await startDemoPlatform(clock);
  connectWorkspace(dir, platform);
  const env = { [DEMO_SECRET_ENV]: platform.secret };
  const o = await openWorkspace({ workspace: dir }, { ...rt.setup, env, clock });
  try {
    await loadWorkspaceRecords(o.workspace, o.store, clock().toISOString());
    const located = workspaceMapping(o.workspace, 'lead.created');
    await ingestFile(o.engine, join(dir, 'data', 'worked-example.jsonl'), {
      type: 'lead.created',
      mapping: located?.mapping ?? null,
      ...(located ? { origin: located.origin } : {}),
    });
    const inbound = await drain(o);
    const by = (loop: string) => inbound.find((d) => d.loop === loop);
    const [q, r, e] = [by('qualify'), by('route'), by('engage')];
    if (!q || !r || !e) throw new RevloopsError('CONFLICT', 'the inbound lead did not reach engage');
    const steps: Step[] = [
      {
        story: 'inbound',
        loop: 'qualify',
        decisionId: q.id,
        summary: `scored ${out(q).score}, grade ${out(q).grade}`,
        score: out(q).score ?? null,
        grade: out(q).grade ?? null,
      },
      {
        story: 'inbound',
        loop: 'route',
        decisionId: r.id,
        summary: `rule ${out(r).rule} → pool ${out(r).pool} → ${out(r).assignee}`,
        rule: out(r).rule ?? null,
        owner: out(r).assignee ?? null,
      },
      draftStep(e),
    ];
    const edit = 'Would a 20-minute look at your Q1 forecast next Tuesday or Wednesday be useful?';
    steps.push(...(await reviewAndDeploy(o, rt, { drafted: e, edit, platform, env, now: clock, tick })));
    tick();
    const signal = JSON.parse(
      readFileSync(join(dir, 'data', 'account-signals.jsonl'), 'utf8').split('\n')[0] ?? '{}',
    ) as Json;
    await o.engine.emit({ type: 'account.signal', payload: signal, source: 'demo' });
    const drafted = (await drain(o)).find((d) => d.loop === 'engage');
    if (!drafted || out(drafted).kind !== 'drafted')
      throw new RevloopsError('CONFLICT', 'the account signal did not draft a sequence');
    steps.push(draftStep(drafted));
    steps.push(...(await reviewAndDeploy(o, rt, { drafted, edit: null, platform, env, now: clock, tick })));
    return steps;
  } finally {
    await o.close();
    await platform.close();
  }
}

export function demoText(dir: string, steps: readonly Step[]): string {
  const lines = [`revloops demo: the worked example on a fresh SQLite workspace in ${dir}`];
  for (const story of ['inbound', 'outbound'] as const) {
    lines.push(
      '',
      story === 'inbound'
        ? 'inbound: Maya Chen (Northwind Analytics) asks for a demo after a webinar'
        : 'outbound: Helio Fintech, an owned account, raised a round',
    );
    const mine = steps.filter((s) => s.story === story);
    for (const [i, s] of mine.entries())
      lines.push(`  ${i + 1}. ${s.loop.padEnd(8)} ${s.decisionId}  ${s.summary}`);
  }
  const last = steps.filter((s) => s.story === 'inbound').at(-1);
  lines.push('', `the whole chain: revloops explain ${last?.decisionId} --workspace ${dir}`);
  return lines.join('\n');
}

/** `revloops demo`: the worked example end to end, inbound and outbound, on a fresh SQLite workspace. */
export function registerDemo(program: Command, rt: CliRuntime): void {
  common(program.command('demo'))
    .description(
      'run the worked example (inbound lead and outbound signal) end to end on a fresh SQLite workspace',
    )
    .option('--dir <dir>', 'where to put the demo workspace (default: a new temporary folder)')
    .action(async (opts: DemoOptions) => {
      const dir = freshCopy(opts.dir ?? opts.workspace);
      try {
        const steps = await runDemo(rt, dir);
        emit(rt, opts, { workspace: dir, steps }, () => demoText(dir, steps));
      } catch (err) {
        if (!opts.dir && !opts.workspace) rmSync(dir, { recursive: true, force: true });
        throw err;
      }
    });
}
