import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import {
  AGENT_KEY_HEADER,
  AgentHandoffTicket,
  AgentQueueResponse,
  ApiPaths,
  buildPath,
  HandoffPaths,
  HandoffTicket,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAY_HEADER,
  type CreateHandoffTicketRequest,
} from '../../src/shared/contract/api';
import { createBackendApp } from '../../src/backend/app';
import type { Db } from '../../src/backend/db/db';
import { openSeededStore } from '../../src/backend/seed/seed';
import type { DemoUser } from '../../src/shared/demo-users';
import { MINUTES_PER_TICKET } from '../../src/backend/handoff/service';
import { createLogger } from '../../src/shared/logger';
import { DEMO_USERS, makeDataDir, serve, type Api } from './support';
import { testStoreIn } from '../support/store';

const { alice, bruno, sofia } = DEMO_USERS;
const AGENT_KEY = 'desk-key-0123456789abcdefghij';

const agent = (key: string = AGENT_KEY) => ({ headers: { [AGENT_KEY_HEADER]: key } });

function ticketRequest(overrides: Partial<CreateHandoffTicketRequest> = {}): CreateHandoffTicketRequest {
  return {
    reason: 'misunderstood',
    channel: 'voice_assistant',
    context: {
      intents: ['TransactionDetailIntent', 'AMAZON.FallbackIntent', 'AMAZON.FallbackIntent'],
      utterances: ['why was my payment at marks and spencer declined'],
      topic: 'payment_failed',
      language: 'en-US',
      summary: 'failed card payment at Marks & Spencer',
    },
    ...overrides,
  };
}

/** Closes every ticket not closed yet (straight in the store), so that the next test starts with an empty queue. */
async function closeAllTickets(db: Db): Promise<void> {
  await db.executor.updateTable('handoff_tickets').set({ status: 'closed', closed_at: '2026-01-01T00:00:00.000Z' }).where('status', '<>', 'closed').execute();
}

