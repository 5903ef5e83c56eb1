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

  state(userId: string): AccountFreeze {
    const frozenAt = this.deps.repository.frozenAt(userId);
    return {
      frozen: frozenAt !== undefined,
      ...(frozenAt === undefined ? {} : { frozenAt }),
      openFraudReport: this.deps.reports.hasOpenReport(userId),
    };
  }

  freeze(caller: Caller): AccountFreeze {
    const { repository } = this.deps;
    return repository.atomically(() => {
      const now = this.deps.now();
      if (repository.freeze(caller.userId, now)) {
        this.audit(caller, 'account.frozen', { frozen: false }, { frozen: true, frozenAt: now.toISOString() }, now);
      }
      return this.state(caller.userId);
    });
  }

  unfreeze(caller: Caller): AccountFreeze {
    const { repository, reports } = this.deps;
    return repository.atomically(() => {
      const frozenAt = repository.frozenAt(caller.userId);
      if (frozenAt === undefined) {
        return this.state(caller.userId);
      }
      if (caller.client !== 'mobile_app' && reports.hasOpenReport(caller.userId)) {
        throw new HttpError('open_fraud_report', 'A fraud report is open: the account can only be unfrozen in the mobile app, after its identity check');
      }
      repository.unfreeze(caller.userId);
      this.audit(caller, 'account.unfrozen', { frozen: true, frozenAt }, { frozen: false }, this.deps.now());
      return this.state(caller.userId);
    });
  }

  private audit(caller: Caller, action: string, before: object, after: object, at: Date): void {
    this.deps.audit.record(
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
