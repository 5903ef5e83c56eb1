import { Component, Global, Handle, Intents, OutputTemplate } from '@jovotech/framework';
import { SkillComponent } from './SkillComponent';

/** Misunderstandings in a row after which the skill stops re-asking and offers other help. */
const MISSES_BEFORE_OTHER_HELP = 2;

/** Launch, help, repeat, stop and what nobody else understood. */
@Global()
@Component()
export class GlobalComponent extends SkillComponent {
  LAUNCH() {
    return this.$send({ message: this.text('welcome.message'), reprompt: this.text('welcome.reprompt') });
  }

  @Intents(['AMAZON.HelpIntent'])
  explainWhatICanDo() {
    return this.$send({ message: this.text('help.message'), reprompt: this.text('help.reprompt') });
  }

  @Intents(['AMAZON.RepeatIntent'])
  repeatLastAnswer() {
    const lastOutput = this.$session.data.lastOutput as OutputTemplate | undefined;
    if (!lastOutput) return this.ask(this.text('repeat.nothing'));
    return this.$send(lastOutput);
  }


  @Handle({ intents: ['AMAZON.FallbackIntent', 'AMAZON.YesIntent', 'AMAZON.NoIntent'] })
  answerMisunderstanding() {
    return this.UNHANDLED();
  }

  /** Re-ask once with an example; after that, offer what else can help instead of looping. */
  UNHANDLED() {
    const misses = ((this.$session.data.misses as number | undefined) ?? 0) + 1;
    this.$session.data.misses = misses;
    this.$data.countsAsMiss = true;
    const message = misses >= MISSES_BEFORE_OTHER_HELP ? this.text('fallback.repeated') : this.text('fallback.first');
    return this.$send({ message, reprompt: this.text('fallback.reprompt') });
  }

  /** Stop, cancel and "go home" (mapped to END in app.ts), and Alexa's session end. */
  END() {
    return this.$send({ message: this.text('goodbye.message'), listen: false });
  }
}
