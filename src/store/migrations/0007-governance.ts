import type { Kysely } from 'kysely';

/**
 * Governance: review items keep who resolved them and how far they escalated; proposals keep the
 * patched file, its diff, the backtest, the rollback criteria, the shadow run and the resolution.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const review: [string, 'text' | 'integer'][] = [
    ['resolved_by', 'text'],
    ['escalations', 'integer'],
    ['escalated_at', 'text'],
    ['updated_at', 'text'],
  ];
  for (const [name, type] of review)
    await db.schema.alterTable('review_items').addColumn(name, type).execute();
  await db.schema
    .createIndex('review_items_status_due')
    .on('review_items')
    .columns(['status', 'due_at'])
    .execute();

  const proposal = [
    'level',
    'decision_id',
    'fingerprint',
    'source',
    'yaml',
    'diff',
    'backtest',
    'rollback',
    'proposed_version',
    'shadow_since',
    'resolved_by',
    'resolution',
    'updated_at',
  ];
  for (const name of proposal)
    await db.schema
      .alterTable('proposals')
      .addColumn(name, name === 'level' ? 'integer' : 'text')
      .execute();
  await db.schema.createIndex('proposals_loop_status').on('proposals').columns(['loop', 'status']).execute();
}
