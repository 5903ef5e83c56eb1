/**
 * The traffic the load tests offer, with autocannon: Alexa conversations (launch, balance, recent
 * transactions, stop, each in its speaker's language) to the skill, and transfers straight to the
 * backend, each side flat out or at a given rate. It tallies what came back: answers, apologies,
 * unreadable answers, acknowledged and refused transfers, connection errors.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import type { Db } from '../../src/backend/db/db';
import { ApiPaths, IDEMPOTENCY_KEY_HEADER, TransferPaths } from '../../src/shared/contract/api';
import { DEMO_FRIEND_ACCOUNTS } from '../../src/backend/seed/anti-fraud';
import { speechToText } from '../../src/skill/speech/ssml';
import { alexaEnvelope } from '../support/alexa-request';
import { expected } from '../support/skill';
import { DEMO_USERS, type Api } from '../backend/support';

/** Users without a voice code, each in their own language. */
const SPEAKERS = [
  { token: DEMO_USERS.alice.token, locale: 'en-US' },
  { token: DEMO_USERS.sofia.token, locale: 'es-MX' },
  { token: DEMO_USERS.yuki.token, locale: 'ja-JP' },
];
export const PAYERS = [
  { user: DEMO_USERS.alice, currency: 'USD', friend: { name: 'Emma Johnson', account: DEMO_FRIEND_ACCOUNTS.alice['Emma Johnson'] } },
  { user: DEMO_USERS.sofia, currency: 'MXN', friend: { name: 'Diego Hernández', account: DEMO_FRIEND_ACCOUNTS.sofia['Diego Hernández'] } },
  { user: DEMO_USERS.yuki, currency: 'JPY', friend: { name: 'Kenji Watanabe', account: DEMO_FRIEND_ACCOUNTS.yuki['Kenji Watanabe'] } },
];
/** The memo of every load transfer, to find them in the store. */
export const LOAD_MEMO = 'load';
const APOLOGIES = new Set(SPEAKERS.flatMap(({ locale }) => [expected(locale, 'errors.backendUnavailable'), expected(locale, 'errors.generic')]));

type Context = Record<string, any>;

export interface Side {
  connections: number;
  /** Requests per second over all connections; 0 runs flat out. */
  rate: number;
}

export interface TrafficTally {
  turns: { answered: number; apologies: number; unreadable: number; answeredAt: number[] };
  writes: { acknowledged: string[]; acknowledgedAt: number[]; refused: string[] };
  /** Connection errors by code (timeouts included). */
  failures: Record<string, number>;
}

/** Traffic to the skill instances (round robin) and to the backend URL, tallied across every `offer`. */
export function createTraffic(skillUrls: string[], backendUrl: string) {
  const tally: TrafficTally = {
    turns: { answered: 0, apologies: 0, unreadable: 0, answeredAt: [] },
    writes: { acknowledged: [], acknowledgedAt: [], refused: [] },
    failures: {},
  };
  const countFailure = (error: Error & { code?: string }) => {
    const kind = error.code ?? error.message;
    tally.failures[kind] = (tally.failures[kind] ?? 0) + 1;
  };
  const turn = (build: () => Record<string, unknown>) => ({
    method: 'POST' as const,
    path: '/webhook',
    headers: { 'content-type': 'application/json' },
    setupRequest: (request: any, context: Context) => {
      context.speaker ??= SPEAKERS[Math.floor(Math.random() * SPEAKERS.length)];
      const envelope = alexaEnvelope(build(), {
        locale: context.speaker.locale,
        accessToken: context.speaker.token,
        newSession: context.attributes === undefined,
        sessionAttributes: context.attributes ?? {},
      });
      return { ...request, body: JSON.stringify(envelope) };
    },
    onResponse: (status: number, body: string, context: Context) => {
      try {
        const json = JSON.parse(body);
        context.attributes = json.sessionAttributes ?? {};
        const speech = speechToText(json.response?.outputSpeech?.ssml ?? '');
        if (status !== 200 || !speech) tally.turns.unreadable += 1;
        else if (APOLOGIES.has(speech)) tally.turns.apologies += 1;
        else {
          tally.turns.answered += 1;
          tally.turns.answeredAt.push(Date.now());
        }
      } catch {
        tally.turns.unreadable += 1;
      }
    },
  });
  const intent = (name: string) => () => ({ type: 'IntentRequest', intent: { name, confirmationStatus: 'NONE', slots: {} } });

  /** Conversations and transfers together for `seconds`; resolves with autocannon's results. */
  const offer = (seconds: number, talkers: Side, payers: Side) => {
    const conversations = autocannon({
      // autocannon spreads the connections over several URLs; its types know only one.
      url: skillUrls.map((url) => url.replace('localhost', '127.0.0.1')) as unknown as string,
      connections: talkers.connections,
      overallRate: talkers.rate || undefined,
      duration: seconds,
      timeout: 10,
      requests: [
        turn(() => ({ type: 'LaunchRequest' })),
        turn(intent('BalanceIntent')),
        turn(intent('RecentTransactionsIntent')),
        turn(intent('AMAZON.StopIntent')),
      ],
    });
    const transfers = autocannon({
      url: backendUrl,
      connections: payers.connections,
      overallRate: payers.rate || undefined,
      duration: seconds,
      timeout: 10,
      requests: [
        {
          method: 'POST',
          path: TransferPaths.transfers,
          setupRequest: (request: any) => {
            const payer = PAYERS[Math.floor(Math.random() * PAYERS.length)];
            return {
              ...request,
              headers: {
                'content-type': 'application/json',
                authorization: `Bearer ${payer.user.token}`,
                [IDEMPOTENCY_KEY_HEADER]: randomUUID(),
              },
              body: JSON.stringify({ payee: payer.friend, amountMinor: 1, currency: payer.currency, memo: LOAD_MEMO, channel: 'mobile_app' }),
            };
          },
          onResponse: (status: number, body: string) => {
            if (status === 201) {
              tally.writes.acknowledged.push(JSON.parse(body).id);
              tally.writes.acknowledgedAt.push(Date.now());
            } else tally.writes.refused.push(tally.writes.refused.length < 5 ? `${status} ${body.slice(0, 200)}` : String(status));
          },
        },
      ],
    });
    conversations.on('reqError', countFailure);
    transfers.on('reqError', countFailure);
    return Promise.all([conversations, transfers]);
  };

  return { offer, tally };
}

