/**
 * Tells the user (and their trusted contact) that a transfer is held. The records are written in
 * the alert's own transaction; the Alexa notification goes out after it commits. Nothing here can
 * fail a transfer: a failed delivery is recorded and logged, never thrown.
 */
import type { Logger } from 'pino';
import type { TrustedContact } from '../../shared/contract/api';
import { maskAccount } from '../transfers/payee-account';
import type { AlexaProactiveClient } from './alexa-proactive';
import type { NotificationChannel, NotificationsRepository, NotificationStatus } from './repository';

/** Alexa keeps a proactive notification at most 24 hours. */
const ALEXA_EXPIRY_MS = 23 * 3_600_000;

export interface AlertOpened {
  userId: string;
  alertId: string;
  trustedContact?: TrustedContact;
}

/** An Alexa notification recorded as "sending", to deliver once the transaction has committed. */
export interface PendingDelivery {
  notificationId: string;
  alexaUserId: string;
  alertId: string;
}

export class AlertNotifier {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly repository: NotificationsRepository,
    private readonly alexa: AlexaProactiveClient,
    private readonly logger: Logger,
    private readonly newId: (prefix: string) => string,
    private readonly now: () => Date,
  ) {}

  /** Call inside the transaction that opens the alert; deliver the result after it commits. */
  async recordAlertOpened({ userId, alertId, trustedContact }: AlertOpened): Promise<PendingDelivery | undefined> {
    const at = this.now();
    const record = async (channel: NotificationChannel, status: NotificationStatus, extra: { recipient?: string; detail?: string } = {}): Promise<string> => {
      const id = this.newId('nt');
      await this.repository.insert({ id, userId, alertId, channel, status, ...extra }, at);
      return id;
    };
    await record('in_app', 'unread');
    if (trustedContact !== undefined) {
      // Sending the SMS belongs to an SMS provider integration: it is queued for it.
      await record('trusted_contact_sms', 'queued', { recipient: `${trustedContact.name} (${maskAccount(trustedContact.phone)})` });
    }
    if (!this.alexa.configured) {
      await record('alexa_proactive', 'not_sent', { detail: 'not configured' });
      return undefined;
    }
    const alexaUserId = await this.repository.alexaUserId(userId);
    if (alexaUserId === undefined) {
      await record('alexa_proactive', 'not_sent', { detail: 'no Alexa account linked' });
      return undefined;
    }
    return { notificationId: await record('alexa_proactive', 'sending'), alexaUserId, alertId };
  }

  /** Sends the Alexa notification and records the outcome; never rejects. */
  deliver(pending: PendingDelivery): Promise<void> {
    const delivery = this.send(pending).finally(() => {
      this.inFlight.delete(delivery);
    });
    this.inFlight.add(delivery);
    return delivery;
  }

  /** Resolves when every delivery started so far has been recorded (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  private async send({ notificationId, alexaUserId, alertId }: PendingDelivery): Promise<void> {
    try {
      const result = await this.alexa.sendMessageAlert({
        alexaUserId,
        referenceId: alertId,
        expiryTime: new Date(this.now().getTime() + ALEXA_EXPIRY_MS),
      });
      if (result.sent) {
        await this.repository.update(notificationId, 'sent', undefined, this.now());
      } else {
        this.logger.warn({ alertId, reason: result.reason }, 'Alexa notification not sent');
        await this.repository.update(notificationId, 'failed', result.reason, this.now());
      }
    } catch (error) {
      this.logger.error({ err: error, alertId }, 'Alexa notification could not be recorded');
    }
  }
}
