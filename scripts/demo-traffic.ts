/**
 * `npm run demo:traffic`: realistic conversations through the real skill, so that a fresh
 * install shows meaningful analytics. It speaks to the running server over HTTP (web platform,
 * `/web/webhook`) as the demo users, in all six languages, spread over the last days (each
 * request carries its own time, which the skill records): balances, transactions, common
 * questions, misunderstandings, requests for a person, and security alerts (risky transfers
 * made in the app through the backend, then the warning dialogue in the skill, with worried,
 * angry, confused, insistent and calm users).
 *
 *   npm run demo:traffic -- [--conversations 120] [--alerts 12] [--days 14] [--seed 7]
 *   SKILL_URL (default http://localhost:$PORT or :3000), BACKEND_URL (default http://localhost:$BACKEND_PORT or :4000)
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DEMO_USERS, type DemoUser } from '../src/shared/demo-users';
import { AccountFreezePaths, IDEMPOTENCY_KEY_HEADER, TransferPaths } from '../src/shared/contract/api';
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
  log?: (line: string) => void;
}

export interface DemoTrafficReport {
  conversations: number;
  turns: number;
  failedTurns: number;
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

interface Persona {
  user: DemoUser;
  locale: string;
  weight: number;
}

const { alice, bruno, chen, sofia, yuki } = DEMO_USERS;
/** Who talks to the skill, in which language, how often (the console may use any pair). */
const PERSONAS: Persona[] = [
  { user: alice, locale: 'en-US', weight: 30 },
  { user: alice, locale: 'en-GB', weight: 6 },
  { user: bruno, locale: 'de-DE', weight: 16 },
  { user: sofia, locale: 'es-MX', weight: 14 },
  { user: sofia, locale: 'fr-FR', weight: 10 },
  { user: yuki, locale: 'ja-JP', weight: 12 },
  { user: chen, locale: 'zh-CN', weight: 12 },
];
/** Users without a voice code: the app lets them make transfers without one. */
const ALERT_PERSONAS: Persona[] = [
  { user: alice, locale: 'en-US', weight: 3 },
  { user: sofia, locale: 'es-MX', weight: 2 },
  { user: yuki, locale: 'ja-JP', weight: 2 },
  { user: alice, locale: 'fr-FR', weight: 1 },
];

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

  constructor(private readonly skillUrl: string) {}

  /** One conversation: sends each input, answering a voice code request on the way. */
  async converse(persona: Persona, inputs: Input[], startAt: number, onTurn?: (response: CoreResponse) => void): Promise<CoreResponse[]> {
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
    persona: Persona,
    session: { id: string; data: Record<string, unknown>; state?: unknown; isNew: boolean },
    input: Input,
    at: number,
  ): Promise<CoreResponse> {
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

async function openRiskyTransfer(backendUrl: string, user: DemoUser, risky: { payee: string; memo: string }, index: number, retry = true): Promise<boolean> {
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

export async function runDemoTraffic(options: DemoTrafficOptions): Promise<DemoTrafficReport> {
  const { skillUrl, backendUrl, conversations = 120, alerts = 12, days = 14, seed = 7, log = () => undefined } = options;
  const next = seededRandom(seed);
  const skill = new SkillClient(skillUrl.replace(/\/+$/, ''));
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
    const persona = pickWeighted(next, PERSONAS);
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
    const persona = pickWeighted(next, ALERT_PERSONAS);
    const phrases = phrasesOf(persona.locale.slice(0, 2));
    if (await openRiskyTransfer(backendUrl.replace(/\/+$/, ''), persona.user, RISKY_MEMOS[index % RISKY_MEMOS.length], index)) alertsOpened += 1;
    const reaction = pickWeighted(next, ALERT_REACTIONS);
    const inputs: Input[] = [
      { type: 'LAUNCH' },
      ...reaction.replies.map((intent): Input => ({ type: 'TEXT', text: pick(next, phrases[intent] ?? ['cancel']) })),
    ];
    const responses = await skill.converse(persona, inputs, now - 60_000);
    if (responses.some((response) => response.context?.turn?.outcome === 'security_alert')) alertDialogues += 1;
  }
  log(`${alertsOpened} alerts opened, ${alertDialogues} talked through`);

  return { conversations, turns: skill.turns, failedTurns: skill.failedTurns, alertsOpened, alertDialogues };
}

function numberArgument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number.parseInt(process.argv[index + 1] ?? '', 10) : Number.NaN;
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
