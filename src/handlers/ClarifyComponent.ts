import { Component, Global, Intents, Jovo, UnknownObject } from '@jovotech/framework';
import { EmotionClassifier } from '../skill/emotion';
import { CHOOSE_READING_INTENT, NOT_UNDERSTOOD_INTENT, readingsToOffer, rememberOfferedReadings } from '../skill/nlu/understanding-hook';
import { faqTopicOf } from '../skill/nlu/understanding';
import { offerHuman, offerPersonIfAngry } from './HandoffComponent';
import { SkillComponent } from './SkillComponent';

/**
 * How sure the emotion classifier must be before a turn nobody understood counts as angry: it
 * reads nonsense ("purple elephants sing quietly") as angry at 0.6, real anger at 0.98.
 */
const CLEARLY = 0.9;

/** Misunderstandings in a row after which the skill stops explaining and offers a person. */
const MISSES_BEFORE_A_PERSON = 2;

/**
 * When a typed request could mean two things ("my PIN is locked": freeze the wallet, or unblock
 * the PIN?), the skill asks which, instead of acting on a guess; when it could mean anything, it
 * says plainly what it can do and offers a person.
 */
@Global()
@Component()
export class ClarifyComponent extends SkillComponent {
  constructor(
    jovo: Jovo,
    options: UnknownObject | undefined,
    private readonly emotions: EmotionClassifier,
  ) {
    super(jovo, options);
  }

  @Intents([CHOOSE_READING_INTENT])
  chooseReading() {
    const readings = readingsToOffer(this.jovo);
    if (readings.length < 2) return this.explainNotUnderstood();
    rememberOfferedReadings(this.jovo, readings);
    const [first, second] = readings.map((label) => this.describe(label));
    return this.$send({ message: this.text('understanding.choose', { first, second }), reprompt: this.text('understanding.chooseReprompt') });
  }

  /** An angry user who was not understood is offered a person at once; others hear what the skill can do. */
  @Intents([NOT_UNDERSTOOD_INTENT])
  explainNotUnderstood() {
    const text = this.$input.text;
    const emotion = text ? this.emotions.detect(text, this.locale.slice(0, 2)) : undefined;
    const angry = emotion && emotion.confidence >= CLEARLY ? offerPersonIfAngry(this, emotion.emotion) : undefined;
    if (angry) return angry;
    if (this.countMisunderstanding() >= MISSES_BEFORE_A_PERSON) return offerHuman(this, 'misunderstood');
    return this.sayNotUnderstood();
  }

  private describe(label: string): string {
    const topic = faqTopicOf(label);
    return topic ? this.text(`faq.topics.${topic}`) : this.text(`understanding.readings.${label.replace(/^AMAZON\./, '')}`);
  }
}
