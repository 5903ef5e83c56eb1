import type { BackendErrorCause, Emotion, ScamType, TurnOutcome } from '../../shared/contract/api';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Db } from '../db/db';

export interface StoredTurnEvent {
  at: string;
  recordedAt: string;
  userId: string;
  sessionKey: string;
  platform: 'alexa' | 'web';
  locale: string;
  language: string;
  intent?: string;
  outcome: TurnOutcome;
  /** With `backend_error` only. */
  cause?: BackendErrorCause;
  faqTopic?: string;
  emotion?: Emotion;
  latencyMs?: number;
  sessionEnded: boolean;
}

export interface DayCount {
  date: string;
  count: number;
}

/** The backend apologies of one UTC day and one cause. */
export interface DayCauseCount {
  date: string;
  cause: BackendErrorCause;
  count: number;
}

export interface AlertCounts {
  scamType: ScamType;
  status: 'open' | 'cancelled' | 'proceeded' | 'escalated';
  count: number;
}

export interface HandoffCounts {
  tickets: number;
  liveAgent: number;
  callback: number;
  callbackBacklog: number;
  waiting: number;
}

export interface SuccessCounts {
  key: string;
  attempts: number;
  successes: number;
}

/** Rows per INSERT: 14 parameters each, far below PostgreSQL's 65535. */
const INSERT_BATCH = 400;

/** How many rows `condition` holds for (null over no rows). CASE with literals: PostgreSQL sums no booleans. */
function countWhere<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, condition: Expression<SqlBool>) {
  return eb.fn.sum<number | null>(eb.case().when(condition).then(eb.lit(1)).else(eb.lit(0)).end());
}

/** The UTC day (YYYY-MM-DD) of an ISO instant. */
function utcDayOf<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, instant: Expression<string>) {
  return eb.fn<string>('substr', [instant, eb.lit(1), eb.lit(10)]);
}

/**
 * The analytics events, and the read-only aggregates of the other features' tables the dashboard
 * shows (alerts, dissuasion outcomes, handoff tickets). `since` is an ISO instant in UTC.
 */
export class AnalyticsRepository {
  constructor(private readonly db: Db) {}

  /**
   * The conversations with a turn since `since`, one row each: the session's first turn (by time,
   * then id) gives its day and language; a conversation in which the user heard an apology was not
   * resolved, even without a person.
   */
  private sessions(since: string) {
    const turns = this.db.executor
      .selectFrom('analytics_events')
      .where('at', '>=', since)
      .select((eb) => [
        'session_key',
        'at',
        'language',
        eb.fn
          .agg<number>('row_number')
          .over((over) => over.partitionBy('session_key').orderBy('at').orderBy('id'))
          .as('turn'),
        countWhere(eb, eb('outcome', '=', 'handoff'))
          .over((over) => over.partitionBy('session_key'))
          .as('handoffs'),
        countWhere(eb, eb('outcome', 'in', ['backend_error', 'error']))
          .over((over) => over.partitionBy('session_key'))
          .as('apologies'),
      ])
      .as('turns');
    return this.db.executor
      .selectFrom(turns)
      .where('turn', '=', 1)
      .select(['session_key', 'at as first_at', 'language', 'handoffs', 'apologies'])
      .as('sessions');
  }

  /** Writes many events in one transaction: one disk sync for all of them. */
  async insertMany(events: readonly StoredTurnEvent[]): Promise<void> {
    if (events.length === 0) return;
    const rows = events.map((event) => ({
      at: event.at,
      recorded_at: event.recordedAt,
      user_id: event.userId,
      session_key: event.sessionKey,
      platform: event.platform,
      locale: event.locale,
      language: event.language,
      intent: event.intent ?? null,
      outcome: event.outcome,
      cause: event.cause ?? null,
      faq_topic: event.faqTopic ?? null,
      emotion: event.emotion ?? null,
      latency_ms: event.latencyMs ?? null,
      session_end: event.sessionEnded ? 1 : 0,
    }));
    await this.db.atomically(async () => {
      for (let start = 0; start < rows.length; start += INSERT_BATCH) {
        await this.db.executor
          .insertInto('analytics_events')
          .values(rows.slice(start, start + INSERT_BATCH))
          .execute();
      }
    });
  }

  async conversationsPerDay(since: string): Promise<DayCount[]> {
    return this.db.executor
      .selectFrom(this.sessions(since))
      .select((eb) => [utcDayOf(eb, eb.ref('first_at')).as('date'), eb.fn.countAll<number>().as('count')])
      .groupBy('date')
      .orderBy('date')
      .execute();
  }

  async conversationsByLanguage(since: string): Promise<Array<{ language: string; count: number }>> {
    return this.db.executor
      .selectFrom(this.sessions(since))
      .select((eb) => ['language', eb.fn.countAll<number>().as('count')])
      .groupBy('language')
      .orderBy('count', 'desc')
      .orderBy('language')
      .execute();
  }

