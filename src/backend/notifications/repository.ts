import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../db/db';
import type { NotificationsTable, Schema } from '../db/schema';

export type NotificationChannel = NotificationsTable['channel'];
export type NotificationStatus = NotificationsTable['status'];

export interface NotificationRecord {
  id: string;
  userId: string;
  alertId: string;
  channel: NotificationChannel;
  status: NotificationStatus;
  /** Masked: who it goes to, for support ("Mom (+4…67)"). */
  recipient?: string;
  /** Why it was not sent, or the provider's answer. */
  detail?: string;
}

/**
 * The order the notifier records an alert's notifications in (they share one timestamp): the
 * engines keep no insertion order PostgreSQL and SQLite agree on.
 */
export const notificationOrder = (eb: ExpressionBuilder<Schema, 'notifications'>) =>
  eb.case().when('channel', '=', 'in_app').then(0).when('channel', '=', 'trusted_contact_sms').then(1).else(2).end();

/** One row per channel per alert: the in-app message, the Alexa notification, the trusted contact's SMS. */
export class NotificationsRepository {
  constructor(private readonly db: Db) {}

  async insert(record: NotificationRecord, at: Date): Promise<void> {
    await this.db.executor
      .insertInto('notifications')
      .values({
        id: record.id,
        user_id: record.userId,
        alert_id: record.alertId,
        channel: record.channel,
        status: record.status,
        recipient: record.recipient ?? null,
        detail: record.detail ?? null,
        created_at: at.toISOString(),
        updated_at: at.toISOString(),
      })
      .execute();
  }

  async update(id: string, status: NotificationStatus, detail: string | undefined, at: Date): Promise<void> {
    await this.db.executor
      .updateTable('notifications')
      .set({ status, detail: detail ?? null, updated_at: at.toISOString() })
      .where('id', '=', id)
      .execute();
  }

  /** In the order the notifier records them: in the app, to the trusted contact, on Alexa. */
  async listForAlert(alertId: string): Promise<NotificationRecord[]> {
    const rows = await this.db.executor
      .selectFrom('notifications')
      .select(['id', 'user_id', 'alert_id', 'channel', 'status', 'recipient', 'detail'])
      .where('alert_id', '=', alertId)
      .orderBy('created_at')
      .orderBy(notificationOrder)
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      userId: row.user_id,
      // Every row of an alert names it.
      alertId: row.alert_id ?? alertId,
      channel: row.channel,
      status: row.status,
      ...(row.recipient === null ? {} : { recipient: row.recipient }),
      ...(row.detail === null ? {} : { detail: row.detail }),
    }));
  }

  async alexaUserId(userId: string): Promise<string | undefined> {
    const row = await this.db.executor.selectFrom('alexa_accounts').select('alexa_user_id').where('user_id', '=', userId).executeTakeFirst();
    return row?.alexa_user_id;
  }

  async linkAlexaUser(userId: string, alexaUserId: string): Promise<void> {
    await this.db.executor
      .insertInto('alexa_accounts')
      .values({ user_id: userId, alexa_user_id: alexaUserId })
      .onConflict((conflict) => conflict.column('user_id').doUpdateSet((eb) => ({ alexa_user_id: eb.ref('excluded.alexa_user_id') })))
      .execute();
  }

  async unlinkAlexaUser(userId: string): Promise<void> {
    await this.db.executor.deleteFrom('alexa_accounts').where('user_id', '=', userId).execute();
  }
}
