import { describe, expect, it } from 'vitest';
import { isConnectionLoss } from './connection-loss.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isConnectionLoss', () => {
  it('recognises a restart, a refused or cut connection, and a server not serving yet', () => {
    for (const err of [
      withCode('terminating connection due to administrator command', '57P01'),
      withCode('the database system is starting up', '57P03'),
      withCode('connection failure', '08006'),
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      withCode('read ECONNRESET', 'ECONNRESET'),
      new Error('Connection terminated unexpectedly'),
      new Error('Client has encountered a connection error and is not queryable'),
      new Error('transaction failed', { cause: withCode('connect ECONNREFUSED', 'ECONNREFUSED') }),
      new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''),
    ])
      expect(isConnectionLoss(err), err.message).toBe(true);
  });

  it('leaves every other error to the caller', () => {
    for (const err of [
      withCode('duplicate key value violates unique constraint', '23505'),
      withCode('relation "x" does not exist', '42P01'),
      withCode('could not serialize access', '40001'),
      new Error('CONFLICT: 2 event(s) of the batch are no longer held'),
      'ECONNREFUSED',
      undefined,
    ])
      expect(isConnectionLoss(err)).toBe(false);
  });
});
