import { randomUUID } from 'node:crypto';
import { BaseComponent, Component, Intents, Jovo, UnknownObject } from '@jovotech/framework';
import { noteTurn } from '../skill/analytics/turn-events';
import { BackendClient, Credentials, isBackendFailure } from '../skill/services/backend-client';
import type { HandoffReason, HandoffTicket } from '../shared/contract/api';
import { EmotionClassifier, emotionFromStanceIntent, type Emotion } from '../skill/emotion';
import { handoffContext, type ConversationHistory } from '../skill/handoff/context';
import { spokenDayAhead } from '../skill/speech/format';
import { AccountComponent } from './AccountComponent';
import { currentTurn, HANDOFF_HISTORY } from '../skill/handoff/history';

/** Why another component offers a person (a user who asks for one is not offered, but served). */
export type HandoffOfferReason = Exclude<HandoffReason, 'user_request'>;

const PENDING_OFFER = 'handoffOffer';

/** Session data key: a person was offered because the user sounded angry; only once per session, never a loop. */
const OFFERED_TO_ANGRY_USER = 'handoffOfferedToAngryUser';

/**
 * Minutes a call back may come after the expected wait and still be told as "in about N minutes":
 * the skill's and the backend's clocks may differ a little. Later than that, the desk is closed
 * until then, and the user hears when ("tomorrow at 8:00 AM").
 */
const CALLBACK_SLACK_MINUTES = 5;

/**
 * The one way into a handoff from anywhere in the skill: asks the user whether they want a person,
 * and a yes opens the ticket with the conversation's context. Usage: `return offerHuman(this, 'misunderstood')`.
 */
export function offerHuman(component: BaseComponent, reason: HandoffOfferReason): Promise<void> {
  component.$session.data[PENDING_OFFER] = { reason };
  return component.$redirect(HandoffComponent, 'START');
}

/** Offers a person to an angry user, once per session; undefined when the user is not angry or was offered one already. */
export function offerPersonIfAngry(component: BaseComponent, emotion: Emotion | undefined): Promise<void> | undefined {
  if (emotion !== 'angry' || component.$session.data[OFFERED_TO_ANGRY_USER]) return undefined;
  component.$session.data[OFFERED_TO_ANGRY_USER] = true;
  return offerHuman(component, 'angry');
}

type HandoffStep = { kind: 'open'; reason: HandoffReason } | { kind: 'callback' };

/** What the component waits for an answer to; kept in its data between turns. */
interface HandoffState {
  /** "Shall I pass you to a person?" was asked, for this reason. */
  offer?: HandoffOfferReason;
  /** Made once per handoff: a retried creation never opens a second ticket. */
  idempotencyKey?: string;
  /** "Would you rather be called back?" was asked about this ticket. */
  callbackFor?: { ticketId: string; minutes: number };
  /** The turn the question was asked at: only the very next turn answers it. */
  askedAt?: number;
}

/**
 * "Let me talk to a person": opens a ticket carrying what the conversation was about, then says
 * plainly what happens and when (place in the queue, expected wait) and offers a call back
 * instead of waiting. Other components come here through `offerHuman`.
 */
@Component()
export class HandoffComponent extends AccountComponent<HandoffStep> {
  constructor(
    jovo: Jovo,
    options: UnknownObject | undefined,
    backend: BackendClient,
    private readonly emotions: EmotionClassifier,
  ) {
    super(jovo, options, backend);
  }

  START() {
    const offer = this.$session.data[PENDING_OFFER] as { reason: HandoffOfferReason } | undefined;
    delete this.$session.data[PENDING_OFFER];
    if (!offer) return this.connectToPerson();
    this.writeState({ offer: offer.reason, askedAt: currentTurn(this.jovo) });
    return this.$send({ message: this.text(`handoff.offer.${offer.reason}`), reprompt: this.text('handoff.offerReprompt') });
  }

  /** TalkToPersonIntent ("talk to a specialist") belongs to the security alert dialogue; outside it, it lands here. */
  @Intents([
    { name: 'HumanAgentIntent', global: true },
    { name: 'TalkToPersonIntent', global: true },
  ])
  connectToPerson() {
    this.writeState({});
    return this.readAccount({ kind: 'open', reason: 'user_request' });
  }

  /**
   * An angry turn outside the security alert dialogue (which answers anger its own way, and takes
   * AngryIntent first while it runs): offers a person, once per session. On Alexa the stance
   * intent says it; typed text (web) must also read angry to the emotion classifier. Otherwise,
   * or once offered, the turn goes where anything not understood goes.
   */
  @Intents([{ name: 'AngryIntent', global: true }])
  offerPersonToAngryUser() {
    return offerPersonIfAngry(this, this.emotionOfTurn()) ?? this.UNHANDLED();
  }

  @Intents(['AMAZON.YesIntent'])
  acceptHandoff() {
    if (!this.answersLastQuestion()) return this.UNHANDLED();
    const { offer, callbackFor } = this.readState();
    if (offer) return this.readAccount({ kind: 'open', reason: offer });
    if (callbackFor) return this.readAccount({ kind: 'callback' });
    return this.UNHANDLED();
  }

  @Intents(['AMAZON.NoIntent'])
  declineHandoff() {
    if (!this.answersLastQuestion()) return this.UNHANDLED();
    const { offer, callbackFor } = this.readState();
    if (offer) {
      this.leave();
      return this.ask(this.text('handoff.declined'), this.text('welcome.reprompt'));
    }
    if (callbackFor) {
      this.leave();
      return this.tell(this.text('handoff.keepWaiting', { minutes: callbackFor.minutes }));
    }
    return this.UNHANDLED();
  }

  /** Anything else: no longer a handoff question; the global handling takes it (typed text may be a question). */
  UNHANDLED() {
    this.leave();
    return this.notForMe();
  }

