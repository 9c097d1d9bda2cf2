import { type Json, RevloopsError } from '../kernel/index.js';
import type { Actor } from '../runtime/index.js';
import { getRecord, type Store } from '../store/index.js';
import type { CliSetup, CommonOptions } from './context.js';

/** Options of commands that act as someone. */
export type ActingOptions = CommonOptions & { as?: string };

const texts = (v: unknown): string[] =>
  typeof v === 'string' && v !== ''
    ? [v]
    : Array.isArray(v)
      ? v.filter((x): x is string => typeof x === 'string')
      : [];

/**
 * Who acts: `--as <user>` (or REVLOOPS_USER), with the roles and teams of their user record
 * (`role`/`roles`, `teamId`/`teams`). The CLI trusts the name it is given, as it has the store's
 * keys anyway; the HTTP API authenticates the same actor with a token.
 */
export async function actorOf(store: Store, opts: ActingOptions, setup: CliSetup): Promise<Actor> {
  const id = opts.as ?? (setup.env ?? process.env).REVLOOPS_USER;
  if (!id)
    throw new RevloopsError('USAGE', 'who is acting? pass --as <user id> (or set REVLOOPS_USER)', [
      { path: 'as', message: 'expected a user id such as u-jon' },
    ]);
  const user = await getRecord(store.db, 'user', id);
  const v = user?.values ?? {};
  return {
    id,
    roles: [...new Set([...texts(v.role), ...texts(v.roles)])],
    teams: [...new Set([...texts(v.teamId), ...texts(v.teams)])],
  };
}

/** A `--set path=value` option's value: JSON when it parses, text otherwise. */
export function parseSetting(raw: string): { path: string; value: Json } {
  const at = raw.indexOf('=');
  if (at <= 0) throw new RevloopsError('USAGE', `--set expects path=value, got ${raw}`);
  const text = raw.slice(at + 1);
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch {
    value = text;
  }
  return { path: raw.slice(0, at), value };
}

/** Commander collector for a repeatable option. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
