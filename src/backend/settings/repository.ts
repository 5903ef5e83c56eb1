import type { UserSettings } from '../../shared/contract/api';
import type { Db } from '../db/db';

export class SettingsRepository {
  constructor(private readonly db: Db) {}

  /** Runs `work` in one transaction (see `Db.atomically`). */
  atomically<T>(work: () => Promise<T>): Promise<T> {
    return this.db.atomically(work);
  }

  /**
   * Undefined until the user first saves settings. `forUpdate` (inside `atomically`): on
   * PostgreSQL the row stays locked until the transaction ends, so that two changes at once are
   * made (and audited) one after the other; SQLite runs one transaction at a time anyway.
   */
  async find(userId: string, { forUpdate = false }: { forUpdate?: boolean } = {}): Promise<UserSettings | undefined> {
    const row = await this.db.executor
      .selectFrom('user_settings')
      .select(['delayed_arrival_enabled', 'delayed_arrival_hours', 'trusted_contact_name', 'trusted_contact_phone'])
      .where('user_id', '=', userId)
      .$if(forUpdate && this.db.engine === 'postgres', (query) => query.forUpdate())
      .executeTakeFirst();
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

  /**
   * Writes the user's settings. `existing: false` (the user has none yet) inserts without an
   * upsert: when two first saves race, the later one fails on the key and `atomically` runs it
   * again, then finding (and locking) the row of the first.
   */
  async save(userId: string, settings: UserSettings, at: Date, { existing = true }: { existing?: boolean } = {}): Promise<void> {
    const values = {
      user_id: userId,
      delayed_arrival_enabled: settings.delayedArrival.enabled ? 1 : 0,
      delayed_arrival_hours: settings.delayedArrival.hours,
      trusted_contact_name: settings.trustedContact?.name ?? null,
      trusted_contact_phone: settings.trustedContact?.phone ?? null,
      updated_at: at.toISOString(),
    };
    const insert = this.db.executor.insertInto('user_settings').values(values);
    if (!existing) {
      await insert.execute();
      return;
    }
    await insert
      .onConflict((conflict) =>
        conflict.column('user_id').doUpdateSet((eb) => ({
          delayed_arrival_enabled: eb.ref('excluded.delayed_arrival_enabled'),
          delayed_arrival_hours: eb.ref('excluded.delayed_arrival_hours'),
          trusted_contact_name: eb.ref('excluded.trusted_contact_name'),
          trusted_contact_phone: eb.ref('excluded.trusted_contact_phone'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}
