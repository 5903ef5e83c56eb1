import { Component, Intents } from '@jovotech/framework';
import { Credentials, isBackendFailure } from '../skill/services/backend-client';
import { AccountComponent } from './AccountComponent';

type ProtectionQuestion = { kind: 'freeze' } | { kind: 'unfreeze' };

/**
 * "Freeze my account": outgoing payments stop at once, no voice code asked (protecting the money
 * must never wait). Unfreezing needs the voice code where the user has one, and is never done
 * by voice while a fraud report is open: the skill says how to do it safely instead.
 */
@Component()
export class ProtectionComponent extends AccountComponent<ProtectionQuestion> {
  START() {
    return this.freezeAccount();
  }

  @Intents({ name: 'FreezeAccountIntent', global: true })
  freezeAccount() {
    return this.readAccount({ kind: 'freeze' });
  }

  @Intents({ name: 'UnfreezeAccountIntent', global: true })
  unfreezeAccount() {
    return this.readAccount({ kind: 'unfreeze' });
  }

  protected answer(question: ProtectionQuestion, credentials: Credentials): Promise<void> {
    return question.kind === 'freeze' ? this.freeze(credentials) : this.unfreeze(credentials);
  }

  private async freeze(credentials: Credentials) {
    const before = await this.backend.accountFreeze(credentials).catch(() => undefined);
    if (before?.frozen) return this.ask(this.text('freeze.alreadyFrozen'));
    await this.backend.freezeAccount(credentials);
    return this.ask(this.text('freeze.done'));
  }

  private async unfreeze(credentials: Credentials) {
    // Read first: no voice code is asked for an answer that is "not frozen" or "not by voice".
    const state = await this.backend.accountFreeze(credentials);
    if (!state.frozen) return this.ask(this.text('freeze.notFrozen'));
    if (state.openFraudReport) return this.ask(this.text('freeze.blockedByReport'));
    try {
      await this.backend.unfreezeAccount(credentials);
    } catch (error) {
      if (isBackendFailure(error, 'rejected') && error.code === 'open_fraud_report') return this.ask(this.text('freeze.blockedByReport'));
      throw error;
    }
    return this.ask(this.text('freeze.unfrozen'));
  }
}
