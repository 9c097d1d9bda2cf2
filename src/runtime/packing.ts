import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { TextPacking } from '../kernel/index.js';

/**
 * Kept reads from 64 KiB on, deflated: a page of records of one kind packs about fourteen to one,
 * at the fastest level (a few milliseconds a megabyte each way). UTF-8 carries any JSON text as it is.
 */
export const DEFLATED: TextPacking = {
  from: 1 << 16,
  pack: (text) => deflateRawSync(text, { level: 1 }),
  unpack: (packed) => inflateRawSync(packed).toString('utf8'),
};
