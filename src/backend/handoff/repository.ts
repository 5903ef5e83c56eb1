import type { ContactMode, HandoffContext, HandoffReason, HandoffTicketStatus, TransferChannels } from '../../shared/contract/api';
import type { Db } from '../db/db';

/** A ticket as stored; the service turns it into the contract's shapes. */
export interface StoredTicket {
  id: string;
  userId: string;
  status: HandoffTicketStatus;
  reason: HandoffReason;
  contactMode: ContactMode;
  channel: (typeof TransferChannels)[number];
  context: HandoffContext;
  createdAt: string;
  claimedAt?: string;
  claimedBy?: string;
  closedAt?: string;
  resolution?: string;
}

interface TicketRow {
  id: string;
  user_id: string;
  request_hash: string;
  status: HandoffTicketStatus;
  reason: HandoffReason;
  contact_mode: ContactMode;
  channel: StoredTicket['channel'];
  context: string;
  created_at: string;
  claimed_at: string | null;
  claimed_by: string | null;
  closed_at: string | null;
  resolution: string | null;
}

const COLUMNS = 'id, user_id, request_hash, status, reason, contact_mode, channel, context, created_at, claimed_at, claimed_by, closed_at, resolution';

function toStored(row: TicketRow): StoredTicket {
  return {
    id: row.id,
    userId: row.user_id,
    status: row.status,
    reason: row.reason,
    contactMode: row.contact_mode,
    channel: row.channel,
    context: JSON.parse(row.context) as HandoffContext,
    createdAt: row.created_at,
    ...(row.claimed_at === null ? {} : { claimedAt: row.claimed_at }),
    ...(row.claimed_by === null ? {} : { claimedBy: row.claimed_by }),
    ...(row.closed_at === null ? {} : { closedAt: row.closed_at }),
    ...(row.resolution === null ? {} : { resolution: row.resolution }),
  };
}

export class HandoffRepository {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      find: db.prepare<[string], TicketRow>(`SELECT ${COLUMNS} FROM handoff_tickets WHERE id = ?`),
      findByKey: db.prepare<[string, string], TicketRow>(`SELECT ${COLUMNS} FROM handoff_tickets WHERE user_id = ? AND idempotency_key = ?`),
      findOpen: db.prepare<[string], TicketRow>(`SELECT ${COLUMNS} FROM handoff_tickets WHERE user_id = ? AND status <> 'closed' LIMIT 1`),
      waiting: db.prepare<[], TicketRow>(`SELECT ${COLUMNS} FROM handoff_tickets WHERE status = 'waiting' ORDER BY created_at, id`),
      aheadOf: db.prepare<[string, string, string], { n: number }>(
        `SELECT count(*) AS n FROM handoff_tickets
         WHERE status = 'waiting' AND (created_at < ? OR (created_at = ? AND id < ?))`,
      ),
      insert: db.prepare<Record<string, string>>(
        `INSERT INTO handoff_tickets (id, user_id, idempotency_key, request_hash, status, reason, contact_mode, channel, context, created_at)
         VALUES (@id, @userId, @idempotencyKey, @requestHash, 'waiting', @reason, @contactMode, @channel, @context, @createdAt)`,
      ),
      setContactMode: db.prepare<[ContactMode, string]>('UPDATE handoff_tickets SET contact_mode = ? WHERE id = ?'),
      claim: db.prepare<[string, string, string]>(
        `UPDATE handoff_tickets SET status = 'claimed', claimed_at = ?, claimed_by = ? WHERE id = ? AND status = 'waiting'`,
      ),
      close: db.prepare<[string, string | null, string]>(
        `UPDATE handoff_tickets SET status = 'closed', closed_at = ?, resolution = ? WHERE id = ? AND status <> 'closed'`,
      ),
    };
  }

  /** Runs `work` in one IMMEDIATE transaction (a savepoint when already in one). */
  atomically<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  /** Any user's ticket: the service checks whose it is. */
  find(id: string): StoredTicket | undefined {
    const row = this.statements.find.get(id);
    return row && toStored(row);
  }

  findByIdempotencyKey(userId: string, key: string): { ticket: StoredTicket; requestHash: string } | undefined {
    const row = this.statements.findByKey.get(userId, key);
    return row && { ticket: toStored(row), requestHash: row.request_hash };
  }

  /** The user's ticket that is not closed yet (there is at most one). */
  findOpen(userId: string): StoredTicket | undefined {
    const row = this.statements.findOpen.get(userId);
    return row && toStored(row);
  }

  /** Every waiting ticket, oldest first. */
  waiting(): StoredTicket[] {
    return this.statements.waiting.all().map(toStored);
  }

  /** How many waiting tickets came in before this one. */
  countAhead(ticket: Pick<StoredTicket, 'id' | 'createdAt'>): number {
    return this.statements.aheadOf.get(ticket.createdAt, ticket.createdAt, ticket.id)?.n ?? 0;
  }

  insert(ticket: StoredTicket, idempotencyKey: string, requestHash: string): void {
    this.statements.insert.run({
      id: ticket.id,
      userId: ticket.userId,
      idempotencyKey,
      requestHash,
      reason: ticket.reason,
      contactMode: ticket.contactMode,
      channel: ticket.channel,
      context: JSON.stringify(ticket.context),
      createdAt: ticket.createdAt,
    });
  }

  setContactMode(id: string, mode: ContactMode): void {
    this.statements.setContactMode.run(mode, id);
  }

  /** False when the ticket was not waiting any more. */
  claim(id: string, agent: string, at: string): boolean {
    return this.statements.claim.run(at, agent, id).changes === 1;
  }

  /** False when it was already closed. */
  close(id: string, resolution: string | undefined, at: string): boolean {
    return this.statements.close.run(at, resolution ?? null, id).changes === 1;
  }
}
