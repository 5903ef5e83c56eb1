import assert from 'node:assert/strict';
import type { FaqClassification } from '../../../src/skill/faq';
import { FAQ_ROUTING, isDialogueOpen, routeToFaq } from '../../../src/skill/faq/routing';

const SURE: FaqClassification = {
  topic: 'card_arrival',
  confidence: 0.97,
  alternatives: [{ topic: 'card_delivery_estimate', confidence: 0.02 }],
};
const UNSURE: FaqClassification = {
  topic: 'exchange_rate',
  confidence: 0.6,
  alternatives: [{ topic: 'exchange_charge', confidence: 0.3 }],
};

/** A classifier stand-in that counts how often it is asked. */
function classifierSaying(classification: FaqClassification) {
  const calls: number[] = [];
  return { calls, classify: () => (calls.push(1), classification) };
}

const misrouted = { text: "my new card hasn't arrived yet", intent: 'AMAZON.NoIntent', score: 0.62 };

describe('FAQ routing rule', () => {
  it('sends a question nlp.js half matched to the FAQ when the classifier is sure, with the classification', () => {
    const classifier = classifierSaying(SURE);
    assert.equal(routeToFaq(misrouted, false, classifier.classify), SURE);
    assert.equal(classifier.calls.length, 1);
  });

  it('keeps the intent when the classifier is not sure enough', () => {
    assert.equal(routeToFaq(misrouted, false, classifierSaying(UNSURE).classify), undefined);
    const atThreshold = { ...SURE, confidence: FAQ_ROUTING.faqConfidence };
    assert.equal(
      routeToFaq(misrouted, false, () => atThreshold),
      atThreshold,
    );
  });

  it('keeps a sentence nlp.js knows, without classifying it', () => {
    const classifier = classifierSaying(SURE);
    assert.equal(routeToFaq({ text: "what's my balance", intent: 'BalanceIntent', score: 1 }, false, classifier.classify), undefined);
    assert.equal(routeToFaq({ text: 'balance', intent: 'BalanceIntent', score: FAQ_ROUTING.keepNluScore }, false, classifier.classify), undefined);
    assert.equal(classifier.calls.length, 0);
  });

  it('never overrides inside an open dialogue, without classifying', () => {
    const classifier = classifierSaying(SURE);
    assert.equal(routeToFaq(misrouted, true, classifier.classify), undefined);
    assert.equal(classifier.calls.length, 0);
  });

  it('leaves FaqIntent as it is', () => {
    const classifier = classifierSaying(SURE);
    assert.equal(routeToFaq({ text: 'I have a question about my card', intent: 'FaqIntent', score: 0.7 }, false, classifier.classify), undefined);
    assert.equal(classifier.calls.length, 0);
  });

  it('keeps requests that carry a phone number, a code or a reference', () => {
    const classifier = classifierSaying(SURE);
    for (const text of ['someone called me from +44 20 7946 0958', 'my code is 2 5 8 0', 'status of report 20481234', 'the number is 0800-123-456']) {
      assert.equal(routeToFaq({ text, intent: 'VerifyContactIntent', score: 0.7 }, false, classifier.classify), undefined, text);
    }
    assert.equal(classifier.calls.length, 0);
    // Short numbers are part of ordinary questions.
    assert.equal(
      routeToFaq({ text: 'I was charged 3 euros twice', intent: 'ReportFraudIntent', score: 0.8 }, false, () => SURE),
      SURE,
    );
  });

  it('takes other thresholds', () => {
    const strict = { keepNluScore: 0.5, faqConfidence: 0.99 };
    assert.equal(
      routeToFaq(misrouted, false, () => SURE, strict),
      undefined,
    );
    assert.equal(routeToFaq({ ...misrouted, score: 0.4 }, false, () => ({ ...SURE, confidence: 0.995 }), strict)?.topic, 'card_arrival');
  });
});

describe('open dialogue', () => {
  it('is closed at the top of a conversation and after an answer that kept nothing', () => {
    assert.equal(isDialogueOpen(undefined), false);
    assert.equal(isDialogueOpen([]), false);
    assert.equal(isDialogueOpen([{ component: 'BalanceComponent' }]), false);
    assert.equal(isDialogueOpen([{ component: 'FaqComponent', data: {} }]), false);
    assert.equal(isDialogueOpen([{ component: 'FaqComponent', data: { choices: undefined } }]), false);
    assert.equal(isDialogueOpen([{ component: 'HandoffComponent', data: { handoff: {} } }]), false);
    assert.equal(isDialogueOpen([{ component: 'FaqComponent', data: { choices: [] } }]), false);
  });

  it('is open while a component keeps a question asked, a draft or a choice', () => {
    assert.equal(isDialogueOpen([{ component: 'FaqComponent', data: { choices: ['declined_card_payment', 'pending_card_payment'] } }]), true);
    assert.equal(isDialogueOpen([{ component: 'SuggestionsComponent', data: { suggestion: { kind: 'failed_payment' }, offeredAt: 1 } }]), true);
    assert.equal(isDialogueOpen([{ component: 'HandoffComponent', data: { handoff: { offer: 'angry', askedAt: 3 } } }]), true);
    assert.equal(isDialogueOpen([{ component: 'SecurityAlertComponent', data: { conversation: { alertId: 'al-1' } } }]), true);
  });

  it('is open while a sub-dialog (the voice code) was delegated to', () => {
    assert.equal(isDialogueOpen([{ component: 'BalanceComponent', data: { question: {} } }, { component: 'VoiceCodeComponent' }]), true);
  });
});
