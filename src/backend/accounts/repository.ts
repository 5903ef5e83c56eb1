import type { Balance, Profile } from '../../shared/contract/api';
import type { Db } from '../db/db';

interface UserRow {
  id: string;
  display_name: string;
  locale: string;
  time_zone: string;
  home_currency: string;
  has_voice_code: 0 | 1;
}

interface BalanceRow {
  currency: string;
  available_minor: number;
  pending_minor: number;
}

export class AccountsRepository {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      findUser: db.prepare<[string], UserRow>(
        `SELECT id, display_name, locale, time_zone, home_currency,
                EXISTS (SELECT 1 FROM voice_codes WHERE voice_codes.user_id = users.id) AS has_voice_code
         FROM users WHERE id = ?`,
      ),
      // Pending movements are not part of the available amount yet: they are summed from the ledger.
      listBalances: db.prepare<{ userId: string; currency: string | null }, BalanceRow>(
        `SELECT w.currency, w.available_minor,
                COALESCE((SELECT SUM(CASE t.direction WHEN 'credit' THEN t.amount_minor ELSE -t.amount_minor END)
                          FROM transactions t
                          WHERE t.user_id = w.user_id AND t.currency = w.currency AND t.status = 'pending'), 0)
                  AS pending_minor
         FROM wallets w JOIN users u ON u.id = w.user_id
         WHERE w.user_id = @userId AND (@currency IS NULL OR w.currency = @currency)
         ORDER BY w.currency = u.home_currency DESC, w.currency`,
      ),
    };
  }

  findProfile(userId: string): Profile | undefined {
    const row = this.statements.findUser.get(userId);
    return (
      row && {
        userId: row.id,
        displayName: row.display_name,
        locale: row.locale,
        timeZone: row.time_zone,
        homeCurrency: row.home_currency,
        voiceCodeRequired: row.has_voice_code === 1,
      }
    );
  }

  /** Home currency first, then by currency code; only `currency` when given. */
  listBalances(userId: string, currency?: string): Balance[] {
    return this.statements.listBalances.all({ userId, currency: currency ?? null }).map((row) => ({
      currency: row.currency,
      availableMinor: row.available_minor,
      pendingMinor: row.pending_minor,
    }));
  }
}
