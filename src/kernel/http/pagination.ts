import { z } from 'zod';
import { AppError } from './errors.ts';

/**
 * Keyset (cursor) pagination: the cursor is the sort key of the last row sent, opaque to
 * clients (base64url JSON), so pages stay stable while rows are added.
 */
export interface Cursor {
  at: string;
  id: string;
}

export const limitQuery = z.coerce.number().int().min(1).max(200).default(50);

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

export function decodeCursor(raw: string | undefined): Cursor | null {
  if (raw === undefined || raw === '') return null;
  try {
    const [at, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(at))) throw new Error();
    return { at, id };
  } catch {
    throw new AppError('INVALID_CURSOR');
  }
}

/** Splits a `limit + 1` fetch into the page and the next cursor. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => Cursor) {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const last = items.at(-1);
  return { items, nextCursor: hasMore && last ? encodeCursor(keyOf(last)) : null };
}
