import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import {
  AGENT_KEY_HEADER,
  AgentClaimRequest,
  AgentCloseRequest,
  ContactModeRequest,
  CreateHandoffTicketRequest,
  HandoffIdempotencyHeaders,
  HandoffPaths,
  HandoffTicketParams,
  type AgentHandoffTicket,
  type AgentQueueResponse,
  type HandoffTicket,
} from '../../shared/contract/api';
import { callerOf } from '../http/auth';
import { HttpError } from '../http/errors';
import { answerCaller, expressPath, handle, parseRequest } from '../http/http';
import { idempotencyKeyOf, sendCreated } from '../http/idempotency';
import type { HandoffService } from './service';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Admits the agent desk: the `X-Agent-Key` header must equal the configured key (compared in
 * constant time). Without a configured key the queue is closed to everyone; user tokens never open it.
 */
export function requireAgentKey(agentApiKey: string | undefined): RequestHandler {
  const expected = agentApiKey === undefined ? undefined : digest(agentApiKey);
  return (req, _res, next) => {
    const given = req.get(AGENT_KEY_HEADER);
    if (expected === undefined || given === undefined || !timingSafeEqual(digest(given), expected)) {
      const message = expected === undefined ? 'The agent desk is not configured' : `Send the agent desk's key as ${AGENT_KEY_HEADER}`;
      next(new HttpError('unauthorized', message));
      return;
    }
    next();
  };
}

/** The user's side (bearer token, no voice code: asking for a person must never be blocked) and the agent desk's. */
export function createHandoffRouter(handoff: HandoffService, authenticate: RequestHandler, agentApiKey: string | undefined): Router {
  const router = Router();
  const agentDesk = requireAgentKey(agentApiKey);

  router.post(
    expressPath(HandoffPaths.tickets),
    authenticate,
    handle(async (req, res) => {
      const idempotencyKey = idempotencyKeyOf(req, HandoffIdempotencyHeaders);
      const request = parseRequest(CreateHandoffTicketRequest, req.body);
      const { ticket, replayed } = await handoff.create(callerOf(res).userId, idempotencyKey, request);
      const body: HandoffTicket = ticket;
      sendCreated(res, body, replayed);
    }),
  );

  // Before `{id}`, although "open" could never be a ticket id anyway.
  router.get(
    expressPath(HandoffPaths.openTicket),
    authenticate,
    answerCaller(({ userId }): Promise<HandoffTicket> => handoff.open(userId)),
  );

  router.get(
    expressPath(HandoffPaths.ticket),
    authenticate,
    answerCaller(({ userId }, req): Promise<HandoffTicket> => handoff.get(userId, parseRequest(HandoffTicketParams, req.params).id)),
  );

  router.post(
    expressPath(HandoffPaths.ticketContactMode),
    authenticate,
    answerCaller(({ userId }, req): Promise<HandoffTicket> => {
      const { id } = parseRequest(HandoffTicketParams, req.params);
      const { contactMode } = parseRequest(ContactModeRequest, req.body);
      return handoff.setContactMode(userId, id, contactMode);
    }),
  );

  router.get(
    expressPath(HandoffPaths.agentQueue),
    agentDesk,
    handle(async (_req, res) => {
      const queue: AgentQueueResponse = await handoff.queue();
      res.json(queue);
    }),
  );

  router.post(
    expressPath(HandoffPaths.agentClaim),
    agentDesk,
    handle(async (req, res) => {
      const { id } = parseRequest(HandoffTicketParams, req.params);
      const ticket: AgentHandoffTicket = await handoff.claim(id, parseRequest(AgentClaimRequest, req.body));
      res.json(ticket);
    }),
  );

  router.post(
    expressPath(HandoffPaths.agentClose),
    agentDesk,
    handle(async (req, res) => {
      const { id } = parseRequest(HandoffTicketParams, req.params);
      const ticket: AgentHandoffTicket = await handoff.close(id, parseRequest(AgentCloseRequest, req.body));
      res.json(ticket);
    }),
  );

  return router;
}
