/**
 * The user's own safety settings that anti-fraud needs: how long risky transfers are held
 * ("delayed arrival", 2 h or 24 h) and whom to tell when one is. The settings feature owns them;
 * until it is wired in, nobody has chosen anything and the defaults apply.
 */
export interface TrustedContact {
  name: string;
  phone: string;
}

export interface SafetySettings {
  /** Undefined: the default of the risk rules. */
  delayedArrivalHours(userId: string): number | undefined;
  trustedContact(userId: string): TrustedContact | undefined;
}

export const DEFAULT_SAFETY_SETTINGS: SafetySettings = {
  delayedArrivalHours: () => undefined,
  trustedContact: () => undefined,
};
