import { Component, Intents } from '@jovotech/framework';
import { type Credentials, missingAsUndefined } from '../skill/services/backend-client';
import type { HandoffTopic } from '../shared/contract/api';
import { suggestionAnswer, suggestionNoticed, suggestionOffer, topSuggestion, type Suggestion, type SuggestionKind } from '../skill/suggestions';
import { AccountComponent } from './AccountComponent';
import { currentTurn, noteHandoffTopic } from '../skill/handoff/history';

/** Recent enough to hold this morning's failed payment and last week's pending top-up. */
const RECENT_TRANSACTIONS = 20;
const OFFERED_THIS_SESSION = 'suggestionOffered';

/** What a person taking over should know the conversation was about. */
const HANDOFF_TOPIC: Readonly<Record<SuggestionKind, HandoffTopic>> = {
  held_transfer: 'transfer',
  failed_payment: 'payment_failed',
  failed_transfer: 'transfer',
  failed_top_up: 'top_up',
  pending_top_up: 'top_up',
  refund_in_progress: 'transactions',
  pending_payment: 'transactions',
};

type SuggestionStep = { kind: 'offer' } | { kind: 'answer' };

/**
 * "You may be asking about the payment that failed this morning": after the welcome, once per
 * session, the user's most likely concern is offered as a question; a yes answers it. "Anything I
 * should know?" asks for the same at any time.
 */
@Component()
export class SuggestionsComponent extends AccountComponent<SuggestionStep> {
  START() {
    return this.welcome();
  }

  /** The welcome, followed by the top suggestion when there is one (never an error: the welcome alone then). */
  async welcome() {
    const welcome = { message: this.text('welcome.message'), reprompt: this.text('welcome.reprompt') };
    const suggestion = await this.findSuggestion();
    if (!suggestion) {
      this.$session.state = [];
      return this.$send(welcome);
    }
    this.$session.data[OFFERED_THIS_SESSION] = true;
    this.$component.data.suggestion = suggestion.found;
    this.$component.data.offeredAt = currentTurn(this.jovo);
    return this.$send({ message: `${welcome.message} ${suggestion.offer}`, reprompt: this.text('suggestions.reprompt') });
  }

  @Intents({ name: 'SuggestionsIntent', global: true })
  tellWhatNeedsAttention() {
    return this.readAccount({ kind: 'offer' });
  }

  @Intents(['AMAZON.YesIntent'])
  acceptSuggestion() {
    if (!this.$component.data.suggestion || !this.answersOffer()) return this.UNHANDLED();
    return this.readAccount({ kind: 'answer' });
  }

  @Intents(['AMAZON.NoIntent'])
  declineSuggestion() {
    if (!this.answersOffer()) return this.UNHANDLED();
    this.leave();
    return this.ask(this.text('suggestions.declined'), this.text('welcome.reprompt'));
  }

  /** Something else: the global handling takes it (typed text may be a question). */
  UNHANDLED() {
    this.leave();
    return this.notForMe();
  }

  protected async answer(step: SuggestionStep, credentials: Credentials): Promise<void> {
    if (step.kind === 'offer') return this.offer(credentials);
    const suggestion = this.$component.data.suggestion as Suggestion | undefined;
    if (!suggestion) return this.UNHANDLED();
    const context = await this.speechContext(credentials);
    const transaction = await this.backend.transaction(credentials, suggestion.subject.transactionId).catch(missingAsUndefined);
    noteHandoffTopic(this.jovo, HANDOFF_TOPIC[suggestion.kind], `${suggestion.kind} ${suggestion.subject.transactionId} (${suggestion.faqTopic})`);
    this.leave();
    return this.tell(suggestionAnswer(suggestion, transaction, context, this.translate));
  }

  /** Asked for: unlike at launch, the voice code dialogue and the backend apology apply (see readAccount). */
  private async offer(credentials: Credentials) {
    const transactions = await this.backend.transactions(credentials, { limit: RECENT_TRANSACTIONS });
    const found = topSuggestion({ transactions, now: new Date() });
    if (!found) {
      this.leave();
      return this.tell(this.text('suggestions.nothing'));
    }
    const context = await this.speechContext(credentials);
    this.$component.data.suggestion = found;
    this.$component.data.offeredAt = currentTurn(this.jovo);
    return this.$send({ message: suggestionNoticed(found, context, this.translate), reprompt: this.text('suggestions.reprompt') });
  }

  /** Best effort: a user not linked, a voice code not yet said or a backend away means no suggestion. */
  private async findSuggestion(): Promise<{ found: Suggestion; offer: string } | undefined> {
    const credentials = this.credentials();
    if (!credentials || this.$session.data[OFFERED_THIS_SESSION]) return undefined;
    return this.quietly(async () => {
      const transactions = await this.backend.transactions(credentials, { limit: RECENT_TRANSACTIONS });
      const found = topSuggestion({ transactions, now: new Date() });
      if (!found) return undefined;
      const context = await this.speechContext(credentials);
      return { found, offer: suggestionOffer(found, context, this.translate) };
    });
  }

  /** Only the turn right after the offer answers it (not a yes to something asked in between). */
  private answersOffer(): boolean {
    return this.$component.data.offeredAt === currentTurn(this.jovo) - 1;
  }

  private leave(): void {
    delete this.$component.data.suggestion;
    delete this.$component.data.offeredAt;
    this.$session.state = [];
  }
}
