/**
 * The audit trail every feature writes to. Call `record` inside the transaction of the change it
 * describes, so a change and its audit row are committed (or rolled back) together.
 */
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
  constructor(private readonly db: Db) {}

  /** Throws when called outside a transaction: an audit row must never be committed on its own. */
  async record(entry: AuditEntry, at: Date): Promise<void> {
    if (!this.db.inTransaction) {
      throw new Error(`Audit of ${entry.action} outside the transaction of the change`);
    }
    await this.db.executor
      .insertInto('audit_log')
      .values({
        at: at.toISOString(),
        user_id: entry.userId,
        actor: entry.actor,
        action: entry.action,
        entity_type: entry.entityType,
        entity_id: entry.entityId,
        details: entry.details === undefined ? null : JSON.stringify(entry.details),
      })
      .execute();
  }
}
