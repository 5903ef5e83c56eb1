import { isDeepStrictEqual } from 'node:util';
import type { TrustedContact, UserSettings } from '../../shared/contract/api';
import type { AuditLog } from '../audit';
import type { SafetySettings } from '../transfers/safety-settings';
import { maskAccount } from '../transfers/payee-account';
import type { SettingsRepository } from './repository';

/** What a user who never saved settings has: delayed arrival off (2 h when turned on), no contact. */
export const DEFAULT_SETTINGS: UserSettings = { delayedArrival: { enabled: false, hours: 2 } };

/** The audit keeps who the trusted contact is, never their full number. */
function auditView(settings: UserSettings): Record<string, unknown> {
  const { trustedContact } = settings;
  return {
    delayedArrival: settings.delayedArrival,
    trustedContact: trustedContact && { name: trustedContact.name, phone: maskAccount(trustedContact.phone) },
  };
}

export interface SettingsDependencies {
  repository: SettingsRepository;
  audit: AuditLog;
  now: () => Date;
}

/** The user's safety settings; anti-fraud reads them through `SafetySettings`. */
export class SettingsService implements SafetySettings {
  constructor(private readonly deps: SettingsDependencies) {}

  async get(userId: string): Promise<UserSettings> {
    return (await this.deps.repository.find(userId)) ?? DEFAULT_SETTINGS;
  }

  /** Replaces the settings as a whole; saving the same settings again changes (and audits) nothing. */
  replace(userId: string, settings: UserSettings): Promise<UserSettings> {
    const { repository, audit } = this.deps;
    return repository.atomically(async () => {
      const stored = await repository.find(userId, { forUpdate: true });
      const before = stored ?? DEFAULT_SETTINGS;
      if (isDeepStrictEqual(before, settings)) {
        return before;
      }
      const now = this.deps.now();
      await repository.save(userId, settings, now, { existing: stored !== undefined });
      await audit.record(
        {
          userId,
          actor: 'user',
          action: 'settings.changed',
          entityType: 'settings',
          entityId: userId,
          details: { before: auditView(before), after: auditView(settings) },
        },
        now,
      );
      return this.get(userId);
    });
  }

  /** Only when the user turned delayed arrival on; otherwise the risk rules' default applies. */
  async delayedArrivalHours(userId: string): Promise<number | undefined> {
    const { delayedArrival } = await this.get(userId);
    return delayedArrival.enabled ? delayedArrival.hours : undefined;
  }

  async trustedContact(userId: string): Promise<TrustedContact | undefined> {
    return (await this.get(userId)).trustedContact;
  }
}
