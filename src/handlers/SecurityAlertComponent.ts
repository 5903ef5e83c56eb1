import { Component, Handle, InputType, Intents, Jovo, UnknownObject } from '@jovotech/framework';
import { decisionRequest, DialogueTurn, emotionOfReply, moveFromIntent, pickVariant } from '../skill/anti-fraud/alert-dialogue';
import { deliveryOf } from '../skill/anti-fraud/variants';
import { DialogueState, nextStep, openDialogue, Step, UserMove } from '../skill/anti-fraud/policy';
import { BackendClient, BackendError, Credentials } from '../skill/services/backend-client';
import type { Alert, DecisionKind, Emotion, PersuasionStat, ScamType } from '../shared/contract/api';
import { EmotionClassifier } from '../skill/emotion';
import { spokenAhead } from '../skill/speech/account-speech';
import { describeHold } from '../skill/speech/alert-speech';
import { withDelivery } from '../skill/speech/ssml';
import { formatMoney } from '../skill/speech/format';
import { AccountComponent } from './AccountComponent';
import { CancelTransferComponent } from './CancelTransferComponent';

/** The alert being talked about, kept in the component's data between turns. */
interface AlertConversation {
  alertId: string;
  scamType: ScamType;
  amount: string;
  payee: string;
  state: DialogueState;
  turns: DialogueTurn[];
  /** Other open alerts after this one. */
  more: number;
}

type AlertStep = { kind: 'list' } | { kind: 'present'; alerts: Alert[] } | { kind: 'reply'; move: UserMove; emotion: Emotion };

/** Where `GlobalComponent.LAUNCH` leaves the alerts it read, for `presentPendingAlert` in the same request. */
export const PENDING_ALERTS = 'pendingAlerts';

/**
 * The "wake-up" dialogue about a held transfer: names the danger of the scam type, says what is
 * held and until when, then follows the safety policy (src/skill/anti-fraud/policy.ts) turn by turn,
 * speaking the script variant the bandit picks for the emotion of each reply, and posts the
 * outcome with the emotions and variants to the backend.
 */
@Component()
export class SecurityAlertComponent extends AccountComponent<AlertStep> {
  constructor(
    jovo: Jovo,
    options: UnknownObject | undefined,
    backend: BackendClient,
    private readonly emotions: EmotionClassifier,
  ) {
    super(jovo, options, backend);
  }

  START() {
    return this.readAccount({ kind: 'list' });
  }

  @Intents({ name: 'SecurityAlertIntent', global: true })
  tellSecurityAlerts() {
    return this.readAccount({ kind: 'list' });
  }

  /** Redirected to from LAUNCH, which has already read the open alerts. */
  presentPendingAlert() {
    const alerts = (this.$data[PENDING_ALERTS] as Alert[] | undefined) ?? [];
    return this.readAccount({ kind: 'present', alerts });
  }

  @Intents([
    'CancelTransferIntent',
    'SendAnywayIntent',
    'InsistIntent',
    'AngryIntent',
    'KeepHoldingIntent',
    'TalkToPersonIntent',
    'HumanAgentIntent',
    'WorriedIntent',
    'ConfusedIntent',
    'AMAZON.YesIntent',
    'AMAZON.NoIntent',
  ])
  answerAlert() {
    return this.reply(moveFromIntent(this.intentName()));
  }

  /**
   * "Stop", "cancel" (Alexa's built-ins) or silence: the transfer stays held, never released.
   * Not named END: Jovo makes every END handler global, and GlobalComponent has that one.
   */
  @Handle({ intents: ['END'], types: [InputType.End] })
  stopOrSilence() {
    return this.reply('stop');
  }

  UNHANDLED() {
    return this.reply('unclear');
  }

  protected async answer(step: AlertStep, credentials: Credentials): Promise<void> {
    switch (step.kind) {
      case 'list':
        return this.present(await this.backend.alerts(credentials), credentials);
      case 'present':
        return this.present(step.alerts, credentials);
      case 'reply':
        return this.continueDialogue(step.move, step.emotion, credentials);
    }
  }

  // Methods, not getters: Jovo's decorators read every property of the prototype.
  /** The intent as matched (Alexa) or as the NLU understood typed text (web); END for stop and cancel. */
  private intentName(): string | undefined {
    return this.$input.getIntentName();
  }

  private conversation(): AlertConversation | undefined {
    return this.$component.data.conversation as AlertConversation | undefined;
  }

  private keep(conversation: AlertConversation | undefined): void {
    this.$component.data.conversation = conversation;
  }

  /** Reads the emotion of this reply (before any backend call, so a voice code detour keeps it). */
  private reply(move: UserMove) {
    const text = this.$input.text;
    const emotion = emotionOfReply(this.intentName(), text, (reply) => this.emotions.detect(reply, this.locale.slice(0, 2)).emotion);
    if (!this.conversation()) {
      // After the decision: stop, yes/no and the unknown go where they go everywhere else.
      if (move === 'stop') return this.sayGoodbye();
      if (move === 'yes' || move === 'no') return this.misunderstood();
      if (move === 'unclear') return this.notForMe();
      // No alert being discussed: "cancel the transfer" is about one waiting out delayed arrival.
      if (move === 'cancel') return this.$redirect(CancelTransferComponent, 'offerToCancel');
      return this.readAccount({ kind: 'list' });
    }
    return this.readAccount({ kind: 'reply', move, emotion });
  }

