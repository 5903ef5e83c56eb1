import type { ContactMode, HandoffContext, HandoffReason, HandoffTicketStatus, TransferChannels } from '../../shared/contract/api';
import type { Selectable } from 'kysely';
import type { Db } from '../db/db';
import type { HandoffTicketsTable } from '../db/schema';

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

type TicketRow = Omit<Selectable<HandoffTicketsTable>, 'idempotency_key'>;

const COLUMNS = [
  'id',
  'user_id',
  'request_hash',
  'status',
  'reason',
  'contact_mode',
  'channel',
  'context',
  'created_at',
  'claimed_at',
  'claimed_by',
  'closed_at',
  'resolution',
] as const;

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
  constructor(private readonly db: Db) {}

  /** Runs `work` in one transaction (see `Db.atomically`: joins an outer one, may be run again). */
  atomically<T>(work: () => Promise<T>): Promise<T> {
    return this.db.atomically(work);
  }

  private selectTickets() {
    return this.db.executor.selectFrom('handoff_tickets').select(COLUMNS);
  }

  /**
   * Any user's ticket: the service checks whose it is. `forUpdate` (inside `atomically`): on
   * PostgreSQL the row stays locked until the transaction ends, so that two changes of one ticket
   * at once are made (and audited) one after the other; SQLite runs one transaction at a time anyway.
   */
  async find(id: string, { forUpdate = false }: { forUpdate?: boolean } = {}): Promise<StoredTicket | undefined> {
    const row = await this.selectTickets()
      .where('id', '=', id)
      .$if(forUpdate && this.db.engine === 'postgres', (query) => query.forUpdate())
      .executeTakeFirst();
    return row && toStored(row);
  }

  async findByIdempotencyKey(userId: string, key: string): Promise<{ ticket: StoredTicket; requestHash: string } | undefined> {
    const row = await this.selectTickets().where('user_id', '=', userId).where('idempotency_key', '=', key).executeTakeFirst();
    return row && { ticket: toStored(row), requestHash: row.request_hash };
  }

  /** The user's ticket that is not closed yet (there is at most one). */
  async findOpen(userId: string): Promise<StoredTicket | undefined> {
    const row = await this.selectTickets().where('user_id', '=', userId).where('status', '<>', 'closed').limit(1).executeTakeFirst();
    return row && toStored(row);
  }

  /** Every waiting ticket, oldest first. */
  async waiting(): Promise<StoredTicket[]> {
    const rows = await this.selectTickets().where('status', '=', 'waiting').orderBy('created_at').orderBy('id').execute();
    return rows.map(toStored);
  }

  /** How many waiting tickets came in before this one. */
  async countAhead(ticket: Pick<StoredTicket, 'id' | 'createdAt'>): Promise<number> {
    const row = await this.db.executor
      .selectFrom('handoff_tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'waiting')
      .where((eb) => eb.or([eb('created_at', '<', ticket.createdAt), eb.and([eb('created_at', '=', ticket.createdAt), eb('id', '<', ticket.id)])]))
      .executeTakeFirst();
    return row?.n ?? 0;
  }

  async insert(ticket: StoredTicket, idempotencyKey: string, requestHash: string): Promise<void> {
    await this.db.executor
      .insertInto('handoff_tickets')
      .values({
        id: ticket.id,
        user_id: ticket.userId,
        idempotency_key: idempotencyKey,
        request_hash: requestHash,
        status: 'waiting',
        reason: ticket.reason,
        contact_mode: ticket.contactMode,
        channel: ticket.channel,
        context: JSON.stringify(ticket.context),
        created_at: ticket.createdAt,
      })
      .execute();
  }

  /** False when the ticket was not waiting any more. */
  async setContactMode(id: string, mode: ContactMode): Promise<boolean> {
    const result = await this.db.executor
      .updateTable('handoff_tickets')
      .set({ contact_mode: mode })
      .where('id', '=', id)
      .where('status', '=', 'waiting')
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** False when the ticket was not waiting any more. */
  async claim(id: string, agent: string, at: string): Promise<boolean> {
    const result = await this.db.executor
      .updateTable('handoff_tickets')
      .set({ status: 'claimed', claimed_at: at, claimed_by: agent })
      .where('id', '=', id)
      .where('status', '=', 'waiting')
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** False when it was already closed. */
  async close(id: string, resolution: string | undefined, at: string): Promise<boolean> {
    const result = await this.db.executor
      .updateTable('handoff_tickets')
      .set({ status: 'closed', closed_at: at, resolution: resolution ?? null })
      .where('id', '=', id)
      .where('status', '<>', 'closed')
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }
}
