import type { Jovo } from '@jovotech/framework';
import type { FaqClassification } from '../faq';
import { languageOf, type Language } from '../../shared/languages';
import { decideReading, isDialogueOpen, pickedReading, READING_THRESHOLDS, readingsAtTheTop, TOP_LEVEL_REQUESTS } from './routing';
import { nluText } from './shared-nlpjs';
import { intentSlots } from './training-data';
import { faqClassificationOf, faqTopicOf, isFaqLabel, type Reading, type UnderstandingModel } from './understanding';

/** Internal intents (in no model): the skill asks which of two readings was meant, or says it did not understand. */
export const CHOOSE_READING_INTENT = 'ChooseReadingIntent';
export const NOT_UNDERSTOOD_INTENT = 'NotUnderstoodIntent';

/**
 * Intents the skill can name in a choice ("do you mean your balance, or ...?"): each has
 * `understanding.readings.<intent>` in every locale (test/i18n checks it). Dialogue answers
 * ("yes", a voice code, "I'm worried") are not offered: out of the blue they mean nothing.
 */
export const OFFERABLE_INTENTS = [...TOP_LEVEL_REQUESTS, 'SecurityAlertIntent', 'SuggestionsIntent', 'AMAZON.HelpIntent'];

const OFFERABLE = new Set<string>(OFFERABLE_INTENTS);

/** Request data: the intent the user picked this turn from the readings offered, for the confirmation rules. */
const PICKED_BY_USER = 'pickedByUser';
/** Request data: the readings to offer, for the component that asks. */
const READINGS_TO_OFFER = 'readingsToOffer';
/** Session data: the readings offered in the last answer, which the next turn may pick from. */
const OFFERED_READINGS = 'offeredReadings';
/** Request data: the FAQ's reading of this turn's text, so that the FAQ answers from it. */
const FAQ_READING = 'faqReading';

/**
 * Registered after the web NLU: typed or transcribed text is read by the understanding model,
 * which decides the intent (or FAQ topic); nlp.js keeps the entities it found for that intent.
 * Inside an open dialogue (a voice code, a yes/no, a slot answer or a choice), nlp.js's reading
 * of the answer stands, unless it would leave the dialogue (`leavingIntents`): then the model
 * says where to. Alexa turns carry no text and pass untouched.
 */
export function understandTypedText(model: () => UnderstandingModel, leavingIntents: ReadonlySet<string>) {
  return (jovo: Jovo): void => {
    const text = jovo.$input.text;
    const nlu = jovo.$input.nlu;
    if (!text || !nlu) return;
    const lang = languageOf(jovo.$request.getLocale());
    const readings = model().understand(nluText(text), lang);
    const offered = jovo.$session.data[OFFERED_READINGS] as string[] | undefined;
    delete jovo.$session.data[OFFERED_READINGS];
    if (offered) {
      const ordinal = Number.parseInt(String(jovo.$entities.ordinal?.id ?? ''), 10);
      const answer = intentName(nlu);
      if (Number.isNaN(ordinal) && answer === 'AMAZON.NoIntent') return setIntent(jovo, NOT_UNDERSTOOD_INTENT, {});
      // "Yes" to "A or B?" says neither: ask again.
      if (Number.isNaN(ordinal) && answer === 'AMAZON.YesIntent') {
        jovo.$data[READINGS_TO_OFFER] = offered;
        return setIntent(jovo, CHOOSE_READING_INTENT, {});
      }
      const picked = pickedReading(offered, Number.isNaN(ordinal) ? undefined : ordinal, readings);
      if (picked) return useReading(jovo, lang, readings, picked, true);
    }
    const atTheTop = readingsAtTheTop(readings);
    if (isDialogueOpen(jovo.$session.state)) {
      const intent = intentName(nlu);
      // nlp.js keeps the dialogue's answers (a yes, a code, a choice). When it would leave the
      // dialogue anyway, the model, which reads requests better, says where to.
      const top = atTheTop[0];
      const leaving = leavingIntents.has(intent) || intent === 'FaqIntent';
      if (leaving && top && top.label !== intent && top.confidence >= READING_THRESHOLDS.act && (isFaqLabel(top.label) || leavingIntents.has(top.label))) {
        return useReading(jovo, lang, readings, top.label);
      }
      return;
    }
    const decision = decideReading(atTheTop, (label) => isFaqLabel(label) || OFFERABLE.has(label));
    if (decision.kind === 'act') return useReading(jovo, lang, atTheTop, decision.reading.label);
    if (decision.kind === 'choose') {
      jovo.$data[READINGS_TO_OFFER] = decision.readings.map((r) => r.label);
      return setIntent(jovo, CHOOSE_READING_INTENT, {});
    }
    return setIntent(jovo, NOT_UNDERSTOOD_INTENT, {});
  };
}

function intentName(nlu: NonNullable<Jovo['$input']['nlu']>): string {
  return typeof nlu.intent === 'string' ? nlu.intent : (nlu.intent?.name ?? '');
}

/** Routes the turn to `label` (an intent, or a FAQ topic answered from these readings), with the entities that intent declares. */
function useReading(jovo: Jovo, lang: Language, readings: Reading[], label: string, pickedByUser = false): void {
  const topic = faqTopicOf(label);
  const intent = topic ? 'FaqIntent' : label;
  if (topic) {
    const classification = pickedByUser ? { topic, confidence: 1, alternatives: [] } : faqClassificationOf(readings);
    jovo.$data[FAQ_READING] = { text: jovo.$input.text, classification };
  }
  if (pickedByUser) jovo.$data[PICKED_BY_USER] = intent;
  const slots = intentSlots(lang, intent);
  const entities = Object.fromEntries(Object.entries(jovo.$input.nlu?.entities ?? {}).filter(([name]) => slots.has(name)));
  setIntent(jovo, intent, entities);
}

function setIntent(jovo: Jovo, intent: string, entities: NonNullable<Jovo['$input']['nlu']>['entities']): void {
  jovo.$input.nlu = { ...jovo.$input.nlu, intent: { name: intent }, entities };
  jovo.$entities = entities ?? {};
}

/** The readings to offer this turn (set when the model was torn between two). */
export function readingsToOffer(jovo: Jovo): string[] {
  return (jovo.$data[READINGS_TO_OFFER] as string[] | undefined) ?? [];
}

/** Remembers the readings offered, for the next turn to pick from. */
export function rememberOfferedReadings(jovo: Jovo, readings: string[]): void {
  jovo.$session.data[OFFERED_READINGS] = readings;
}

/** The FAQ's reading of `text` made while understanding this turn, if there was one. */
export function faqReadingThisTurn(jovo: Jovo, text: string): FaqClassification | undefined {
  const reading = jovo.$data[FAQ_READING] as { text: string; classification: FaqClassification } | undefined;
  return reading?.text === text ? reading.classification : undefined;
}

/**
 * Whether the turn asked for `intent` plainly enough to change the account without a question:
 * an Alexa turn (Amazon's NLU matched one of the intent's samples) or a reading the user picked
 * when asked. Typed text is never enough on its own: the model tells "freeze" from "unfreeze",
 * or on from off, by a syllable, and is sure of the wrong one now and then (取消冻结, "cancel
 * the freeze", read as a freeze with 0.9).
 */
export function understoodSurely(jovo: Jovo, intent: string): boolean {
  return !jovo.$input.text || jovo.$data[PICKED_BY_USER] === intent;
}
