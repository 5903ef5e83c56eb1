import { Component, Global, Handle } from '@jovotech/framework';
import { noteBackendError } from '../skill/analytics/turn-events';
import { notificationsChangeOf, SKILL_EVENT_TYPES, type SkillEventEnvelope } from '../skill/alexa/skill-events';
import { BackendError } from '../skill/services/backend-client';
import { BackendComponent } from './BackendComponent';

/**
 * Alexa's skill events, outside any conversation: they keep the backend's list of who gets the
 * security alerts on Alexa in step with what the user allowed. Nothing is spoken to them.
 */
@Global()
@Component()
export class SkillEventsComponent extends BackendComponent {
  @Handle({ global: true, types: [...SKILL_EVENT_TYPES] })
  async keepAlexaNotificationsInStep() {
    const change = notificationsChangeOf(String(this.$input.type), this.$request as unknown as SkillEventEnvelope);
    try {
      if (change.kind === 'enable') await this.backend.enableAlexaNotifications({ accessToken: change.accessToken }, change.alexaUserId);
      if (change.kind === 'disable') await this.backend.disableAlexaNotifications({ accessToken: change.accessToken });
    } catch (error) {
      if (!(error instanceof BackendError)) throw error;
      // Counted as a backend error in the turn's analytics; the next event (or a relink) sets it right.
      noteBackendError(this.jovo, error.reason);
    }
    return this.$send({ listen: false });
  }
}
