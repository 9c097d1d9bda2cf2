import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { copyWorkspace } from './helpers/cli.js';

const ws = copyWorkspace('test/fixtures/plugin-ws', true);
afterAll(() => ws.cleanup());

function revloops(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/revloops.js', ...args, '--workspace', ws.dir], {
    encoding: 'utf8',
    env: { ...process.env, REVLOOPS_DATABASE_URL: '' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('a plug-in loop in the workspace, through the built binary', () => {
  it('is found without changing any other file', () => {
    const r = revloops('validate', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).loops).toEqual([
      expect.objectContaining({ loop: 'signup-triage', origin: 'plug-in', enabled: true }),
    ]);
  });

  it('runs on events from a file, explains and replays', () => {
    execFileSync('sh', [
      '-c',
      `printf '%s\\n' '{"email":"a@acme.com","seats":2}' '{"email":"b@x.io","seats":12}' > ${ws.dir}/signups.jsonl`,
    ]);
    const run = revloops('run', '--input', `${ws.dir}/signups.jsonl`, '--type', 'signup.created', '--json');
    expect(run.code).toBe(0);
    const body = JSON.parse(run.out);
    expect(body.intake).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    expect(body.decisions).toHaveLength(2);
    const again = JSON.parse(
      revloops('run', '--input', `${ws.dir}/signups.jsonl`, '--type', 'signup.created', '--json').out,
    );
    expect(again.intake).toEqual({ accepted: 0, duplicates: 2, rejected: [] });
    expect(again.decisions).toHaveLength(0);
    const explain = revloops('explain', body.decisions[0].id);
    expect(explain.out).toContain('loop      signup-triage 1.0.0');
    expect(explain.out).toContain('factor  domain = "acme.com"  +30  (bonus domain)');
    expect(JSON.parse(revloops('replay', '--all', '--json').out)).toMatchObject({ checked: 2, different: 0 });
  });

  it('exits 1 with a located error on a bad config', () => {
    execFileSync('sh', ['-c', `sed -i 's/threshold: 40/threshold: -3/' ${ws.dir}/loops/signup-triage.yaml`]);
    const r = revloops('validate');
    expect(r.code).toBe(1);
    expect(r.err).toContain('loops/signup-triage.yaml:2:12 threshold: Too small: expected number to be >=0');
  });
});
