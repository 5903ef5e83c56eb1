import {
  BackendErrorCauses,
  EVENT_MAX_AGE_DAYS,
  EVENT_MAX_SKEW_MS,
  Emotions,
  ScamTypes,
  type AnalyticsSummary,
  type BackendErrorCause,
  type ParsedTurnEvent,
} from '../../shared/contract/api';
import type { Caller } from '../http/auth';
import { HttpError } from '../http/errors';
import type { AnalyticsRepository, DayCauseCount, StoredTurnEvent, SuccessCounts } from './repository';

const DAY_MS = 86_400_000;
const TOP_FAQ_TOPICS = 8;

function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

function utcDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

function withRates(rows: SuccessCounts[]) {
  return rows.map(({ key, attempts, successes }) => ({ key, attempts, successes, rate: rate(successes, attempts) }));
}

/** Counts per cause, most frequent first (ties in the contract's order); causes that did not occur are left out. */
function byCause(rows: readonly DayCauseCount[]): Array<{ cause: BackendErrorCause; count: number }> {
  const counts = new Map<BackendErrorCause, number>();
  for (const { cause, count } of rows) {
    if (BackendErrorCauses.includes(cause)) counts.set(cause, (counts.get(cause) ?? 0) + count);
  }
  return BackendErrorCauses.filter((cause) => counts.has(cause))
    .map((cause) => ({ cause, count: counts.get(cause) ?? 0 }))
    .sort((a, b) => b.count - a.count);
}

/** How long accepted turn events wait to be written together. */
export const EVENT_FLUSH_MS = 100;

/** Accepted events kept for another try while the store fails: beyond this, the oldest are dropped. */
export const MAX_PENDING_EVENTS = 10_000;

/**
 * Records the skill's turn events and sums them up, with the alerts and handoffs, for the dashboard.
 *
 * Every turn sends an event, and a commit syncs the store to disk (synchronous = FULL on SQLite):
 * written one by one they were half of the backend's time (BENCHMARKS.md). Events are acknowledged
 * with 202 and written together every EVENT_FLUSH_MS; a crash loses at most that window of
 * analytics, never money or a report (those commit before they are acknowledged).
 */
export class AnalyticsService {
  private pending: StoredTurnEvent[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  /** The writes started so far, one after the other: a flush settles once every earlier one has. */
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly repository: AnalyticsRepository,
    private readonly now: () => Date = () => new Date(),
    /** Told when a timed write fails (its events wait for the next flush); nobody awaits that write. */
    private readonly onFlushError: (error: unknown) => void = () => {},
  ) {}

