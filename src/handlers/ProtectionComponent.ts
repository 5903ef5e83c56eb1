import { Component, Intents } from '@jovotech/framework';
import { Credentials, isBackendFailure } from '../skill/services/backend-client';
import { understoodSurely } from '../skill/nlu/understanding-hook';
import { AccountComponent } from './AccountComponent';

type ProtectionQuestion = { kind: 'freeze' } | { kind: 'unfreeze'; confirmed: boolean };

/** The change asked about ("shall I freeze your wallet?"), kept in the component's data until the answer. */
type PendingChange = 'freeze' | 'unfreeze';

/**
 * "Freeze my account": outgoing payments stop at once when the request was plainly a freeze (an
 * Alexa intent, or the reading the user picked), and otherwise after a yes; either way the answer
 * says how to undo it. Unfreezing always asks first and
 * needs the voice code: a user without one is sent to the app; and it is never done by voice
 * while a fraud report is open: the skill says how to do it safely instead.
 */
@Component()
export class ProtectionComponent extends AccountComponent<ProtectionQuestion> {
  START() {
    return this.freezeAccount();
  }

  @Intents({ name: 'FreezeAccountIntent', global: true })
  freezeAccount() {
    if (!understoodSurely(this.jovo, 'FreezeAccountIntent')) return this.askToConfirm('freeze');
    return this.readAccount({ kind: 'freeze' });
  }

  @Intents({ name: 'UnfreezeAccountIntent', global: true })
  unfreezeAccount() {
    return this.readAccount({ kind: 'unfreeze', confirmed: false });
  }

  @Intents(['AMAZON.YesIntent'])
  confirmChange() {
    const pending = this.takePendingChange();
    if (!pending) return this.misunderstood();
    return this.readAccount(pending === 'freeze' ? { kind: 'freeze' } : { kind: 'unfreeze', confirmed: true });
  }

  @Intents(['AMAZON.NoIntent'])
  declineChange() {
    const pending = this.takePendingChange();
    if (!pending) return this.misunderstood();
    return this.tell(this.text(pending === 'freeze' ? 'freeze.notFrozenOnRequest' : 'freeze.stillFrozen'));
  }

  UNHANDLED() {
    this.takePendingChange();
    return this.notForMe();
  }

  protected answer(question: ProtectionQuestion, credentials: Credentials): Promise<void> {
    return question.kind === 'freeze' ? this.freeze(credentials) : this.unfreeze(credentials, question.confirmed);
  }

  private async freeze(credentials: Credentials) {
    const before = await this.backend.accountFreeze(credentials).catch(() => undefined);
    if (before?.frozen) return this.tell(this.text('freeze.alreadyFrozen'));
    await this.backend.freezeAccount(credentials);
    return this.tell(this.text('freeze.done'));
  }

  private async unfreeze(credentials: Credentials, confirmed: boolean) {
    // Read first: nothing is asked for an answer that is "not frozen" or "not by voice".
    const state = await this.backend.accountFreeze(credentials);
    if (!state.frozen) return this.tell(this.text('freeze.notFrozen'));
    if (state.openFraudReport) return this.tell(this.text('freeze.blockedByReport'));
    if (!confirmed) return this.askToConfirm('unfreeze');
    // The voice code proves it is the user speaking; without one, only the app can unfreeze.
    const profile = await this.profile(credentials);
    if (!profile.voiceCodeRequired) return this.tell(this.text('freeze.unfreezeInApp'));
    try {
      await this.backend.unfreezeAccount(credentials);
    } catch (error) {
      if (isBackendFailure(error, 'rejected') && error.code === 'open_fraud_report') return this.tell(this.text('freeze.blockedByReport'));
      throw error;
    }
    return this.tell(this.text('freeze.unfrozen'));
  }

  private askToConfirm(change: PendingChange) {
    this.$component.data.pendingChange = change;
    const [question, reprompt] =
      change === 'freeze' ? ['freeze.confirm', 'freeze.confirmReprompt'] : ['freeze.confirmUnfreeze', 'freeze.confirmUnfreezeReprompt'];
    return this.$send({ message: this.text(question), reprompt: this.text(reprompt) });
  }

  private takePendingChange(): PendingChange | undefined {
    const pending = this.$component.data.pendingChange as PendingChange | undefined;
    delete this.$component.data.pendingChange;
    return pending;
  }
}
