import { Component, Intents } from '@jovotech/framework';
import { isBackendFailure, type Credentials } from '../skill/services/backend-client';
import { spokenAhead } from '../skill/speech/account-speech';
import { formatMoney } from '../skill/speech/format';
import { AccountComponent } from './AccountComponent';

type CancelStep = { kind: 'find' } | { kind: 'cancel' };

/** The transfer the user was asked about, as it was said, kept until the yes or no. */
type Candidate = {
  transferId: string;
  amount: string;
  payee: string;
  arrival: string;
};

/**
 * "Cancel the transfer" outside a security alert (whose dialogue takes these words for the held
 * transfer while it is open): names the latest transfer still waiting out delayed arrival, with
 * when it would arrive, and cancels it only after a yes; "no" leaves it to arrive.
 */
@Component()
export class CancelTransferComponent extends AccountComponent<CancelStep> {
  START() {
    return this.readAccount({ kind: 'find' });
  }

  @Intents({ name: 'CancelTransferIntent', global: true })
  offerToCancel() {
    return this.readAccount({ kind: 'find' });
  }

  @Intents(['AMAZON.YesIntent'])
  confirmCancel() {
    if (!this.candidate()) return this.misunderstood();
    return this.readAccount({ kind: 'cancel' });
  }

  @Intents(['AMAZON.NoIntent'])
  keepTransfer() {
    const candidate = this.candidate();
    if (!candidate) return this.misunderstood();
    this.forgetCandidate();
    return this.tell(this.text('cancelTransfer.kept', { arrival: candidate.arrival }));
  }

  UNHANDLED() {
    this.forgetCandidate();
    return this.notForMe();
  }

  protected answer(step: CancelStep, credentials: Credentials): Promise<void> {
    switch (step.kind) {
      case 'find':
        return this.askAboutLatest(credentials);
      case 'cancel':
        return this.cancel(credentials);
    }
  }

  private async askAboutLatest(credentials: Credentials) {
    const [latest] = await this.backend.pendingTransfers(credentials);
    if (!latest?.arrivesAt) {
      this.forgetCandidate();
      return this.tell(this.text('cancelTransfer.none'));
    }
    const context = await this.speechContext(credentials);
    const candidate: Candidate = {
      transferId: latest.id,
      amount: formatMoney(latest.amountMinor, latest.currency, this.locale),
      payee: latest.payee.name,
      arrival: spokenAhead(latest.arrivesAt, context, this.translate),
    };
    this.$component.data.candidate = candidate;
    return this.ask(this.text('cancelTransfer.confirm', candidate), this.text('cancelTransfer.confirmReprompt', candidate));
  }

  /** Only the backend's answer makes it true: a transfer that arrived (or was cancelled in the app) in between is said so. */
  private async cancel(credentials: Credentials) {
    const candidate = this.candidate();
    if (!candidate) return this.misunderstood();
    try {
      await this.backend.cancelTransfer(credentials, candidate.transferId);
    } catch (error) {
      if (!isBackendFailure(error, 'rejected') || error.code !== 'already_decided') throw error;
      this.forgetCandidate();
      const { status } = (error.details ?? {}) as { status?: string };
      return this.tell(this.text(status === 'cancelled' ? 'cancelTransfer.alreadyCancelled' : 'cancelTransfer.alreadyArrived'));
    }
    this.forgetCandidate();
    return this.tell(this.text('cancelTransfer.cancelled', { amount: candidate.amount, payee: candidate.payee }));
  }

  // Methods, not accessors: Jovo's @Component reads every prototype property, getters included.
  private candidate(): Candidate | undefined {
    return this.$component.data.candidate as Candidate | undefined;
  }

  private forgetCandidate(): void {
    delete this.$component.data.candidate;
  }
}
