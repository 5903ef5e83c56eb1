import assert from 'node:assert/strict';
import { ApiPaths, buildPath, Transaction, TransactionsResponse } from '../../src/shared/contract/api';
import { DEMO_USERS, startTestBackend, type TestBackend } from './support';

const HOUR_MS = 3_600_000;

describe('backend: transactions', () => {
  let backend: TestBackend;
  let everyOfAlice: Transaction[];
  before(async () => {
    backend = await startTestBackend();
    everyOfAlice = await backend.api.allTransactions(alice);
  });
  after(() => backend.close());

  const alice = DEMO_USERS.alice;
  const list = (query: string) => backend.api.get(`${ApiPaths.transactions}${query}`, { token: alice.token });

  it('gives 10 transactions by default, newest first, in the contract shape, with a cursor', async () => {
    const reply = await list('');
    assert.equal(reply.status, 200);
    const page = TransactionsResponse.strict().parse(reply.body);
    assert.equal(page.transactions.length, 10);
    assert.ok(page.nextCursor);
    for (const transaction of page.transactions) {
      Transaction.strict().parse(transaction);
    }
    const times = page.transactions.map((transaction) => transaction.bookedAt);
    assert.deepEqual(times, [...times].sort().reverse());
    assert.deepEqual(page.transactions, everyOfAlice.slice(0, 10));
  });

  it('pages through 60 to 80 transactions of the last 90 days without repeating one', () => {
    assert.ok(everyOfAlice.length >= 60 && everyOfAlice.length <= 80, `${everyOfAlice.length} transactions`);
    assert.equal(new Set(everyOfAlice.map((transaction) => transaction.id)).size, everyOfAlice.length);
    const times = everyOfAlice.map((transaction) => Date.parse(transaction.bookedAt));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );
    assert.ok(times.every((time) => time <= Date.now() && time > Date.now() - 90 * 24 * HOUR_MS));
  });

  it('honours the limit bounds 1 and 50', async () => {
    assert.equal((await list('?limit=1')).body.transactions.length, 1);
    assert.equal((await list('?limit=50')).body.transactions.length, 50);
  });

  const refusals: Array<[query: string, reason: RegExp]> = [
    ['?limit=0', /^limit: must be at least 1$/],
    ['?limit=500', /^limit: must be at most 50$/],
    ['?limit=ten', /^limit: must be a whole number$/],
    ['?limit=2.5', /^limit: must be a whole number$/],
    ['?from=2026-11-20&to=2026-11-10', /^from: must not be after to$/],
    ['?from=2026-11-20T10:00:00Z&to=2026-11-20T09:59:59Z', /^from: must not be after to$/],
    ['?from=2026-02-30', /^from: must be an ISO 8601 date/],
    ['?to=yesterday', /^to: must be an ISO 8601 date/],
    ['?to=2026-11-20T10:00:00', /^to: must be an ISO 8601 date/],
    ['?status=done', /^status: /],
    ['?direction=in', /^direction: /],
    [`?counterparty=${'x'.repeat(101)}`, /^counterparty: must be at most 100 characters$/],
    ['?cursor=not-a-cursor', /^cursor: is not a nextCursor/],
  ];
  for (const [query, reason] of refusals) {
    it(`refuses ${query.length > 40 ? `${query.slice(0, 40)}...` : query} with a reason naming the field`, async () => {
      const reply = await list(query);
      assert.equal(reply.status, 400);
      assert.equal(reply.body.error.code, 'bad_request');
      assert.match(reply.body.error.message, reason);
    });
  }

  it('finds a counterparty by a substring, ignoring case and accents', async () => {
    const starbucks = (await list('?counterparty=STARBUCKS&limit=50')).body.transactions as Transaction[];
    assert.ok(starbucks.length > 0);
    assert.deepEqual(
      starbucks.map((transaction) => transaction.id),
      everyOfAlice.filter((transaction) => transaction.counterparty === 'Starbucks').map((transaction) => transaction.id),
    );
    const cafe = (await list('?counterparty=cafe%20de%20flore&limit=50')).body.transactions as Transaction[];
    assert.ok(cafe.length > 0);
    assert.ok(cafe.every((transaction) => transaction.counterparty === 'Café de Flore'));
    // Characters with a meaning in SQL LIKE or in SSML are plain text here.
    const spencer = (await list(`?counterparty=${encodeURIComponent('marks & spencer')}`)).body.transactions;
    assert.ok(spencer.length > 0);
    assert.equal((await list('?counterparty=%25')).body.transactions.length, 0);
  });

  it('filters by status and direction, and shows the card payment declined in the last 24 hours', async () => {
    const failed = (await list('?status=failed')).body.transactions as Transaction[];
    assert.ok(failed.length >= 2);
    assert.ok(failed.every((transaction) => transaction.status === 'failed'));
    assert.ok(failed.some((transaction) => Date.parse(transaction.bookedAt) > Date.now() - 24 * HOUR_MS));

    const credits = (await list('?direction=credit&limit=50')).body.transactions as Transaction[];
    assert.deepEqual(
      credits.map((transaction) => transaction.id),
      everyOfAlice.filter((transaction) => transaction.direction === 'credit').map((transaction) => transaction.id),
    );
  });

  it('reads a calendar date as that whole day on the user’s own clock', async () => {
    // Yuki lives in Tokyo (UTC+9 all year): her "yesterday" is not the UTC one.
    const yuki = DEMO_USERS.yuki;
    const tokyoNow = new Date(Date.now() + 9 * HOUR_MS);
    const yesterday = new Date(tokyoNow.getTime() - 24 * HOUR_MS).toISOString().slice(0, 10);
    const dayStart = Date.parse(`${yesterday}T00:00:00+09:00`);
    const expected = (await backend.api.allTransactions(yuki)).filter((transaction) => {
      const time = Date.parse(transaction.bookedAt);
      return time >= dayStart && time < dayStart + 24 * HOUR_MS;
    });
    assert.ok(
      expected.some((transaction) => transaction.counterparty === 'Starbucks'),
      'seeded coffee yesterday',
    );

    const reply = await backend.api.get(`${ApiPaths.transactions}?from=${yesterday}&to=${yesterday}&limit=50`, {
      token: yuki.token,
    });
    assert.deepEqual(reply.body.transactions, expected);
  });

  it('includes both ends of a date-time range', async () => {
    const [newer, older] = [everyOfAlice[3], everyOfAlice[5]];
    const reply = await list(`?from=${older.bookedAt}&to=${newer.bookedAt}`);
    assert.deepEqual(reply.body.transactions, everyOfAlice.slice(3, 6));
  });

  it('gives one transaction by id, and 404 for an id that does not exist', async () => {
    const wanted = everyOfAlice[7];
    const found = await backend.api.get(buildPath(ApiPaths.transaction, { id: wanted.id }), { token: alice.token });
    assert.equal(found.status, 200);
    assert.deepEqual(found.body, wanted);

    const missing = await backend.api.get(buildPath(ApiPaths.transaction, { id: 'tx_doesnotexist000' }), {
      token: alice.token,
    });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'not_found');
  });
});
