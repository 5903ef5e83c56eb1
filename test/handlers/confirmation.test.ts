import assert from 'node:assert/strict';
import type { Reading, UnderstandingModel } from '../../src/skill/nlu/understanding';
import { afterEachCleanNock, fakeBackend } from '../support/fake-backend';
import { expected, faqAnswer, notUnderstood, testApp, toldBefore, WebConversation } from '../support/skill';

const FROZEN = { frozen: true, frozenAt: '2026-11-27T08:00:00.000Z', openFraudReport: false };
const NOT_FROZEN = { frozen: false, openFraudReport: false };
const SETTINGS = { delayedArrival: { enabled: false, hours: 2 } };

/** An understanding model that reads every text the same way, as sure as the test says. */
function readingAs(label: string, confidence: number): () => UnderstandingModel {
  const readings: Reading[] = [
    { label, confidence },
    { label: 'faq:pin_blocked', confidence: (1 - confidence) / 2 },
    { label: 'BalanceIntent', confidence: (1 - confidence) / 2 },
  ];
  const model = { understand: () => readings, classify: () => ({ topic: 'pin_blocked', confidence: 1, alternatives: [] }) };
  return () => model as unknown as UnderstandingModel;
}

function conversation(label: string, confidence: number, locale = 'en-US'): WebConversation {
  return new WebConversation(locale, 'token-alice', testApp({ understanding: readingAs(label, confidence) }));
}

describe('account changes on a typed request ask first', () => {
  afterEachCleanNock();

  it('a freeze read with middling confidence asks, and "no" leaves the wallet as it was', async () => {
    const freeze = fakeBackend().post('/v1/account/freeze').reply(200, FROZEN);
    const chat = conversation('FreezeAccountIntent', 0.7);
    const question = await chat.say('my pin got locked');
    assert.equal(question.speech, expected('en-US', 'freeze.confirm'));
    assert.equal(question.sessionEnds, false);
    const no = await chat.say('no');
    assert.equal(toldBefore(no, 'en-US'), expected('en-US', 'freeze.notFrozenOnRequest'));
    assert.equal(freeze.isDone(), false, 'nothing was frozen');
  });

  it('a freeze read with middling confidence freezes after a yes', async () => {
    const scope = fakeBackend().get('/v1/account/freeze').reply(200, NOT_FROZEN).post('/v1/account/freeze').reply(200, FROZEN);
    const chat = conversation('FreezeAccountIntent', 0.7, 'de-DE');
    await chat.say('konto zu machen');
    const done = await chat.say('ja');
    assert.equal(toldBefore(done, 'de-DE'), expected('de-DE', 'freeze.done'));
    assert.ok(scope.isDone());
  });

  it('a typed freeze asks even when the model is sure of it (freeze and unfreeze differ by a syllable)', async () => {
    const freeze = fakeBackend().post('/v1/account/freeze').reply(200, FROZEN);
    const question = await conversation('FreezeAccountIntent', 0.99, 'zh-CN').say('取消冻结我的钱包');
    assert.equal(question.speech, expected('zh-CN', 'freeze.confirm'));
    assert.equal(freeze.isDone(), false, 'nothing was frozen');
  });

  it('an unfreeze asks first however sure the reading, and "no" keeps the wallet frozen', async () => {
    const state = fakeBackend().get('/v1/account/freeze').reply(200, FROZEN);
    const unfreeze = fakeBackend().post('/v1/account/unfreeze').reply(200, NOT_FROZEN);
    const chat = conversation('UnfreezeAccountIntent', 0.99, 'ja-JP');
    const question = await chat.say('凍結を解除して');
    assert.equal(question.speech, expected('ja-JP', 'freeze.confirmUnfreeze'));
    const no = await chat.say('いいえ');
    assert.equal(toldBefore(no, 'ja-JP'), expected('ja-JP', 'freeze.stillFrozen'));
    assert.ok(state.isDone());
    assert.equal(unfreeze.isDone(), false, 'nothing was unfrozen');
  });

  it('turning delayed arrival on, read with middling confidence, asks; "no" saves nothing', async () => {
    const settings = fakeBackend().get('/v1/settings').reply(200, SETTINGS);
    const put = fakeBackend()
      .put('/v1/settings')
      .reply(200, { delayedArrival: { enabled: true, hours: 24 } });
    const chat = conversation('DelayedArrivalIntent', 0.7, 'fr-FR');
    const question = await chat.say('activer le délai de 24 heures');
    assert.equal(question.speech, expected('fr-FR', 'delayedArrival.confirmOn', { hours: 24 }));
    const no = await chat.say('non');
    assert.equal(toldBefore(no, 'fr-FR'), expected('fr-FR', 'delayedArrival.unchanged'));
    assert.ok(settings.isDone());
    assert.equal(put.isDone(), false, 'nothing was saved');
  });

  it('turning delayed arrival on saves after a yes', async () => {
    const scope = fakeBackend()
      .get('/v1/settings')
      .times(2)
      .reply(200, SETTINGS)
      .put('/v1/settings', { delayedArrival: { enabled: true, hours: 24 } })
      .reply(200, { delayedArrival: { enabled: true, hours: 24 } });
    const chat = conversation('DelayedArrivalIntent', 0.95);
    await chat.say('turn on delayed arrival for 24 hours');
    const done = await chat.say('yes');
    assert.equal(toldBefore(done, 'en-US'), expected('en-US', 'delayedArrival.turnedOn', { hours: 24 }));
    assert.ok(scope.isDone());
  });

  it('turning delayed arrival off asks however sure the reading', async () => {
    const settings = fakeBackend()
      .get('/v1/settings')
      .reply(200, { delayedArrival: { enabled: true, hours: 2 } });
    const put = fakeBackend().put('/v1/settings').reply(200, SETTINGS);
    const question = await conversation('DelayedArrivalIntent', 0.99).say('turn off delayed arrival');
    assert.equal(question.speech, expected('en-US', 'delayedArrival.confirmOff', { hours: 2 }));
    assert.ok(settings.isDone());
    assert.equal(put.isDone(), false, 'nothing was saved');
  });
});