describe('backend: handoff', () => {
  let db: Db;
  let api: Api;
  let dataDir: string;
  let close: () => Promise<void>;

  before(async () => {
    dataDir = await makeDataDir();
    db = await openSeededStore(await testStoreIn(dataDir));
    const served = await serve(createBackendApp({ db, logger: createLogger('silent'), agentApiKey: AGENT_KEY }));
    api = served.api;
    close = served.close;
  });
  after(async () => {
    await close();
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const open = (user: DemoUser, body: unknown, key: string = randomUUID()) =>
    api.post(HandoffPaths.tickets, body, { token: user.token, headers: { [IDEMPOTENCY_KEY_HEADER]: key } });
  const closeTicket = (id: string) => api.post(buildPath(HandoffPaths.agentClose, { id }), { agent: 'Dana' }, agent());
  const auditActions = async (id: string) =>
    (
      await db.executor.selectFrom('audit_log').select('action').where('entity_type', '=', 'handoff_ticket').where('entity_id', '=', id).orderBy('id').execute()
    ).map((row) => row.action);

  afterEach(async () => {
    // Every test starts with an empty queue.
    await closeAllTickets(db);
  });

  it('opens a ticket with the context, first in the queue with an estimated wait, audited', async () => {
    const reply = await open(alice, ticketRequest());
    assert.equal(reply.status, 201, reply.text);
    const ticket = HandoffTicket.strict().parse(reply.body);
    assert.match(ticket.id, /^hd_[0-9a-f]{16}$/);
    assert.equal(ticket.status, 'waiting');
    assert.equal(ticket.reason, 'misunderstood');
    assert.equal(ticket.contactMode, 'live_agent');
    assert.deepEqual(ticket.context, ticketRequest().context);
    assert.equal(ticket.queuePosition, 1);
    assert.equal(ticket.estimatedWaitMinutes, MINUTES_PER_TICKET);
    assert.deepEqual(await auditActions(ticket.id), ['handoff.created']);

    const mine = await api.get(HandoffPaths.openTicket, { token: alice.token });
    assert.equal(mine.status, 200);
    assert.equal(mine.body.id, ticket.id);
  });

  it('queues later tickets behind earlier ones: position and wait grow', async () => {
    const first = await open(alice, ticketRequest());
    const second = await open(bruno, ticketRequest({ reason: 'user_request', context: { ...ticketRequest().context, language: 'de-DE' } }));
    assert.equal(second.status, 201, second.text);
    assert.equal(second.body.queuePosition, 2);
    assert.equal(second.body.estimatedWaitMinutes, 2 * MINUTES_PER_TICKET);

    await closeTicket(first.body.id);
    const moved = await api.get(HandoffPaths.openTicket, { token: bruno.token });
    assert.equal(moved.body.queuePosition, 1);
  });

  it('is idempotent: the same key and body give the same ticket, a different body a 409', async () => {
    const key = randomUUID();
    const first = await open(alice, ticketRequest(), key);
    const retry = await open(alice, ticketRequest(), key);
    assert.equal(first.status, 201);
    assert.equal(retry.status, 200);
    assert.equal(retry.headers.get(IDEMPOTENT_REPLAY_HEADER), 'true');
    assert.equal(retry.body.id, first.body.id);
    const rows = await db.executor
      .selectFrom('handoff_tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('idempotency_key', '=', key)
      .executeTakeFirstOrThrow();
    assert.equal(rows.n, 1);

    const changed = await open(alice, ticketRequest({ reason: 'angry' }), key);
    assert.equal(changed.status, 409);
    assert.match(changed.body.error.message, /Idempotency-Key/);
  });

  it('keeps one open ticket per user: a second one is a 409 naming the first', async () => {
    const first = await open(alice, ticketRequest());
    const second = await open(alice, ticketRequest({ reason: 'user_request' }));
    assert.equal(second.status, 409);
    assert.equal(second.body.error.details.ticketId, first.body.id);
  });

  it('answers bad input with 400 and the reason', async () => {
    const cases: Array<{ body: unknown; key?: string | null; field: RegExp }> = [
      { body: ticketRequest(), key: null, field: /Idempotency-Key: is required/ },
      { body: ticketRequest(), key: 'short', field: /Idempotency-Key: must be 8 to 128/ },
      { body: ticketRequest({ reason: 'bored' as never }), field: /reason: must be one of user_request/ },
      { body: ticketRequest({ contactMode: 'pigeon' as never }), field: /contactMode: must be one of live_agent, callback/ },
      { body: { ...ticketRequest(), context: { ...ticketRequest().context, topic: undefined } }, field: /context\.topic: is required/ },
      {
        body: { ...ticketRequest(), context: { ...ticketRequest().context, utterances: ['a', 'b', 'c', 'd', 'e', 'f'] } },
        field: /context\.utterances: must have at most 5/,
      },
      {
        body: { ...ticketRequest(), context: { ...ticketRequest().context, language: 'English' } },
        field: /context\.language: must be a language tag/,
      },
      { body: { ...ticketRequest(), userId: 'u-bruno' }, field: /Unrecognized key/ },
      // Both would be kept by SQLite and refused by PostgreSQL: refused on every engine, by name.
      {
        body: { ...ticketRequest(), context: { ...ticketRequest().context, utterances: ['fine', 'my card\u0000was taken'] } },
        field: /context\.utterances\.1: must not contain a NUL character/,
      },
      {
        body: { ...ticketRequest(), context: { ...ticketRequest().context, summary: 'half an emoji \uD83D' } },
        field: /context\.summary: must not contain a NUL character or half of a surrogate pair/,
      },
    ];
    for (const { body, key, field } of cases) {
      const reply = await api.post(HandoffPaths.tickets, body, {
        token: alice.token,
        headers: key === null ? {} : { [IDEMPOTENCY_KEY_HEADER]: key ?? randomUUID() },
      });
      assert.equal(reply.status, 400, `${JSON.stringify(body)}: ${reply.text}`);
      assert.equal(reply.body.error.code, 'bad_request');
      assert.match(reply.body.error.message, field);
    }
    assert.equal((await api.get(HandoffPaths.openTicket, { token: alice.token })).status, 404);
    const oddId = await api.get(buildPath(HandoffPaths.ticket, { id: 'hd_\u0000\u001b[31m' }), { token: alice.token });
    assert.equal(oddId.status, 400, oddId.text);
    assert.match(oddId.body.error.message, /^id: must not contain a NUL character/);
  });

  it("hides another user's ticket: 404, as for an unknown id", async () => {
    const ticket = (await open(alice, ticketRequest())).body;
    const asBruno = await api.get(buildPath(HandoffPaths.ticket, { id: ticket.id }), { token: bruno.token });
    assert.equal(asBruno.status, 404);
    const brunoSwitches = await api.post(buildPath(HandoffPaths.ticketContactMode, { id: ticket.id }), { contactMode: 'callback' }, { token: bruno.token });
    assert.equal(brunoSwitches.status, 404);
    assert.equal((await api.get(HandoffPaths.openTicket, { token: bruno.token })).status, 404);
    assert.equal((await api.get(buildPath(HandoffPaths.ticket, { id: 'hd_0000000000000000' }), { token: alice.token })).status, 404);
    assert.equal((await api.get(buildPath(HandoffPaths.ticket, { id: ticket.id }), { token: alice.token })).status, 200);
    assert.equal((await api.get(HandoffPaths.openTicket)).status, 401);
  });

  it('switches a waiting ticket to a call back, audited; not once an agent has it', async () => {
    const ticket = (await open(sofia, ticketRequest())).body;
    const path = buildPath(HandoffPaths.ticketContactMode, { id: ticket.id });
    const switched = await api.post(path, { contactMode: 'callback' }, { token: sofia.token });
    assert.equal(switched.status, 200, switched.text);
    assert.equal(switched.body.contactMode, 'callback');
    assert.equal((await api.post(path, { contactMode: 'fax' }, { token: sofia.token })).status, 400);

    await api.post(buildPath(HandoffPaths.agentClaim, { id: ticket.id }), { agent: 'Dana' }, agent());
    const late = await api.post(path, { contactMode: 'live_agent' }, { token: sofia.token });
    assert.equal(late.status, 409);
    assert.equal(late.body.error.code, 'already_decided');
    assert.deepEqual(await auditActions(ticket.id), ['handoff.created', 'handoff.contact_mode_changed', 'handoff.claimed']);
  });

  it('requires the agent key on the queue: none, a wrong one or a user token get 401', async () => {
    await open(alice, ticketRequest());
    for (const options of [{}, agent('wrong-key-0123456789abcdefgh'), { token: alice.token }]) {
      const reply = await api.get(HandoffPaths.agentQueue, options);
      assert.equal(reply.status, 401, JSON.stringify(options));
      assert.equal(reply.body.error.code, 'unauthorized');
    }
    const claim = await api.post(buildPath(HandoffPaths.agentClaim, { id: 'hd_0000000000000000' }), { agent: 'Dana' }, { token: alice.token });
    assert.equal(claim.status, 401);
  });

  it('lets the agent desk list (oldest first, with context and user), claim and close', async () => {
    const aliceTicket = (await open(alice, ticketRequest())).body;
    const brunoTicket = (await open(bruno, ticketRequest({ reason: 'user_request', contactMode: 'callback' }))).body;

    const queue = AgentQueueResponse.parse((await api.get(HandoffPaths.agentQueue, agent())).body);
    assert.deepEqual(
      queue.tickets.map((ticket) => ticket.id),
      [aliceTicket.id, brunoTicket.id],
    );
    assert.equal(queue.tickets[0].user.displayName, 'Alice Martin');
    assert.equal(queue.tickets[0].context.summary, 'failed card payment at Marks & Spencer');
    assert.equal(queue.tickets[1].contactMode, 'callback');

    const claimPath = buildPath(HandoffPaths.agentClaim, { id: aliceTicket.id });
    assert.equal((await api.post(claimPath, {}, agent())).status, 400);
    const claimed = await api.post(claimPath, { agent: 'Dana' }, agent());
    assert.equal(claimed.status, 200, claimed.text);
    const claimedTicket = AgentHandoffTicket.parse(claimed.body);
    assert.equal(claimedTicket.status, 'claimed');
    assert.equal(claimedTicket.agent, 'Dana');
    assert.equal(claimedTicket.queuePosition, undefined);
    assert.equal((await api.post(claimPath, { agent: 'Lee' }, agent())).status, 409);

    const afterClaim = AgentQueueResponse.parse((await api.get(HandoffPaths.agentQueue, agent())).body);
    assert.deepEqual(
      afterClaim.tickets.map((ticket) => ticket.id),
      [brunoTicket.id],
    );
    assert.equal(afterClaim.tickets[0].queuePosition, 1);
    assert.equal((await api.get(HandoffPaths.openTicket, { token: alice.token })).body.status, 'claimed');

    const closed = await api.post(buildPath(HandoffPaths.agentClose, { id: aliceTicket.id }), { agent: 'Dana', resolution: 'explained the decline' }, agent());
    assert.equal(closed.status, 200);
    assert.equal(closed.body.status, 'closed');
    assert.equal(closed.body.resolution, 'explained the decline');
    assert.equal((await closeTicket(aliceTicket.id)).status, 409);
    assert.equal((await api.post(buildPath(HandoffPaths.agentClose, { id: 'hd_0000000000000000' }), { agent: 'Dana' }, agent())).status, 404);
    assert.equal((await api.get(HandoffPaths.openTicket, { token: alice.token })).status, 404);
    assert.deepEqual(await auditActions(aliceTicket.id), ['handoff.created', 'handoff.claimed', 'handoff.closed']);

    // Closed, the user may ask for a person again.
    assert.equal((await open(alice, ticketRequest())).status, 201);
  });

  it('keeps the queue closed when no agent key is configured', async () => {
    const served = await serve(createBackendApp({ db, logger: createLogger('silent') }));
    try {
      const reply = await served.api.get(HandoffPaths.agentQueue, agent());
      assert.equal(reply.status, 401);
      assert.match(reply.body.error.message, /not configured/);
    } finally {
      await served.close();
    }
  });
});

describe("backend: handoff call backs within the agents' hours", () => {
  let db: Db;
  let api: Api;
  let dataDir: string;
  let close: () => Promise<void>;
  /** The backend's clock, set by each test. */
  let clock = new Date('2026-11-25T15:00:00Z');

  before(async () => {
    dataDir = await makeDataDir();
    db = await openSeededStore(await testStoreIn(dataDir));
    const served = await serve(createBackendApp({ db, logger: createLogger('silent'), agentApiKey: AGENT_KEY, now: () => clock }));
    api = served.api;
    close = served.close;
  });
  after(async () => {
    await close();
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await closeAllTickets(db);
  });

  const open = (user: DemoUser, body: CreateHandoffTicketRequest) =>
    api.post(HandoffPaths.tickets, body, { token: user.token, headers: { [IDEMPOTENCY_KEY_HEADER]: randomUUID() } });
  const switchTo = (user: DemoUser, id: string, contactMode: 'callback' | 'live_agent') =>
    api.post(buildPath(HandoffPaths.ticketContactMode, { id }), { contactMode }, { token: user.token });
  const inLanguage = (language: string, overrides: Partial<CreateHandoffTicketRequest> = {}) =>
    ticketRequest({ reason: 'user_request', context: { ...ticketRequest().context, language }, ...overrides });

  it('inside the hours: the call back comes after the usual wait, and only a call back has a time', async () => {
    clock = new Date('2026-11-25T15:00:00Z'); // Wednesday 10:00 in New York
    const opened = await open(alice, inLanguage('en-US'));
    assert.equal(opened.status, 201, opened.text);
    assert.equal(opened.body.callbackAt, undefined, 'waiting for a live agent: no call back time');

    const switched = await switchTo(alice, opened.body.id, 'callback');
    assert.equal(switched.status, 200, switched.text);
    const ticket = HandoffTicket.strict().parse(switched.body);
    assert.equal(ticket.estimatedWaitMinutes, MINUTES_PER_TICKET);
    assert.equal(ticket.callbackAt, '2026-11-25T15:04:00.000Z');

    const back = await switchTo(alice, opened.body.id, 'live_agent');
    assert.equal(back.body.callbackAt, undefined);
  });

  it('outside the hours: the next opening of the desk of the ticket’s language, after the call backs ahead', async () => {
    clock = new Date('2026-11-28T23:00:00Z'); // Saturday 18:00 in New York, Sunday 00:00 in Berlin
    const aliceTicket = (await open(alice, inLanguage('en-US'))).body;
    const english = await switchTo(alice, aliceTicket.id, 'callback');
    assert.equal(english.status, 200, english.text);
    assert.equal(english.body.callbackAt, '2026-11-30T13:00:00.000Z', 'Monday 08:00 in New York');

    // Opened as a call back straight away, a minute later, second in the queue: Monday 08:00 in Berlin, after Alice's call.
    clock = new Date('2026-11-28T23:01:00Z');
    const german = await open(bruno, inLanguage('de-DE', { contactMode: 'callback' }));
    assert.equal(german.status, 201, german.text);
    assert.equal(german.body.queuePosition, 2);
    assert.equal(german.body.callbackAt, '2026-11-30T07:04:00.000Z');

    // The same time when read again, and on the agent desk's queue.
    clock = new Date('2026-11-29T03:00:00Z');
    assert.equal((await api.get(HandoffPaths.openTicket, { token: alice.token })).body.callbackAt, '2026-11-30T13:00:00.000Z');
    const queue = AgentQueueResponse.parse((await api.get(HandoffPaths.agentQueue, agent())).body);
    assert.deepEqual(
      queue.tickets.map((ticket) => ticket.callbackAt),
      ['2026-11-30T13:00:00.000Z', '2026-11-30T07:04:00.000Z'],
    );

    // Claimed: no longer waiting, no call back time.
    const claimed = await api.post(buildPath(HandoffPaths.agentClaim, { id: aliceTicket.id }), { agent: 'Dana' }, agent());
    assert.equal(claimed.body.callbackAt, undefined);
  });

  it('a fraud ticket at night is called back at once, around the clock', async () => {
    clock = new Date('2026-11-25T08:00:00Z'); // Wednesday 3 am in New York
    const fraud = await open(
      sofia,
      ticketRequest({
        reason: 'fraud',
        contactMode: 'callback',
        context: { ...ticketRequest().context, topic: 'fraud', language: 'es-MX' },
      }),
    );
    assert.equal(fraud.status, 201, fraud.text);
    assert.equal(fraud.body.callbackAt, '2026-11-25T08:04:00.000Z');

    // Another topic a minute later waits for its desk to open (New York, 08:00), behind the fraud call.
    clock = new Date('2026-11-25T08:01:00Z');
    const card = await open(alice, inLanguage('en-US', { contactMode: 'callback', context: { ...ticketRequest().context, topic: 'card' } }));
    assert.equal(card.body.queuePosition, 2);
    assert.equal(card.body.callbackAt, '2026-11-25T13:04:00.000Z');
  });

  it('documents callbackAt in the OpenAPI document', async () => {
    const document = (await api.get(ApiPaths.openApiDocument)).body;
    const properties = document.components.schemas.HandoffTicket.properties;
    assert.equal(properties.callbackAt.format, 'date-time');
    assert.match(properties.callbackAt.description, /desk/);
  });
});