/**
 * Turns and writes per second this setup serves flat out, once warm (the first turns load the
 * understanding model and compile the handlers), with what the probe itself got back.
 */
export async function measureCapacity(offer: ReturnType<typeof createTraffic>['offer'], talkers: number, payers: number) {
  const [warmTalk, warmWrite] = await offer(3, { connections: Math.max(2, Math.round(talkers / 4)), rate: 0 }, { connections: 1, rate: 0 });
  const [talk, write] = await offer(5, { connections: talkers, rate: 0 }, { connections: payers, rate: 0 });
  return {
    turnsPerSecond: Math.round(talk.requests.average),
    writesPerSecond: Math.round(write.requests.average),
    non2xxTurns: warmTalk.non2xx + talk.non2xx,
    /** Transfers whose answer was never read: in flight when a phase ended, or timed out. */
    unreadWrites: 1 + payers + warmWrite.timeouts + write.timeouts,
  };
}

/** Each payer's available balance in the currency they pay in, by token. */
export async function payerBalances(api: Api): Promise<Map<string, number>> {
  const balances = new Map<string, number>();
  for (const { user, currency } of PAYERS) {
    const reply = await api.get(`${ApiPaths.balances}?currency=${currency}`, { token: user.token });
    balances.set(user.token, reply.body.balances[0].availableMinor);
  }
  return balances;
}

/**
 * After the load, in the store itself: every acknowledged transfer is there, beyond them only
 * those whose answer was never read (at most `unread`), and each payer's money moved by exactly
 * the load transfers stored.
 */
export async function assertLoadWritesKept(db: Db, acknowledged: string[], before: Map<string, number>, unread: number): Promise<void> {
  const stored = new Set((await db.executor.selectFrom('transfers').select('id').where('memo', '=', LOAD_MEMO).execute()).map((row) => row.id));
  assert.deepEqual(
    acknowledged.filter((id) => !stored.has(id)),
    [],
    'acknowledged transfers missing from the store',
  );
  assert.equal(new Set(acknowledged).size, acknowledged.length, 'one transfer acknowledged twice');
  assert.ok(stored.size - acknowledged.length <= unread, `${stored.size} stored, ${acknowledged.length} acknowledged, ${unread} unread`);
  for (const { user, currency } of PAYERS) {
    const { id: userId } = await db.executor.selectFrom('users').select('id').where('display_name', '=', user.displayName).executeTakeFirstOrThrow();
    const { moved } = await db.executor
      .selectFrom('transfers')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_minor'), eb.lit(0)).as('moved'))
      .where('memo', '=', LOAD_MEMO)
      .where('user_id', '=', userId)
      .where('status', '<>', 'cancelled')
      .executeTakeFirstOrThrow();
    const { available_minor } = await db.executor
      .selectFrom('wallets')
      .select('available_minor')
      .where('user_id', '=', userId)
      .where('currency', '=', currency)
      .executeTakeFirstOrThrow();
    assert.equal(available_minor, (before.get(user.token) ?? 0) - Number(moved), `${user.displayName}'s ${currency} wallet`);
  }
}
