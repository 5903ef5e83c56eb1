import { App, InputType, Jovo, Logger as JovoLogger } from '@jovotech/framework';
import { AlexaPlatform } from '@jovotech/platform-alexa';
import { WebPlatform } from '@jovotech/platform-web';
import type { Logger } from 'pino';
import { installTurnAnalytics, noteTurnFailed } from './analytics/turn-events';
import { BackendClient } from './services/backend-client';
import { EmotionClassifier, loadEmotionClassifier } from './emotion';
import { decideFaqReply } from './faq';
import { loadUnderstanding, UnderstandingModel } from './nlu/understanding';
import { understandTypedText } from './nlu/understanding-hook';
import { TOP_LEVEL_REQUESTS } from './nlu/routing';
import { BalanceComponent } from '../handlers/BalanceComponent';
import { CancelTransferComponent } from '../handlers/CancelTransferComponent';
import { ClarifyComponent } from '../handlers/ClarifyComponent';
import { FaqComponent } from '../handlers/FaqComponent';
import { FraudReportComponent } from '../handlers/FraudReportComponent';
import { FraudStatusComponent } from '../handlers/FraudStatusComponent';
import { ProtectionComponent } from '../handlers/ProtectionComponent';
import { SafetySettingsComponent } from '../handlers/SafetySettingsComponent';
import { VerifyContactComponent } from '../handlers/VerifyContactComponent';
import { GlobalComponent } from '../handlers/GlobalComponent';
import { HandoffComponent } from '../handlers/HandoffComponent';
import { rememberForHandoff } from './handoff/history';
import { SuggestionsComponent } from '../handlers/SuggestionsComponent';
import { SkillEventsComponent } from '../handlers/SkillEventsComponent';
import { SecurityAlertComponent } from '../handlers/SecurityAlertComponent';
import { TransactionsComponent } from '../handlers/TransactionsComponent';
import { VoiceCodeComponent } from '../handlers/VoiceCodeComponent';
import { NEXT_TURN_NOTES, PREVIOUS_TURN_NOTES } from '../handlers/SkillComponent';
import { ELICITED_INTENT, type ElicitedIntent, withElicitation } from './alexa/elicitation';
import { i18nSettings, SharedI18Next } from './i18n';
import { cacheMergedHandlerMetadata } from './jovo/handler-metadata-cache';
import { builtOnFirstUse } from './lazy';
import { createLogger, errorFields } from '../shared/logger';
import { loadLanguagePacks, SharedNlpjsNlu } from './nlu/shared-nlpjs';
import { MODELS_DIR } from '../shared/project-paths';

export interface AppDependencies {
  backend: BackendClient;
  /** Loaded on the first typed text or question that needs it (a large model: not on every start of a test app). */
  understanding?: () => UnderstandingModel;
  logger?: Logger;
}

/** Intents that leave any sub-dialog: the user can always get help, stop, or ask something else. */
const INTENTS_THAT_LEAVE_DIALOGS = [
  'AMAZON.HelpIntent',
  'END',
  'AMAZON.RepeatIntent',
  // Account questions, fraud and protection: a worried user can always report, freeze or check, whatever was asked before.
  ...TOP_LEVEL_REQUESTS,
  // Asking for a person must work from anywhere; so must an angry turn, which offers one (HandoffComponent).
  'TalkToPersonIntent',
  'AngryIntent',
];

/** Keeps what was said, for "repeat", and resets the misunderstanding count after a good turn. */
function rememberTurn(jovo: Jovo): void {
  if (!jovo.$data.countsAsMiss) jovo.$session.data.misses = 0;
  if (jovo.$output.length > 0 && jovo.$route?.resolved.handler !== 'repeatLastAnswer') {
    jovo.$session.data.lastOutput = jovo.$output;
  }
}

/**
 * What an answer offered ("anything else?", the short help) is taken up in the very next turn
 * only: the notes move from the session to that turn's data, so a later "no" is not taken for it.
 */
function passNotesToThisTurn(jovo: Jovo): void {
  jovo.$data[PREVIOUS_TURN_NOTES] = jovo.$session.data[NEXT_TURN_NOTES] ?? [];
  delete jovo.$session.data[NEXT_TURN_NOTES];
}

/**
 * Alexa's notice that a session ended (the user left, silence, an error) cannot be answered: whatever
 * a handler did with it (a held transfer stays held), nothing is spoken. Its reason goes to the log.
 */
