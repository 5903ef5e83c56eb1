/**
 * Alexa's skill events (the user linked the account, allowed or withdrew notifications, disabled
 * the skill), read into what they mean for the security alerts sent to Alexa. Framework-free.
 */

/** The event type names, as Alexa sends them in `request.type`. */
export const SKILL_EVENT_TYPES = [
  'AlexaSkillEvent.SkillAccountLinked',
  'AlexaSkillEvent.ProactiveSubscriptionChanged',
  'AlexaSkillEvent.SkillPermissionAccepted',
  'AlexaSkillEvent.SkillPermissionChanged',
  'AlexaSkillEvent.SkillDisabled',
] as const;

const NOTIFICATIONS_SCOPE = 'alexa::devices:all:notifications:write';
const SECURITY_ALERT_EVENT = 'AMAZON.MessageAlert.Activated';

export interface SkillEventEnvelope {
  context?: { System?: { user?: { userId?: string; accessToken?: string } } };
  request?: {
    body?: {
      accessToken?: string;
      subscriptions?: Array<{ eventName?: string }>;
      acceptedPermissions?: Array<{ scope?: string }>;
    };
  };
}

/** What one skill event asks of the backend, and for whom; `none` when there is nothing to do or no one to do it for. */
export type NotificationsChange =
  { kind: 'enable'; accessToken: string; alexaUserId: string } | { kind: 'disable'; accessToken: string } | { kind: 'none'; why: string };

/** `type` as the platform read it (the request's `type`); the envelope for the rest. */
export function notificationsChangeOf(type: string, envelope: SkillEventEnvelope): NotificationsChange {
  const body = envelope.request?.body;
  const user = envelope.context?.System?.user;
  // Linking brings its token in the body: the user object may predate the link.
  const accessToken = body?.accessToken ?? user?.accessToken;
  if (!accessToken) return { kind: 'none', why: 'no linked account' };
  const enable = (): NotificationsChange =>
    user?.userId ? { kind: 'enable', accessToken, alexaUserId: user.userId } : { kind: 'none', why: 'no Alexa user id' };

  switch (type) {
    case 'AlexaSkillEvent.SkillAccountLinked':
      return enable();
    case 'AlexaSkillEvent.ProactiveSubscriptionChanged':
      return (body?.subscriptions ?? []).some((subscription) => subscription.eventName === SECURITY_ALERT_EVENT) ? enable() : { kind: 'disable', accessToken };
    case 'AlexaSkillEvent.SkillPermissionAccepted':
    case 'AlexaSkillEvent.SkillPermissionChanged':
      return (body?.acceptedPermissions ?? []).some((permission) => permission.scope === NOTIFICATIONS_SCOPE) ? enable() : { kind: 'disable', accessToken };
    case 'AlexaSkillEvent.SkillDisabled':
      return { kind: 'disable', accessToken };
    default:
      return { kind: 'none', why: `not a skill event: ${type}` };
  }
}
