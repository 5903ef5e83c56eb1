/**
 * `npm run demo:traffic`: realistic conversations through the real skill, so that a fresh
 * install shows meaningful analytics. It speaks to the running server over HTTP (web platform,
 * `/web/webhook`) as its own demo-traffic users (copies of the demo users, seeded with them:
 * src/shared/demo-users.ts), never as the demo users themselves, whose per-user rate budgets stay
 * whole for the console, and it paces each of its users within theirs. In all six languages,
 * spread over the last days (each request carries its own time, which the skill records):
 * balances, transactions, common questions, misunderstandings, requests for a person, and
 * security alerts (risky transfers made in the app through the backend, then the warning
 * dialogue in the skill, with worried, angry, confused, insistent and calm users).
 *
 *   npm run demo:traffic -- [--conversations 120] [--alerts 12] [--days 14] [--seed 7]
 *   SKILL_URL (default http://localhost:$PORT or :3000), BACKEND_URL (default http://localhost:$BACKEND_PORT or :4000),
 *   RATE_LIMIT_PER_USER and RATE_LIMIT_WINDOW_SECONDS as the backend was given them (default: its defaults)
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DEMO_TRAFFIC_USERS, type DemoTrafficUser, type DemoUserName } from '../src/shared/demo-users';
import { AccountFreezePaths, ApiPaths, IDEMPOTENCY_KEY_HEADER, TransferPaths } from '../src/shared/contract/api';
import { DEFAULT_RATE_LIMITS } from '../src/backend/http/rate-limit';
import { PROJECT_ROOT } from '../src/shared/project-paths';
import { seededRandom } from '../src/shared/random';

const DAY_MS = 86_400_000;

export interface DemoTrafficOptions {
  skillUrl: string;
  backendUrl: string;
  /** Ordinary conversations (balances, transactions, questions...). */
  conversations?: number;
  /** Security alerts opened (risky transfers) and talked through. */
  alerts?: number;
  /** Conversations are spread over this many days, up to now. */
  days?: number;
  seed?: number;
  /** The backend's per-user budget (RATE_LIMIT_PER_USER, RATE_LIMIT_WINDOW_SECONDS): each demo-traffic user stays within it. */
  rateLimit?: { perUser: number; windowSeconds: number };
  log?: (line: string) => void;
}

export interface DemoTrafficReport {
  conversations: number;
  turns: number;
  /** HTTP failures and turns the skill's error handler apologised for. */
  failedTurns: number;
  /** Turns that ended in an apology for the backend (outcome backend_error). */
  backendErrorTurns: number;
  alertsOpened: number;
  alertDialogues: number;
}

type Input = { type: 'LAUNCH' } | { type: 'TEXT'; text: string } | { type: 'END' };

interface CoreResponse {
  output?: Array<{ message?: unknown }>;
  context?: {
    session?: { end?: boolean; data?: Record<string, unknown>; state?: Array<{ component?: string }> };
    turn?: { outcome?: string };
  };
}

/** Who talks (a demo-traffic copy of this demo user), in which language, how often. */
interface Persona {
  like: DemoUserName;
  locale: string;
  weight: number;
}

interface Speaker {
  user: DemoTrafficUser;
  locale: string;
}

/** Who talks to the skill, in which language, how often (the console may use any pair). */
const PERSONAS: Persona[] = [
  { like: 'alice', locale: 'en-US', weight: 30 },
  { like: 'alice', locale: 'en-GB', weight: 6 },
  { like: 'bruno', locale: 'de-DE', weight: 16 },
  { like: 'sofia', locale: 'es-MX', weight: 14 },
  { like: 'sofia', locale: 'fr-FR', weight: 10 },
  { like: 'yuki', locale: 'ja-JP', weight: 12 },
  { like: 'chen', locale: 'zh-CN', weight: 12 },
];
/** Users without a voice code: the app lets them make transfers without one. */
const ALERT_PERSONAS: Persona[] = [
  { like: 'alice', locale: 'en-US', weight: 3 },
  { like: 'sofia', locale: 'es-MX', weight: 2 },
  { like: 'yuki', locale: 'ja-JP', weight: 2 },
  { like: 'alice', locale: 'fr-FR', weight: 1 },
];

/**
 * Backend calls one turn makes at most: 1 to 3 measured over demo traffic, its analytics event included,
 * which the backend counts in a budget of its own (src/backend/http/rate-limit.ts): the plan errs on the safe side.
 */
