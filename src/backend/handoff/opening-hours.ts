/**
 * When the agent desks work, and so when a colleague can call a user back: one desk per
 * language, each with its time zone and weekly hours, and the topics (fraud) answered around the
 * clock, all from `agent-hours.json`, checked once when loaded so that a typo fails at start.
 * Framework-free: the clock and the queue position come in as arguments.
 */
import { z } from 'zod';
import { HandoffReasons, HandoffTopics, type HandoffReason, type HandoffTopic } from '../../shared/contract/api';
import { LANGUAGES, type Language } from '../../shared/languages';
import { addDays, localDateOf, localMinuteOfDay, localTimeToInstant, weekdayOf } from '../../shared/time/local-time';
import hoursFile from './agent-hours.json';

/** In the order of `Date.getUTCDay()`. */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Opening and closing time, as minutes after the desk's local midnight (close up to 1440). */
export interface OpeningHours {
  open: number;
  close: number;
}

export interface AgentDesk {
  timeZone: string;
  /** A day that is missing is closed. */
  hours: Partial<Record<Weekday, OpeningHours>>;
}

export interface AgentHours {
  defaultDesk: Language;
  roundTheClock: { topics: HandoffTopic[]; reasons: HandoffReason[] };
  desks: Record<Language, AgentDesk>;
}

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

const Hours = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be "HH:MM-HH:MM", such as "08:00-20:00"')
  .transform((range) => ({ open: minutesOf(range.slice(0, 5)), close: minutesOf(range.slice(6)) }))
  .refine(({ open, close }) => open < close, 'must close after it opens');

const TimeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as "Europe/Berlin"');

const Desk = z
  .object({ timeZone: TimeZone, hours: z.object(Object.fromEntries(WEEKDAYS.map((day) => [day, Hours.optional()]))).strict() })
  .strict()
  .refine((desk) => Object.values(desk.hours).some(Boolean), 'must be open on at least one day');

const AgentHoursSchema = z
  .object({
    $comment: z.string().optional(),
    version: z.literal(1),
    defaultDesk: z.enum(LANGUAGES as [Language, ...Language[]]),
    roundTheClock: z.object({ topics: z.array(z.enum(HandoffTopics)), reasons: z.array(z.enum(HandoffReasons)) }).strict(),
    desks: z.object(Object.fromEntries(LANGUAGES.map((language) => [language, Desk]))).strict(),
  })
  .strict();

/** Throws naming every problem of the hours data. */
export function parseAgentHours(data: unknown): AgentHours {
  const parsed = AgentHoursSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid agent hours: ${problems.join('; ')}`);
  }
  const { defaultDesk, roundTheClock, desks } = parsed.data;
  return { defaultDesk, roundTheClock, desks: desks as Record<Language, AgentDesk> };
}

/** The hours shipped in `src/backend/handoff/agent-hours.json`. */
export const AGENT_HOURS: AgentHours = parseAgentHours(hoursFile);

/** The desk of a language tag ("de-DE" → de), the default desk for a language without one. */
export function deskFor(hours: AgentHours, language: string): AgentDesk {
  const code = language.slice(0, 2).toLowerCase();
  return (LANGUAGES as readonly string[]).includes(code) ? hours.desks[code as Language] : hours.desks[hours.defaultDesk];
}

function hoursOn(desk: AgentDesk, date: string): OpeningHours | undefined {
  return desk.hours[WEEKDAYS[weekdayOf(date)]];
}

/** Whether the desk is open at `instant` (from opening time, until before closing time). */
export function isDeskOpen(desk: AgentDesk, instant: Date): boolean {
  const hours = hoursOn(desk, localDateOf(instant, desk.timeZone));
  if (hours === undefined) return false;
  const minute = localMinuteOfDay(instant, desk.timeZone);
  return minute >= hours.open && minute < hours.close;
}

/** `instant` itself when the desk is open then, else the next time it opens (within the coming week). */
export function nextOpening(desk: AgentDesk, instant: Date): Date {
  if (isDeskOpen(desk, instant)) return instant;
  const today = localDateOf(instant, desk.timeZone);
  for (let days = 0; days <= WEEKDAYS.length; days++) {
    const date = addDays(today, days);
    const hours = hoursOn(desk, date);
    if (hours === undefined) continue;
    const opening = localTimeToInstant(date, hours.open, desk.timeZone);
    if (opening.getTime() > instant.getTime()) return opening;
  }
  // Unreachable for a parsed desk (open at least one day a week).
  throw new Error(`The desk in ${desk.timeZone} never opens`);
}

export interface CallbackQuestion {
  now: Date;
  /** 1 is next in the queue. */
  queuePosition: number;
  /** What each place in the queue adds to the wait. */
  minutesPerTicket: number;
  /** The ticket's language tag (its desk) and what it is about. */
  language: string;
  topic: HandoffTopic;
  reason: HandoffReason;
}

/**
 * When a colleague is expected to call back: after the usual wait (position × minutes per
 * ticket) if the desk is open then, or always for a round-the-clock topic (fraud); otherwise
 * when the desk next opens, after the callbacks queued ahead of this one.
 */
export function expectedCallbackAt(hours: AgentHours, question: CallbackQuestion): Date {
  const minutes = 60_000;
  const due = new Date(question.now.getTime() + question.queuePosition * question.minutesPerTicket * minutes);
  if (hours.roundTheClock.topics.includes(question.topic) || hours.roundTheClock.reasons.includes(question.reason)) return due;
  const desk = deskFor(hours, question.language);
  if (isDeskOpen(desk, due)) return due;
  const opening = nextOpening(desk, due);
  return new Date(opening.getTime() + (question.queuePosition - 1) * question.minutesPerTicket * minutes);
}
