/**
 * The bare-SDK baseline: the same BalanceIntent answered by a minimal skill written directly on
 * ask-sdk-core + express (ask-sdk-express-adapter), calling the same backend with fetch.
 * No NLU, no i18n files, no components: what a turn costs with Amazon's SDK alone.
 * Signature checks are off here as they are for our skill in the load runs.
 */
import { HandlerInput, getRequestType, getIntentName, SkillBuilders } from 'ask-sdk-core';
import { ExpressAdapter } from 'ask-sdk-express-adapter';
import type { Response as AlexaResponse } from 'ask-sdk-model';
import express from 'express';
import { createServer } from 'node:http';
import { listenOnLoopback, RunningService } from './lib/service';

interface BackendBalance {
  currency: string;
  availableMinor: number;
}

const FRACTION_DIGITS: Record<string, number> = { JPY: 0, KRW: 0 };

function spokenAmount(balance: BackendBalance, locale: string): string {
  const digits = FRACTION_DIGITS[balance.currency] ?? 2;
  return new Intl.NumberFormat(locale, { style: 'currency', currency: balance.currency }).format(balance.availableMinor / 10 ** digits);
}

export function createBareSkill(backendUrl: string, timeoutMs = 2500) {
  return SkillBuilders.custom()
    .addRequestHandlers(
      {
        canHandle: (input: HandlerInput) => getRequestType(input.requestEnvelope) === 'LaunchRequest',
        handle: (input: HandlerInput): AlexaResponse =>
          input.responseBuilder
            .speak('Welcome to CareVoice. You can ask for your balance or your recent transactions.')
            .reprompt('What would you like to know?')
            .getResponse(),
      },
      {
        canHandle: (input: HandlerInput) =>
          getRequestType(input.requestEnvelope) === 'IntentRequest' && getIntentName(input.requestEnvelope) === 'BalanceIntent',
        handle: async (input: HandlerInput): Promise<AlexaResponse> => {
          const token = input.requestEnvelope.context.System.user.accessToken;
          if (!token) return input.responseBuilder.speak('Please link your account in the Alexa app.').withLinkAccountCard().getResponse();
          const response = await fetch(`${backendUrl}/v1/balances`, {
            headers: { accept: 'application/json', authorization: `Bearer ${token}` },
            signal: AbortSignal.timeout(timeoutMs),
          });
          if (!response.ok) return input.responseBuilder.speak("I can't reach your account right now.").getResponse();
          const { balances } = (await response.json()) as { balances: BackendBalance[] };
          const locale = input.requestEnvelope.request.locale ?? 'en-US';
          const amounts = balances.map((balance) => spokenAmount(balance, locale));
          return input.responseBuilder
            .speak(`You have ${new Intl.ListFormat(locale, { type: 'conjunction' }).format(amounts)}.`)
            .reprompt('Anything else?')
            .getResponse();
        },
      },
    )
    .addErrorHandlers({
      canHandle: () => true,
      handle: (input: HandlerInput) => input.responseBuilder.speak('Sorry, something went wrong.').getResponse(),
    })
    .create();
}

export function startBareSkill(backendUrl: string): Promise<RunningService> {
  const server = express();
  server.disable('x-powered-by');
  const adapter = new ExpressAdapter(createBareSkill(backendUrl), false, false);
  server.post('/webhook', ...adapter.getRequestHandlers());
  return listenOnLoopback(createServer(server));
}
