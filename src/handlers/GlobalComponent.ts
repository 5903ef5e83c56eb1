import { Component, Global, Handle, Intents, OutputTemplate } from '@jovotech/framework';
import type { Alert } from '../shared/contract/api';
import { noteTurn } from '../skill/analytics/turn-events';
import { PENDING_ALERTS, SecurityAlertComponent } from './SecurityAlertComponent';
import { FaqComponent } from './FaqComponent';
import { offerHuman } from './HandoffComponent';
import { SuggestionsComponent } from './SuggestionsComponent';
import { BackendComponent } from './BackendComponent';
import { TurnNote } from './SkillComponent';
import { VOICE_CODE_LOCKED } from './VoiceCodeComponent';

/** Misunderstandings in a row after which the skill stops re-asking and offers other help. */
const MISSES_BEFORE_OTHER_HELP = 2;

/** Launch, help, repeat, stop and what nobody else understood. */
@Global()
@Component()
export class GlobalComponent extends BackendComponent {
  /** A pending security alert comes first, before anything else; otherwise the welcome. */
  async LAUNCH() {
    const alerts = await this.pendingAlerts();
    if (alerts.length > 0) {
      this.$data[PENDING_ALERTS] = alerts;
      return this.$redirect(SecurityAlertComponent, 'presentPendingAlert');
    }
    // The welcome, and once per session the user's most likely concern (a failed payment...).
    return this.$redirect(SuggestionsComponent, 'welcome');
  }

  /**
   * Open alerts of a linked account that can be read without a voice code; none otherwise, and
   * none when the backend cannot be reached (the alert waits: it is asked again at next contact).
   */
  private async pendingAlerts(): Promise<Alert[]> {
    const credentials = this.credentials();
    if (!credentials) return [];
    return (await this.quietly(() => this.backend.alerts(credentials))) ?? [];
  }

  /** Short first (the three most asked things); help asked again in a row tells the rest. */
  @Intents(['AMAZON.HelpIntent'])
  explainWhatICanDo() {
    const again = this.previousTurnNoted(TurnNote.GaveShortHelp);
    if (!again) this.noteForNextTurn(TurnNote.GaveShortHelp);
    return this.$send({ message: this.text(again ? 'help.more' : 'help.message'), reprompt: this.text('help.reprompt') });
  }

  @Intents(['AMAZON.RepeatIntent'])
  repeatLastAnswer() {
    const lastOutput = this.$session.data.lastOutput as OutputTemplate | undefined;
    if (!lastOutput) return this.tell(this.text('repeat.nothing'));
    return this.$send(lastOutput);
  }

  /**
   * Typed text nobody else understood may be a common question: the FAQ classifier decides.
   * Otherwise re-ask once with an example; after that, offer what else can help instead of looping.
   */
  UNHANDLED() {
    if (this.$input.text) return this.$redirect(FaqComponent, 'answerQuestion');
    return this.answerMisunderstanding();
  }

  /** A voice code nobody asked for: after a lockout in this session, the user is retrying it, and is told why it cannot work. */
  @Intents(['VoiceCodeIntent'])
  voiceCodeOutOfTurn() {
    if (this.$session.data[VOICE_CODE_LOCKED]) {
      noteTurn(this.jovo, { outcome: 'voice_code_locked' });
      return this.tell(this.text('voiceCode.locked'));
    }
    return this.answerMisunderstanding();
  }

  /**
   * A yes or no that no open question took: after "anything else?", no ends the session and yes
   * asks what; elsewhere no is taken as "nothing more of that" and yes as a wish for something.
   * Only what was not understood counts as a miss.
   */
  @Handle({ intents: ['AMAZON.FallbackIntent', 'AMAZON.YesIntent', 'AMAZON.NoIntent'] })
  answerMisunderstanding() {
    const intent = this.$input.getIntentName();
    if (intent === 'AMAZON.NoIntent') return this.previousTurnNoted(TurnNote.OfferedMore) ? this.END() : this.tell(this.text('anythingElse.okay'));
    if (intent === 'AMAZON.YesIntent') return this.ask(this.text('anythingElse.whatElse'), this.text('welcome.reprompt'));
    const misses = this.countMisunderstanding();
    // Not a loop of apologies: the second miss in a row offers a person, with the conversation's context.
    if (misses >= MISSES_BEFORE_OTHER_HELP) return offerHuman(this, 'misunderstood');
    return this.$send({ message: this.text('fallback.first'), reprompt: this.text('fallback.reprompt') });
  }

  /** Stop, cancel and "go home" (mapped to END in app.ts), and Alexa's session end (silenced in app.ts). */
  END() {
    return this.$send({ message: this.text('goodbye.message'), listen: false });
  }
}
