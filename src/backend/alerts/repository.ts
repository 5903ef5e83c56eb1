import type { AlertDecision, AlertStatus, DecisionKind, Emotion, PersuasionStat, ScamType } from '../../shared/contract/api';
import type { Db } from '../db/db';

export interface StoredAlert {
  id: string;
  userId: string;
  transferId: string;
  status: AlertStatus;
  scamType: ScamType;
  openedAt: string;
  warningHeardAt?: string;
}

export interface NewDecision {
  alertId: string;
  decision: DecisionKind;
  emotions: Emotion[];
  scriptVariants: string[];
  transcriptSummary?: string;
  confirmedTwice: boolean;
}

interface AlertRow {
  id: string;
  user_id: string;
  transfer_id: string;
  status: AlertStatus;
  scam_type: ScamType;
  opened_at: string;
  warning_heard_at: string | null;
}

interface DecisionRow {
  decision: DecisionKind;
  decided_at: string;
  emotions: string;
  script_variants: string;
  confirmed_twice: 0 | 1;
}

const ALERT_COLUMNS = 'id, user_id, transfer_id, status, scam_type, opened_at, warning_heard_at';

function toStored(row: AlertRow): StoredAlert {
  return {
    id: row.id,
    userId: row.user_id,
    transferId: row.transfer_id,
    status: row.status,
    scamType: row.scam_type,
    openedAt: row.opened_at,
    ...(row.warning_heard_at === null ? {} : { warningHeardAt: row.warning_heard_at }),
  };
}

/** Alerts, the decisions taken on them, and the per-variant outcomes the bandit learns from. */
export class AlertsRepository {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      insert: db.prepare<[string, string, string, ScamType, string]>(
        `INSERT INTO alerts (id, user_id, transfer_id, status, scam_type, opened_at) VALUES (?, ?, ?, 'open', ?, ?)`,
      ),
      find: db.prepare<[string, string], AlertRow>(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE id = ? AND user_id = ?`),
      listOpen: db.prepare<[string], AlertRow>(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE user_id = ? AND status = 'open' ORDER BY opened_at, id`),
      markWarningHeard: db.prepare<[string, string]>('UPDATE alerts SET warning_heard_at = ? WHERE id = ? AND warning_heard_at IS NULL'),
      setStatus: db.prepare<[AlertStatus, string]>('UPDATE alerts SET status = ? WHERE id = ?'),
      insertDecision: db.prepare<Record<string, string | number | null>>(
        `INSERT INTO alert_decisions (alert_id, decision, decided_at, emotions, script_variants, transcript_summary, confirmed_twice)
         VALUES (@alertId, @decision, @decidedAt, @emotions, @scriptVariants, @transcriptSummary, @confirmedTwice)`,
      ),
      listDecisions: db.prepare<[string], DecisionRow>(
        `SELECT decision, decided_at, emotions, script_variants, confirmed_twice
         FROM alert_decisions WHERE alert_id = ? ORDER BY id`,
      ),
      insertOutcome: db.prepare<[number | bigint, ScamType, Emotion, string, 0 | 1]>(
        `INSERT OR IGNORE INTO persuasion_outcomes (decision_id, scam_type, emotion, variant, success) VALUES (?, ?, ?, ?, ?)`,
      ),
      stats: db.prepare<[], { scam_type: ScamType; emotion: Emotion; variant: string; successes: number; trials: number }>(
        `SELECT scam_type, emotion, variant, sum(success) AS successes, count(*) AS trials
         FROM persuasion_outcomes GROUP BY scam_type, emotion, variant ORDER BY scam_type, emotion, variant`,
      ),
    };
  }

  insert(alert: { id: string; userId: string; transferId: string; scamType: ScamType }, openedAt: Date): void {
    this.statements.insert.run(alert.id, alert.userId, alert.transferId, alert.scamType, openedAt.toISOString());
  }

  /** Only the user's own alert: another user's id is as unknown as a made-up one. */
  find(userId: string, id: string): StoredAlert | undefined {
    const row = this.statements.find.get(id, userId);
    return row && toStored(row);
  }

  listOpen(userId: string): StoredAlert[] {
    return this.statements.listOpen.all(userId).map(toStored);
  }

  /** The first time counts: later calls change nothing and return false. */
  markWarningHeard(id: string, at: Date): boolean {
    return this.statements.markWarningHeard.run(at.toISOString(), id).changes === 1;
  }

  setStatus(id: string, status: AlertStatus): void {
    this.statements.setStatus.run(status, id);
  }

  /**
   * Stores a decision and one outcome per (emotion, variant) pair of its turns: a success unless
   * the user proceeded.
   */
  insertDecision(decision: NewDecision, scamType: ScamType, at: Date): void {
    const { lastInsertRowid } = this.statements.insertDecision.run({
      alertId: decision.alertId,
      decision: decision.decision,
      decidedAt: at.toISOString(),
      emotions: JSON.stringify(decision.emotions),
      scriptVariants: JSON.stringify(decision.scriptVariants),
      transcriptSummary: decision.transcriptSummary ?? null,
      confirmedTwice: decision.confirmedTwice ? 1 : 0,
    });
    const success = decision.decision === 'proceed' ? 0 : 1;
    decision.emotions.forEach((emotion, turn) => {
      this.statements.insertOutcome.run(lastInsertRowid, scamType, emotion, decision.scriptVariants[turn], success);
    });
  }

  decisions(alertId: string): AlertDecision[] {
    return this.statements.listDecisions.all(alertId).map((row) => ({
      decision: row.decision,
      decidedAt: row.decided_at,
      emotions: JSON.parse(row.emotions) as Emotion[],
      scriptVariants: JSON.parse(row.script_variants) as string[],
      confirmedTwice: row.confirmed_twice === 1,
    }));
  }

  persuasionStats(): PersuasionStat[] {
    return this.statements.stats.all().map((row) => ({
      scamType: row.scam_type,
      emotion: row.emotion,
      variant: row.variant,
      successes: row.successes,
      trials: row.trials,
    }));
  }
}
