/**
 * The user's own safety settings that anti-fraud needs: how long risky transfers are held
 * ("delayed arrival", 2 h or 24 h) and whom to tell when one is. The settings feature owns them
 * (`SettingsService`); tests may pass their own.
 */
import type { TrustedContact } from '../../shared/contract/api';

export interface SafetySettings {
  /** Undefined: the default of the risk rules. */
  delayedArrivalHours(userId: string): number | undefined;
  trustedContact(userId: string): TrustedContact | undefined;
}
