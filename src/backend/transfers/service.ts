import { TRANSFERS_LIST_LIMIT, type CreateTransferRequest, type RiskAssessment, type Transfer, type TransferStatus } from '../../shared/contract/api';
import type { RiskEngine } from '../risk/engine';
import type { AccountFreezesRepository } from '../account-freeze/repository';
import type { AccountsService } from '../accounts/service';
import type { AlertsRepository } from '../alerts/repository';
import type { AuditLog } from '../audit';
import type { TransactionsRepository } from '../transactions/repository';
import { HttpError } from '../http/errors';
import { requestFingerprint } from '../http/idempotency';
import type { AlertNotifier, PendingDelivery } from '../notifications/notifier';
import { payeeAccount, type PayeeAccount } from './payee-account';
import type { StoredTransfer, TransfersRepository } from './repository';
import type { SafetySettings } from './safety-settings';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface TransferDependencies {
  repository: TransfersRepository;
  /** The user's ledger: a held transfer is a pending debit there. */
  ledger: TransactionsRepository;
  alerts: AlertsRepository;
  accounts: Pick<AccountsService, 'profile'>;
  engine: RiskEngine;
  settings: SafetySettings;
  /** A frozen account sends no money: no new transfer, no release of a held one. */
  freezes: Pick<AccountFreezesRepository, 'isFrozen'>;
  notifier: AlertNotifier;
  audit: AuditLog;
  now: () => Date;
  newId: (prefix: string) => string;
}

export interface CreatedTransfer {
  transfer: Transfer;
  /** True when the idempotency key had been seen: nothing was debited this time. */
  replayed: boolean;
}

/** The contract's view of a stored transfer: a hold past its end stays held until the user decides. */
export function transferView(stored: StoredTransfer, now: Date): Transfer {
  const held = stored.status === 'held';
  return {
    id: stored.id,
    createdAt: stored.createdAt,
    status: stored.status,
    payee: { name: stored.payeeName, accountMasked: stored.payeeAccountMasked },
    amountMinor: stored.amountMinor,
    currency: stored.currency,
    ...(stored.memo === undefined ? {} : { memo: stored.memo }),
    channel: stored.channel,
    risk: stored.risk,
    transactionId: stored.transactionId,
    ...(stored.alertId === undefined ? {} : { alertId: stored.alertId }),
    ...(stored.holdUntil === undefined ? {} : { holdUntil: stored.holdUntil }),
    ...(held && stored.holdUntil !== undefined ? { holdExpired: Date.parse(stored.holdUntil) <= now.getTime() } : {}),
    ...(stored.arrivesAt === undefined ? {} : { arrivesAt: stored.arrivesAt }),
    ...(stored.settledAt === undefined ? {} : { settledAt: stored.settledAt }),
    ...(stored.cancelledAt === undefined ? {} : { cancelledAt: stored.cancelledAt }),
  };
}

/** Why a transfer that is not pending cannot be cancelled, by its status. */
const NOT_CANCELLABLE: Record<Exclude<TransferStatus, 'pending'>, string> = {
  cancelled: 'This transfer is already cancelled: its money is back in the wallet',
  settled: 'This transfer has already arrived: it can no longer be cancelled',
  held: 'This transfer is held by a security alert: cancel it through the alert',
};

/** Same body, same hash: what a retry must repeat exactly to be a retry. */
function fingerprint(request: CreateTransferRequest, account: PayeeAccount): string {
  return requestFingerprint([request.payee.name, account.key, request.amountMinor, request.currency, request.memo ?? '', request.channel]);
}

export class TransfersService {
  constructor(private readonly deps: TransferDependencies) {}

  get(userId: string, id: string): Transfer {
    const stored = this.deps.repository.find(userId, id);
    if (stored === undefined) {
      throw new HttpError('not_found', 'No transfer with this id');
    }
    return transferView(stored, this.deps.now());
  }

  /** The user's latest transfers, newest first; `status` 'pending': those that can still be cancelled. */
  list(userId: string, status: TransferStatus | undefined): Transfer[] {
    const now = this.deps.now();
    return this.deps.repository.listNewest(userId, status, TRANSFERS_LIST_LIMIT).map((stored) => transferView(stored, now));
  }

