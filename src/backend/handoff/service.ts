import type { z } from 'zod';
import {
  IDEMPOTENCY_KEY_HEADER,
  type AgentClaimRequest,
  type AgentCloseRequest,
  type AgentHandoffTicket,
  type AgentQueueResponse,
  type ContactMode,
  type CreateHandoffTicketRequest,
  type HandoffTicket,
} from '../../shared/contract/api';
import type { AccountsService } from '../accounts/service';
import type { AuditLog } from '../audit';
import { HttpError } from '../http/errors';
import { requestFingerprint } from '../http/idempotency';
import { AGENT_HOURS, expectedCallbackAt, type AgentHours } from './opening-hours';
import type { HandoffRepository, StoredTicket } from './repository';

/** Average minutes an agent spends on a ticket, per agent on duty: the wait grows by this per place. */
export const MINUTES_PER_TICKET = 4;

/** The request as the route parsed it (defaults applied). */
export type ParsedHandoffRequest = z.output<typeof CreateHandoffTicketRequest>;

export interface HandoffDependencies {
  repository: HandoffRepository;
  accounts: Pick<AccountsService, 'profile'>;
  audit: AuditLog;
  now: () => Date;
  newId: (prefix: string) => string;
  /** When the desks call back (agent-hours.json by default). */
  agentHours?: AgentHours;
}

export interface CreatedTicket {
  ticket: HandoffTicket;
  /** True when the idempotency key had been seen: nothing was opened this time. */
  replayed: boolean;
}

/** What the audit keeps of a ticket: the facts, not the user's words. */
function auditView(ticket: StoredTicket): Record<string, unknown> {
  return { status: ticket.status, reason: ticket.reason, contactMode: ticket.contactMode, topic: ticket.context.topic };
}

/**
 * Tickets that hand a conversation to a person. A user has at most one open ticket; the queue is
 * served oldest first; every change is audited in the transaction that makes it.
 */
export class HandoffService {
  constructor(private readonly deps: HandoffDependencies) {}

  async create(userId: string, idempotencyKey: string, request: ParsedHandoffRequest): Promise<CreatedTicket> {
    const { repository, audit } = this.deps;
    const requestHash = requestFingerprint([request.reason, request.contactMode, request.channel, request.context]);
    // Two requests at once: the unique keys (idempotency key, one open ticket per user) stop the
    // second, and `atomically` runs it again, then finding the first's ticket.
    return repository.atomically(async (): Promise<CreatedTicket> => {
      const earlier = await repository.findByIdempotencyKey(userId, idempotencyKey);
      if (earlier !== undefined) {
        if (earlier.requestHash !== requestHash) {
          throw new HttpError('conflict', `${IDEMPOTENCY_KEY_HEADER}: was already used for a different ticket; use a new key for a new ticket`);
        }
        return { ticket: await this.view(earlier.ticket), replayed: true };
      }
      const open = await repository.findOpen(userId);
      if (open !== undefined) {
        throw new HttpError('conflict', 'This user already has an open ticket', { ticketId: open.id });
      }
      const now = this.deps.now();
      const ticket: StoredTicket = {
        id: this.deps.newId('hd'),
        userId,
        status: 'waiting',
        reason: request.reason,
        contactMode: request.contactMode,
        channel: request.channel,
        context: request.context,
        createdAt: now.toISOString(),
      };
      await repository.insert(ticket, idempotencyKey, requestHash);
      await audit.record(
        {
          userId,
          actor: 'user',
          action: 'handoff.created',
          entityType: 'handoff_ticket',
          entityId: ticket.id,
          details: { before: null, after: auditView(ticket), channel: ticket.channel },
        },
        now,
      );
      return { ticket: await this.view(ticket), replayed: false };
    });
  }

  async open(userId: string): Promise<HandoffTicket> {
    const ticket = await this.deps.repository.findOpen(userId);
    if (ticket === undefined) throw new HttpError('not_found', 'This user has no open ticket');
    return this.view(ticket);
  }

  /** Another user's ticket is as unknown as a made-up id. */
  async get(userId: string, id: string): Promise<HandoffTicket> {
    return this.view(await this.ownTicket(userId, id));
  }

  async setContactMode(userId: string, id: string, contactMode: ContactMode): Promise<HandoffTicket> {
    const { repository, audit } = this.deps;
    return repository.atomically(async () => {
      const ticket = await this.ownTicket(userId, id, { forUpdate: true });
      if (ticket.status !== 'waiting') {
        throw new HttpError('already_decided', `This ticket is already ${ticket.status}`);
      }
      if (ticket.contactMode !== contactMode) {
        if (!(await repository.setContactMode(id, contactMode))) {
          throw new HttpError('already_decided', `This ticket is already ${(await this.mustFind(id)).status}`);
        }
        await audit.record(
          {
            userId,
            actor: 'user',
            action: 'handoff.contact_mode_changed',
            entityType: 'handoff_ticket',
            entityId: id,
            details: { from: ticket.contactMode, to: contactMode },
          },
          this.deps.now(),
        );
      }
      return this.view(await this.mustFind(id));
    });
  }

