import assert from 'node:assert/strict';
import { RiskEngine, type TransferFacts } from '../../src/backend/risk/engine';
import { loadRiskRules, parseRiskRules, WORDING_LANGUAGES } from '../../src/backend/risk/risk-rules';
import rulesFile from '../../src/backend/risk/rules.json';

const engine = new RiskEngine();
const { rules, thresholds } = engine.rules;
const DAY_MS = 86_400_000;
/** 12:00 in New York. */
const NOON_NEW_YORK = new Date('2026-11-27T17:00:00Z');

/** A transfer nothing is wrong with: a friend paid before, an everyday amount, at lunchtime. */
function facts(overrides: Partial<TransferFacts> = {}, payee: Partial<TransferFacts['payee']> = {}): TransferFacts {
  return {
    amountMinor: 12_000,
    payeeName: 'Daniel Brooks',
    memo: 'Rent share',
    at: NOON_NEW_YORK,
    timeZone: 'America/New_York',
    payee: { scamListed: false, reportsByOthers: 0, paidBefore: true, ...payee },
    pastDebitsMinor: [4_500, 12_000, 35_000, 60_000],
    recentNewPayeeTransfers: 0,
    ...overrides,
  };
}

const codes = (reasons: Array<{ code: string }>) => reasons.map((reason) => reason.code).sort();

