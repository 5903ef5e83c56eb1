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

  create(userId: string, idempotencyKey: string, request: ParsedHandoffRequest): CreatedTicket {
    const { repository, audit } = this.deps;
    const requestHash = requestFingerprint([request.reason, request.contactMode, request.channel, request.context]);
    return repository.atomically((): CreatedTicket => {
      const earlier = repository.findByIdempotencyKey(userId, idempotencyKey);
      if (earlier !== undefined) {
        if (earlier.requestHash !== requestHash) {
          throw new HttpError('conflict', `${IDEMPOTENCY_KEY_HEADER}: was already used for a different ticket; use a new key for a new ticket`);
        }
        return { ticket: this.view(earlier.ticket), replayed: true };
      }
      const open = repository.findOpen(userId);
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
      repository.insert(ticket, idempotencyKey, requestHash);
      audit.record(
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
      return { ticket: this.view(ticket), replayed: false };
    });
  }

  open(userId: string): HandoffTicket {
    const ticket = this.deps.repository.findOpen(userId);
    if (ticket === undefined) throw new HttpError('not_found', 'This user has no open ticket');
    return this.view(ticket);
  }

  /** Another user's ticket is as unknown as a made-up id. */
  get(userId: string, id: string): HandoffTicket {
    return this.view(this.ownTicket(userId, id));
  }

  setContactMode(userId: string, id: string, contactMode: ContactMode): HandoffTicket {
    const { repository, audit } = this.deps;
    return repository.atomically(() => {
      const ticket = this.ownTicket(userId, id);
      if (ticket.status !== 'waiting') {
        throw new HttpError('already_decided', `This ticket is already ${ticket.status}`);
      }
      if (ticket.contactMode !== contactMode) {
        repository.setContactMode(id, contactMode);
        audit.record(
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
      return this.view(this.mustFind(id));
    });
  }

  queue(): AgentQueueResponse {
    return { tickets: this.deps.repository.waiting().map((ticket) => this.agentView(ticket)) };
  }

  claim(id: string, { agent }: AgentClaimRequest): AgentHandoffTicket {
    const { repository, audit } = this.deps;
    return repository.atomically(() => {
      const ticket = this.anyTicket(id);
      const now = this.deps.now();
      if (!repository.claim(id, agent, now.toISOString())) {
        throw new HttpError('already_decided', `This ticket is already ${ticket.status}`);
      }
      audit.record(
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
      return this.agentView(this.mustFind(id));
    });
  }

  close(id: string, { agent, resolution }: AgentCloseRequest): AgentHandoffTicket {
    const { repository, audit } = this.deps;
    return repository.atomically(() => {
      const ticket = this.anyTicket(id);
      const now = this.deps.now();
      if (!repository.close(id, resolution || undefined, now.toISOString())) {
        throw new HttpError('already_decided', 'This ticket is already closed');
      }
      audit.record(
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
      return this.agentView(this.mustFind(id));
    });
  }

  private ownTicket(userId: string, id: string): StoredTicket {
    const ticket = this.deps.repository.find(id);
    if (ticket === undefined || ticket.userId !== userId) throw new HttpError('not_found', 'No ticket with this id');
    return ticket;
  }

  private anyTicket(id: string): StoredTicket {
    const ticket = this.deps.repository.find(id);
    if (ticket === undefined) throw new HttpError('not_found', 'No ticket with this id');
    return ticket;
  }

  private mustFind(id: string): StoredTicket {
    const ticket = this.deps.repository.find(id);
    if (ticket === undefined) throw new Error(`Handoff ticket ${id} not found`);
    return ticket;
  }

  private view(ticket: StoredTicket): HandoffTicket {
    const position = ticket.status === 'waiting' ? this.deps.repository.countAhead(ticket) + 1 : undefined;
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

  private agentView(ticket: StoredTicket): AgentHandoffTicket {
    const profile = this.deps.accounts.profile(ticket.userId);
    return {
      ...this.view(ticket),
      user: { id: profile.userId, displayName: profile.displayName, timeZone: profile.timeZone },
      ...(ticket.claimedBy === undefined ? {} : { agent: ticket.claimedBy }),
      ...(ticket.resolution === undefined ? {} : { resolution: ticket.resolution }),
    };
  }
}
