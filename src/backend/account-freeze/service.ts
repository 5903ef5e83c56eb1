import type { AccountFreeze } from '../../shared/contract/api';
import type { AuditLog } from '../audit';
import type { Caller } from '../http/auth';
import { HttpError } from '../http/errors';
import type { FraudReportsRepository } from '../fraud-reports/repository';
import type { AccountFreezesRepository } from './repository';

export interface AccountFreezeDependencies {
  repository: AccountFreezesRepository;
  reports: Pick<FraudReportsRepository, 'hasOpenReport'>;
  audit: AuditLog;
  now: () => Date;
}

/**
 * Freezing is always allowed and immediate. Unfreezing re-opens the door a scammer may still be
 * standing at: while a fraud report is open only the mobile app, after its own strong
 * authentication, may do it; the voice assistant is refused.
 */
export class AccountFreezeService {
  constructor(private readonly deps: AccountFreezeDependencies) {}

  async state(userId: string): Promise<AccountFreeze> {
    const frozenAt = await this.deps.repository.frozenAt(userId);
    return {
      frozen: frozenAt !== undefined,
      ...(frozenAt === undefined ? {} : { frozenAt }),
      openFraudReport: await this.deps.reports.hasOpenReport(userId),
    };
  }

  freeze(caller: Caller): Promise<AccountFreeze> {
    const { repository } = this.deps;
    return repository.atomically(async () => {
      const now = this.deps.now();
      if (await repository.freeze(caller.userId, now)) {
        await this.audit(caller, 'account.frozen', { frozen: false }, { frozen: true, frozenAt: now.toISOString() }, now);
      }
      return this.state(caller.userId);
    });
  }

  unfreeze(caller: Caller): Promise<AccountFreeze> {
    const { repository, reports } = this.deps;
    return repository.atomically(async () => {
      const frozenAt = await repository.frozenAt(caller.userId);
      if (frozenAt === undefined) {
        return this.state(caller.userId);
      }
      if (caller.client !== 'mobile_app' && (await reports.hasOpenReport(caller.userId))) {
        throw new HttpError('open_fraud_report', 'A fraud report is open: the account can only be unfrozen in the mobile app, after its identity check');
      }
      // False when a concurrent unfreeze (on PostgreSQL) got there first: that one is audited.
      if (await repository.unfreeze(caller.userId)) {
        await this.audit(caller, 'account.unfrozen', { frozen: true, frozenAt }, { frozen: false }, this.deps.now());
      }
      return this.state(caller.userId);
    });
  }

  private async audit(caller: Caller, action: string, before: object, after: object, at: Date): Promise<void> {
    await this.deps.audit.record(
      {
        userId: caller.userId,
        actor: 'user',
        action,
        entityType: 'account',
        entityId: caller.userId,
        details: { before, after, client: caller.client },
      },
      at,
    );
  }
}
