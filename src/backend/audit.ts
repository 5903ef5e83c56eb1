/**
 * The audit trail every feature writes to. Call `record` inside the transaction of the change it
 * describes, so a change and its audit row are committed (or rolled back) together.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './db/db';

export interface AuditEntry {
  userId: string;
  /** Who caused it: the user through a client, or the system (scoring, seeding). */
  actor: 'user' | 'system';
  /** `<entity>.<what happened>`, e.g. "transfer.held", "alert.decided". */
  action: string;
  entityType: string;
  entityId: string;
  /** Small, non-secret facts (never a full account number or a token). */
  details?: Record<string, unknown>;
}

export class AuditLog {
  private readonly insert: Statement<Record<string, string | null>>;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(
      `INSERT INTO audit_log (at, user_id, actor, action, entity_type, entity_id, details)
       VALUES (@at, @userId, @actor, @action, @entityType, @entityId, @details)`,
    );
  }

  /** Throws when called outside a transaction: an audit row must never be committed on its own. */
  record(entry: AuditEntry, at: Date): void {
    if (!this.db.inTransaction) {
      throw new Error(`Audit of ${entry.action} outside the transaction of the change`);
    }
    this.insert.run({
      at: at.toISOString(),
      userId: entry.userId,
      actor: entry.actor,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      details: entry.details === undefined ? null : JSON.stringify(entry.details),
    });
  }
}
