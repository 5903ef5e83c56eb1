import assert from 'node:assert/strict';
import { decideReading, isDialogueOpen, pickedReading, READING_THRESHOLDS, readingsAtTheTop } from '../../../src/skill/nlu/routing';

const ANY = () => true;

describe('what a typed turn is read as', () => {
  it('acts on a reading the model is sure enough of', () => {
    const readings = [
      { label: 'BalanceIntent', confidence: READING_THRESHOLDS.act },
      { label: 'faq:exchange_rate', confidence: 0.3 },
    ];
    assert.deepEqual(decideReading(readings, ANY), { kind: 'act', reading: readings[0] });
  });

  it('offers the two likeliest readings when it is torn between two', () => {
    const readings = [
      { label: 'FreezeAccountIntent', confidence: 0.4 },
      { label: 'faq:pin_blocked', confidence: 0.35 },
      { label: 'BalanceIntent', confidence: 0.1 },
    ];
    assert.deepEqual(decideReading(readings, ANY), { kind: 'choose', readings: [readings[0], readings[1]] });
  });

  it('does not offer a reading it cannot put in words, nor a weak second one', () => {
    const withYes = [
      { label: 'AMAZON.YesIntent', confidence: 0.4 },
      { label: 'faq:pin_blocked', confidence: 0.35 },
    ];
    assert.deepEqual(
      decideReading(withYes, (label) => label !== 'AMAZON.YesIntent'),
      { kind: 'notUnderstood' },
    );
    const weakSecond = [
      { label: 'BalanceIntent', confidence: 0.45 },
      { label: 'faq:pin_blocked', confidence: 0.15 },
    ];
    assert.deepEqual(decideReading(weakSecond, ANY), { kind: 'notUnderstood' });
    assert.deepEqual(decideReading([], ANY), { kind: 'notUnderstood' });
  });

  it('takes the reading picked by position, or said again in other words', () => {
    const offered = ['FreezeAccountIntent', 'faq:pin_blocked'];
    assert.equal(pickedReading(offered, 2, []), 'faq:pin_blocked');
    assert.equal(pickedReading(offered, undefined, [{ label: 'FreezeAccountIntent', confidence: 0.6 }]), 'FreezeAccountIntent');
    assert.equal(pickedReading(offered, undefined, [{ label: 'BalanceIntent', confidence: 0.9 }]), undefined);
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

describe('readings at the top of a conversation', () => {
  it('count a dialogue answer as what the same words ask for out of the blue', () => {
    const merged = readingsAtTheTop([
      { label: 'ReportFraudIntent', confidence: 0.4 },
      { label: 'faq:transfer_into_account', confidence: 0.25 },
      { label: 'DescribeScamIntent', confidence: 0.2 },
      { label: 'BalanceIntent', confidence: 0.15 },
    ]);
    assert.equal(merged[0].label, 'ReportFraudIntent');
    assert.ok(Math.abs(merged[0].confidence - 0.6) < 1e-9);
    assert.deepEqual(
      merged.map((r) => r.label),
      ['ReportFraudIntent', 'faq:transfer_into_account', 'BalanceIntent'],
    );
  });
});
