import type { Decided, JsonObject, LoopContext } from '../../kernel/index.js';
import type { PursueConfig } from './config.js';
import type { OpportunitySqoIn, PursueOutput } from './contract.js';
import { ownerFor } from './people.js';
import { type CompiledPlays, choosePlay, scheduleMilestones } from './plays.js';

type Ctx = LoopContext<PursueConfig>;
type PlayOutput = Extract<PursueOutput, { kind: 'play' }>;

/** The deal as plays see it: the record, with what the SQO payload adds where the record is silent. */
function dealFields(record: JsonObject, input: OpportunitySqoIn): JsonObject {
  const deal: JsonObject = { ...record };
  for (const key of ['accountId', 'ownerId', 'amount'] as const) {
    const v = input[key];
    if ((deal[key] === undefined || deal[key] === null || deal[key] === '') && v !== undefined && v !== null)
      deal[key] = v;
  }
  return deal;
}

/**
 * On an SQO: picks the play by deal shape (first matching play), and creates its milestone tasks
 * with staggered due dates, each assigned by role; the plan is kept on the opportunity so the
 * evaluator can tell which milestones are overdue.
 */
export async function startPlay(
  ctx: Ctx,
  compiled: CompiledPlays,
  input: OpportunitySqoIn,
): Promise<Decided<PursueOutput>> {
  const id = input.opportunityId;
  const subject = `opportunity:${id}`;
  const none = (reason: string): Decided<PlayOutput> =>
    ctx.decide(
      { kind: 'play', opportunityId: id, play: null, tasks: [] },
      { confidence: 1, subject, reasons: [reason] },
    );
  const record = await ctx.records.get('opportunity', id);
  if (!record) return none(`opportunity ${id} is not in the records of work`);
  if (typeof record.values.pursuePlay === 'string')
    return none(`opportunity ${id} already runs play ${record.values.pursuePlay}`);
  const deal = dealFields(record.values, input);
  const { play, tried } = choosePlay(compiled, deal);
  for (const t of tried) ctx.trace.rule(`play ${t.play}`, t.matched, t.reason);
  if (!play) return none('no play matches this deal');
  const rep = typeof deal.ownerId === 'string' && deal.ownerId !== '' ? deal.ownerId : 'role:rep';
  const sqoAt =
    typeof deal.sqoAt === 'string' && !Number.isNaN(Date.parse(deal.sqoAt)) ? deal.sqoAt : ctx.clock.iso();
  const tasks: PlayOutput['tasks'] = [];
  for (const m of scheduleMilestones(play, Date.parse(sqoAt))) {
    const owner = await ownerFor(ctx.records, m.owner, deal, rep);
    const taskId = ctx.task({
      title: `${m.name} (${play.name})`,
      assignee: owner.assignee,
      dueAt: m.dueAt,
      subject,
      details: { play: play.name, milestone: m.name, role: m.owner },
    });
    ctx.trace.step('milestone', {
      milestone: m.name,
      role: m.owner,
      assignee: owner.assignee,
      via: owner.via,
      dueAt: m.dueAt,
    });
    tasks.push({ name: m.name, assignee: owner.assignee, dueAt: m.dueAt, taskId });
  }
  ctx.write('opportunity', id, {
    pursuePlay: play.name,
    sqoAt,
    pursueMilestones: tasks.map((t) => ({ name: t.name, taskId: t.taskId, dueAt: t.dueAt })),
  });
  return ctx.decide(
    { kind: 'play', opportunityId: id, play: play.name, tasks },
    {
      confidence: 1,
      subject,
      reasons: [
        `play ${play.name}: ${tasks.length} milestone task(s), last due ${tasks.at(-1)?.dueAt.slice(0, 10) ?? '-'}`,
      ],
    },
  );
}