function endSessionSilently(logger: Logger) {
  return (jovo: Jovo): void => {
    if (jovo.$input.type !== InputType.End) return;
    const request = jovo.$alexa?.$request.request as { reason?: string; error?: { type?: string } } | undefined;
    logger.info({ reason: request?.reason, error: request?.error?.type }, 'session ended');
    jovo.$output = [{ listen: false }];
  };
}

/** Where a question expects a bare answer, Alexa is told which slot it fills. */
function elicitSlotOnAlexa(jovo: Jovo): void {
  if (!jovo.$alexa) return;
  withElicitation(jovo.$response, jovo.$data[ELICITED_INTENT] as ElicitedIntent | undefined, jovo.$input.type === InputType.Intent);
}

/** The shared app: components, platforms, i18n and providers. Stage files add their plugins. */
export function createApp({ backend, understanding = () => loadUnderstanding(), logger = createLogger() }: AppDependencies): App {
  const app = new App({
    components: [
      GlobalComponent,
      BalanceComponent,
      ClarifyComponent,
      TransactionsComponent,
      VoiceCodeComponent,
      FaqComponent,
      FraudReportComponent,
      FraudStatusComponent,
      ProtectionComponent,
      VerifyContactComponent,
      SafetySettingsComponent,
      SecurityAlertComponent,
      CancelTransferComponent,
      HandoffComponent,
      SuggestionsComponent,
      SkillEventsComponent,
    ],
    plugins: [
      new AlexaPlatform({ output: { genericOutputToApl: false } }),
      new WebPlatform({
        plugins: [new SharedNlpjsNlu({ loadLanguagePacks, modelsPath: MODELS_DIR })],
      }),
    ],
    providers: [
      { provide: BackendClient, useValue: backend },
      { provide: UnderstandingModel, useFactory: understanding },
      // Trained from resources/emotion/labelled.csv (over a second), then cached: only when a reply
      // is first classified, not whenever a component that may need it is built.
      { provide: EmotionClassifier, useFactory: () => builtOnFirstUse(EmotionClassifier, loadEmotionClassifier) },
    ],
    routing: {
      // The models keep Alexa's built-in names on every platform.
      intentMap: { 'AMAZON.StopIntent': 'END', 'AMAZON.CancelIntent': 'END', 'AMAZON.NavigateHomeIntent': 'END' },
      intentsToSkipUnhandled: INTENTS_THAT_LEAVE_DIALOGS,
    },
    // Jovo's request/response logging would print access tokens; src/logger.ts logs instead.
    logging: false,
  });
  cacheMergedHandlerMetadata();
  // i18next shared by every request's copy of the app, its strings loaded at app.initialize().
  Object.assign(app, { i18n: new SharedI18Next(i18nSettings()) });
  app.hook('before.response.start', rememberTurn);
  app.hook('before.dialogue.start', passNotesToThisTurn);
  app.hook('before.response.start', endSessionSilently(logger));
  app.hook('after.response.output', elicitSlotOnAlexa);
  // Typed text (web) is read by the understanding model: an intent, a FAQ topic, a choice of two, or not understood.
  app.hook('after.interpretation.nlu', understandTypedText(understanding, new Set(INTENTS_THAT_LEAVE_DIALOGS)));
  // One analytics event per turn and outcome, sent after the answer is ready and never waited for.
  installTurnAnalytics(app, {
    backend,
    logger,
    faqTopicOf: (question, language) => {
      const decision = decideFaqReply(understanding().classify(question, language));
      return decision.kind === 'answer' ? decision.topic : undefined;
    },
  });
  // The intents and words of each turn, for the context of a handoff ticket.
  app.hook('before.dialogue.start', rememberForHandoff);
  // Jovo's own console logger would print every handler error a second time, stack and all.
  JovoLogger.level = 'silent';
  // Jovo catches a failing handler and goes on with no output: say sorry and keep listening.
  app.onError((error: Error, jovo?: Jovo) => {
    logger.error(errorFields(error, { stack: true }), 'handler failed');
    if (!jovo) return;
    noteTurnFailed(jovo);
    const apology = String(jovo.$t('errors.generic'));
    jovo.$output = [{ message: apology, reprompt: apology, listen: true }];
  });
  return app;
}
