import { describe, expect, it } from 'vitest';
import { createAgentGateway } from '../agents/index.js';
import { segmentTask } from '../agents/test-tasks.js';
import { type AgentGateway, type RecordedAgentCall, RevloopsError } from '../kernel/index.js';
import { recordingAgents, replayAgents } from './recording.js';

const timesOut: AgentGateway = {
  ask: async (task) => {
    throw new RevloopsError('AGENT_UNAVAILABLE', `agent task ${task.name} (x): no answer within 300 ms`);
  },
};

async function failure(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => 'answered',
    (err: unknown) => (err instanceof RevloopsError ? err.toJSON() : err),
  );
}

describe('recorded agent calls', () => {
  it('keep answers and failures in order, and replay gives the same answers and throws the same errors', async () => {
    const live = createAgentGateway({ provider: 'heuristic' }, { env: {} });
    const { gateway, answers } = recordingAgents({
      ask: (task, input) =>
        ((input as { employees: number }).employees < 0 ? timesOut : live).ask(task, input),
    });
    const first = await gateway.ask(segmentTask, { name: 'Acme', employees: 5000 });
    const live2 = await failure(gateway.ask(segmentTask, { name: 'Neg', employees: -1 }));
    expect(answers).toHaveLength(2);
    expect(answers[1]).toEqual({
      task: 'segment-company',
      input: { name: 'Neg', employees: -1 },
      error: {
        code: 'AGENT_UNAVAILABLE',
        message: 'agent task segment-company (x): no answer within 300 ms',
      },
    });
    const stored = JSON.parse(JSON.stringify(answers)) as RecordedAgentCall[];
    const replay = replayAgents(stored);
    expect(await replay.ask(segmentTask, { name: 'Acme', employees: 5000 })).toEqual(first);
    expect(await failure(replay.ask(segmentTask, { name: 'Neg', employees: -1 }))).toEqual(live2);
  });

  it('refuse a question the original run did not ask', async () => {
    const replay = replayAgents([
      {
        task: 'segment-company',
        input: { name: 'A', employees: 1 },
        error: { code: 'AGENT_UNAVAILABLE', message: 'x' },
      },
    ]);
    expect(await failure(replay.ask(segmentTask, { name: 'B', employees: 1 }))).toMatchObject({
      code: 'CONFLICT',
      message: 'replay asked agent task segment-company a question the original run did not ask',
    });
  });
});
