import type { UnknownObject } from '@jovotech/framework';
import { BackendError, type Credentials, isBackendFailure } from '../skill/services/backend-client';
import { BackendComponent, recordConstructorTypes } from './BackendComponent';
import { VoiceCodeComponent, VoiceCodeEvent } from './VoiceCodeComponent';

/**
 * Base of every component that reads the user's account. It takes care of what comes before
 * the answer: account linking, the voice code sub-dialog (resuming the question afterwards),
 * and a localized apology when the backend cannot be reached.
 */
@recordConstructorTypes
export abstract class AccountComponent<Question extends UnknownObject> extends BackendComponent {
  /** Answers the question; may throw BackendError, which readAccount turns into the right reply. */
  protected abstract answer(question: Question, credentials: Credentials): Promise<void>;

  protected async readAccount(question: Question, afterVoiceCode = false): Promise<void> {
    const credentials = this.credentials();
    if (!credentials) return this.askToLinkAccount('account.linkNeeded');
    try {
      return await this.answer(question, credentials);
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
      if (error instanceof BackendError) return this.apologiseForBackend(error);
      throw error;
    }
  }

  async resumeAfterVoiceCode(): Promise<void> {
    return this.readAccount(this.$component.data.question as Question, true);
  }

  /** The voice code dialog has told the user why nothing is read; the question is dropped. */
  async endAfterVoiceCode(): Promise<void> {
    this.forgetQuestion();
    return this.offerMore();
  }

  protected forgetQuestion(): void {
    delete this.$component.data.question;
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
