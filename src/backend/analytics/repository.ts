import type { BackendErrorCause, Emotion, ScamType, TurnOutcome } from '../../shared/contract/api';
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

const NO_HANDOFFS: HandoffCounts = { tickets: 0, liveAgent: 0, callback: 0, callbackBacklog: 0, waiting: 0 };

/**
 * The analytics events, and the read-only aggregates of the other features' tables the dashboard
 * shows (alerts, dissuasion outcomes, handoff tickets). `since` is an ISO instant in UTC.
 */
export class AnalyticsRepository {
  private readonly statements;

  constructor(private readonly db: Db) {
    // The session's first turn gives its day and language (SQLite takes the bare columns from the min() row).
    // A conversation in which the user heard an apology was not resolved, even without a person.
    const sessions = `SELECT session_key, min(at) AS first_at, language,
                             sum(outcome = 'handoff') AS handoffs, sum(outcome IN ('backend_error', 'error')) AS apologies
                      FROM analytics_events WHERE at >= ? GROUP BY session_key`;
    this.statements = {
      insert: db.prepare<Record<string, string | number | null>>(
        `INSERT INTO analytics_events
           (at, recorded_at, user_id, session_key, platform, locale, language, intent, outcome, cause, faq_topic, emotion, latency_ms, session_end)
         VALUES (@at, @recordedAt, @userId, @sessionKey, @platform, @locale, @language, @intent, @outcome, @cause, @faqTopic, @emotion, @latencyMs, @sessionEnd)`,
      ),
      conversationsPerDay: db.prepare<[string], DayCount>(
        `SELECT substr(first_at, 1, 10) AS date, count(*) AS count FROM (${sessions}) GROUP BY date ORDER BY date`,
      ),
      conversationsByLanguage: db.prepare<[string], { language: string; count: number }>(
        `SELECT language, count(*) AS count FROM (${sessions}) GROUP BY language ORDER BY count DESC, language`,
      ),
      containment: db.prepare<[string], { conversations: number; contained: number | null }>(
        `SELECT count(*) AS conversations, sum(handoffs = 0 AND apologies = 0) AS contained FROM (${sessions})`,
      ),
      turnsPerDay: db.prepare<[string], DayCount>(
        `SELECT substr(at, 1, 10) AS date, count(*) AS count FROM analytics_events WHERE at >= ? GROUP BY date ORDER BY date`,
      ),
      backendErrorsPerDay: db.prepare<[string], DayCauseCount>(
        `SELECT substr(at, 1, 10) AS date, cause, count(*) AS count FROM analytics_events
         WHERE at >= ? AND outcome = 'backend_error' AND cause IS NOT NULL GROUP BY date, cause ORDER BY date, count DESC, cause`,
      ),
      outcomes: db.prepare<[string], { outcome: TurnOutcome; count: number }>(
        `SELECT outcome, count(*) AS count FROM analytics_events WHERE at >= ? GROUP BY outcome ORDER BY count DESC, outcome`,
      ),
      topFaqTopics: db.prepare<[string, number], { topic: string; count: number }>(
        `SELECT faq_topic AS topic, count(*) AS count FROM analytics_events
         WHERE at >= ? AND faq_topic IS NOT NULL GROUP BY faq_topic ORDER BY count DESC, faq_topic LIMIT ?`,
      ),
      alerts: db.prepare<[string], AlertCounts>(
        `SELECT scam_type AS scamType, status, count(*) AS count FROM alerts WHERE opened_at >= ? GROUP BY scam_type, status`,
      ),
      dissuasionByEmotion: db.prepare<[string], SuccessCounts>(
        `SELECT p.emotion AS key, count(*) AS attempts, sum(p.success) AS successes
         FROM persuasion_outcomes p JOIN alert_decisions d ON d.id = p.decision_id
         WHERE d.decided_at >= ? GROUP BY p.emotion ORDER BY p.emotion`,
      ),
      dissuasionByVariant: db.prepare<[string], SuccessCounts>(
        `SELECT p.variant AS key, count(*) AS attempts, sum(p.success) AS successes
         FROM persuasion_outcomes p JOIN alert_decisions d ON d.id = p.decision_id
         WHERE d.decided_at >= ? GROUP BY p.variant ORDER BY attempts DESC, p.variant`,
      ),
    };
  }

