/** The demo users: the backend seeds them into a new store, the console and the README sign in as them. */

interface DemoWallet {
  currency: string;
  availableMinor: number;
}

export interface DemoUser {
  userId: string;
  displayName: string;
  locale: string;
  timeZone: string;
  homeCurrency: string;
  /** Bearer token of the voice skill (account linking). */
  token: string;
  /** Bearer token of the mobile app: the only client allowed to reset the voice code. */
  mobileAppToken: string;
  voiceCode?: string;
  /** Home currency first. */
  wallets: readonly DemoWallet[];
}

/** Keyed by first name, e.g. `DEMO_USERS.bruno.token`. */
export const DEMO_USERS = {
  alice: {
    userId: 'usr_alice',
    displayName: 'Alice Martin',
    locale: 'en-US',
    timeZone: 'America/New_York',
    homeCurrency: 'USD',
    token: 'demo-alice',
    mobileAppToken: 'demo-alice-app',
    wallets: [
      { currency: 'USD', availableMinor: 241_837 },
      { currency: 'EUR', availableMinor: 38_520 },
      { currency: 'GBP', availableMinor: 12_745 },
    ],
  },
  bruno: {
    userId: 'usr_bruno',
    displayName: 'Bruno Keller',
    locale: 'de-DE',
    timeZone: 'Europe/Berlin',
    homeCurrency: 'EUR',
    token: 'demo-bruno',
    mobileAppToken: 'demo-bruno-app',
    voiceCode: '1234',
    wallets: [
      { currency: 'EUR', availableMinor: 312_044 },
      { currency: 'USD', availableMinor: 54_010 },
      { currency: 'CHF', availableMinor: 23_590 },
    ],
  },
  chen: {
    userId: 'usr_chen',
    displayName: 'Chen Wei',
    locale: 'zh-CN',
    timeZone: 'Asia/Shanghai',
    homeCurrency: 'CNY',
    token: 'demo-chen',
    mobileAppToken: 'demo-chen-app',
    voiceCode: '2580',
    wallets: [
      { currency: 'CNY', availableMinor: 1_852_066 },
      { currency: 'JPY', availableMinor: 48_200 },
      { currency: 'USD', availableMinor: 31_275 },
    ],
  },
  sofia: {
    userId: 'usr_sofia',
    displayName: 'Sofía García',
    locale: 'es-MX',
    timeZone: 'America/Mexico_City',
    homeCurrency: 'MXN',
    token: 'demo-sofia',
    mobileAppToken: 'demo-sofia-app',
    wallets: [
      { currency: 'MXN', availableMinor: 1_845_090 },
      { currency: 'USD', availableMinor: 42_030 },
    ],
  },
  yuki: {
    userId: 'usr_yuki',
    displayName: 'Yuki Tanaka',
    locale: 'ja-JP',
    timeZone: 'Asia/Tokyo',
    homeCurrency: 'JPY',
    token: 'demo-yuki',
    mobileAppToken: 'demo-yuki-app',
    wallets: [
      { currency: 'JPY', availableMinor: 186_420 },
      { currency: 'USD', availableMinor: 21_880 },
    ],
  },
} satisfies Record<string, DemoUser>;

export type DemoUserName = keyof typeof DEMO_USERS;

/** A user of `npm run demo:traffic`: a copy of a demo user's profile and story under its own name and tokens. */
export interface DemoTrafficUser extends DemoUser {
  /** The demo user whose language, wallets, voice code and 90-day story this one copies. */
  like: DemoUserName;
}

/** Demo-traffic users per demo user: their calls spread over more per-user rate budgets. */
const TRAFFIC_USERS_PER_DEMO_USER = 2;

/**
 * Who `npm run demo:traffic` talks as, seeded like the demo users (the console does not list
 * them): its bursts of calls use up their per-user rate budgets, never the demo users', so the
 * console answers as any demo user right after it. Tokens `demo-traffic-<name>-<1|2>`.
 */
export const DEMO_TRAFFIC_USERS: readonly DemoTrafficUser[] = (Object.keys(DEMO_USERS) as DemoUserName[]).flatMap((like) =>
  Array.from({ length: TRAFFIC_USERS_PER_DEMO_USER }, (_, index): DemoTrafficUser => {
    const user: DemoUser = DEMO_USERS[like];
    const number = index + 1;
    return {
      ...user,
      like,
      userId: `usr_traffic_${like}_${number}`,
      displayName: `${user.displayName} (demo traffic ${number})`,
      token: `demo-traffic-${like}-${number}`,
      mobileAppToken: `demo-traffic-${like}-${number}-app`,
    };
  }),
);
