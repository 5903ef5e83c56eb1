/**
 * The user's own safety settings that anti-fraud needs: "delayed arrival" (2 h or 24 h: how long
 * a transfer to a new payee waits, cancellable, and how long a risky one is held) and whom to
 * tell when one is held. The settings feature owns them
 * (`SettingsService`); tests may pass their own.
 */
import type { TrustedContact } from '../../shared/contract/api';

export interface SafetySettings {
  /** Undefined: delayed arrival is off (holds last the default of the risk rules). */
  delayedArrivalHours(userId: string): Promise<number | undefined>;
  trustedContact(userId: string): Promise<TrustedContact | undefined>;
}
