import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { TextPacking } from '../../kernel/index.js';

/**
 * Large JSON texts kept deflated in a text column: `z1:` and the base64 of the raw deflate stream.
 * JSON never starts with `z`, so a stored value is either JSON as it is or packed, never both.
 * A scheduled run's recorded reads (every record of a kind, tens of MB) shrink about fivefold;
 * small texts stay plain, readable with SQL.
 */
const PREFIX = 'z1:';

/** Texts from this many characters are packed. */
export const PACK_FROM = 64 * 1024;

/** The text to store: packed when it is long, as it is otherwise. */
export function packText(json: string): string {
  if (json.length < PACK_FROM) return json;
  return PREFIX + Buffer.from(deflate(json)).toString('base64');
}

/** The JSON text of a stored value, unpacked when it was packed. */
export function unpackText(stored: string): string {
  if (!stored.startsWith(PREFIX)) return stored;
  return inflate(Buffer.from(stored.slice(PREFIX.length), 'base64'));
}

/** Raw deflate at level 1: the fastest, and within a fifth of the best ratio on record JSON. */
const deflate = (text: string): Uint8Array => deflateRawSync(text, { level: 1 });
const inflate = (packed: Uint8Array): string => inflateRawSync(packed).toString('utf8');

/**
 * Kept reads from 64 KiB on, deflated the way packed texts are (raw deflate at the fastest level):
 * a page of records of one kind packs about fourteen to one, a few milliseconds a megabyte each
 * way. UTF-8 carries any JSON text as it is.
 */
export const DEFLATED: TextPacking = {
  from: PACK_FROM,
  pack: deflate,
  unpack: inflate,
};
