import { Jovo, UnknownObject } from '@jovotech/framework';
import { BackendClient, BackendError, Credentials, isBackendFailure } from '../skill/services/backend-client';
import type { Profile } from '../shared/contract/api';
import type { SpeechContext } from '../skill/speech/format';
import { accessTokenOf } from '../skill/jovo/access-token';
import { SkillComponent } from './SkillComponent';
import { VoiceCodeComponent, VoiceCodeEvent } from './VoiceCodeComponent';

/**
 * A decorator only for its side effect: TypeScript then records the constructor's parameter
 * types, which Jovo's injector reads (the subclasses declare no constructor of their own).
 */
const recordConstructorTypes: ClassDecorator = () => undefined;

/**
 * Base of every component that reads the user's account. It takes care of what comes before
 * the answer: account linking, the voice code sub-dialog (resuming the question afterwards),
 * and a localized apology when the backend cannot be reached.
 */
@recordConstructorTypes
export abstract class AccountComponent<Question extends UnknownObject> extends SkillComponent {
  constructor(
    jovo: Jovo,
    options: UnknownObject | undefined,
    protected readonly backend: BackendClient,
  ) {
    super(jovo, options);
  }

  /** Answers the question; may throw BackendError, which readAccount turns into the right reply. */
  protected abstract answer(question: Question, credentials: Credentials): Promise<void>;

  protected async readAccount(question: Question, afterVoiceCode = false): Promise<void> {
    const accessToken = accessTokenOf(this.jovo);
    if (!accessToken) return this.askToLinkAccount('account.linkNeeded');

    const voiceSession = this.$session.data.voiceSession as string | undefined;
    try {
      return await this.answer(question, { accessToken, voiceSession });
    } catch (error) {
      if (isBackendFailure(error, 'voice_code_required') && !afterVoiceCode) {
        delete this.$session.data.voiceSession;
        this.$component.data.question = question;
        return this.$delegate(VoiceCodeComponent, {
          resolve: {
            [VoiceCodeEvent.Verified]: this.resumeAfterVoiceCode,
            [VoiceCodeEvent.Ended]: this.endAfterVoiceCode,
          },
        });
      }
      if (isBackendFailure(error, 'unauthorized')) return this.askToLinkAccount('account.linkExpired');
      if (error instanceof BackendError) return this.ask(this.text('errors.backendUnavailable'));
      throw error;
    }
  }

  async resumeAfterVoiceCode(): Promise<void> {
    return this.readAccount(this.$component.data.question as Question, true);
  }

  /** The voice code dialog has already told the user why nothing is read. */
  async endAfterVoiceCode(): Promise<void> {
    delete this.$component.data.question;
  }

  /** The profile (time zone, home currency) is read once per session and kept with it. */
  protected async profile(credentials: Credentials): Promise<Profile> {
    const cached = this.$session.data.profile as Profile | undefined;
    if (cached) return cached;
    const profile = await this.backend.profile(credentials);
    this.$session.data.profile = profile;
    return profile;
  }

  protected async speechContext(credentials: Credentials): Promise<SpeechContext> {
    const profile = await this.profile(credentials);
    return { locale: this.locale, timeZone: this.requestTimeZone ?? profile.timeZone, now: new Date() };
  }

  private askToLinkAccount(key: 'account.linkNeeded' | 'account.linkExpired'): Promise<void> {
    const message = this.text(`${key}.${this.surface}`);
    return this.$send({
      message,
      listen: false,
      platforms: { alexa: { nativeResponse: { response: { card: { type: 'LinkAccount' } } } } },
    });
  }
}
