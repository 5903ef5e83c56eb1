import type { AlertDecision, AlertStatus, DecisionKind, Emotion, PersuasionStat, ScamType } from '../../shared/contract/api';
import type { Selectable } from 'kysely';
import type { Db } from '../db/db';
import type { AlertsTable } from '../db/schema';

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

function toStored(row: Selectable<AlertsTable>): StoredAlert {
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
  constructor(private readonly db: Db) {}

  async insert(alert: { id: string; userId: string; transferId: string; scamType: ScamType }, openedAt: Date): Promise<void> {
    await this.db.executor
      .insertInto('alerts')
      .values({
        id: alert.id,
        user_id: alert.userId,
        transfer_id: alert.transferId,
        status: 'open',
        scam_type: alert.scamType,
        opened_at: openedAt.toISOString(),
      })
      .execute();
  }

  /** Only the user's own alert: another user's id is as unknown as a made-up one. */
  async find(userId: string, id: string): Promise<StoredAlert | undefined> {
    const row = await this.db.executor.selectFrom('alerts').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    return row && toStored(row);
  }

  async listOpen(userId: string): Promise<StoredAlert[]> {
    const rows = await this.db.executor
      .selectFrom('alerts')
      .selectAll()
      .where('user_id', '=', userId)
      .where('status', '=', 'open')
      .orderBy('opened_at')
      .orderBy('id')
      .execute();
    return rows.map(toStored);
  }

  /** The first time counts: later calls change nothing and return false. */
  async markWarningHeard(id: string, at: Date): Promise<boolean> {
    const { numUpdatedRows } = await this.db.executor
      .updateTable('alerts')
      .set({ warning_heard_at: at.toISOString() })
      .where('id', '=', id)
      .where('warning_heard_at', 'is', null)
      .executeTakeFirst();
    return numUpdatedRows === 1n;
  }

  /**
   * Moves the alert on only when it is still in the status `from`: false when another request or
   * instance decided first (one conditional UPDATE: PostgreSQL re-checks the status after waiting
   * for the row), and then nothing of this decision must be kept.
   */
  async setStatus(id: string, status: AlertStatus, from: AlertStatus): Promise<boolean> {
    const { numUpdatedRows } = await this.db.executor.updateTable('alerts').set({ status }).where('id', '=', id).where('status', '=', from).executeTakeFirst();
    return numUpdatedRows === 1n;
  }

  /**
   * Stores a decision and one outcome per (emotion, variant) pair of its turns: a success unless
   * the user proceeded.
   */
  async insertDecision(decision: NewDecision, scamType: ScamType, at: Date): Promise<void> {
    const { id } = await this.db.executor
      .insertInto('alert_decisions')
      .values({
        alert_id: decision.alertId,
        decision: decision.decision,
        decided_at: at.toISOString(),
        emotions: JSON.stringify(decision.emotions),
        script_variants: JSON.stringify(decision.scriptVariants),
        transcript_summary: decision.transcriptSummary ?? null,
        confirmed_twice: decision.confirmedTwice ? 1 : 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const success = decision.decision === 'proceed' ? 0 : 1;
    // One row per turn, in turn order: a pair repeated in a later turn keeps its first outcome.
    for (const [turn, emotion] of decision.emotions.entries()) {
      await this.db.executor
        .insertInto('persuasion_outcomes')
        .values({ decision_id: id, scam_type: scamType, emotion, variant: decision.scriptVariants[turn], success })
        .onConflict((conflict) => conflict.columns(['decision_id', 'emotion', 'variant']).doNothing())
        .execute();
    }
  }

  async decisions(alertId: string): Promise<AlertDecision[]> {
    const rows = await this.db.executor
      .selectFrom('alert_decisions')
      .select(['decision', 'decided_at', 'emotions', 'script_variants', 'confirmed_twice'])
      .where('alert_id', '=', alertId)
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      decision: row.decision,
      decidedAt: row.decided_at,
      emotions: JSON.parse(row.emotions) as Emotion[],
      scriptVariants: JSON.parse(row.script_variants) as string[],
      confirmedTwice: row.confirmed_twice === 1,
    }));
  }

  async persuasionStats(): Promise<PersuasionStat[]> {
    const rows = await this.db.executor
      .selectFrom('persuasion_outcomes')
      .select((eb) => ['scam_type', 'emotion', 'variant', eb.fn.sum<number>('success').as('successes'), eb.fn.countAll<number>().as('trials')])
      .groupBy(['scam_type', 'emotion', 'variant'])
      .orderBy('scam_type')
      .orderBy('emotion')
      .orderBy('variant')
      .execute();
    return rows.map((row) => ({
      scamType: row.scam_type,
      emotion: row.emotion,
      variant: row.variant,
      successes: row.successes,
      trials: row.trials,
    }));
  }
}
