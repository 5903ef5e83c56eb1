/**
 * The explainable risk score of an outgoing transfer: each rule of `rules.json` that fires adds
 * its weight and says why; the sum (at most 100) decides whether the transfer is held. Pure: the
 * caller gathers the facts, so the engine runs the same in the backend, a test or a simulation.
 */
import type { RiskAssessment, RiskReason, ScamType } from '../../shared/contract/api';
import { localHourOf } from '../../shared/time/local-time';
import { loadRiskRules, type RiskRules } from './risk-rules';
import { ScamWording } from './wording';

const DAY_MS = 86_400_000;

/** What is known about the payee's account from the payee registry and from other users. */
export interface PayeeFacts {
  scamListed: boolean;
  /** The scam type the account was listed or reported for, if known. */
  knownScamType?: ScamType;
  /** Distinct other users who reported the account. */
  reportsByOthers: number;
  /** When the account was opened, if the registry knows it. */
  openedAt?: Date;
  /** The user has sent money to this account before (a settled transfer). */
  paidBefore: boolean;
}

export interface TransferFacts {
  amountMinor: number;
  payeeName: string;
  memo?: string;
  at: Date;
  /** The user's own time zone: "night" is night for them. */
  timeZone: string;
  payee: PayeeFacts;
  /** The user's completed debits in the transfer's currency over the history window. */
  pastDebitsMinor: readonly number[];
  /** The user's transfers to payees that were new to them, created within the burst window before `at`. */
  recentNewPayeeTransfers: number;
}

export class RiskEngine {
  private readonly wording: ScamWording;

  constructor(readonly rules: RiskRules = loadRiskRules()) {
    this.wording = new ScamWording(rules.scamWording);
  }

  assess(facts: TransferFacts): RiskAssessment {
    const { rules } = this.rules;
    const reasons: RiskReason[] = [];
    const fire = (code: RiskReason['code'], weight: number, evidence?: string) => {
      reasons.push(evidence === undefined ? { code, weight } : { code, weight, evidence });
    };
    const { payee } = facts;

    if (payee.scamListed) {
      fire('payee_scam_listed', rules.payee_scam_listed.weight);
    }
    if (payee.reportsByOthers >= rules.payee_reported.minReports) {
      fire('payee_reported', rules.payee_reported.weight, `${payee.reportsByOthers} report(s)`);
    }
    if (!payee.paidBefore) {
      fire('first_transfer_to_payee', rules.first_transfer_to_payee.weight);
    }
    const history = rules.amount_above_history;
    if (facts.pastDebitsMinor.length >= history.minHistory) {
      const largest = Math.max(...facts.pastDebitsMinor);
      if (facts.amountMinor > largest * history.factor) {
        fire('amount_above_history', history.weight, `${(facts.amountMinor / largest).toFixed(1)}x the largest recent payment`);
      }
    }
    const wordingMatches = this.wording.find([facts.memo, facts.payeeName]);
    const strongest = wordingMatches[0];
    if (strongest !== undefined) {
      const { weight, extraMatchWeight, maxWeight } = rules.scam_wording;
      const matched = strongest.phrases.length;
      fire('scam_wording', Math.min(maxWeight, weight + (matched - 1) * extraMatchWeight), strongest.phrases.join(', '));
    }
    if (!payee.paidBefore && facts.recentNewPayeeTransfers >= rules.new_payee_burst.minEarlier) {
      fire('new_payee_burst', rules.new_payee_burst.weight, `${facts.recentNewPayeeTransfers} other new payees in ${rules.new_payee_burst.windowMinutes} min`);
    }
    const hour = localHourOf(facts.at, facts.timeZone);
    if (hour >= rules.night_time.fromHour && hour < rules.night_time.toHour) {
      fire('night_time', rules.night_time.weight, `${hour}:00 local time`);
    }
    if (payee.openedAt !== undefined) {
      const ageDays = Math.floor((facts.at.getTime() - payee.openedAt.getTime()) / DAY_MS);
      if (ageDays < rules.payee_account_new.maxAgeDays) {
        fire('payee_account_new', rules.payee_account_new.weight, `opened ${Math.max(ageDays, 0)} day(s) ago`);
      }
    }

    reasons.sort((a, b) => b.weight - a.weight);
    const score = Math.min(
      100,
      reasons.reduce((sum, reason) => sum + reason.weight, 0),
    );
    return {
      score,
      level: score >= this.rules.thresholds.hold ? 'high' : 'low',
      reasons,
      scamType: payee.knownScamType ?? strongest?.scamType ?? 'unknown',
    };
  }
}
