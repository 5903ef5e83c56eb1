/**
 * The user's safety settings: delayed arrival of transfers and the trusted contact ("security
 * guard") told when a risky transfer is held.
 *
 * Re-exported by `./api`, where the skill and the backend import it from.
 */
import { z } from 'zod';
import { OpenApiParts, jsonResponse, jsonRequest } from './building-blocks';

export const SettingsPaths = { settings: '/v1/settings' } as const;
export type SettingsPath = (typeof SettingsPaths)[keyof typeof SettingsPaths];

export const DelayedArrival = z
  .object(
    {
      enabled: z.boolean({ required_error: 'is required', invalid_type_error: 'must be true or false' }),
      hours: z
        .union([z.literal(2), z.literal(24)], { errorMap: () => ({ message: 'must be 2 or 24' }) })
        .openapi({ description: 'Kept while disabled, so turning it on again restores the choice' }),
    },
    { required_error: 'is required', invalid_type_error: 'must be an object with enabled and hours' },
  )
  .openapi('DelayedArrival', {
    description: "How long a held (high-risk) transfer waits before the user decides; off: the rules' default",
  });
export type DelayedArrival = z.infer<typeof DelayedArrival>;
export type DelayedArrivalHours = DelayedArrival['hours'];

export const TrustedContact = z
  .object(
    {
      name: z
        .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
        .trim()
        .min(1, 'must not be empty')
        .max(80, 'must be at most 80 characters')
        .openapi({ example: 'Lena Keller' }),
      phone: z
        .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
        .regex(/^\+[1-9][0-9]{6,14}$/, 'must be an E.164 number: + and 7 to 15 digits without spaces, such as +4915112345678')
        .openapi({ example: '+4915112345678' }),
    },
    { invalid_type_error: 'must be an object with name and phone' },
  )
  .openapi('TrustedContact', { description: 'Told by SMS when a risky transfer of the user is held' });
export type TrustedContact = z.infer<typeof TrustedContact>;

export const UserSettings = z
  .object({
    delayedArrival: DelayedArrival,
    trustedContact: TrustedContact.optional().openapi({ description: 'Left out: no trusted contact (a PUT without it removes it)' }),
  })
  .openapi('UserSettings');
export type UserSettings = z.infer<typeof UserSettings>;

export function registerSettingsPaths({ registry, security, commonErrors, voiceCodeRequired, voiceSessionHeaders }: OpenApiParts): void {
  const guarded = { ...commonErrors, ...voiceCodeRequired };
  registry.registerPath({
    method: 'get',
    path: SettingsPaths.settings,
    summary: "The caller's safety settings (defaults until first saved)",
    security,
    request: { headers: voiceSessionHeaders },
    responses: { 200: jsonResponse('The settings', UserSettings), ...guarded },
  });
  registry.registerPath({
    method: 'put',
    path: SettingsPaths.settings,
    summary: 'Replace the safety settings as a whole',
    security,
    request: { headers: voiceSessionHeaders, ...jsonRequest(UserSettings) },
    responses: { 200: jsonResponse('The saved settings', UserSettings), ...guarded },
  });
}
