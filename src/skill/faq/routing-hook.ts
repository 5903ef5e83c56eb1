import type { Jovo } from '@jovotech/framework';
import type { FaqClassification, FaqClassifier } from '.';
import { FAQ_ROUTING, FaqRoutingThresholds, isDialogueOpen, routeToFaq } from './routing';
import { nluText } from '../nlu/shared-nlpjs';

/** Request data key of the classification made while routing: FaqComponent answers from it. */
const CLASSIFIED_QUESTION = 'faqClassifiedQuestion';

interface ClassifiedQuestion {
  text: string;
  classification: FaqClassification;
}

/** nlp.js's own result, kept by the NLU plugin in `$input.nlu.native`. */
interface NlpjsResult {
  intent?: string;
  score?: number;
}

/**
 * Registered as an app hook after the web NLU: typed text that nlp.js only half matched and the
 * FAQ classifier is sure about goes to `FaqIntent` (src/skill/faq/routing.ts). Alexa turns carry no
 * nlp.js result and pass untouched.
 */
export function routeQuestionsToFaq(faq: () => FaqClassifier, thresholds: FaqRoutingThresholds = FAQ_ROUTING) {
  return (jovo: Jovo): void => {
    const text = jovo.$input.text;
    const nlu = jovo.$input.nlu;
    const native = nlu?.native as NlpjsResult | undefined;
    if (!text || !nlu || typeof native?.intent !== 'string' || typeof native.score !== 'number') return;
    const language = (jovo.$request.getLocale() ?? 'en-US').slice(0, 2);
    const classify = () => {
      // Like nlp.js, only the start of a pasted essay (the classification is answered from too).
      const classified: ClassifiedQuestion = { text, classification: faq().classify(nluText(text), language) };
      jovo.$data[CLASSIFIED_QUESTION] = classified;
      return classified.classification;
    };
    const routed = routeToFaq({ text, intent: native.intent, score: native.score }, isDialogueOpen(jovo.$session.state), classify, thresholds);
    if (!routed) return;
    // The entities nlp.js found belong to the intent it guessed (an ordinal, a merchant...).
    jovo.$input.nlu = { ...nlu, intent: { name: 'FaqIntent' }, entities: {} };
    jovo.$entities = {};
  };
}

/** The classification of `text` made while routing this turn, if one was made. */
export function classifiedThisTurn(jovo: Jovo, text: string): FaqClassification | undefined {
  const classified = jovo.$data[CLASSIFIED_QUESTION] as ClassifiedQuestion | undefined;
  return classified?.text === text ? classified.classification : undefined;
}
