import type { Alert, AlertDecisionRequest, AlertStatus, AlertsResponse, DecisionKind, PersuasionStatsResponse } from '../../shared/contract/api';
import type { AuditLog } from '../audit';
import { HttpError } from '../http/errors';
import type { StoredTransfer, TransfersRepository } from '../transfers/repository';
import { transferView, type TransfersService } from '../transfers/service';
import type { AlertsRepository, StoredAlert } from './repository';

/** Where each decision leaves the alert: "hold" keeps it open for a later decision. */
const STATUS_AFTER: Record<DecisionKind, AlertStatus> = {
  cancel: 'cancelled',
  hold: 'open',
  proceed: 'proceeded',
  escalate: 'escalated',
};

export interface AlertDependencies {
  repository: AlertsRepository;
  transfers: TransfersRepository;
  transferMoves: Pick<TransfersService, 'releaseHeld' | 'cancelHeld'>;
  audit: AuditLog;
  now: () => Date;
}

/**
 * The safety rules of the wake-up dialogue, enforced here whatever the client does: money is
 * released only by "proceed" after the warning was heard and confirmed twice; cancel, proceed and
 * escalate are final, except that an escalated transfer can still be cancelled by its owner.
 */
export class AlertsService {
  constructor(private readonly deps: AlertDependencies) {}

  async listOpen(userId: string): Promise<AlertsResponse> {
    const open = await this.deps.repository.listOpen(userId);
    const alerts: Alert[] = [];
    for (const alert of open) {
      alerts.push(await this.view(alert));
    }
    return { alerts };
  }

  async get(userId: string, id: string): Promise<Alert> {
    return this.view(await this.mustFind(userId, id));
  }

  warningHeard(userId: string, id: string): Promise<Alert> {
    const { repository, audit } = this.deps;
    return this.deps.transfers.atomically(async () => {
      const alert = await this.mustFind(userId, id);
      if (alert.status !== 'open' && alert.status !== 'escalated') {
        throw new HttpError('already_decided', `This alert is already ${alert.status}: the transfer is no longer held`);
      }
      const now = this.deps.now();
      if (await repository.markWarningHeard(alert.id, now)) {
        await audit.record({ userId, actor: 'user', action: 'alert.warning_heard', entityType: 'alert', entityId: alert.id }, now);
      }
      return this.view(await this.mustFind(userId, id));
    });
  }

  decide(userId: string, id: string, request: AlertDecisionRequest): Promise<Alert> {
    const { repository, transferMoves, audit } = this.deps;
    return this.deps.transfers.atomically(async () => {
      const alert = await this.mustFind(userId, id);
      this.checkAllowed(alert, request);
      // Only from the status checked above: a decision another request or instance took in the
      // meantime wins, and this one changes nothing.
      if (!(await repository.setStatus(alert.id, STATUS_AFTER[request.decision], alert.status))) {
        throw new HttpError('already_decided', 'This alert was decided in the meantime');
      }
      const transfer = await this.transferOf(alert);
      const now = this.deps.now();
      if (request.decision === 'cancel') {
        await transferMoves.cancelHeld(transfer, now);
      } else if (request.decision === 'proceed') {
        await transferMoves.releaseHeld(transfer, now);
      }
      await repository.insertDecision({ alertId: alert.id, ...request }, alert.scamType, now);
      await audit.record(
        {
          userId,
          actor: 'user',
          action: 'alert.decided',
          entityType: 'alert',
          entityId: alert.id,
          details: {
            decision: request.decision,
            from: alert.status,
            to: STATUS_AFTER[request.decision],
            confirmedTwice: request.confirmedTwice,
            emotions: request.emotions,
          },
        },
        now,
      );
      return this.view(await this.mustFind(userId, id));
    });
  }

  async persuasionStats(): Promise<PersuasionStatsResponse> {
    return { stats: await this.deps.repository.persuasionStats() };
  }

  private checkAllowed(alert: StoredAlert, { decision, confirmedTwice }: AlertDecisionRequest): void {
    const stillCancellable = alert.status === 'escalated' && decision === 'cancel';
    if (alert.status !== 'open' && !stillCancellable) {
      throw new HttpError('already_decided', `This alert is already ${alert.status}`);
    }
    if (decision === 'proceed' && alert.warningHeardAt === undefined) {
      throw new HttpError('confirmation_required', 'The user has not heard the warning yet: the money stays held');
    }
    if (decision === 'proceed' && !confirmedTwice) {
      throw new HttpError('confirmation_required', 'Releasing the money needs a second, explicit confirmation');
    }
  }

  private async mustFind(userId: string, id: string): Promise<StoredAlert> {
    const alert = await this.deps.repository.find(userId, id);
    if (alert === undefined) {
      throw new HttpError('not_found', 'No alert with this id');
    }
    return alert;
  }

  private async transferOf(alert: StoredAlert): Promise<StoredTransfer> {
    const transfer = await this.deps.transfers.find(alert.userId, alert.transferId);
    if (transfer === undefined) {
      throw new Error(`Alert ${alert.id} has no transfer`);
    }
    return transfer;
  }

  private async view(alert: StoredAlert): Promise<Alert> {
    const transfer = await this.transferOf(alert);
    const decisions = await this.deps.repository.decisions(alert.id);
    return {
      id: alert.id,
      status: alert.status,
      openedAt: alert.openedAt,
      ...(alert.warningHeardAt === undefined ? {} : { warningHeardAt: alert.warningHeardAt }),
      scamType: alert.scamType,
      transfer: transferView(transfer, this.deps.now()),
      decisions,
    };
  }
}
