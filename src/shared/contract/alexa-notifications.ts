/**
 * Alexa notifications: which Alexa user receives the proactive security alerts of a wallet user.
 * The skill keeps it true from Alexa's skill events (account linked, notifications allowed or
 * withdrawn, skill disabled); the backend's notifier sends only to a linked Alexa user.
 *
 * Re-exported by `./api`, where the skill and the backend import it from.
 */
import { z } from 'zod';
import { OpenApiParts, jsonRequest, jsonResponse } from './building-blocks';

export const AlexaNotificationsPaths = {
  alexaNotifications: '/v1/alexa/notifications',
} as const;
export type AlexaNotificationsPath = (typeof AlexaNotificationsPaths)[keyof typeof AlexaNotificationsPaths];

export const AlexaNotificationsRequest = z
  .object({
    alexaUserId: z
      .string({ required_error: 'is required' })
      .regex(/^amzn1\.ask\.account\.[A-Za-z0-9._-]{1,400}$/, 'must be an Alexa user id (amzn1.ask.account...)')
      .openapi({ description: "The user's id in this skill, from the request's context.System.user.userId" }),
  })
  .strict()
  .openapi('AlexaNotificationsRequest');
export type AlexaNotificationsRequest = z.infer<typeof AlexaNotificationsRequest>;

export const AlexaNotifications = z
  .object({ enabled: z.boolean().openapi({ description: 'True: security alerts are also sent to this Alexa user' }) })
  .openapi('AlexaNotifications');
export type AlexaNotifications = z.infer<typeof AlexaNotifications>;

export function registerAlexaNotificationsPaths({ registry, security, commonErrors }: OpenApiParts): void {
  registry.registerPath({
    method: 'put',
    path: AlexaNotificationsPaths.alexaNotifications,
    summary: 'Send security alerts to this Alexa user (replaces an earlier one); repeating it changes nothing',
    security,
    request: jsonRequest(AlexaNotificationsRequest),
    responses: { 200: jsonResponse('Enabled', AlexaNotifications), ...commonErrors },
  });
  registry.registerPath({
    method: 'delete',
    path: AlexaNotificationsPaths.alexaNotifications,
    summary: 'Stop sending security alerts to Alexa; repeating it changes nothing',
    security,
    responses: { 200: jsonResponse('Disabled', AlexaNotifications), ...commonErrors },
  });
}