  /** False once the store is closed (a test's, or the backend's at shutdown). */
  isOpen(): boolean {
    return this.db.open;
  }

  /** Writes many events in one transaction: one disk sync for all of them. */
  insertMany(events: readonly StoredTurnEvent[]): void {
    this.db.transaction(() => {
      for (const event of events) {
        this.statements.insert.run({
          at: event.at,
          recordedAt: event.recordedAt,
          userId: event.userId,
          sessionKey: event.sessionKey,
          platform: event.platform,
          locale: event.locale,
          language: event.language,
          intent: event.intent ?? null,
          outcome: event.outcome,
          cause: event.cause ?? null,
          faqTopic: event.faqTopic ?? null,
          emotion: event.emotion ?? null,
          latencyMs: event.latencyMs ?? null,
          sessionEnd: event.sessionEnded ? 1 : 0,
        });
      }
    })();
  }

  conversationsPerDay(since: string): DayCount[] {
    return this.statements.conversationsPerDay.all(since);
  }

  conversationsByLanguage(since: string): Array<{ language: string; count: number }> {
    return this.statements.conversationsByLanguage.all(since);
  }

  containment(since: string): { conversations: number; contained: number } {
    const row = this.statements.containment.get(since);
    return { conversations: row?.conversations ?? 0, contained: row?.contained ?? 0 };
  }

  /** Turns per UTC day of the turn (not of its conversation's start). */
  turnsPerDay(since: string): DayCount[] {
    return this.statements.turnsPerDay.all(since);
  }

  /** Backend apologies per UTC day and cause. */
  backendErrorsPerDay(since: string): DayCauseCount[] {
    return this.statements.backendErrorsPerDay.all(since);
  }

  outcomes(since: string): Array<{ outcome: TurnOutcome; count: number }> {
    return this.statements.outcomes.all(since);
  }

  topFaqTopics(since: string, limit: number): Array<{ topic: string; count: number }> {
    return this.statements.topFaqTopics.all(since, limit);
  }

  alerts(since: string): AlertCounts[] {
    return this.statements.alerts.all(since);
  }

  dissuasionByEmotion(since: string): SuccessCounts[] {
    return this.statements.dissuasionByEmotion.all(since);
  }

  dissuasionByVariant(since: string): SuccessCounts[] {
    return this.statements.dissuasionByVariant.all(since);
  }

  /**
   * Handoff tickets belong to the handoff feature: read only, and only if its table exists in
   * this store (zero otherwise), so the dashboard never depends on it.
   */
  handoffs(since: string): HandoffCounts {
    const exists = this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'handoff_tickets'`).get();
    if (exists === undefined) return NO_HANDOFFS;
    const row = this.db
      .prepare<{ since: string }, Record<keyof HandoffCounts, number | null>>(
        `SELECT
           sum(created_at >= @since) AS tickets,
           sum(created_at >= @since AND contact_mode = 'live_agent') AS liveAgent,
           sum(created_at >= @since AND contact_mode = 'callback') AS callback,
           sum(contact_mode = 'callback' AND status <> 'closed') AS callbackBacklog,
           sum(status = 'waiting') AS waiting
         FROM handoff_tickets`,
      )
      .get({ since });
    return {
      tickets: row?.tickets ?? 0,
      liveAgent: row?.liveAgent ?? 0,
      callback: row?.callback ?? 0,
      callbackBacklog: row?.callbackBacklog ?? 0,
      waiting: row?.waiting ?? 0,
    };
  }
}