describe('backend: risk engine', () => {
  it('scores a rent payment to a known payee low, with no reasons', () => {
    assert.deepEqual(engine.assess(facts()), { score: 0, level: 'low', reasons: [], scamType: 'unknown' });
  });

  const taskScamMemos: Array<[language: string, memo: string]> = [
    ['en', 'task commission unlock fee'],
    ['de', 'Provision für Aufgaben – Freischaltgebühr'],
    ['es', 'Comisión por tareas, tarifa de desbloqueo'],
    ['fr', 'Commission tâches – frais de déblocage'],
    ['ja', 'タスク報酬の解除手数料'],
    ['zh', '刷单任务佣金解冻费'],
  ];
  for (const [language, memo] of taskScamMemos) {
    it(`scores a task-scam memo to a new payee high in ${language}: "${memo}"`, () => {
      const risk = engine.assess(facts({ memo, payeeName: 'Star Task Hub' }, { paidBefore: false }));
      assert.equal(risk.level, 'high', JSON.stringify(risk));
      assert.ok(risk.score >= thresholds.hold);
      assert.equal(risk.scamType, 'task_scam');
      assert.deepEqual(codes(risk.reasons), ['first_transfer_to_payee', 'scam_wording']);
      const wording = risk.reasons.find((reason) => reason.code === 'scam_wording');
      assert.ok(wording !== undefined && wording.weight > rules.scam_wording.weight, 'several phrases weigh more than one');
    });
  }

  it('finds the scam type of other wording: investment, refund, impersonation, romance, fake app', () => {
    const cases: Array<[memo: string, scamType: string]> = [
      ['Guaranteed return 20% a month, risk free', 'investment'],
      ['Erstattungsgebühr für Ihre Rückerstattung', 'refund_scam'],
      ['Transferir a cuenta segura por orden de la policía', 'impersonation'],
      ['Frais de visa pour venir te voir, mon amour', 'romance'],
      ['アプリ認証の保証金', 'fake_app'],
    ];
    for (const [memo, scamType] of cases) {
      const risk = engine.assess(facts({ memo }, { paidBefore: false }));
      assert.equal(risk.scamType, scamType, memo);
      assert.ok(codes(risk.reasons).includes('scam_wording'), memo);
    }
  });

  it('does not see scam wording inside other words', () => {
    const risk = engine.assess(facts({ memo: 'Multitasking course and Taskbar stickers' }));
    assert.deepEqual(risk.reasons, []);
  });

  it('holds any transfer to a payee on the scam list, with the listed scam type', () => {
    const risk = engine.assess(facts({ memo: 'Lunch' }, { scamListed: true, knownScamType: 'impersonation' }));
    assert.equal(risk.level, 'high');
    assert.equal(risk.scamType, 'impersonation');
    assert.deepEqual(risk.reasons, [{ code: 'payee_scam_listed', weight: rules.payee_scam_listed.weight }]);
  });

  it('holds a first transfer to a payee other users reported', () => {
    const risk = engine.assess(facts({ memo: undefined }, { paidBefore: false, reportsByOthers: 2, knownScamType: 'refund_scam' }));
    assert.equal(risk.level, 'high');
    assert.equal(risk.scamType, 'refund_scam');
    assert.deepEqual(codes(risk.reasons), ['first_transfer_to_payee', 'payee_reported']);
  });

  it('flags an amount far above the user’s own history, but only with enough history', () => {
    const large = engine.assess(facts({ amountMinor: 180_000 }));
    assert.deepEqual(large.reasons, [{ code: 'amount_above_history', weight: rules.amount_above_history.weight, evidence: '3.0x the largest recent payment' }]);
    const newUser = engine.assess(facts({ amountMinor: 180_000, pastDebitsMinor: [1_000] }));
    assert.deepEqual(newUser.reasons, []);
  });

  it('flags several transfers to new payees within minutes', () => {
    const burst = engine.assess(facts({ memo: undefined, recentNewPayeeTransfers: 2 }, { paidBefore: false }));
    assert.deepEqual(codes(burst.reasons), ['first_transfer_to_payee', 'new_payee_burst']);
    const single = engine.assess(facts({ memo: undefined, recentNewPayeeTransfers: 1 }, { paidBefore: false }));
    assert.deepEqual(codes(single.reasons), ['first_transfer_to_payee']);
  });

  it('reads night time on the user’s own clock', () => {
    const threeAmTokyo = new Date('2026-11-27T18:00:00Z');
    assert.deepEqual(codes(engine.assess(facts({ at: threeAmTokyo, timeZone: 'Asia/Tokyo' })).reasons), ['night_time']);
    assert.deepEqual(engine.assess(facts({ at: threeAmTokyo, timeZone: 'America/New_York' })).reasons, []);
  });

  it('flags a payee account opened recently, not an old one', () => {
    const opened = (days: number) => new Date(NOON_NEW_YORK.getTime() - days * DAY_MS);
    assert.deepEqual(codes(engine.assess(facts({}, { openedAt: opened(3) })).reasons), ['payee_account_new']);
    assert.deepEqual(engine.assess(facts({}, { openedAt: opened(400) })).reasons, []);
  });

  it('sums the weights, heaviest first, and caps the score at 100', () => {
    const risk = engine.assess(
      facts(
        { memo: 'task commission unlock fee', amountMinor: 500_000, recentNewPayeeTransfers: 3 },
        { paidBefore: false, scamListed: true, reportsByOthers: 4, openedAt: NOON_NEW_YORK },
      ),
    );
    assert.equal(risk.score, 100);
    const weights = risk.reasons.map((reason) => reason.weight);
    assert.deepEqual(
      weights,
      [...weights].sort((a, b) => b - a),
    );
    assert.ok(weights.reduce((sum, weight) => sum + weight, 0) > 100);
  });

  it('ships rules with wording for every scam type in all six languages', () => {
    const wording = loadRiskRules().scamWording;
    assert.deepEqual(Object.keys(wording).sort(), ['fake_app', 'impersonation', 'investment', 'refund_scam', 'romance', 'task_scam']);
    for (const byLanguage of Object.values(wording)) {
      assert.deepEqual(Object.keys(byLanguage).sort(), [...WORDING_LANGUAGES].sort());
    }
  });

  it('refuses a rules file with a missing language or an unknown rule, naming the place', () => {
    const withoutJapanese = structuredClone(rulesFile) as { scamWording: { romance: Record<string, unknown> } };
    delete withoutJapanese.scamWording.romance.ja;
    assert.throws(() => parseRiskRules(withoutJapanese), /scamWording\.romance\.ja: Required/);

    const withExtraRule = structuredClone(rulesFile) as { rules: Record<string, unknown> };
    withExtraRule.rules.lucky_number = { weight: 5 };
    assert.throws(() => parseRiskRules(withExtraRule), /rules: Unrecognized key\(s\) in object: 'lucky_number'/);
  });
});
