import { App, Jovo, Logger as JovoLogger } from '@jovotech/framework';
import { AlexaPlatform } from '@jovotech/platform-alexa';
import { WebPlatform } from '@jovotech/platform-web';
import { LangDe } from '@nlpjs/lang-de';
import { LangEn } from '@nlpjs/lang-en';
import { LangEs } from '@nlpjs/lang-es';
import { LangFr } from '@nlpjs/lang-fr';
import { LangJa } from '@nlpjs/lang-ja';
import { LangZh } from '@nlpjs/lang-zh';
import type { Logger } from 'pino';
import { BackendClient } from './client/backend-client';
import { BalanceComponent } from './handlers/BalanceComponent';
import { GlobalComponent } from './handlers/GlobalComponent';
import { TransactionsComponent } from './handlers/TransactionsComponent';
import { VoiceCodeComponent } from './handlers/VoiceCodeComponent';
import { i18nConfig } from './i18n';
import { createLogger } from './logger';
import { SharedNlpjsNlu } from './nlu/shared-nlpjs';
import { MODELS_DIR } from './project-paths';

export interface AppDependencies {
  backend: BackendClient;
  logger?: Logger;
}

/** Intents that leave any sub-dialog: the user can always get help, stop, or ask something else. */
const INTENTS_THAT_LEAVE_DIALOGS = [
  'AMAZON.HelpIntent',
  'END',
  'AMAZON.RepeatIntent',
  'BalanceIntent',
  'RecentTransactionsIntent',
  'TransactionDetailIntent',
];

/** Keeps what was said, for "repeat", and resets the misunderstanding count after a good turn. */
function rememberTurn(jovo: Jovo): void {
  if (!jovo.$data.countsAsMiss) jovo.$session.data.misses = 0;
  if (jovo.$output.length > 0 && jovo.$route?.resolved.handler !== 'repeatLastAnswer') {
    jovo.$session.data.lastOutput = jovo.$output;
  }
}

/** The shared app: components, platforms, i18n and providers. Stage files add their plugins. */
export function createApp({ backend, logger = createLogger() }: AppDependencies): App {
  const app = new App({
    components: [GlobalComponent, BalanceComponent, TransactionsComponent, VoiceCodeComponent],
    plugins: [
      new AlexaPlatform({ output: { genericOutputToApl: false } }),
      new WebPlatform({
        plugins: [
          new SharedNlpjsNlu({
            languageMap: { en: LangEn, de: LangDe, es: LangEs, fr: LangFr, ja: LangJa, zh: LangZh },
            modelsPath: MODELS_DIR,
          }),
        ],
      }),
    ],
    providers: [{ provide: BackendClient, useValue: backend }],
    i18n: i18nConfig(),
    routing: {
      // The models keep Alexa's built-in names on every platform.
      intentMap: { 'AMAZON.StopIntent': 'END', 'AMAZON.CancelIntent': 'END', 'AMAZON.NavigateHomeIntent': 'END' },
      intentsToSkipUnhandled: INTENTS_THAT_LEAVE_DIALOGS,
    },
    // Jovo's request/response logging would print access tokens; src/logger.ts logs instead.
    logging: false,
  });
  app.hook('before.response.start', rememberTurn);
  // Jovo's own console logger would print every handler error a second time, stack and all.
  JovoLogger.level = 'silent';
  // Jovo catches a failing handler and goes on with no output: say sorry and keep listening.
  app.onError((error: Error, jovo?: Jovo) => {
    logger.error({ err: { name: error.name, message: error.message, stack: error.stack } }, 'handler failed');
    if (!jovo) return;
    const apology = String(jovo.$t('errors.generic'));
    jovo.$output = [{ message: apology, reprompt: apology, listen: true }];
  });
  return app;
}
