import { randomBytes } from 'node:crypto';

/** A new random id such as "tr_3k9f0a1b2c3d4e5f": a type prefix and 16 lower-case hex digits. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(8).toString('hex')}`;
}
