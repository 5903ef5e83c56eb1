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

  async get(userId: string, id: string): Promise<Transfer> {
    const stored = await this.deps.repository.find(userId, id);
    if (stored === undefined) {
      throw new HttpError('not_found', 'No transfer with this id');
    }
    return transferView(stored, this.deps.now());
  }

  /** The user's latest transfers, newest first; `status` 'pending': those that can still be cancelled. */
  async list(userId: string, status: TransferStatus | undefined): Promise<Transfer[]> {
    const now = this.deps.now();
    return (await this.deps.repository.listNewest(userId, status, TRANSFERS_LIST_LIMIT)).map((stored) => transferView(stored, now));
  }

  /**
   * Scores the transfer, then in one transaction takes the money out of the available balance and
   * either settles it or holds it and opens an alert. A retry with the same key changes nothing.
   */
  async create(userId: string, idempotencyKey: string, request: CreateTransferRequest): Promise<CreatedTransfer> {
    const { repository, notifier } = this.deps;
    const account = payeeAccount(request.payee.account);
    const requestHash = fingerprint(request, account);
    const earlier = await this.replay(userId, idempotencyKey, requestHash);
    if (earlier !== undefined) {
      return earlier;
    }
    const now = this.deps.now();
    const risk = await this.assess(userId, request, account, now);

    let pending: PendingDelivery | undefined;
    const created = await repository.atomically(async (): Promise<CreatedTransfer> => {
      pending = undefined;
      // A concurrent retry may have committed while this one was scoring (on any instance: a
      // retry whose insert loses the unique key to it runs this again and finds it here).
      const raced = await this.replay(userId, idempotencyKey, requestHash);
      if (raced !== undefined) {
        return raced;
      }
      await this.refuseWhenFrozen(userId);
      const stored = await this.book(userId, request, account, risk, now, idempotencyKey, requestHash);
      if (stored.status === 'held') {
        pending = await this.openAlert(stored, now);
      }
      return { transfer: transferView(await this.mustFind(userId, stored.id), now), replayed: false };
    });
    if (pending !== undefined) {
      // After the commit, and outside any transaction of a caller (the demo seed's).
      const delivery = pending;
      void repository.outsideTransaction(() => notifier.deliver(delivery));
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
  async releaseHeld(transfer: StoredTransfer, at: Date): Promise<void> {
    const { repository, audit } = this.deps;
    await this.refuseWhenFrozen(transfer.userId);
    const arrivesAt = await this.delayedArrival(transfer.userId, transfer.newPayee, at);
    const released =
      arrivesAt === undefined ? await repository.markSettled(transfer.id, at.toISOString(), 'held') : await repository.markHeldPending(transfer.id, arrivesAt);
    if (!released) {
      throw new HttpError('already_decided', 'This transfer is no longer held');
    }
    if (arrivesAt === undefined) {
      await repository.setLedgerStatus(transfer.transactionId, 'completed');
    }
    await audit.record(
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
  async cancelHeld(transfer: StoredTransfer, at: Date): Promise<void> {
    if (!(await this.deps.repository.markCancelled(transfer.id, at.toISOString(), 'held'))) {
      throw new HttpError('already_decided', 'This transfer is no longer held');
    }
    await this.returnReserved(transfer, at);
  }

  /**
   * The user stops a delayed transfer before it arrives: the reserved money is back in the wallet.
   * The same conditional update as the settlement decides between them, so a transfer ends
   * cancelled or settled, never both, and a second cancel refunds nothing (409).
   */
  async cancelPending(userId: string, id: string): Promise<Transfer> {
    const { repository } = this.deps;
    return repository.atomically(async () => {
      const transfer = await repository.find(userId, id);
      if (transfer === undefined) {
        throw new HttpError('not_found', 'No transfer with this id');
      }
      const now = this.deps.now();
      if (transfer.status !== 'pending' || !(await repository.markCancelled(transfer.id, now.toISOString(), 'pending'))) {
        const status = transfer.status === 'pending' ? 'settled' : transfer.status;
        throw new HttpError('already_decided', NOT_CANCELLABLE[status], { status });
      }
      await this.returnReserved(transfer, now);
      return transferView(await this.mustFind(userId, id), now);
    });
  }

  /**
   * Settles the pending transfers whose arrival time has come; the in-process sweep (main.ts)
   * calls it, tests call it with their clock. Each settles in its own transaction, only if still
   * pending: one cancelled first, or settled by an earlier sweep, is left alone. A frozen
   * account's transfers wait, still cancellable: a freeze stops all outgoing money.
   * Returns how many settled.
   */
  async settleArrived(now: Date): Promise<number> {
    const { repository, audit, freezes } = this.deps;
    const at = now.toISOString();
    let settled = 0;
    for (const { id, userId } of await repository.dueForArrival(at)) {
      const settledThis = await repository.atomically(async () => {
        if ((await freezes.isFrozen(userId)) || !(await repository.markSettled(id, at, 'pending'))) {
          return false;
        }
        const transfer = await this.mustFind(userId, id);
        await repository.setLedgerStatus(transfer.transactionId, 'completed');
        await audit.record(
          { userId, actor: 'system', action: 'transfer.settled', entityType: 'transfer', entityId: id, details: { arrivesAt: transfer.arrivesAt } },
          now,
        );
        return true;
      });
      if (settledThis) settled += 1;
    }
    return settled;
  }

  /** Gives back the money a held or pending transfer reserved, after its conditional cancel. */
  private async returnReserved(transfer: StoredTransfer, at: Date): Promise<void> {
    const { repository, audit } = this.deps;
    await repository.creditWallet(transfer.userId, transfer.currency, transfer.amountMinor);
    await repository.setLedgerStatus(transfer.transactionId, 'cancelled');
    await audit.record(
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
  private async delayedArrival(userId: string, newPayee: boolean, from: Date): Promise<string | undefined> {
    const hours = newPayee ? await this.deps.settings.delayedArrivalHours(userId) : undefined;
    return hours === undefined ? undefined : new Date(from.getTime() + hours * HOUR_MS).toISOString();
  }

  private async refuseWhenFrozen(userId: string): Promise<void> {
    if (await this.deps.freezes.isFrozen(userId)) {
      throw new HttpError('account_frozen', 'Outgoing payments are frozen: unfreeze the account first');
    }
  }

  private async replay(userId: string, idempotencyKey: string, requestHash: string): Promise<CreatedTransfer | undefined> {
    const found = await this.deps.repository.findByIdempotencyKey(userId, idempotencyKey);
    if (found === undefined) {
      return undefined;
    }
    if (found.requestHash !== requestHash) {
      throw new HttpError('idempotency_key_reused', 'Idempotency-Key: was already used for a different transfer; use a new key for a new transfer');
    }
    return { transfer: transferView(found.transfer, this.deps.now()), replayed: true };
  }

  /** Gathers what the rules look at, from the registry, the user's ledger and earlier transfers. */
  private async assess(userId: string, request: CreateTransferRequest, account: PayeeAccount, now: Date): Promise<RiskAssessment> {
    const { repository, engine, accounts } = this.deps;
    const { rules } = engine.rules;
    const since = (ms: number) => new Date(now.getTime() - ms).toISOString();
    const [registered, reports, profile, paidBefore, pastDebitsMinor, recentNewPayeeTransfers] = await Promise.all([
      repository.findPayee(account.key),
      repository.reportsByOthers(account.key, userId),
      accounts.profile(userId),
      repository.hasPaid(userId, account.key),
      repository.completedDebitsSince(userId, request.currency, since(rules.amount_above_history.historyDays * DAY_MS)),
      repository.countNewPayeeTransfersSince(userId, since(rules.new_payee_burst.windowMinutes * MINUTE_MS)),
    ]);
    return engine.assess({
      amountMinor: request.amountMinor,
      payeeName: request.payee.name,
      memo: request.memo,
      at: now,
      timeZone: profile.timeZone,
      payee: {
        scamListed: registered?.scamListed ?? false,
        knownScamType: registered?.scamType ?? reports.scamType,
        reportsByOthers: reports.count,
        openedAt: registered?.openedAt === undefined ? undefined : new Date(registered.openedAt),
        paidBefore,
      },
      pastDebitsMinor,
      recentNewPayeeTransfers,
    });
  }

  /**
   * Reserves or debits the money and writes the ledger entry, the transfer and its audit row. A
   * risky transfer is held for the user's decision (delayed arrival only lengthens the hold);
   * otherwise, with delayed arrival on, one to a new payee is pending until it arrives by itself.
   */
  private async book(
    userId: string,
    request: CreateTransferRequest,
    account: PayeeAccount,
    risk: RiskAssessment,
    now: Date,
    idempotencyKey: string,
    requestHash: string,
  ): Promise<StoredTransfer> {
    const { repository, settings, engine, audit, newId } = this.deps;
    const held = risk.level === 'high';
    const newPayee = !(await repository.hasPaid(userId, account.key));
    const arrivesAt = held ? undefined : await this.delayedArrival(userId, newPayee, now);
    const status: TransferStatus = held ? 'held' : arrivesAt === undefined ? 'settled' : 'pending';
    if (!(await repository.debitWallet(userId, request.currency, request.amountMinor))) {
      const availableMinor = await repository.availableMinor(userId, request.currency);
      throw new HttpError(
        'insufficient_funds',
        availableMinor === undefined ? `There is no ${request.currency} wallet to pay from` : `Not enough ${request.currency} available for this transfer`,
        { currency: request.currency, availableMinor: availableMinor ?? 0, neededMinor: request.amountMinor },
      );
    }
    const createdAt = now.toISOString();
    const transactionId = newId('tx');
    await this.deps.ledger.insert(userId, {
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
    await repository.registerPayee(account.key, account.masked);
    const holdHours = (await settings.delayedArrivalHours(userId)) ?? engine.rules.holdHours.default;
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
    await repository.insert(stored, idempotencyKey, requestHash);
    await audit.record(
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

  private async openAlert(transfer: StoredTransfer, now: Date): Promise<PendingDelivery | undefined> {
    const { alerts, audit, notifier, settings, newId } = this.deps;
    const alertId = newId('al');
    await alerts.insert({ id: alertId, userId: transfer.userId, transferId: transfer.id, scamType: transfer.risk.scamType }, now);
    await audit.record({ userId: transfer.userId, actor: 'system', action: 'alert.opened', entityType: 'alert', entityId: alertId }, now);
    return notifier.recordAlertOpened({
      userId: transfer.userId,
      alertId,
      trustedContact: await settings.trustedContact(transfer.userId),
    });
  }

  private async mustFind(userId: string, id: string): Promise<StoredTransfer> {
    const stored = await this.deps.repository.find(userId, id);
    if (stored === undefined) {
      throw new Error(`Transfer ${id} vanished inside its own transaction`);
    }
    return stored;
  }
}
