import assert from 'node:assert/strict';
import { afterEachCleanNock, ALICE, fakeBackend } from '../support/fake-backend';
import { AlexaConversation } from '../support/skill';

describe('user-provided text in speech', () => {
  afterEachCleanNock();

  it('escapes merchant names and memos before they enter SSML', async () => {
    const hostile = {
      id: 't-x',
      bookedAt: new Date(Date.now() - 3_600_000).toISOString(),
      direction: 'credit',
      status: 'completed',
      amountMinor: 1000,
      currency: 'USD',
      kind: 'transfer',
      counterparty: 'Marks & Spencer <audio src="https://evil.example/x.mp3"/>',
      memo: 'thanks </speak><speak>',
    };
    const scope = fakeBackend()
      .get('/v1/profile')
      .reply(200, ALICE)
      .get('/v1/transactions')
      .query(true)
      .reply(200, { transactions: [hostile] });
    const turn = await new AlexaConversation('en-US').intent('TransactionDetailIntent', { merchant: 'Marks' });
    assert.ok(turn.ssml.includes('Marks &amp; Spencer &lt;audio src=&quot;https://evil.example/x.mp3&quot;/&gt;'), turn.ssml);
    assert.ok(turn.ssml.includes('thanks &lt;/speak&gt;&lt;speak&gt;'), turn.ssml);
    assert.doesNotMatch(turn.ssml, /<audio|<\/speak><speak>/);
    // Exactly one <speak> element: nothing was injected.
    assert.equal(turn.ssml.match(/<speak>/g)?.length, 1);
    assert.ok(scope.isDone());
  });
});