  /**
   * Scores the transfer, then in one transaction takes the money out of the available balance and
   * either settles it or holds it and opens an alert. A retry with the same key changes nothing.
   */
  create(userId: string, idempotencyKey: string, request: CreateTransferRequest): CreatedTransfer {
    const { repository, notifier } = this.deps;
    const account = payeeAccount(request.payee.account);
    const requestHash = fingerprint(request, account);
    const earlier = this.replay(userId, idempotencyKey, requestHash);
    if (earlier !== undefined) {
      return earlier;
    }
    const now = this.deps.now();
    const risk = this.assess(userId, request, account, now);

    let pending: PendingDelivery | undefined;
    const created = repository.atomically((): CreatedTransfer => {
      // A concurrent retry may have committed while this one was scoring.
      const raced = this.replay(userId, idempotencyKey, requestHash);
      if (raced !== undefined) {
        return raced;
      }
      this.refuseWhenFrozen(userId);
      const stored = this.book(userId, request, account, risk, now, idempotencyKey, requestHash);
      if (stored.status === 'held') {
        pending = this.openAlert(stored, now);
      }
      return { transfer: transferView(this.mustFind(userId, stored.id), now), replayed: false };
    });
    if (pending !== undefined) {
      void notifier.deliver(pending);
    }
    return created;
  }

  /**
   * Releases a held transfer ("send anyway"): the reserved money leaves. With delayed arrival on,
   * a transfer to a new payee then waits the chosen hours from this decision, pending and
   * cancellable like any other transfer to a new payee: the decision is the moment a coached
   * victim loses the money, so the safety net the user chose starts there, not at booking (whose
   * delay the hold has already used up). Call inside the decision's transaction.
   */
  releaseHeld(transfer: StoredTransfer, at: Date): void {
    const { repository, audit } = this.deps;
    this.refuseWhenFrozen(transfer.userId);
    const arrivesAt = this.delayedArrival(transfer.userId, transfer.newPayee, at);
    const released =
      arrivesAt === undefined ? repository.markSettled(transfer.id, at.toISOString(), 'held') : repository.markHeldPending(transfer.id, arrivesAt);
    if (!released) {
      throw new HttpError('already_decided', 'This transfer is no longer held');
    }
    if (arrivesAt === undefined) {
      repository.setLedgerStatus(transfer.transactionId, 'completed');
    }
    audit.record(
      {
        userId: transfer.userId,
        actor: 'user',
        action: 'transfer.released',
        entityType: 'transfer',
        entityId: transfer.id,
        ...(arrivesAt === undefined ? {} : { details: { arrivesAt } }),
      },
      at,
    );
  }

  /** Cancels a held transfer: the reserved money is available again. Call inside the decision's transaction. */
  cancelHeld(transfer: StoredTransfer, at: Date): void {
    if (!this.deps.repository.markCancelled(transfer.id, at.toISOString(), 'held')) {
      throw new HttpError('already_decided', 'This transfer is no longer held');
    }
    this.returnReserved(transfer, at);
  }

  /**
   * The user stops a delayed transfer before it arrives: the reserved money is back in the wallet.
   * The same conditional update as the settlement decides between them, so a transfer ends
   * cancelled or settled, never both, and a second cancel refunds nothing (409).
   */
  cancelPending(userId: string, id: string): Transfer {
    const { repository } = this.deps;
    return repository.atomically(() => {
      const transfer = repository.find(userId, id);
      if (transfer === undefined) {
        throw new HttpError('not_found', 'No transfer with this id');
      }
      const now = this.deps.now();
      if (transfer.status !== 'pending' || !repository.markCancelled(transfer.id, now.toISOString(), 'pending')) {
        const status = transfer.status === 'pending' ? 'settled' : transfer.status;
        throw new HttpError('already_decided', NOT_CANCELLABLE[status], { status });
      }
      this.returnReserved(transfer, now);
      return transferView(this.mustFind(userId, id), now);
    });
  }