  /** The oldest open alert first: the danger, what is held until when, and what the user can do. */
  private async present(alerts: Alert[], credentials: Credentials) {
    const alert = alerts[0];
    if (!alert) {
      this.keep(undefined);
      return this.tell(this.text('securityAlert.none'));
    }
    const context = await this.speechContext(credentials);
    const amount = formatMoney(alert.transfer.amountMinor, alert.transfer.currency, this.locale);
    const payee = alert.transfer.payee.name;
    const { state } = openDialogue();
    this.keep({ alertId: alert.id, scamType: alert.scamType, amount, payee, state, turns: [], more: alerts.length - 1 });
    await this.markWarningHeard(credentials, alert.id);
    const message = [
      this.text('securityAlert.opening', { amount, payee }),
      this.text(`securityAlert.danger.${alert.scamType}`),
      describeHold(alert.transfer.holdUntil, alert.transfer.holdExpired === true, context, this.translate),
      this.text('securityAlert.askCancel'),
    ].join(' ');
    return this.$send({ message, reprompt: this.text('securityAlert.reprompt'), listen: true });
  }

  /** The first warning counts as heard once spoken: the backend refuses a release before that. */
  private async markWarningHeard(credentials: Credentials, alertId: string): Promise<void> {
    // Not fatal: the money stays held, and the backend will refuse a release it has not seen warned.
    await this.quietly(() => this.backend.alertWarningHeard(credentials, alertId));
  }

  private async continueDialogue(move: UserMove, emotion: Emotion, credentials: Credentials) {
    const conversation = this.conversation();
    if (!conversation) return this.present(await this.backend.alerts(credentials), credentials);
    const { state, step } = nextStep(conversation.state, move, emotion);
    if (step.kind === 'decide') {
      const turns = [...conversation.turns, { move, emotion, step: step.kind }];
      return this.decide({ ...conversation, state, turns }, step, credentials);
    }
    const variant = pickVariant(await this.stats(credentials), conversation.scamType, emotion);
    this.keep({ ...conversation, state, turns: [...conversation.turns, { move, emotion, variant, step: step.kind }] });
    const script = this.text(`securityAlert.variants.${variant}`);
    // Only Alexa speaks SSML's voice; the web reads and speaks the words alone.
    const voiced = this.surface === 'alexa' ? withDelivery(script, deliveryOf(variant)) : script;
    const message = [voiced, this.stepText(step, state, conversation)].join(' ');
    return this.$send({ message, reprompt: this.stepText({ kind: 'clarify' }, state, conversation), listen: true });
  }

  private stepText(step: Exclude<Step, { kind: 'decide' }>, state: DialogueState, conversation: AlertConversation): string {
    const { amount, payee } = conversation;
    switch (step.kind) {
      case 'warn':
        return this.text('securityAlert.secondWarning', { amount });
      case 'offerHuman':
        return this.text('securityAlert.offerHuman');
      case 'askConfirmation':
        return this.text('securityAlert.confirmSend', { amount, payee });
      case 'clarify':
        return this.text(`securityAlert.clarify.${state.question}`);
    }
  }

  /** Posts the outcome; only the backend's answer makes it true, so a failure leaves the money held. */
  private async decide(conversation: AlertConversation, step: Extract<Step, { kind: 'decide' }>, credentials: Credentials) {
    const request = decisionRequest(conversation.scamType, conversation.turns, step.decision, step.confirmedTwice);
    let decided: Alert;
    try {
      decided = await this.backend.decideAlert(credentials, conversation.alertId, request);
    } catch (error) {
      if (!(error instanceof BackendError)) throw error;
      this.keep(undefined);
      return this.apologiseForBackend(error, this.text('securityAlert.decisionFailed'));
    }
    this.keep(undefined);
    const { amount, payee } = conversation;
    const outcome = await this.outcomeText(decided, step.decision, { amount, payee }, credentials);
    const sentences = [outcome, ...(conversation.more > 0 ? [this.text('securityAlert.anotherAlert')] : [])];
    // "Stop" keeps the money held and ends the session, as stop does everywhere.
    if (request.decision === 'hold' && conversation.turns[conversation.turns.length - 1]?.move === 'stop') {
      return this.$send({ message: outcome, listen: false });
    }
    return this.tell(sentences.join(' '));
  }

  /** A transfer released to a new payee with delayed arrival on still waits: when it arrives, and how to stop it. */
  private async outcomeText(decided: Alert, decision: DecisionKind, params: { amount: string; payee: string }, credentials: Credentials): Promise<string> {
    const { arrivesAt } = decided.transfer;
    if (decision !== 'proceed' || arrivesAt === undefined) return this.text(`securityAlert.decided.${decision}`, params);
    const arrival = spokenAhead(arrivesAt, await this.speechContext(credentials), this.translate);
    return this.text('securityAlert.decided.proceedDelayed', { ...params, arrival });
  }

  /** The bandit's evidence; without it the priors alone choose. */
  private async stats(credentials: Credentials): Promise<PersuasionStat[]> {
    return (await this.quietly(() => this.backend.persuasionStats(credentials))) ?? [];
  }
}
