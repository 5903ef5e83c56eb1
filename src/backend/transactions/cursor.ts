import { z } from 'zod';
import type { ListPosition } from './repository';

/** The opaque `nextCursor`: base64url of the last row's position, so pages stay stable under inserts. */
const Position = z.tuple([z.string().datetime(), z.string().min(1).max(64)]);

export function encodeCursor({ bookedAt, id }: ListPosition): string {
  return Buffer.from(JSON.stringify([bookedAt, id]), 'utf8').toString('base64url');
}

/** Undefined when the text is not a cursor this API wrote. */
export function decodeCursor(cursor: string): ListPosition | undefined {
  try {
    const parsed = Position.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? { bookedAt: parsed.data[0], id: parsed.data[1] } : undefined;
  } catch {
    return undefined;
  }
}
