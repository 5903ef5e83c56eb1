import type { DelayedArrivalHours, UserSettings } from '../../shared/contract/api';
import type { Db } from '../db/db';

interface SettingsRow {
  delayed_arrival_enabled: 0 | 1;
  delayed_arrival_hours: DelayedArrivalHours;
  trusted_contact_name: string | null;
  trusted_contact_phone: string | null;
}

export class SettingsRepository {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      find: db.prepare<[string], SettingsRow>(
        `SELECT delayed_arrival_enabled, delayed_arrival_hours, trusted_contact_name, trusted_contact_phone
         FROM user_settings WHERE user_id = ?`,
      ),
      upsert: db.prepare<Record<string, string | number | null>>(
        `INSERT INTO user_settings (user_id, delayed_arrival_enabled, delayed_arrival_hours, trusted_contact_name,
           trusted_contact_phone, updated_at)
         VALUES (@userId, @enabled, @hours, @name, @phone, @updatedAt)
         ON CONFLICT (user_id) DO UPDATE SET
           delayed_arrival_enabled = excluded.delayed_arrival_enabled,
           delayed_arrival_hours = excluded.delayed_arrival_hours,
           trusted_contact_name = excluded.trusted_contact_name,
           trusted_contact_phone = excluded.trusted_contact_phone,
           updated_at = excluded.updated_at`,
      ),
    };
  }

  /** Runs `work` in one IMMEDIATE transaction (a savepoint when already in one). */
  atomically<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  /** Undefined until the user first saves settings. */
  find(userId: string): UserSettings | undefined {
    const row = this.statements.find.get(userId);
    if (row === undefined) {
      return undefined;
    }
    return {
      delayedArrival: { enabled: row.delayed_arrival_enabled === 1, hours: row.delayed_arrival_hours },
      ...(row.trusted_contact_name === null || row.trusted_contact_phone === null
        ? {}
        : { trustedContact: { name: row.trusted_contact_name, phone: row.trusted_contact_phone } }),
    };
  }

  save(userId: string, settings: UserSettings, at: Date): void {
    this.statements.upsert.run({
      userId,
      enabled: settings.delayedArrival.enabled ? 1 : 0,
      hours: settings.delayedArrival.hours,
      name: settings.trustedContact?.name ?? null,
      phone: settings.trustedContact?.phone ?? null,
      updatedAt: at.toISOString(),
    });
  }
}
