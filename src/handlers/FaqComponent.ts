import { Component, Intents, Jovo, UnknownObject } from '@jovotech/framework';
import { noteTurn } from '../skill/analytics/turn-events';
import { BackendClient } from '../skill/services/backend-client';
import { decideFaqReply } from '../skill/faq';
import { PERSONAL_FETCH_LIMIT, personalMatchFor, personalNote } from '../skill/faq/personalise';
import { faqReadingThisTurn } from '../skill/nlu/understanding-hook';
import { UnderstandingModel } from '../skill/nlu/understanding';
import { BackendComponent } from './BackendComponent';
import { TransactionsComponent } from './TransactionsComponent';

/**
 * Common questions ("why was my top-up declined?"): answered from the knowledge base when the
 * classifier is sure, a choice between two close topics when it is torn, and a plain "I'm not
 * sure" with an offer of a person otherwise.
 */
@Component()
export class FaqComponent extends BackendComponent {
  constructor(
    jovo: Jovo,
    options: UnknownObject | undefined,
    private readonly understanding: UnderstandingModel,
    backend: BackendClient,
  ) {
    super(jovo, options, backend);
  }

  START() {
    return this.answerQuestion();
  }

  @Intents({ name: 'FaqIntent', global: true })
  answerQuestion() {
    // Typed text (web) is the whole question, as the classifier was trained on; Alexa sends only the slot.
    const question = this.$input.text ?? this.$entities.query?.value;
    delete this.$component.data.choices;
    if (!question) return this.notSure();
    const classification = faqReadingThisTurn(this.jovo, question) ?? this.understanding.classify(question, this.locale.slice(0, 2));
    const decision = decideFaqReply(classification);
    if (decision.kind === 'answer') {
      // The turn's analytics event takes the topic from here rather than classifying again.
      noteTurn(this.jovo, { faqTopic: decision.topic });
      return this.answerTopic(decision.topic);
    }
    if (decision.kind === 'clarify') {
      this.$component.data.choices = decision.topics;
      const [first, second] = decision.topics.map((topic) => this.text(`faq.topics.${topic}`));
      return this.$send({ message: this.text('understanding.choose', { first, second }), reprompt: this.text('understanding.chooseReprompt') });
    }
    return this.notSure();
  }

  /** "The first" / "the second" after a clarifying question; otherwise it is about a transaction. */
  @Intents(['TransactionDetailIntent'])
  chooseTopic() {
    const choices = this.pendingChoices();
    if (!choices) return this.$redirect(TransactionsComponent, 'tellTransactionDetail');
    const position = Number.parseInt(String(this.$entities.ordinal?.id ?? this.$entities.ordinal?.resolved ?? ''), 10);
    const topic = choices[position - 1];
    if (!topic) return this.askToChoose();
    delete this.$component.data.choices;
    return this.answerTopic(topic);
  }

  /** "Yes" to "anything else?": listen for the next question. */
  @Intents(['AMAZON.YesIntent'])
  askNextQuestion() {
    if (this.pendingChoices()) return this.askToChoose();
    return this.ask(this.text('faq.askQuestion'), this.text('faq.askQuestion'));
  }

  /** "No" to "anything else?" ends the conversation; "no" to "do you mean X or Y?" means neither. */
  @Intents(['AMAZON.NoIntent'])
  declineChoiceOrFinish() {
    if (!this.pendingChoices()) return this.sayGoodbye();
    delete this.$component.data.choices;
    return this.notSure();
  }

  /** Maybe a new question (typed text): classify it. Otherwise what the rest of the skill does. */
  UNHANDLED() {
    const wasChoosing = Boolean(this.pendingChoices());
    delete this.$component.data.choices;
    if (this.$input.text) return this.answerQuestion();
    if (wasChoosing) return this.askToChoose();
    return this.notForMe();
  }

  private pendingChoices(): string[] | undefined {
    return this.$component.data.choices as string[] | undefined;
  }

  private askToChoose() {
    return this.$send({ message: this.text('understanding.chooseReprompt'), reprompt: this.text('understanding.chooseReprompt') });
  }

  private async answerTopic(topic: string) {
    const personal = await this.personalNote(topic);
    const sentences = [personal, this.text(`faq.answers.${topic}`)].filter(Boolean);
    return this.tell(sentences.join(' '));
  }

  /**
   * The user's own pending or declined item the topic is about ("your top-up of 50 euros yesterday
   * is still pending"). Only for a signed-in user whose account can be read without asking for
   * anything (no voice code prompt in the middle of an answer); otherwise the general answer alone.
   */
  private async personalNote(topic: string): Promise<string | undefined> {
    const match = personalMatchFor(topic);
    const credentials = this.credentials();
    if (!match || !credentials) return undefined;
    return this.quietly(async () => {
      const [transactions, context] = await Promise.all([
        this.backend.transactions(credentials, { status: match.status, limit: PERSONAL_FETCH_LIMIT }),
        this.speechContext(credentials),
      ]);
      return personalNote(topic, transactions, context, this.translate);
    });
  }

  private notSure() {
    this.countMisunderstanding();
    return this.sayNotUnderstood();
  }
}