const CALLS_PER_TURN = 3;
/** Of a user's budget, what the pacing plans to use: the rest is slack for a retried read. */
const BUDGET_SHARE = 0.8;

/**
 * Keeps each demo-traffic user within the backend's per-user budget: at most so many turns in any
 * window (a sliding window, so the backend's fixed one never sees more), waiting when a user is full.
 */
export class TurnPacer {
  private readonly sent = new Map<string, number[]>();
  private readonly windowMs: number;
  readonly turnsPerWindow: number;

  constructor(
    { perUser, windowSeconds }: { perUser: number; windowSeconds: number },
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    // 0: the backend has no per-user limit.
    this.turnsPerWindow = perUser > 0 ? Math.max(1, Math.floor((perUser * BUDGET_SHARE) / CALLS_PER_TURN)) : Number.POSITIVE_INFINITY;
    this.windowMs = windowSeconds * 1000;
  }

  /** Turns the user may still take in the current window. */
  room(token: string): number {
    return this.turnsPerWindow - this.recent(token).length;
  }

  /** Waits until the user has room for one more turn, and counts it. */
  async take(token: string): Promise<void> {
    for (let recent = this.recent(token); recent.length >= this.turnsPerWindow; recent = this.recent(token)) {
      await this.sleep(recent[0] + this.windowMs - this.now() + 10);
    }
    this.recent(token).push(this.now());
  }

  private recent(token: string): number[] {
    const since = this.now() - this.windowMs;
    const times = (this.sent.get(token) ?? []).filter((at) => at > since);
    this.sent.set(token, times);
    return times;
  }
}

/** Of the demo-traffic copies of a persona's demo user, the one with the most room left. */
function speakerFor(persona: Persona, pacer: TurnPacer): Speaker {
  const copies = DEMO_TRAFFIC_USERS.filter((user) => user.like === persona.like);
  const user = copies.reduce((best, candidate) => (pacer.room(candidate.token) > pacer.room(best.token) ? candidate : best));
  return { user, locale: persona.locale };
}

/** Scam wording the risk rules hold (two matches each), by scam type. */
const RISKY_MEMOS: Array<{ payee: string; memo: string }> = [
  { payee: 'Star Task Hub', memo: 'task commission unlock fee' },
  { payee: 'Prime Yield Capital', memo: 'guaranteed return crypto investment' },
  { payee: 'Refund Desk', memo: 'refund agent refund fee' },
  { payee: 'Bank Security Team', memo: 'safe account police' },
  { payee: 'Daniel', memo: 'my love visa fee' },
  { payee: 'Wallet Support', memo: 'activation fee wallet upgrade' },
];

/** How a warned user reacts: the intents of the replies, in order. */
const ALERT_REACTIONS: Array<{ weight: number; replies: string[] }> = [
  { weight: 5, replies: ['WorriedIntent', 'CancelTransferIntent'] },
  { weight: 3, replies: ['ConfusedIntent', 'CancelTransferIntent'] },
  { weight: 3, replies: ['AngryIntent', 'AMAZON.NoIntent', 'CancelTransferIntent'] },
  { weight: 2, replies: ['InsistIntent', 'AMAZON.NoIntent', 'SendAnywayIntent', 'AMAZON.YesIntent'] },
  { weight: 2, replies: ['InsistIntent', 'AMAZON.NoIntent', 'CancelTransferIntent'] },
  { weight: 3, replies: ['CancelTransferIntent'] },
  { weight: 1, replies: ['TalkToPersonIntent'] },
  { weight: 1, replies: ['AMAZON.StopIntent'] },
];

const NONSENSE: Record<string, string[]> = {
  en: ['purple elephants sing quietly', 'banana telescope marathon'],
  de: ['lila Elefanten singen leise', 'Bananen Teleskop Marathon'],
  es: ['elefantes morados cantan bajito', 'plátano telescopio maratón'],
  fr: ['les éléphants violets chantent doucement', 'banane télescope marathon'],
  ja: ['紫の象が静かに歌う', 'バナナ望遠鏡マラソン'],
  zh: ['紫色的大象在安静地唱歌', '香蕉望远镜马拉松'],
};

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length) % items.length];
}

