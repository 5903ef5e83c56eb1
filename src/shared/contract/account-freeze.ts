/**
 * Account freeze: the user stops every outgoing payment at once (transfers, and releasing held
 * ones); money can still come in. Unfreezing is guarded harder than freezing.
 *
 * Re-exported by `./api`, where the skill and the backend import it from.
 */
import { z } from 'zod';
import { OpenApiParts, UtcTimestamp, VOICE_SESSION_HEADER, errorResponse, jsonResponse } from './building-blocks';

export const AccountFreezePaths = {
  accountFreeze: '/v1/account/freeze',
  accountUnfreeze: '/v1/account/unfreeze',
} as const;
export type AccountFreezePath = (typeof AccountFreezePaths)[keyof typeof AccountFreezePaths];

export const AccountFreeze = z
  .object({
    frozen: z.boolean().openapi({ description: 'True: no money can leave the wallet' }),
    frozenAt: UtcTimestamp.optional(),
    openFraudReport: z.boolean().openapi({
      description: 'An open fraud report exists: the voice assistant cannot unfreeze (409 open_fraud_report); ' + 'the user has to do it in the mobile app',
    }),
  })
  .openapi('AccountFreeze');
export type AccountFreeze = z.infer<typeof AccountFreeze>;

export function registerAccountFreezePaths({ registry, security, commonErrors, voiceCodeRequired, voiceSessionHeaders }: OpenApiParts): void {
  registry.registerPath({
    method: 'get',
    path: AccountFreezePaths.accountFreeze,
    summary: 'Whether outgoing payments are frozen, and whether an open fraud report blocks unfreezing by voice',
    security,
    responses: { 200: jsonResponse('The freeze state', AccountFreeze), ...commonErrors },
  });
  registry.registerPath({
    method: 'post',
    path: AccountFreezePaths.accountFreeze,
    summary: 'Freeze outgoing payments at once; freezing a frozen account changes nothing',
    description: 'No voice code needed: a protective step must never be blocked.',
    security,
    responses: { 200: jsonResponse('Frozen', AccountFreeze), ...commonErrors },
  });
  registry.registerPath({
    method: 'post',
    path: AccountFreezePaths.accountUnfreeze,
    summary: 'Unfreeze outgoing payments; unfreezing an account that is not frozen changes nothing',
    description:
      `The voice assistant needs ${VOICE_SESSION_HEADER} when the user has a voice code, and is refused while a ` +
      'fraud report is open. The mobile app (after its own strong authentication) may always unfreeze.',
    security,
    request: { headers: voiceSessionHeaders },
    responses: {
      200: jsonResponse('Not frozen', AccountFreeze),
      ...commonErrors,
      ...voiceCodeRequired,
      409: errorResponse('open_fraud_report: a fraud report is open; unfreeze in the mobile app'),
    },
  });
}