  async containment(since: string): Promise<{ conversations: number; contained: number }> {
    const row = await this.db.executor
      .selectFrom(this.sessions(since))
      .select((eb) => [eb.fn.countAll<number>().as('conversations'), countWhere(eb, eb.and([eb('handoffs', '=', 0), eb('apologies', '=', 0)])).as('contained')])
      .executeTakeFirst();
    return { conversations: row?.conversations ?? 0, contained: row?.contained ?? 0 };
  }

  /** Turns per UTC day of the turn (not of its conversation's start). */
  async turnsPerDay(since: string): Promise<DayCount[]> {
    return this.db.executor
      .selectFrom('analytics_events')
      .where('at', '>=', since)
      .select((eb) => [utcDayOf(eb, eb.ref('at')).as('date'), eb.fn.countAll<number>().as('count')])
      .groupBy('date')
      .orderBy('date')
      .execute();
  }

  /** Backend apologies per UTC day and cause. */
  async backendErrorsPerDay(since: string): Promise<DayCauseCount[]> {
    return this.db.executor
      .selectFrom('analytics_events')
      .where('at', '>=', since)
      .where('outcome', '=', 'backend_error')
      .where('cause', 'is not', null)
      .select((eb) => [utcDayOf(eb, eb.ref('at')).as('date'), 'cause', eb.fn.countAll<number>().as('count')])
      .groupBy(['date', 'cause'])
      .orderBy('date')
      .orderBy('count', 'desc')
      .orderBy('cause')
      .$narrowType<{ cause: BackendErrorCause }>()
      .execute();
  }

  async outcomes(since: string): Promise<Array<{ outcome: TurnOutcome; count: number }>> {
    return this.db.executor
      .selectFrom('analytics_events')
      .where('at', '>=', since)
      .select((eb) => ['outcome', eb.fn.countAll<number>().as('count')])
      .groupBy('outcome')
      .orderBy('count', 'desc')
      .orderBy('outcome')
      .execute();
  }

  async topFaqTopics(since: string, limit: number): Promise<Array<{ topic: string; count: number }>> {
    return this.db.executor
      .selectFrom('analytics_events')
      .where('at', '>=', since)
      .where('faq_topic', 'is not', null)
      .select((eb) => ['faq_topic as topic', eb.fn.countAll<number>().as('count')])
      .groupBy('faq_topic')
      .orderBy('count', 'desc')
      .orderBy('faq_topic')
      .limit(limit)
      .$narrowType<{ topic: string }>()
      .execute();
  }

  async alerts(since: string): Promise<AlertCounts[]> {
    return this.db.executor
      .selectFrom('alerts')
      .where('opened_at', '>=', since)
      .select((eb) => ['scam_type as scamType', 'status', eb.fn.countAll<number>().as('count')])
      .groupBy(['scam_type', 'status'])
      .$narrowType<{ scamType: ScamType; status: AlertCounts['status'] }>()
      .execute();
  }

  async dissuasionByEmotion(since: string): Promise<SuccessCounts[]> {
    return this.db.executor
      .selectFrom('persuasion_outcomes as p')
      .innerJoin('alert_decisions as d', 'd.id', 'p.decision_id')
      .where('d.decided_at', '>=', since)
      .select((eb) => ['p.emotion as key', eb.fn.countAll<number>().as('attempts'), eb.fn.sum<number>('p.success').as('successes')])
      .groupBy('p.emotion')
      .orderBy('p.emotion')
      .execute();
  }

  async dissuasionByVariant(since: string): Promise<SuccessCounts[]> {
    return this.db.executor
      .selectFrom('persuasion_outcomes as p')
      .innerJoin('alert_decisions as d', 'd.id', 'p.decision_id')
      .where('d.decided_at', '>=', since)
      .select((eb) => ['p.variant as key', eb.fn.countAll<number>().as('attempts'), eb.fn.sum<number>('p.success').as('successes')])
      .groupBy('p.variant')
      .orderBy('attempts', 'desc')
      .orderBy('p.variant')
      .execute();
  }

  /** Handoff tickets belong to the handoff feature: read only, so the dashboard never changes them. */
  async handoffs(since: string): Promise<HandoffCounts> {
    const row = await this.db.executor
      .selectFrom('handoff_tickets')
      .select((eb) => [
        countWhere(eb, eb('created_at', '>=', since)).as('tickets'),
        countWhere(eb, eb.and([eb('created_at', '>=', since), eb('contact_mode', '=', 'live_agent')])).as('liveAgent'),
        countWhere(eb, eb.and([eb('created_at', '>=', since), eb('contact_mode', '=', 'callback')])).as('callback'),
        countWhere(eb, eb.and([eb('contact_mode', '=', 'callback'), eb('status', '<>', 'closed')])).as('callbackBacklog'),
        countWhere(eb, eb('status', '=', 'waiting')).as('waiting'),
      ])
      .executeTakeFirst();
    return {
      tickets: row?.tickets ?? 0,
      liveAgent: row?.liveAgent ?? 0,
      callback: row?.callback ?? 0,
      callbackBacklog: row?.callbackBacklog ?? 0,
      waiting: row?.waiting ?? 0,
    };
  }
}
