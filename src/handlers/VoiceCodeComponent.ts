import { Component, Handle, InputType, Intents } from '@jovotech/framework';
import { noteBackendError, noteTurn } from '../skill/analytics/turn-events';
import { BackendError } from '../skill/services/backend-client';
import { voiceCodeDigits } from '../skill/dialog/voice-code';
import { BackendComponent } from './BackendComponent';

export enum VoiceCodeEvent {
  /** The code was right; the proof is in `$session.data.voiceSession`. */
  Verified = 'verified',
  /** No proof this time (locked, cancelled, backend down); the user has been told why, and the parent dialog goes on. */
  Ended = 'ended',
}

/** Session flag: the voice code locked in this session, so a code said later is answered with the lock, not a shrug. */
export const VOICE_CODE_LOCKED = 'voiceCodeLocked';

/** Sub-dialog: asks for the 4-digit voice code and checks it with the backend. */
@Component()
export class VoiceCodeComponent extends BackendComponent {
  START() {
    return this.ask(this.text('voiceCode.ask'), this.text('voiceCode.reprompt'), 'VoiceCodeIntent');
  }

  /** Typed digits are the code, whatever the web NLU made of the words around them. */
  @Handle({ types: [InputType.Text], if: (jovo) => voiceCodeDigits(jovo.$input.text) !== undefined })
  checkTypedVoiceCode() {
    return this.checkVoiceCode();
  }

  @Intents(['VoiceCodeIntent'])
  async checkVoiceCode() {
    const code = voiceCodeDigits(this.$entities.code?.value ?? this.$input.text);
    const accessToken = this.credentials()?.accessToken;
    if (!code || !accessToken) return this.askAgain();

    let result;
    try {
      result = await this.backend.verifyVoiceCode({ accessToken }, code);
    } catch (error) {
      if (!(error instanceof BackendError)) throw error;
      noteBackendError(this.jovo, error.reason);
      await this.say(this.text('errors.backendUnavailable'));
      return this.$resolve(VoiceCodeEvent.Ended);
    }

    if (result.result === 'ok' && result.voiceSession) {
      this.$session.data.voiceSession = result.voiceSession;
      return this.$resolve(VoiceCodeEvent.Verified);
    }
    if (result.result === 'wrong') {
      noteTurn(this.jovo, { outcome: 'voice_code_refused' });
      return this.ask(this.text('voiceCode.wrong', { count: result.attemptsLeft }), this.text('voiceCode.reprompt'), 'VoiceCodeIntent');
    }
    noteTurn(this.jovo, { outcome: 'voice_code_locked' });
    this.$session.data[VOICE_CODE_LOCKED] = true;
    await this.say(this.text('voiceCode.locked'));
    return this.$resolve(VoiceCodeEvent.Ended);
  }

  @Intents(['AMAZON.NoIntent'])
  async cancelVoiceCode() {
    await this.say(this.text('voiceCode.cancelled'));
    return this.$resolve(VoiceCodeEvent.Ended);
  }

  UNHANDLED() {
    return this.askAgain();
  }

  private askAgain() {
    return this.ask(this.text('voiceCode.notUnderstood'), this.text('voiceCode.reprompt'), 'VoiceCodeIntent');
  }
}
