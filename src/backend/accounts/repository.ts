import type { Balance, Profile } from '../../shared/contract/api';
import type { Db } from '../db/db';

export class AccountsRepository {
  constructor(private readonly db: Db) {}

  async findProfile(userId: string): Promise<Profile | undefined> {
    const row = await this.db.executor
      .selectFrom('users')
      .select((eb) => [
        'id',
        'display_name',
        'locale',
        'time_zone',
        'home_currency',
        eb.exists(eb.selectFrom('voice_codes').select('voice_codes.user_id').whereRef('voice_codes.user_id', '=', 'users.id')).as('has_voice_code'),
      ])
      .where('id', '=', userId)
      .executeTakeFirst();
    return (
      row && {
        userId: row.id,
        displayName: row.display_name,
        locale: row.locale,
        timeZone: row.time_zone,
        homeCurrency: row.home_currency,
        // SQLite answers EXISTS with 1 or 0, PostgreSQL with a boolean.
        voiceCodeRequired: row.has_voice_code === true || row.has_voice_code === 1,
      }
    );
  }

  /** Home currency first, then by currency code; only `currency` when given. */
  async listBalances(userId: string, currency?: string): Promise<Balance[]> {
    let query = this.db.executor
      .selectFrom('wallets as w')
      .innerJoin('users as u', 'u.id', 'w.user_id')
      .select((eb) => [
        'w.currency',
        'w.available_minor',
        // Pending movements are not part of the available amount yet: they are summed from the ledger.
        eb.fn
          .coalesce(
            eb
              .selectFrom('transactions as t')
              .select((inner) =>
                inner.fn
                  .sum<number | null>(
                    inner
                      .case('t.direction')
                      .when('credit')
                      .then(inner.ref('t.amount_minor'))
                      .else(inner.neg(inner.ref('t.amount_minor')))
                      .end(),
                  )
                  .as('pending'),
              )
              .whereRef('t.user_id', '=', 'w.user_id')
              .whereRef('t.currency', '=', 'w.currency')
              .where('t.status', '=', 'pending'),
            eb.lit(0),
          )
          .as('pending_minor'),
      ])
      .where('w.user_id', '=', userId);
    if (currency !== undefined) query = query.where('w.currency', '=', currency);
    const rows = await query
      .orderBy((eb) => eb.case().when('w.currency', '=', eb.ref('u.home_currency')).then(eb.lit(0)).else(eb.lit(1)).end())
      .orderBy('w.currency')
      .execute();
    return rows.map((row) => ({
      currency: row.currency,
      availableMinor: row.available_minor,
      pendingMinor: row.pending_minor,
    }));
  }
}