  /**
   * Writes the waiting events now (before a summary, and before the store closes): settles when
   * they, and every write started before, are in the store. Rejects when this write fails; its
   * events then wait for the next flush.
   */
  flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const events = this.pending;
    this.pending = [];
    const write = this.writing.then(async () => {
      if (events.length === 0) return;
      try {
        await this.repository.insertMany(events);
      } catch (error) {
        this.pending = [...events, ...this.pending].slice(-MAX_PENDING_EVENTS);
        throw error;
      }
    });
    this.writing = write.catch(() => undefined);
    return write;
  }

  record(caller: Caller, event: ParsedTurnEvent): void {
    if (caller.client !== 'voice_assistant') {
      throw new HttpError('forbidden', 'Only the voice assistant records conversation turns');
    }
    const at = Date.parse(event.at);
    const now = this.now().getTime();
    if (at > now + EVENT_MAX_SKEW_MS) {
      throw HttpError.invalidFields([{ field: 'at', message: 'must not be in the future' }]);
    }
    if (at < now - EVENT_MAX_AGE_DAYS * DAY_MS) {
      throw HttpError.invalidFields([{ field: 'at', message: `must be within the last ${EVENT_MAX_AGE_DAYS} days` }]);
    }
    this.pending.push({
      ...event,
      at: new Date(at).toISOString(),
      recordedAt: new Date(now).toISOString(),
      userId: caller.userId,
      language: event.locale.slice(0, 2),
    });
    // unref: a pending write never keeps the process alive; closing the backend flushes it.
    this.flushTimer ??= setTimeout(() => {
      this.flush().catch(this.onFlushError);
    }, EVENT_FLUSH_MS).unref();
  }

  async summary(days: number): Promise<AnalyticsSummary> {
    await this.flush();
    const today = this.now().getTime();
    const firstDay = utcDay(today - (days - 1) * DAY_MS);
    const since = `${firstDay}T00:00:00.000Z`;

    const [
      conversationRows,
      outcomes,
      { conversations, contained },
      turnRows,
      causeRows,
      alertRows,
      emotionRows,
      variantRows,
      conversationsByLanguage,
      topFaqTopics,
      handoffs,
    ] = await Promise.all([
      this.repository.conversationsPerDay(since),
      this.repository.outcomes(since),
      this.repository.containment(since),
      this.repository.turnsPerDay(since),
      this.repository.backendErrorsPerDay(since),
      this.repository.alerts(since),
      this.repository.dissuasionByEmotion(since),
      this.repository.dissuasionByVariant(since),
      this.repository.conversationsByLanguage(since),
      this.repository.topFaqTopics(since, TOP_FAQ_TOPICS),
      this.repository.handoffs(since),
    ]);

    const windowDays = Array.from({ length: days }, (_, index) => utcDay(Date.parse(since) + index * DAY_MS));
    const perDay = new Map(conversationRows.map(({ date, count }) => [date, count]));
    const conversationsPerDay = windowDays.map((date) => ({ date, count: perDay.get(date) ?? 0 }));

    const turns = outcomes.reduce((sum, { count }) => sum + count, 0);
    const fallbackTurns = outcomes.find(({ outcome }) => outcome === 'fallback')?.count ?? 0;

    const turnsPerDay = new Map(turnRows.map(({ date, count }) => [date, count]));
    const backendErrorTurns = outcomes.find(({ outcome }) => outcome === 'backend_error')?.count ?? 0;
    const backendErrors = {
      backendErrorTurns,
      turns,
      rate: rate(backendErrorTurns, turns),
      byCause: byCause(causeRows),
      perDay: windowDays.map((date) => {
        const rows = causeRows.filter((row) => row.date === date);
        const dayErrors = rows.reduce((sum, { count }) => sum + count, 0);
        const dayTurns = turnsPerDay.get(date) ?? 0;
        return { date, backendErrorTurns: dayErrors, turns: dayTurns, rate: rate(dayErrors, dayTurns), byCause: byCause(rows) };
      }),
    };

    const securityAlerts = ScamTypes.map((scamType) => {
      const counts = { scamType, open: 0, cancelled: 0, proceeded: 0, escalated: 0 };
      for (const row of alertRows) if (row.scamType === scamType) counts[row.status] += row.count;
      return counts;
    }).filter(({ open, cancelled, proceeded, escalated }) => open + cancelled + proceeded + escalated > 0);

    const byEmotion = withRates(emotionRows).flatMap(({ key, ...counts }) => {
      const emotion = Emotions.find((known) => known === key);
      return emotion === undefined ? [] : [{ emotion, ...counts }];
    });
    const byVariant = withRates(variantRows).map(({ key, ...counts }) => ({ variant: key, ...counts }));

    return {
      from: firstDay,
      to: utcDay(today),
      turns,
      conversations,
      conversationsPerDay,
      conversationsByLanguage,
      containment: { contained, conversations, rate: rate(contained, conversations) },
      fallback: { fallbackTurns, turns, rate: rate(fallbackTurns, turns) },
      backendErrors,
      outcomes,
      topFaqTopics,
      handoffs,
      securityAlerts,
      dissuasion: { byEmotion, byVariant },
    };
  }
}
