import { createHmac, timingSafeEqual } from 'node:crypto';
import { deriveKey } from '../security/derived-key';
import { SortOrders } from '../common/dto/list.dto';
import { InvalidFieldError } from '../common/errors/domain-errors';

/** A sort value as the drivers return it: text columns (names, ISO dates, ids) or integers. */
export type SortValue = string | number;

/**
 * Where a page ended: the last item's sort value and id, and the sort they belong to. A position,
 * not a permission: the next page is read under the caller's own scope and filters.
 */
export interface CursorPosition {
  sortField: string;
  sortOrder: SortOrders;
  value: SortValue;
  id: string;
}

/**
 * The wire form: base64url of this JSON. Short keys keep the cursor short. `s` signs the rest (an
 * HMAC, see `signature`): a cursor is only ever one the server issued, never a position a client wrote.
 */
interface CursorJson {
  f: string;
  o: SortOrders;
  v: SortValue;
  i: string;
  s: string;
}

const CURSOR_KEYS = ['f', 'i', 'o', 's', 'v'];
/** Bytes of the HMAC kept in a cursor: 128 bits, as hard to guess as a whole SHA-256 for this use. */
const SIGNATURE_BYTES = 16;

let signingKey: Buffer | null = null;

/**
 * Sets the key cursors are signed with, derived from the application's secret (every instance sharing
 * the secret accepts the others' cursors). Called once at start-up by the database module.
 */
export function setCursorSecret(secret: string): void {
  signingKey = deriveKey(secret, 'evovoice paging cursor');
}

function signature(position: Omit<CursorJson, 's'>): Buffer {
  if (!signingKey) throw new Error('The paging cursor key is not set (setCursorSecret)');
  return createHmac('sha256', signingKey)
    .update(JSON.stringify([position.f, position.o, position.v, position.i]))
    .digest()
    .subarray(0, SIGNATURE_BYTES);
}

export function encodeCursor(position: CursorPosition): string {
  const json = { f: position.sortField, o: position.sortOrder, v: position.value, i: position.id };
  const signed: CursorJson = { ...json, s: signature(json).toString('base64url') };
  return Buffer.from(JSON.stringify(signed), 'utf8').toString('base64url');
}

const invalid = (message: string) => new InvalidFieldError('cursor', 'Invalid', message);

/**
 * The position a cursor holds, if this server issued it for this sort. Anything else (not base64url,
 * not the JSON the server writes, not signed by the server, another sort) is a 400 naming `cursor`.
 */
export function decodeCursor(cursor: string, sortField: string, sortOrder: SortOrders): CursorPosition {
  const json = parseCursor(cursor);
  if (!json) throw invalid('cursor is not a cursor this server issued; use the nextCursor of a page as is');
  if (json.f !== sortField || json.o !== sortOrder)
    throw invalid(
      `cursor was issued for sortField=${json.f} and sortOrder=${json.o}: ask with those, or without cursor`,
    );
  return { sortField: json.f, sortOrder: json.o, value: json.v, id: json.i };
}

/** A string the server could have written: no NUL (PostgreSQL refuses one in text) and no lone surrogate. */
const isText = (value: unknown): value is string =>
  typeof value === 'string' && !value.includes('\u0000') && !/\p{Cs}/u.test(value);

function parseCursor(cursor: string): CursorJson | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const bytes = Buffer.from(cursor, 'base64url');
  // The decoder skips what it cannot read; only a canonical encoding is the one the server wrote.
  if (bytes.toString('base64url') !== cursor) return null;
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  const { f, o, v, i, s } = json as Record<string, unknown>;
  if (Object.keys(json).sort().join() !== CURSOR_KEYS.join()) return null;
  if (typeof f !== 'string' || !isText(i) || i.length === 0) return null;
  if (o !== SortOrders.Ascend && o !== SortOrders.Descend) return null;
  if (!isText(v) && !(typeof v === 'number' && Number.isFinite(v))) return null;
  if (typeof s !== 'string') return null;
  // Compared in constant time, so that the answer's timing tells nothing of the expected signature.
  const given = Buffer.from(s, 'base64url');
  const expected = signature({ f, o, v, i });
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { f, o, v, i, s };
}
