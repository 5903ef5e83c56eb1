/**
 * Payee accounts are personal data: the backend keeps only a SHA-256 fingerprint (to recognise the
 * same account again, across users) and a masked form to show; the full number is never stored
 * or logged.
 */
import { createHash } from 'node:crypto';

export interface PayeeAccount {
  /** SHA-256 of the normalized account: the payee registry's key. */
  key: string;
  /** e.g. "DE89…3000", "+4…23", "@em…j". */
  masked: string;
}

function normalize(account: string): string {
  const compact = account.replace(/[\s-]/g, '');
  return compact.startsWith('@') ? compact.toLowerCase() : compact.toUpperCase();
}

function mask(normalized: string): string {
  if (normalized.startsWith('@')) {
    return normalized.length > 5 ? `${normalized.slice(0, 3)}…${normalized.slice(-1)}` : `${normalized.slice(0, 2)}…`;
  }
  if (normalized.startsWith('+')) {
    return `${normalized.slice(0, 2)}…${normalized.slice(-2)}`;
  }
  return `${normalized.slice(0, 4)}…${normalized.slice(-4)}`;
}

/** The form an account (or a trusted contact's phone number) is shown and stored in. */
export function maskAccount(account: string): string {
  return mask(normalize(account));
}

/** `account` as the contract accepted it (IBAN, +phone or @wallet). */
export function payeeAccount(account: string): PayeeAccount {
  const normalized = normalize(account);
  return {
    key: createHash('sha256').update(`payee-account:${normalized}`, 'utf8').digest('hex'),
    masked: mask(normalized),
  };
}
