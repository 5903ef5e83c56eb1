import assert from 'node:assert/strict';
import type { Alert, Transaction } from '../../../src/shared/contract/api';
import { handoffContext, recordTurn, summariseUtterance, MAX_INTENTS, MAX_UTTERANCES } from '../../../src/skill/handoff/context';
import { kindOfTransaction, rankSuggestions, topSuggestion } from '../../../src/skill/suggestions';

const NOW = new Date('2026-11-28T15:00:00.000Z');
const HOUR = 3_600_000;
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * HOUR).toISOString();

let counter = 0;
function tx(overrides: Partial<Transaction> & Pick<Transaction, 'kind' | 'status'>, ageHours = 1): Transaction {
  counter += 1;
  return {
    id: `t-${counter}`,
    bookedAt: hoursAgo(ageHours),
    direction: overrides.kind === 'top_up' || overrides.kind === 'refund' ? 'credit' : 'debit',
    amountMinor: 1000,
    currency: 'EUR',
    counterparty: 'Shop',
    ...overrides,
  };
}

function heldAlert(transactionId: string, ageHours: number): Alert {
  return {
    id: 'al-1',
    status: 'open',
    openedAt: hoursAgo(ageHours),
    scamType: 'task_scam',
    decisions: [],
    transfer: {
      id: 'tr-1',
      createdAt: hoursAgo(ageHours),
      status: 'held',
      payee: { name: 'Star Task Hub', accountMasked: '+44…0001' },
      amountMinor: 2500,
      currency: 'USD',
      channel: 'voice_assistant',
      risk: { score: 90, level: 'high', reasons: [], scamType: 'task_scam' },
      transactionId,
    },
  };
}

describe('suggestions: ranking', () => {
  it('names the concern of each kind of transaction, and none for ordinary ones', () => {
    assert.equal(kindOfTransaction(tx({ kind: 'card_payment', status: 'failed' })), 'failed_payment');
    assert.equal(kindOfTransaction(tx({ kind: 'transfer', status: 'failed' })), 'failed_transfer');
    assert.equal(kindOfTransaction(tx({ kind: 'top_up', status: 'failed' })), 'failed_top_up');
    assert.equal(kindOfTransaction(tx({ kind: 'top_up', status: 'pending' })), 'pending_top_up');
    assert.equal(kindOfTransaction(tx({ kind: 'refund', status: 'pending' })), 'refund_in_progress');
    assert.equal(kindOfTransaction(tx({ kind: 'card_payment', status: 'pending' })), 'pending_payment');
    assert.equal(kindOfTransaction(tx({ kind: 'transfer', status: 'pending' })), 'held_transfer');
    assert.equal(kindOfTransaction(tx({ kind: 'card_payment', status: 'completed' })), undefined);
    assert.equal(kindOfTransaction(tx({ kind: 'card_payment', status: 'refunded' })), undefined);
    assert.equal(kindOfTransaction(tx({ kind: 'transfer', status: 'cancelled' })), undefined);
    assert.equal(kindOfTransaction(tx({ kind: 'transfer', status: 'failed', direction: 'credit' })), undefined);
  });

  it('offers nothing when nothing went wrong or is waiting', () => {
    const transactions = [tx({ kind: 'card_payment', status: 'completed' }), tx({ kind: 'top_up', status: 'completed' })];
    assert.equal(topSuggestion({ transactions, now: NOW }), undefined);
    assert.deepEqual(rankSuggestions({ transactions: [], now: NOW }), []);
  });

  it('puts a held transfer first, then failures, then what is still pending', () => {
    const pendingPayment = tx({ kind: 'card_payment', status: 'pending' }, 1);
    const pendingTopUp = tx({ kind: 'top_up', status: 'pending' }, 2);
    const failed = tx({ kind: 'card_payment', status: 'failed' }, 3);
    const held = tx({ kind: 'transfer', status: 'pending' }, 30);
    const ranked = rankSuggestions({ transactions: [pendingPayment, pendingTopUp, failed, held], now: NOW });
    assert.deepEqual(
      ranked.map((suggestion) => suggestion.kind),
      ['held_transfer', 'failed_payment', 'pending_top_up', 'pending_payment'],
    );
    assert.equal(ranked[1].subject.transactionId, failed.id);
    assert.equal(ranked[1].faqTopic, 'declined_card_payment');
  });

  it('prefers the newer of two events of the same kind, and forgets old failures', () => {
    const older = tx({ kind: 'card_payment', status: 'failed', counterparty: 'Old' }, 40);
    const newer = tx({ kind: 'card_payment', status: 'failed', counterparty: 'New' }, 2);
    assert.equal(topSuggestion({ transactions: [older, newer], now: NOW })?.subject.counterparty, 'New');

    const stale = tx({ kind: 'card_payment', status: 'failed' }, 80);
    assert.equal(topSuggestion({ transactions: [stale], now: NOW }), undefined);
    // A pending top-up stays worth asking about for a week.
    const slowTopUp = tx({ kind: 'top_up', status: 'pending' }, 100);
    assert.equal(topSuggestion({ transactions: [stale, slowTopUp], now: NOW })?.kind, 'pending_top_up');
  });

  it('lets a fresh failure outrank an older pending top-up, but kind outweighs a few hours of age', () => {
    const topUp = tx({ kind: 'top_up', status: 'pending' }, 0.5);
    const failed = tx({ kind: 'card_payment', status: 'failed' }, 20);
    assert.equal(topSuggestion({ transactions: [topUp, failed], now: NOW })?.kind, 'failed_payment');
  });

  it('counts a held transfer once, from its alert and its pending ledger entry', () => {
    const ledgerEntry = tx({ kind: 'transfer', status: 'pending', counterparty: 'Star Task Hub' }, 5);
    const ranked = rankSuggestions({ transactions: [ledgerEntry], alerts: [heldAlert(ledgerEntry.id, 5)], now: NOW });
    assert.equal(ranked.length, 1);
    assert.equal(ranked[0].kind, 'held_transfer');
    assert.equal(ranked[0].subject.counterparty, 'Star Task Hub');
  });

  it('ignores alerts already decided', () => {
    const decided = { ...heldAlert('t-x', 1), status: 'cancelled' as const };
    assert.deepEqual(rankSuggestions({ transactions: [], alerts: [decided], now: NOW }), []);
  });

  it('never offers a transfer the user cancelled as a failed one, even beside a real failure', () => {
    const cancelled = tx({ kind: 'transfer', status: 'cancelled', counterparty: 'Star Task Hub' }, 1);
    const decided = { ...heldAlert(cancelled.id, 1), status: 'cancelled' as const };
    assert.deepEqual(rankSuggestions({ transactions: [cancelled], alerts: [decided], now: NOW }), []);
    const declined = tx({ kind: 'card_payment', status: 'failed' }, 5);
    assert.deepEqual(
      rankSuggestions({ transactions: [cancelled, declined], alerts: [decided], now: NOW }).map((suggestion) => suggestion.subject.transactionId),
      [declined.id],
    );
  });
});