  protected async answer(step: HandoffStep, credentials: Credentials): Promise<void> {
    return step.kind === 'open' ? this.open(step.reason, credentials) : this.bookCallback(credentials);
  }

  private async open(reason: HandoffReason, credentials: Credentials) {
    const idempotencyKey = this.readState().idempotencyKey ?? randomUUID();
    // Asked again, in effect, if this attempt fails: a yes on the next turn retries with the same key.
    this.writeState({ ...this.readState(), idempotencyKey, askedAt: currentTurn(this.jovo) });
    const history = this.$session.data[HANDOFF_HISTORY] as ConversationHistory | undefined;
    let ticket: HandoffTicket;
    let alreadyOpen = false;
    try {
      ticket = await this.backend.createHandoffTicket(credentials, idempotencyKey, {
        reason,
        contactMode: 'live_agent',
        channel: this.surface === 'alexa' ? 'voice_assistant' : 'web',
        context: handoffContext(history, this.locale, { reason, ...(reason === 'angry' ? { emotion: 'angry' as const } : {}) }),
      });
    } catch (error) {
      // 409: a ticket of the user is already open; tell where it stands instead.
      if (!isBackendFailure(error, 'rejected')) throw error;
      ticket = await this.backend.openHandoffTicket(credentials);
      alreadyOpen = true;
    }
    return this.tellTicket(ticket, alreadyOpen, credentials);
  }

  private async tellTicket(ticket: HandoffTicket, alreadyOpen: boolean, credentials: Credentials) {
    // The one place a turn becomes a handoff: a ticket was opened, or the user's open one joined.
    noteTurn(this.jovo, { outcome: 'handoff' });
    if (ticket.status !== 'waiting' || ticket.queuePosition === undefined || ticket.estimatedWaitMinutes === undefined) {
      this.leave();
      return this.tell(this.text('handoff.withAgent'));
    }
    const place = { position: ticket.queuePosition, minutes: ticket.estimatedWaitMinutes };
    const status = this.text(alreadyOpen ? 'handoff.alreadyWaiting' : 'handoff.created', place);
    if (ticket.contactMode === 'callback') {
      this.leave();
      const scheduled = await this.scheduledCallback(ticket, 'handoff.callbackAlreadyBooked', credentials);
      return this.tell(scheduled ?? `${status} ${this.text('handoff.callbackBooked', place)}`);
    }
    this.writeState({ callbackFor: { ticketId: ticket.id, minutes: ticket.estimatedWaitMinutes }, askedAt: currentTurn(this.jovo) });
    return this.$send({ message: `${status} ${this.text('handoff.callbackOffer')}`, reprompt: this.text('handoff.callbackReprompt') });
  }

  private async bookCallback(credentials: Credentials) {
    const { callbackFor } = this.readState();
    if (!callbackFor) return this.UNHANDLED();
    try {
      const ticket = await this.backend.setHandoffContactMode(credentials, callbackFor.ticketId, 'callback');
      noteTurn(this.jovo, { outcome: 'handoff' });
      this.leave();
      const scheduled = await this.scheduledCallback(ticket, 'handoff.callbackScheduled', credentials);
      return this.tell(scheduled ?? this.text('handoff.callbackBooked', { minutes: ticket.estimatedWaitMinutes ?? callbackFor.minutes }));
    } catch (error) {
      // 409: an agent took it meanwhile.
      if (!isBackendFailure(error, 'rejected')) throw error;
      noteTurn(this.jovo, { outcome: 'handoff' });
      this.leave();
      return this.tell(this.text('handoff.withAgent'));
    }
  }

  /**
   * When the call back comes well after the usual wait (the desk of the user's language is closed
   * until then), the sentence that says when, relative and in the user's time zone: "tomorrow at
   * 8:00 AM", "on Monday, November 30 at 8:00 AM". Undefined when "in about N minutes" is true.
   */
  private async scheduledCallback(
    ticket: HandoffTicket,
    key: 'handoff.callbackScheduled' | 'handoff.callbackAlreadyBooked',
    credentials: Credentials,
  ): Promise<string | undefined> {
    if (ticket.callbackAt === undefined) return undefined;
    const soonest = Date.now() + ((ticket.estimatedWaitMinutes ?? 0) + CALLBACK_SLACK_MINUTES) * 60_000;
    if (Date.parse(ticket.callbackAt) <= soonest) return undefined;
    // The web client tells its time zone: no need to read the profile for it.
    const timeZone = this.requestTimeZone;
    const context = timeZone ? { locale: this.locale, timeZone, now: new Date() } : await this.speechContext(credentials);
    const { when, day, time } = spokenDayAhead(ticket.callbackAt, context);
    return this.text(`${key}.${when}`, { day, time });
  }

  /** Typed text (web) is read by the emotion classifier; an Alexa turn by its stance intent. */
  private emotionOfTurn(): Emotion | undefined {
    const text = this.$input.text;
    if (text && text.trim() !== '') return this.emotions.detect(text, this.locale.slice(0, 2)).emotion;
    return emotionFromStanceIntent(this.$input.getIntentName());
  }

  /** A yes or no some turns after the question (help in between...) is not an answer to it. */
  private answersLastQuestion(): boolean {
    const { askedAt } = this.readState();
    return askedAt !== undefined && askedAt === currentTurn(this.jovo) - 1;
  }

  /** The question is answered: later turns go wherever they belong. */
  private leave(): void {
    this.$component.data.handoff = {};
    this.$session.state = [];
  }

  private readState(): HandoffState {
    return (this.$component.data.handoff as HandoffState | undefined) ?? {};
  }

  private writeState(state: HandoffState): void {
    this.$component.data.handoff = state;
  }
}