describe('a typed request that could mean two things asks which', () => {
  afterEachCleanNock();

  function torn(): () => UnderstandingModel {
    const readings: Reading[] = [
      { label: 'FreezeAccountIntent', confidence: 0.45 },
      { label: 'faq:pin_blocked', confidence: 0.4 },
      { label: 'BalanceIntent', confidence: 0.15 },
    ];
    const model = { understand: () => readings, classify: () => ({ topic: 'pin_blocked', confidence: 1, alternatives: [] }) };
    return () => model as unknown as UnderstandingModel;
  }

  it('offers the two likeliest readings, and the second one picked is answered', async () => {
    const chat = new WebConversation('en-US', 'token-alice', testApp({ understanding: torn() }));
    const question = await chat.say('my pin is locked');
    assert.equal(
      question.speech,
      expected('en-US', 'understanding.choose', {
        first: expected('en-US', 'understanding.readings.FreezeAccountIntent'),
        second: expected('en-US', 'faq.topics.pin_blocked'),
      }),
    );
    const answer = await chat.say('the second one');
    assert.equal(toldBefore(answer, 'en-US'), faqAnswer('en-US', 'pin_blocked'));
  });

  it('picking the freeze freezes: the user chose it', async () => {
    const scope = fakeBackend().get('/v1/account/freeze').reply(200, NOT_FROZEN).post('/v1/account/freeze').reply(200, FROZEN);
    const chat = new WebConversation('en-US', 'token-alice', testApp({ understanding: torn() }));
    await chat.say('my pin is locked');
    const done = await chat.say('the first one');
    assert.equal(toldBefore(done, 'en-US'), expected('en-US', 'freeze.done'));
    assert.ok(scope.isDone());
  });

  it('"no" to both says what the skill can do, and a second miss offers a person', async () => {
    const chat = new WebConversation('es-ES', 'token-alice', testApp({ understanding: torn() }));
    await chat.say('mi pin esta bloqueado');
    const neither = await chat.say('no');
    assert.equal(neither.speech, notUnderstood('es-ES'));
    assert.equal(neither.sessionEnds, false);
  });
});