function pickWeighted<T extends { weight: number }>(next: () => number, items: readonly T[]): T {
  let roll = next() * items.reduce((sum, item) => sum + item.weight, 0);
  for (const item of items) {
    roll -= item.weight;
    if (roll < 0) return item;
  }
  return items[items.length - 1];
}

/** Phrases of the app's own models (models/<lang>.json), so every language is understood. */
function modelPhrases(language: string): Record<string, string[]> {
  const model = JSON.parse(readFileSync(join(PROJECT_ROOT, 'models', `${language}.json`), 'utf8')) as {
    intents: Record<string, { phrases?: string[] }>;
  };
  return Object.fromEntries(Object.entries(model.intents).map(([name, intent]) => [name, (intent.phrases ?? []).filter((phrase) => !phrase.includes('{'))]));
}

/** Real customer questions: Banking77 in English, the FAQ examples in the other languages. */
function faqQuestions(language: string): string[] {
  const file =
    language === 'en' ? join(PROJECT_ROOT, 'resources', 'banking77', 'train.csv') : join(PROJECT_ROOT, 'resources', 'faq', `examples.${language}.csv`);
  const rows = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Array<{ text: string; category: string }>;
  // A handful of popular topics, as in real traffic, rather than all 77 evenly.
  const popular = new Set([
    'card_arrival',
    'top_up_failed',
    'exchange_rate',
    'pending_card_payment',
    'refund_not_showing_up',
    'lost_or_stolen_card',
    'activate_my_card',
    'transfer_not_received_by_recipient',
  ]);
  const questions = rows.filter((row) => popular.has(row.category)).map((row) => row.text);
  return questions.length > 0 ? questions : rows.map((row) => row.text);
}

class SkillClient {
  turns = 0;
  failedTurns = 0;
  backendErrorTurns = 0;

  constructor(
    private readonly skillUrl: string,
    private readonly pacer: TurnPacer,
  ) {}

  /** One conversation: sends each input, answering a voice code request on the way. */
  async converse(persona: Speaker, inputs: Input[], startAt: number, onTurn?: (response: CoreResponse) => void): Promise<CoreResponse[]> {
    const session: { id: string; data: Record<string, unknown>; state?: unknown; isNew: boolean } = {
      id: `demo-${randomUUID()}`,
      data: {},
      isNew: true,
    };
    const responses: CoreResponse[] = [];
    let at = startAt;
    const queue = [...inputs];
    while (queue.length > 0) {
      const input = queue.shift() as Input;
      at += 4_000 + Math.round((at % 7) * 1_000);
      const response = await this.send(persona, session, input, at);
      responses.push(response);
      onTurn?.(response);
      const context = response.context?.session;
      if (!context || context.end) break;
      session.data = context.data ?? {};
      session.state = context.state;
      session.isNew = false;
      const waiting = context.state?.[context.state.length - 1]?.component;
      if (waiting === 'VoiceCodeComponent' && persona.user.voiceCode) queue.unshift({ type: 'TEXT', text: persona.user.voiceCode.split('').join(' ') });
    }
    return responses;
  }

