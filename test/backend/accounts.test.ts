import assert from 'node:assert/strict';
import { ApiPaths, BalancesResponse, Profile } from '../../src/shared/contract/api';
import { ALICE_HELD_TRANSFER } from '../../src/backend/seed/anti-fraud';
import { DEMO_USERS, startTestBackend, type TestBackend } from './support';

describe('backend: profile and balances', () => {
  let backend: TestBackend;
  before(async () => {
    backend = await startTestBackend();
  });
  after(() => backend.close());

  const alice = DEMO_USERS.alice;

  it('gives every demo user their profile, telling who needs a voice code', async () => {
    for (const user of Object.values(DEMO_USERS)) {
      const reply = await backend.api.get(ApiPaths.profile, { token: user.token });
      assert.equal(reply.status, 200);
      assert.deepEqual(Profile.strict().parse(reply.body), {
        userId: user.userId,
        displayName: user.displayName,
        locale: user.locale,
        timeZone: user.timeZone,
        homeCurrency: user.homeCurrency,
        voiceCodeRequired: 'voiceCode' in user,
      });
    }
  });

  it("lists Alice's wallets home currency first, then by code, with the pending top-up and the held transfer", async () => {
    const heldMinor = ALICE_HELD_TRANSFER.request.amountMinor;
    const reply = await backend.api.get(ApiPaths.balances, { token: alice.token });
    assert.equal(reply.status, 200);
    const { balances } = BalancesResponse.strict().parse(reply.body);
    assert.deepEqual(
      balances.map(({ currency, availableMinor }) => ({ currency, availableMinor })),
      [
        { currency: 'USD', availableMinor: 241_837 - heldMinor },
        { currency: 'EUR', availableMinor: 38_520 },
        { currency: 'GBP', availableMinor: 12_745 },
      ],
    );
    const pending = await backend.api.get(`${ApiPaths.transactions}?status=pending`, { token: alice.token });
    const pendingTopUp = pending.body.transactions.find((transaction: { kind: string }) => transaction.kind === 'top_up');
    assert.equal(balances[0].pendingMinor, pendingTopUp.amountMinor - heldMinor);
    assert.equal(balances[1].pendingMinor, 0);
  });

  it('puts the home currency first even when it does not sort first', async () => {
    const reply = await backend.api.get(ApiPaths.balances, { token: DEMO_USERS.yuki.token });
    assert.deepEqual(
      reply.body.balances.map((balance: { currency: string }) => balance.currency),
      ['JPY', 'USD'],
    );
  });

  it('filters by currency, and answers an empty list for a currency the user has no wallet in', async () => {
    const euro = await backend.api.get(`${ApiPaths.balances}?currency=EUR`, { token: alice.token });
    assert.deepEqual(euro.body, { balances: [{ currency: 'EUR', availableMinor: 38_520, pendingMinor: 0 }] });

    const krona = await backend.api.get(`${ApiPaths.balances}?currency=SEK`, { token: alice.token });
    assert.equal(krona.status, 200);
    assert.deepEqual(krona.body, { balances: [] });
  });

  for (const malformed of ['EURO', 'eur', 'E1R', '']) {
    it(`refuses the malformed currency "${malformed}" with a reason naming the field`, async () => {
      const reply = await backend.api.get(`${ApiPaths.balances}?currency=${malformed}`, { token: alice.token });
      assert.equal(reply.status, 400);
      assert.equal(reply.body.error.code, 'bad_request');
      assert.match(reply.body.error.message, /^currency: .*ISO 4217/);
      assert.deepEqual(
        reply.body.error.details.map((detail: { field: string }) => detail.field),
        ['currency'],
      );
    });
  }
});
