import { z } from 'zod';
import { RECORD_KINDS, type RecordKind } from './records.js';

/** One record a materialized loop wants to exist, with the fields it should have. */
export const DesiredRecord = z.object({
  kind: z.enum(RECORD_KINDS as [RecordKind, ...RecordKind[]]).describe('The record kind.'),
  id: z.string().min(1).describe('The record id; stable across runs so a plan can diff it.'),
  values: z.record(z.string(), z.json()).describe('The fields the record should have.'),
});

/** What a materialized loop's logic returns: the whole desired state of the record kinds it owns. */
export const DesiredState = z.object({
  records: z.array(DesiredRecord).describe('Every record the loop wants, across the kinds it owns.'),
  patches: z
    .array(DesiredRecord)
    .default([])
    .describe(
      'Fields the loop sets on records it does not own (an account’s territory and owner): only these fields are compared and written.',
    ),
});

/** A desired record. */
export type DesiredRecord = z.infer<typeof DesiredRecord>;
/** A desired state. */
export type DesiredState = z.infer<typeof DesiredState>;