  /**
   * Settles the pending transfers whose arrival time has come; the in-process sweep (main.ts)
   * calls it, tests call it with their clock. Each settles in its own transaction, only if still
   * pending: one cancelled first, or settled by an earlier sweep, is left alone. A frozen
   * account's transfers wait, still cancellable: a freeze stops all outgoing money.
   * Returns how many settled.
   */
  settleArrived(now: Date): number {
    const { repository, audit, freezes } = this.deps;
    const at = now.toISOString();
    let settled = 0;
    for (const { id, userId } of repository.dueForArrival(at)) {
      repository.atomically(() => {
        if (freezes.isFrozen(userId) || !repository.markSettled(id, at, 'pending')) {
          return;
        }
        const transfer = this.mustFind(userId, id);
        repository.setLedgerStatus(transfer.transactionId, 'completed');
        audit.record(
          { userId, actor: 'system', action: 'transfer.settled', entityType: 'transfer', entityId: id, details: { arrivesAt: transfer.arrivesAt } },
          now,
        );
        settled += 1;
      });
    }
    return settled;
  }

  /** Gives back the money a held or pending transfer reserved, after its conditional cancel. */
  private returnReserved(transfer: StoredTransfer, at: Date): void {
    const { repository, audit } = this.deps;
    repository.creditWallet(transfer.userId, transfer.currency, transfer.amountMinor);
    repository.setLedgerStatus(transfer.transactionId, 'cancelled');
    audit.record(
      {
        userId: transfer.userId,
        actor: 'user',
        action: 'transfer.cancelled',
        entityType: 'transfer',
        entityId: transfer.id,
        details: { refundedMinor: transfer.amountMinor, currency: transfer.currency },
      },
      at,
    );
  }

  /** With delayed arrival on, a transfer to a new payee arrives the chosen hours after `from`. */
  private delayedArrival(userId: string, newPayee: boolean, from: Date): string | undefined {
    const hours = newPayee ? this.deps.settings.delayedArrivalHours(userId) : undefined;
    return hours === undefined ? undefined : new Date(from.getTime() + hours * HOUR_MS).toISOString();
  }

  private refuseWhenFrozen(userId: string): void {
    if (this.deps.freezes.isFrozen(userId)) {
      throw new HttpError('account_frozen', 'Outgoing payments are frozen: unfreeze the account first');
    }
  }

  private replay(userId: string, idempotencyKey: string, requestHash: string): CreatedTransfer | undefined {
    const found = this.deps.repository.findByIdempotencyKey(userId, idempotencyKey);
    if (found === undefined) {
      return undefined;
    }
    if (found.requestHash !== requestHash) {
      throw new HttpError('idempotency_key_reused', 'Idempotency-Key: was already used for a different transfer; use a new key for a new transfer');
    }
    return { transfer: transferView(found.transfer, this.deps.now()), replayed: true };
  }

  /** Gathers what the rules look at, from the registry, the user's ledger and earlier transfers. */
  private assess(userId: string, request: CreateTransferRequest, account: PayeeAccount, now: Date): RiskAssessment {
    const { repository, engine, accounts } = this.deps;
    const { rules } = engine.rules;
    const registered = repository.findPayee(account.key);
    const reports = repository.reportsByOthers(account.key, userId);
    const since = (ms: number) => new Date(now.getTime() - ms).toISOString();
    return engine.assess({
      amountMinor: request.amountMinor,
      payeeName: request.payee.name,
      memo: request.memo,
      at: now,
      timeZone: accounts.profile(userId).timeZone,
      payee: {
        scamListed: registered?.scamListed ?? false,
        knownScamType: registered?.scamType ?? reports.scamType,
        reportsByOthers: reports.count,
        openedAt: registered?.openedAt === undefined ? undefined : new Date(registered.openedAt),
        paidBefore: repository.hasPaid(userId, account.key),
      },
      pastDebitsMinor: repository.completedDebitsSince(userId, request.currency, since(rules.amount_above_history.historyDays * DAY_MS)),
      recentNewPayeeTransfers: repository.countNewPayeeTransfersSince(userId, since(rules.new_payee_burst.windowMinutes * MINUTE_MS)),
    });
  }

