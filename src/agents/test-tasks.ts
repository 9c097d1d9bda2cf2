import { z } from 'zod';
import type { AgentTask } from '../kernel/index.js';

/** The segment a company falls in: the agent task the agents tests ask. */
export const segmentTask: AgentTask<{ name: string; employees: number }, { segment: 'smb' | 'enterprise' }> =
  {
    name: 'segment-company',
    promptVersion: '1',
    instructions: 'Classify the company as smb or enterprise by its size.',
    input: z.object({ name: z.string().min(1), employees: z.number().int().nonnegative() }),
    output: z.object({ segment: z.enum(['smb', 'enterprise']) }),
    heuristic: (i) => ({
      answer: { segment: i.employees >= 1000 ? 'enterprise' : 'smb' },
      confidence: Math.abs(i.employees - 1000) > 500 ? 0.9 : 0.6,
      reasoning: `${i.name} has ${i.employees} employees (enterprise from 1000)`,
    }),
  };