  async queue(): Promise<AgentQueueResponse> {
    const waiting = await this.deps.repository.waiting();
    const tickets: AgentHandoffTicket[] = [];
    for (const ticket of waiting) tickets.push(await this.agentView(ticket));
    return { tickets };
  }

  async claim(id: string, { agent }: AgentClaimRequest): Promise<AgentHandoffTicket> {
    const { repository, audit } = this.deps;
    return repository.atomically(async () => {
      const ticket = await this.anyTicket(id, { forUpdate: true });
      const now = this.deps.now();
      if (!(await repository.claim(id, agent, now.toISOString()))) {
        throw new HttpError('already_decided', `This ticket is already ${ticket.status}`);
      }
      await audit.record(
        {
          userId: ticket.userId,
          actor: 'system',
          action: 'handoff.claimed',
          entityType: 'handoff_ticket',
          entityId: id,
          details: { agent },
        },
        now,
      );
      return this.agentView(await this.mustFind(id));
    });
  }

  async close(id: string, { agent, resolution }: AgentCloseRequest): Promise<AgentHandoffTicket> {
    const { repository, audit } = this.deps;
    return repository.atomically(async () => {
      const ticket = await this.anyTicket(id, { forUpdate: true });
      const now = this.deps.now();
      if (!(await repository.close(id, resolution || undefined, now.toISOString()))) {
        throw new HttpError('already_decided', 'This ticket is already closed');
      }
      await audit.record(
        {
          userId: ticket.userId,
          actor: 'system',
          action: 'handoff.closed',
          entityType: 'handoff_ticket',
          entityId: id,
          details: { agent, from: ticket.status },
        },
        now,
      );
      return this.agentView(await this.mustFind(id));
    });
  }

  private async ownTicket(userId: string, id: string, lock: { forUpdate?: boolean } = {}): Promise<StoredTicket> {
    const ticket = await this.deps.repository.find(id, lock);
    if (ticket === undefined || ticket.userId !== userId) throw new HttpError('not_found', 'No ticket with this id');
    return ticket;
  }

  private async anyTicket(id: string, lock: { forUpdate?: boolean } = {}): Promise<StoredTicket> {
    const ticket = await this.deps.repository.find(id, lock);
    if (ticket === undefined) throw new HttpError('not_found', 'No ticket with this id');
    return ticket;
  }

  private async mustFind(id: string): Promise<StoredTicket> {
    const ticket = await this.deps.repository.find(id);
    if (ticket === undefined) throw new Error(`Handoff ticket ${id} not found`);
    return ticket;
  }

  private async view(ticket: StoredTicket): Promise<HandoffTicket> {
    const position = ticket.status === 'waiting' ? (await this.deps.repository.countAhead(ticket)) + 1 : undefined;
    const callbackAt = position !== undefined && ticket.contactMode === 'callback' ? this.callbackAt(ticket, position) : undefined;
    return {
      id: ticket.id,
      status: ticket.status,
      reason: ticket.reason,
      contactMode: ticket.contactMode,
      channel: ticket.channel,
      context: ticket.context,
      createdAt: ticket.createdAt,
      ...(position === undefined ? {} : { queuePosition: position, estimatedWaitMinutes: position * MINUTES_PER_TICKET }),
      ...(callbackAt === undefined ? {} : { callbackAt }),
      ...(ticket.claimedAt === undefined ? {} : { claimedAt: ticket.claimedAt }),
      ...(ticket.closedAt === undefined ? {} : { closedAt: ticket.closedAt }),
    };
  }

  /**
   * When a colleague is expected to call (see opening-hours.ts): worked out from the queue each time
   * the ticket is read, like the wait, so it moves up as the tickets ahead are served.
   */
  private callbackAt(ticket: StoredTicket, queuePosition: number): string {
    return expectedCallbackAt(this.deps.agentHours ?? AGENT_HOURS, {
      now: this.deps.now(),
      queuePosition,
      minutesPerTicket: MINUTES_PER_TICKET,
      language: ticket.context.language,
      topic: ticket.context.topic,
      reason: ticket.reason,
    }).toISOString();
  }

  private async agentView(ticket: StoredTicket): Promise<AgentHandoffTicket> {
    const profile = await this.deps.accounts.profile(ticket.userId);
    return {
      ...(await this.view(ticket)),
      user: { id: profile.userId, displayName: profile.displayName, timeZone: profile.timeZone },
      ...(ticket.claimedBy === undefined ? {} : { agent: ticket.claimedBy }),
      ...(ticket.resolution === undefined ? {} : { resolution: ticket.resolution }),
    };
  }
}