  /**
   * Reserves or debits the money and writes the ledger entry, the transfer and its audit row. A
   * risky transfer is held for the user's decision (delayed arrival only lengthens the hold);
   * otherwise, with delayed arrival on, one to a new payee is pending until it arrives by itself.
   */
  private book(
    userId: string,
    request: CreateTransferRequest,
    account: PayeeAccount,
    risk: RiskAssessment,
    now: Date,
    idempotencyKey: string,
    requestHash: string,
  ): StoredTransfer {
    const { repository, settings, engine, audit, newId } = this.deps;
    const held = risk.level === 'high';
    const newPayee = !repository.hasPaid(userId, account.key);
    const arrivesAt = held ? undefined : this.delayedArrival(userId, newPayee, now);
    const status: TransferStatus = held ? 'held' : arrivesAt === undefined ? 'settled' : 'pending';
    if (!repository.debitWallet(userId, request.currency, request.amountMinor)) {
      const availableMinor = repository.availableMinor(userId, request.currency);
      throw new HttpError(
        'insufficient_funds',
        availableMinor === undefined ? `There is no ${request.currency} wallet to pay from` : `Not enough ${request.currency} available for this transfer`,
        { currency: request.currency, availableMinor: availableMinor ?? 0, neededMinor: request.amountMinor },
      );
    }
    const createdAt = now.toISOString();
    const transactionId = newId('tx');
    this.deps.ledger.insert(userId, {
      id: transactionId,
      bookedAt: createdAt,
      direction: 'debit',
      status: status === 'settled' ? 'completed' : 'pending',
      amountMinor: request.amountMinor,
      currency: request.currency,
      kind: 'transfer',
      counterparty: request.payee.name,
      ...(request.memo ? { memo: request.memo } : {}),
    });
    repository.registerPayee(account.key, account.masked);
    const holdHours = settings.delayedArrivalHours(userId) ?? engine.rules.holdHours.default;
    const stored: StoredTransfer = {
      id: newId('tr'),
      userId,
      createdAt,
      status,
      payeeKey: account.key,
      payeeName: request.payee.name,
      payeeAccountMasked: account.masked,
      newPayee,
      amountMinor: request.amountMinor,
      currency: request.currency,
      ...(request.memo ? { memo: request.memo } : {}),
      channel: request.channel,
      risk,
      transactionId,
      ...(held ? { holdUntil: new Date(now.getTime() + holdHours * HOUR_MS).toISOString() } : {}),
      ...(arrivesAt === undefined ? {} : { arrivesAt }),
      ...(status === 'settled' ? { settledAt: createdAt } : {}),
    };
    repository.insert(stored, idempotencyKey, requestHash);
    audit.record(
      {
        userId,
        actor: 'system',
        action: `transfer.${status}`,
        entityType: 'transfer',
        entityId: stored.id,
        details: { score: risk.score, scamType: risk.scamType, amountMinor: stored.amountMinor, currency: stored.currency, arrivesAt },
      },
      now,
    );
    return stored;
  }

  private openAlert(transfer: StoredTransfer, now: Date): PendingDelivery | undefined {
    const { alerts, audit, notifier, settings, newId } = this.deps;
    const alertId = newId('al');
    alerts.insert({ id: alertId, userId: transfer.userId, transferId: transfer.id, scamType: transfer.risk.scamType }, now);
    audit.record({ userId: transfer.userId, actor: 'system', action: 'alert.opened', entityType: 'alert', entityId: alertId }, now);
    return notifier.recordAlertOpened({
      userId: transfer.userId,
      alertId,
      trustedContact: settings.trustedContact(transfer.userId),
    });
  }

  private mustFind(userId: string, id: string): StoredTransfer {
    const stored = this.deps.repository.find(userId, id);
    if (stored === undefined) {
      throw new Error(`Transfer ${id} vanished inside its own transaction`);
    }
    return stored;
  }
}
