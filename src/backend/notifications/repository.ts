import type { Db } from '../db/db';

export type NotificationChannel = 'in_app' | 'alexa_proactive' | 'trusted_contact_sms';
export type NotificationStatus = 'unread' | 'queued' | 'sending' | 'sent' | 'not_sent' | 'failed';

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

interface NotificationRow {
  id: string;
  user_id: string;
  alert_id: string;
  channel: NotificationChannel;
  status: NotificationStatus;
  recipient: string | null;
  detail: string | null;
}

/** One row per channel per alert: the in-app message, the Alexa notification, the trusted contact's SMS. */
export class NotificationsRepository {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      insert: db.prepare<Record<string, string | null>>(
        `INSERT INTO notifications (id, user_id, alert_id, channel, status, recipient, detail, created_at, updated_at)
         VALUES (@id, @userId, @alertId, @channel, @status, @recipient, @detail, @at, @at)`,
      ),
      update: db.prepare<[NotificationStatus, string | null, string, string]>('UPDATE notifications SET status = ?, detail = ?, updated_at = ? WHERE id = ?'),
      listForAlert: db.prepare<[string], NotificationRow>(
        'SELECT id, user_id, alert_id, channel, status, recipient, detail FROM notifications WHERE alert_id = ? ORDER BY rowid',
      ),
      findAlexaUser: db.prepare<[string], { alexa_user_id: string }>('SELECT alexa_user_id FROM alexa_accounts WHERE user_id = ?'),
      linkAlexaUser: db.prepare<[string, string]>(
        `INSERT INTO alexa_accounts (user_id, alexa_user_id) VALUES (?, ?)
         ON CONFLICT (user_id) DO UPDATE SET alexa_user_id = excluded.alexa_user_id`,
      ),
      unlinkAlexaUser: db.prepare<[string]>('DELETE FROM alexa_accounts WHERE user_id = ?'),
    };
  }

  insert(record: NotificationRecord, at: Date): void {
    this.statements.insert.run({
      id: record.id,
      userId: record.userId,
      alertId: record.alertId,
      channel: record.channel,
      status: record.status,
      recipient: record.recipient ?? null,
      detail: record.detail ?? null,
      at: at.toISOString(),
    });
  }

  update(id: string, status: NotificationStatus, detail: string | undefined, at: Date): void {
    this.statements.update.run(status, detail ?? null, at.toISOString(), id);
  }

  listForAlert(alertId: string): NotificationRecord[] {
    return this.statements.listForAlert.all(alertId).map((row) => ({
      id: row.id,
      userId: row.user_id,
      alertId: row.alert_id,
      channel: row.channel,
      status: row.status,
      ...(row.recipient === null ? {} : { recipient: row.recipient }),
      ...(row.detail === null ? {} : { detail: row.detail }),
    }));
  }

  alexaUserId(userId: string): string | undefined {
    return this.statements.findAlexaUser.get(userId)?.alexa_user_id;
  }

  linkAlexaUser(userId: string, alexaUserId: string): void {
    this.statements.linkAlexaUser.run(userId, alexaUserId);
  }

  unlinkAlexaUser(userId: string): void {
    this.statements.unlinkAlexaUser.run(userId);
  }
}
