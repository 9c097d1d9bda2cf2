import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWorkspace } from '../../src/cli/context.js';
import { loadWorkspaceRecords } from '../../src/runtime/index.js';
import { buildServer } from '../../src/server/app.js';
import type { ServerOptions } from '../../src/server/context.js';
import { createToken, type Role } from '../../src/server/tokens.js';
import { capacityModel } from '../fixtures/archetype-loops.js';
import { governanceLoop } from '../fixtures/governance-loop.js';

/** The loops the API tests run: borderline signups go to review; a capacity model for scenarios. */
export const API_LOOPS = [governanceLoop, capacityModel];

/**
 * A git workspace for the API tests: reps Ana and Ben on team na (managed by Mia), Cara on emea,
 * a signups review queue for team na, and two capacity scenarios.
 */
export function apiWorkspace(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'revloops-api-'));
  mkdirSync(join(dir, 'loops'));
  mkdirSync(join(dir, 'scenarios'));
  const files: Record<string, string> = {
    'revloops.yaml': [
      'name: api-test',
      'loops: [gov-signup, capacity-model]',
      'plugins: []',
      'records:',
      '  - { kind: team, file: teams.csv }',
      '  - { kind: user, file: users.csv }',
      'governance:',
      '  owners:',
      '    gov-signup: { owner: role:ops }',
      '  queues:',
      '    signups: { assignee: team:na, slaHours: 4 }',
      '',
    ].join('\n'),
    'loops/gov-signup.yaml': 'loop: gov-signup\nthreshold: 50 # hot at or above\nreviewBand: 10\n',
    'teams.csv': 'externalId,name,managerId\nna,North America,u-mia\nemea,EMEA,u-eve\n',
    'users.csv': [
      'externalId,email,name,role,teamId',
      'u-ana,ana@acme.io,Ana,ae,na',
      'u-ben,ben@acme.io,Ben,ae,na',
      'u-cara,cara@acme.io,Cara,ae,emea',
      'u-mia,mia@acme.io,Mia,manager,',
      'u-ops,ops@acme.io,Olu,ops,',
      'u-bot,bot@acme.io,Assistant,agent,na',
      '',
    ].join('\n'),
    'scenarios/base.yaml': 'reps: 10\nrampedShare: 0.8\ntarget: 5000000\n',
    'scenarios/hire.yaml': 'reps: 14\nrampedShare: 0.7\ntarget: 5000000\n',
    '.gitignore': '.revloops/\n',
  };
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@x',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@x',
      },
    });
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'the workspace');
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A server over a workspace (records loaded), with a token per role and user. */
export async function apiServer(
  dir: string,
  env: NodeJS.ProcessEnv,
  clock: () => Date,
  options: Partial<ServerOptions> = {},
) {
  const opened = await openWorkspace({ workspace: dir }, { loops: API_LOOPS, env, clock });
  await loadWorkspaceRecords(opened.workspace, opened.store, clock().toISOString());
  const reopened: { close: () => Promise<void> }[] = [];
  const { app, ctx } = buildServer({
    engine: opened.engine,
    clock,
    rateLimit: null,
    reload: async () => {
      const next = await openWorkspace({ workspace: dir }, { loops: API_LOOPS, env, clock });
      reopened.push(next);
      return next.engine;
    },
    ...options,
  });
  const token = async (role: Role, user: string) =>
    (await createToken(opened.store.db, { role, user, now: clock() })).token;
  return {
    app,
    ctx,
    token,
    close: async () => {
      await app.close();
      for (const o of reopened) await o.close();
      await opened.close();
    },
  };
}
