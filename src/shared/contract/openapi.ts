/**
 * The OpenAPI document of the backend: every feature registers its own paths on one registry.
 * It depends on the features, and nothing depends on it but the backend and the tests.
 */
import { OpenAPIRegistry, OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { registerAccountPaths, type AccountPath } from './accounts';
import { registerAccountFreezePaths, type AccountFreezePath } from './account-freeze';
import { registerAlexaNotificationsPaths, type AlexaNotificationsPath } from './alexa-notifications';
import { registerAnalyticsPaths, type AnalyticsPath } from './analytics';
import { errorResponse, VOICE_SESSION_HEADER } from './building-blocks';
import { registerFraudReportPaths, type FraudReportPath } from './fraud-reports';
import { registerHandoffPaths, type HandoffPath } from './handoff';
import { registerSettingsPaths, type SettingsPath } from './settings';
import { registerTransferPaths, type TransferPath } from './transfers';
import { registerVerifyContactPaths, type VerifyContactPath } from './verify-contact';

/** Every path of the backend API. */
export type ApiPath =
  AccountPath | TransferPath | FraudReportPath | AccountFreezePath | VerifyContactPath | SettingsPath | HandoffPath | AnalyticsPath | AlexaNotificationsPath;

export type OpenApiDocument = ReturnType<OpenApiGeneratorV3['generateDocument']>;

export function buildOpenApiDocument(): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearerToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'Account-linking token of the user; each token sees only its own user',
  });
  const security = [{ [bearer.name]: [] }];
  const voiceSessionHeaders = z.object({
    [VOICE_SESSION_HEADER]: z.string().optional().openapi({
      description: 'Required when the profile says voiceCodeRequired',
    }),
  });
  const commonErrors = {
    400: errorResponse('Invalid input: the message names the field and the reason'),
    401: errorResponse('Missing or unknown bearer token'),
    429: errorResponse('too_many_requests: over the per-user or per-address rate limit; wait Retry-After seconds'),
    500: errorResponse('Unexpected failure; the message is generic'),
  };
  const voiceCodeRequired = { 403: errorResponse('voice_code_required: verify the voice code first') };

  const parts = { registry, security, commonErrors, voiceCodeRequired, voiceSessionHeaders };
  registerAccountPaths(parts);
  registerTransferPaths(parts);
  registerFraudReportPaths(parts);
  registerAccountFreezePaths(parts);
  registerVerifyContactPaths(parts);
  registerSettingsPaths(parts);
  registerHandoffPaths(parts);
  registerAnalyticsPaths(parts);
  registerAlexaNotificationsPaths(parts);

  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: {
      title: 'CareVoice backend',
      version: '1.0.0',
      description:
        'Profile, balances, transactions and voice code of e-wallet users, their transfers and alerts, fraud reports, ' +
        'account freeze, official-channel checks and safety settings, for the CareVoice skill',
    },
  });
}
