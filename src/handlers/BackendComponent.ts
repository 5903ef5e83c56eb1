import { Jovo, UnknownObject } from '@jovotech/framework';
import type { Profile } from '../shared/contract/api';
import { noteBackendError } from '../skill/analytics/turn-events';
import { accessTokenOf } from '../skill/jovo/access-token';
import { BackendClient, BackendError, type Credentials } from '../skill/services/backend-client';
import type { SpeechContext } from '../skill/speech/format';
import { SkillComponent } from './SkillComponent';

/**
 * A decorator only for its side effect: TypeScript then records the constructor's parameter
 * types, which Jovo's injector reads (subclasses that declare no constructor of their own).
 */
export const recordConstructorTypes: ClassDecorator = () => undefined;

/** Base of every component that talks to the backend: who is asking, and what every answer needs to know. */
@recordConstructorTypes
export abstract class BackendComponent extends SkillComponent {
  constructor(
    jovo: Jovo,
    options: UnknownObject | undefined,
    protected readonly backend: BackendClient,
  ) {
    super(jovo, options);
  }

  /** The linked account's token and the proof of a spoken voice code; none without a linked account. */
  protected credentials(): Credentials | undefined {
    const accessToken = accessTokenOf(this.jovo);
    if (!accessToken) return undefined;
    return { accessToken, voiceSession: this.$session.data.voiceSession as string | undefined };
  }

  /**
   * Best effort, for what only adds to an answer (a personal note, a suggestion, a pending alert):
   * a backend that cannot answer means nothing is added, and the user hears the rest.
   */
  protected async quietly<T>(read: () => Promise<T>): Promise<T | undefined> {
    try {
      return await read();
    } catch (error) {
      if (error instanceof BackendError) return undefined;
      throw error;
    }
  }

  /**
   * Says sorry for a backend that could not answer (`errors.backendUnavailable` unless the topic
   * has its own words) and keeps listening; the turn counts as a backend apology with its cause.
   */
  protected apologiseForBackend(error: BackendError, message = this.text('errors.backendUnavailable'), reprompt?: string): Promise<void> {
    noteBackendError(this.jovo, error.reason);
    return reprompt ? this.ask(message, reprompt) : this.tell(message);
  }

  /** The profile (time zone, home currency) is read once per session and kept with it. */
  protected async profile(credentials: Credentials): Promise<Profile> {
    const cached = this.$session.data.profile as Profile | undefined;
    if (cached) return cached;
    const profile = await this.backend.profile(credentials);
    this.$session.data.profile = profile;
    return profile;
  }

  /** Words, dates and times in the user's language and zone: the web client's zone, else the profile's. */
  protected async speechContext(credentials: Credentials): Promise<SpeechContext> {
    const timeZone = this.requestTimeZone ?? (await this.profile(credentials)).timeZone;
    return { locale: this.locale, timeZone, now: new Date() };
  }
}