describe('handoff: conversation context', () => {
  it('masks every run of three or more digits and shortens long utterances', () => {
    assert.equal(summariseUtterance('my code is 1 2 3 4 and my card 4111-1111-1111-1111'), 'my code is *** and my card ***');
    assert.equal(summariseUtterance('it cost 12 euros'), 'it cost 12 euros');
    assert.equal(summariseUtterance('   '), undefined);
    // Typed into the web console: the backend would refuse a ticket that carried them.
    assert.equal(summariseUtterance('my card\u0000was \u001b[31mtaken \uD83D'), 'my card was [31mtaken');
    assert.equal(summariseUtterance('stolen 🙂'), 'stolen 🙂');
    const long = summariseUtterance('why '.repeat(100)) ?? '';
    assert.ok(long.length <= 120 && long.endsWith('…'), long);
  });

  it('keeps the latest intents and utterances only', () => {
    let history = recordTurn(undefined, { intent: 'LAUNCH' });
    for (let turn = 0; turn < 20; turn += 1) history = recordTurn(history, { intent: `Intent${turn}`, text: `words ${turn}` });
    assert.equal(history.intents.length, MAX_INTENTS);
    assert.equal(history.intents.at(-1), 'Intent19');
    assert.deepEqual(history.utterances, ['words 17', 'words 18', 'words 19'].slice(-MAX_UTTERANCES));
  });

  it('detects the topic from the latest topical intent, unless a component named it', () => {
    let history = recordTurn(undefined, { intent: 'BalanceIntent' });
    history = recordTurn(history, { intent: 'TransactionDetailIntent' });
    history = recordTurn(history, { intent: 'AMAZON.FallbackIntent' });
    const context = handoffContext(history, 'de-DE', { reason: 'misunderstood' });
    assert.equal(context.topic, 'transactions');
    assert.equal(context.language, 'de-DE');
    assert.deepEqual(context.intents, ['BalanceIntent', 'TransactionDetailIntent', 'AMAZON.FallbackIntent']);
    assert.equal(handoffContext({ ...history, topic: 'top_up' }, 'en-US').topic, 'top_up');
    assert.equal(handoffContext(undefined, 'en-US').topic, 'general');
    assert.equal(handoffContext(history, 'en-US', { reason: 'fraud' }).topic, 'fraud');
  });
});
