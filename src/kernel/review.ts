import type { Json, JsonObject } from './outputs.js';

/** One field an edit changed, by dotted path (numbers index lists). */
export interface FieldEdit {
  path: string;
  /** The value before the edit (null when the field was added). */
  from: Json;
  /** The value after the edit (null when the field was removed). */
  to: Json;
}

/**
 * What a person decided on a review item, as a loop's `review` hook sees it. The hook carries the
 * decision out (record writes, handoffs, tasks) through its context, like any run.
 */
export interface ReviewOutcome {
  itemId: string;
  queue: string;
  subject: string | null;
  /** `approved` (as proposed, or after an edit) or `rejected`. */
  outcome: 'approved' | 'rejected';
  /** The action to carry out: the proposed action, or the edited one. */
  action: JsonObject;
  /** The action the loop proposed. */
  proposed: JsonObject;
  /** What the reviewer changed before approving (empty when approved as proposed). */
  edits: readonly FieldEdit[];
  /** Who acted. */
  by: string;
  /** Why (required to reject, optional otherwise). */
  reason: string | null;
  /** The decision that put the item in the queue. */
  decisionId: string;
}
