import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON the CLI printed, read field by field by the assertions
type Json = Record<string, any>;

/**
 * `revloops demo` runs the worked example, inbound and outbound, on a fresh SQLite workspace and
 * prints each step with its decision id; its workspace explains the whole chain and replays.
 */
describe('revloops demo', () => {
  const base = mkdtempSync(join(tmpdir(), 'revloops-demo-test-'));
  const dir = join(base, 'ws');
  afterAll(() => rmSync(base, { recursive: true, force: true }));
  let steps: Json[] = [];

  it('prints every step of both stories with its decision id and key results', async () => {
    const r = await cli(['demo', '--dir', dir, '--json']);
    expect(r.code, r.err).toBe(0);
    const body = JSON.parse(r.out) as { workspace: string; steps: Json[] };
    steps = body.steps;
    expect(body.workspace).toBe(dir);
    expect(steps.map((s) => `${s.story}:${s.loop}`)).toEqual([
      'inbound:qualify',
      'inbound:route',
      'inbound:engage',
      'inbound:engage',
      'inbound:engage',
      'outbound:engage',
      'outbound:engage',
      'outbound:engage',
    ]);
    for (const s of steps) expect(s.decisionId).toMatch(/^dec_/);
    const [q, route, draft, review, deploy, outDraft, outReview, outDeploy] = steps as Json[];
    expect(q).toMatchObject({ score: 91, grade: 'A' });
    expect(route).toMatchObject({ rule: 'na-commercial-a', owner: 'u-cara' });
    expect(draft).toMatchObject({ owner: 'u-cara', passed: true });
    expect(draft?.headline).toContain('Series B');
    expect(Object.keys(draft?.rubric)).toEqual([
      'relevance',
      'personalization',
      'specificity',
      'callToAction',
      'tone',
      'length',
      'formatting',
    ]);
    expect(review).toMatchObject({ reviewAction: 'edit', reviewer: 'u-cara' });
    expect(review?.edits).toHaveLength(1);
    expect(deploy?.deployment).toMatchObject({ kind: 'deployed', delivered: true, signatureVerified: true });
    expect(deploy?.deployment.sendTimes).toHaveLength(3);
    expect(outDraft).toMatchObject({ owner: 'u-ben', passed: true });
    expect(outReview).toMatchObject({ reviewAction: 'approve', reviewer: 'u-ben' });
    expect(outDeploy?.deployment).toMatchObject({ delivered: true, signatureVerified: true });
  });

  it('leaves a workspace whose explain shows the whole chain and whose decisions replay identically', async () => {
    const deploy = steps[4]?.decisionId as string;
    const explained = await cli(['explain', deploy, '--workspace', dir, '--json']);
    expect(explained.code, explained.err).toBe(0);
    const chain = (JSON.parse(explained.out).chain as Json[]).map((c) => c.id);
    for (const s of steps.slice(0, 5)) expect(chain).toContain(s.decisionId);
    const text = await cli(['explain', deploy, '--workspace', dir]);
    expect(text.out).toContain('u-cara edited 1 line(s) and approved');
    const replay = await cli(['replay', '--all', '--workspace', dir, '--json']);
    expect(replay.code, replay.err).toBe(0);
    expect(JSON.parse(replay.out)).toMatchObject({ checked: 8, different: 0 });
  });

  it('refuses a folder that is not empty, and changes nothing there', async () => {
    const r = await cli(['demo', '--dir', dir]);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('not empty');
  });
});