  private async send(
    persona: Speaker,
    session: { id: string; data: Record<string, unknown>; state?: unknown; isNew: boolean },
    input: Input,
    at: number,
  ): Promise<CoreResponse> {
    await this.pacer.take(persona.user.token);
    this.turns += 1;
    const request = {
      version: '4.0.0',
      platform: 'web',
      id: randomUUID(),
      timestamp: new Date(at).toISOString(),
      timeZone: persona.user.timeZone,
      locale: persona.locale,
      data: { accessToken: persona.user.token },
      input,
      context: {
        device: { id: 'demo-traffic', capabilities: ['SCREEN'] },
        session: { id: session.id, data: session.data, state: session.state, isNew: session.isNew },
        user: { id: `demo-${persona.user.userId}`, data: {} },
      },
    };
    const reply = await fetch(`${this.skillUrl}/web/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(30_000),
    });
    if (!reply.ok) {
      this.failedTurns += 1;
      return {};
    }
    const response = (await reply.json()) as CoreResponse;
    if (response.context?.turn?.outcome === 'error') this.failedTurns += 1;
    if (response.context?.turn?.outcome === 'backend_error') this.backendErrorTurns += 1;
    return response;
  }
}

/** Plans one ordinary conversation: what the user says, in their language. */
function planConversation(next: () => number, language: string, phrases: Record<string, string[]>, questions: string[]): Input[] {
  const say = (intent: string): Input => ({ type: 'TEXT', text: pick(next, phrases[intent] ?? ['help']) });
  const inputs: Input[] = next() < 0.6 ? [{ type: 'LAUNCH' }] : [];
  const kind = next();
  if (kind < 0.3) {
    inputs.push(say('BalanceIntent'));
    if (next() < 0.4) inputs.push(say('RecentTransactionsIntent'));
  } else if (kind < 0.5) {
    inputs.push(say('RecentTransactionsIntent'));
    if (next() < 0.5) inputs.push(say('BalanceIntent'));
  } else if (kind < 0.8) {
    inputs.push({ type: 'TEXT', text: pick(next, questions) });
    if (next() < 0.35) inputs.push({ type: 'TEXT', text: pick(next, questions) });
  } else if (kind < 0.9) {
    inputs.push({ type: 'TEXT', text: pick(next, NONSENSE[language] ?? NONSENSE.en) });
    if (next() < 0.5) inputs.push(say('BalanceIntent'));
    else inputs.push({ type: 'TEXT', text: pick(next, NONSENSE[language] ?? NONSENSE.en) });
  } else {
    inputs.push({ type: 'TEXT', text: pick(next, questions) });
    inputs.push(say('HumanAgentIntent'));
  }
  if (next() < 0.5) inputs.push(say('AMAZON.StopIntent'));
  return inputs;
}

async function openRiskyTransfer(
  backendUrl: string,
  user: DemoTrafficUser,
  risky: { payee: string; memo: string },
  index: number,
  retry = true,
): Promise<boolean> {
  const reply = await fetch(`${backendUrl}${TransferPaths.transfers}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${user.token}`,
      [IDEMPOTENCY_KEY_HEADER]: randomUUID(),
    },
    body: JSON.stringify({
      payee: { name: risky.payee, account: `+44 7700 9${String(10_000 + ((index * 7919 + Date.now()) % 89_999)).padStart(5, '0')}` },
      // A few percent of the home wallet: held money is reserved, and cancelled money comes back.
      amountMinor: Math.max(500, Math.round(user.wallets[0].availableMinor * (0.02 + 0.01 * (index % 3)))),
      currency: user.wallets[0].currency,
      memo: risky.memo,
      channel: 'mobile_app',
    }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await reply.json()) as { status?: string };
  if (retry && reply.status === 409 && (body as { error?: { code?: string } }).error?.code === 'account_frozen') {
    // The user froze the account in an earlier conversation: they lift it in the app, then pay.
    await fetch(`${backendUrl}${AccountFreezePaths.accountUnfreeze}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${user.mobileAppToken}` },
      body: '{}',
      signal: AbortSignal.timeout(10_000),
    });
    return openRiskyTransfer(backendUrl, user, risky, index, false);
  }
  return reply.status === 201 && body.status === 'held';
}

/**
 * A backend started before the demo-traffic users existed does not know them (it adds them to its
 * store when it starts again): say so, rather than talk as unknown users.
 */
async function checkTrafficUsers(backendUrl: string): Promise<void> {
  const [first] = DEMO_TRAFFIC_USERS;
  const reply = await fetch(`${backendUrl}${ApiPaths.profile}`, {
    headers: { authorization: `Bearer ${first.token}` },
    signal: AbortSignal.timeout(10_000),
  });
  if (reply.status === 401) {
    throw new Error(`the backend at ${backendUrl} does not know the demo-traffic users: restart it (npm start adds them to its store)`);
  }
}

export async function runDemoTraffic(options: DemoTrafficOptions): Promise<DemoTrafficReport> {
  const {
    skillUrl,
    backendUrl: givenBackendUrl,
    conversations = 120,
    alerts = 12,
    days = 14,
    seed = 7,
    rateLimit = DEFAULT_RATE_LIMITS,
    log = () => undefined,
  } = options;
  const backendUrl = givenBackendUrl.replace(/\/+$/, '');
  const next = seededRandom(seed);
  const pacer = new TurnPacer(rateLimit);
  const skill = new SkillClient(skillUrl.replace(/\/+$/, ''), pacer);
  await checkTrafficUsers(backendUrl);
  const phrasesByLanguage = new Map<string, Record<string, string[]>>();
  const questionsByLanguage = new Map<string, string[]>();
  const phrasesOf = (language: string) => {
    if (!phrasesByLanguage.has(language)) phrasesByLanguage.set(language, modelPhrases(language));
    return phrasesByLanguage.get(language) as Record<string, string[]>;
  };
  const questionsOf = (language: string) => {
    if (!questionsByLanguage.has(language)) questionsByLanguage.set(language, faqQuestions(language));
    return questionsByLanguage.get(language) as string[];
  };

  const now = Date.now();
  for (let index = 0; index < conversations; index++) {
    const persona = speakerFor(pickWeighted(next, PERSONAS), pacer);
    const language = persona.locale.slice(0, 2);
    // More conversations lately (the service is growing), some every day.
    const daysAgo = Math.min(days - 1, Math.floor(days * next() * next()));
    const startAt = Math.min(now - 60_000, now - daysAgo * DAY_MS - Math.floor(next() * 10 * 3_600_000));
    await skill.converse(persona, planConversation(next, language, phrasesOf(language), questionsOf(language)), startAt);
    if ((index + 1) % 20 === 0) log(`${index + 1} conversations, ${skill.turns} turns`);
  }

  let alertsOpened = 0;
  let alertDialogues = 0;
  for (let index = 0; index < alerts; index++) {
    const persona = speakerFor(pickWeighted(next, ALERT_PERSONAS), pacer);
    const phrases = phrasesOf(persona.locale.slice(0, 2));
    // The app's calls (a transfer, perhaps an unfreeze) count in the user's budget like a turn.
    await pacer.take(persona.user.token);
    if (await openRiskyTransfer(backendUrl, persona.user, RISKY_MEMOS[index % RISKY_MEMOS.length], index)) alertsOpened += 1;
    const reaction = pickWeighted(next, ALERT_REACTIONS);
    const inputs: Input[] = [
      { type: 'LAUNCH' },
      ...reaction.replies.map((intent): Input => ({ type: 'TEXT', text: pick(next, phrases[intent] ?? ['cancel']) })),
    ];
    const responses = await skill.converse(persona, inputs, now - 60_000);
    if (responses.some((response) => response.context?.turn?.outcome === 'security_alert')) alertDialogues += 1;
  }
  log(`${alertsOpened} alerts opened, ${alertDialogues} talked through`);

  return {
    conversations,
    turns: skill.turns,
    failedTurns: skill.failedTurns,
    backendErrorTurns: skill.backendErrorTurns,
    alertsOpened,
    alertDialogues,
  };
}

function numberArgument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number.parseInt(process.argv[index + 1] ?? '', 10) : Number.NaN;
  return Number.isInteger(value) && value >= 0 ? value : fallback;
}

/** The same variables the backend reads its budgets from: set them alike for both. */
function environmentNumber(name: string, fallback: number): number {
  const value = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isInteger(value) && value >= 0 ? value : fallback;
}

if (require.main === module) {
  const skillUrl = process.env.SKILL_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
  const backendUrl = process.env.BACKEND_URL ?? `http://localhost:${process.env.BACKEND_PORT ?? 4000}`;
  const started = Date.now();
  runDemoTraffic({
    skillUrl,
    backendUrl,
    conversations: numberArgument('conversations', 120),
    alerts: numberArgument('alerts', 12),
    days: Math.max(1, Math.min(90, numberArgument('days', 14))),
    seed: numberArgument('seed', Date.now() % 100_000),
    rateLimit: {
      perUser: environmentNumber('RATE_LIMIT_PER_USER', DEFAULT_RATE_LIMITS.perUser),
      windowSeconds: Math.max(1, environmentNumber('RATE_LIMIT_WINDOW_SECONDS', DEFAULT_RATE_LIMITS.windowSeconds)),
    },
    log: (line) => process.stdout.write(`${line}\n`),
  })
    .then((report) => {
      process.stdout.write(`${JSON.stringify({ ...report, seconds: Math.round((Date.now() - started) / 100) / 10 })}\n`);
      process.stdout.write(`Open ${skillUrl}/dashboard/ to see the charts.\n`);
      if (report.turns > 0 && report.failedTurns === report.turns) process.exitCode = 1;
    })
    .catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      process.stderr.write(`demo traffic failed: ${reason} (is \`npm start\` running at ${skillUrl}?)\n`);
      process.exitCode = 1;
    });
}
