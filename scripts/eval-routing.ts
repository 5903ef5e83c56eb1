/**
 * How well the skill understands typed or transcribed requests: every row of a CSV
 * (`text,kind,expected`; kind `intent` or `faq`, expected an intent name or a FAQ topic) goes
 * through the real web app (NLU, the FAQ routing hook, the router, the handlers) in a fresh
 * session of a linked demo user, in the language of the file (`<lang>.csv`) or of a `lang`
 * column. A folder runs every CSV in it.
 *
 *   npm run eval -- routing test/data/routing
 *
 * Right means: an intent row reached that intent; a FAQ row was answered by the FAQ with that
 * topic. Every call that would change the account (freeze, unfreeze, settings, a report, a
 * decision on a held transfer) is recorded and refused (so nothing changes between
 * rows); one made in a turn whose request was misunderstood counts in
 * `unconfirmed_actions_on_misunderstanding`. Progress and the confusions go to stderr; the last
 * stdout line is the JSON summary.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'fs';
import { basename, join } from 'path';
import { parse } from 'csv-parse/sync';
import nock from 'nock';
import { type App, type Jovo, TestServer } from '@jovotech/framework';
import { loadUnderstanding, type UnderstandingModel } from '../src/skill/nlu/understanding';
import { createApp } from '../src/skill/app';
import { BackendClient, BackendError } from '../src/skill/services/backend-client';
import { createLogger } from '../src/shared/logger';
import { DEMO_USERS } from '../src/shared/demo-users';
import { startBackend } from '../src/backend/main';
import { tmpdir } from 'os';

interface Row {
  text: string;
  kind: 'intent' | 'faq';
  expected: string;
  lang: string;
}

const WEB_LOCALE: Record<string, string> = { en: 'en-US', de: 'de-DE', es: 'es-ES', fr: 'fr-FR', ja: 'ja-JP', zh: 'zh-CN' };

/** The client calls that change the account: refused here, and counted (a support ticket is not one). */
const ACCOUNT_CHANGES = ['freezeAccount', 'unfreezeAccount', 'updateSettings', 'createFraudReport', 'decideAlert'] as const;

function readRows(path: string): Row[] {
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((file) => file.endsWith('.csv'))
        .map((file) => join(path, file))
    : [path];
  return files.flatMap((file) => {
    const records = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as Array<Record<string, string>>;
    const fileLang = basename(file, '.csv');
    return records.map((record) => ({
      text: record.text,
      kind: record.kind === 'faq' ? 'faq' : 'intent',
      expected: record.expected,
      lang: record.lang ?? fileLang,
    }));
  });
}

function webRequest(text: string, locale: string, accessToken: string) {
  const id = Math.random().toString(36).slice(2);
  return {
    version: '4.0.0',
    platform: 'web',
    id: `eval-${id}`,
    timestamp: new Date().toISOString(),
    timeZone: 'Europe/Berlin',
    locale,
    data: { accessToken },
    input: { type: 'TEXT', text },
    context: { device: { id: 'eval', capabilities: ['SCREEN'] }, session: { id: `eval-${id}`, data: {} }, user: { id: 'eval-user', data: {} } },
  };
}

export interface RoutingSummary {
  accuracy: number;
  intent_accuracy: number;
  faq_accuracy: number;
  by_lang: Record<string, number>;
  n: number;
  unconfirmed_actions_on_misunderstanding: number;
}

interface Outcome {
  intent: string;
  answeredBy: string;
  /** The topic the FAQ answered, as it noted it for analytics. */
  faqTopic?: string;
  changes: string[];
}

export interface RoutingEvalOptions {
  /** Every n-th row only (a quicker check, e.g. the floor test in npm test). */
  everyNth?: number;
  /** Progress and confusions to stderr (default true). */
  verbose?: boolean;
}

export async function evaluate(path: string, { everyNth = 1, verbose = true }: RoutingEvalOptions = {}): Promise<RoutingSummary> {
  const rows = readRows(path).filter((_, index) => index % everyNth === 0);
  const write = (text: string) => verbose && process.stderr.write(text);
  // Rate limits off: thousands of turns of one demo user in minutes would get 429s, and the set measures understanding.
  const backend = await startBackend({
    port: 0,
    store: { dataDir: mkdtempSync(join(tmpdir(), 'carevoice-eval-')) },
    logger: createLogger('silent'),
    rateLimits: { windowSeconds: 60, perIp: 0, perUser: 0 },
  });
  nock.enableNetConnect(/localhost|127\.0\.0\.1/);
  // Generous: a slow machine must not turn reads into timeouts (and apologies counted as misunderstandings).
  const client = new BackendClient({ baseUrl: backend.url, timeoutMs: 10_000 });
  let changes: string[] = [];
  for (const method of ACCOUNT_CHANGES) {
    (client as unknown as Record<string, unknown>)[method] = async () => {
      changes.push(method);
      throw new BackendError('unavailable', 'refused by the evaluation');
    };
  }
  const understanding: UnderstandingModel = loadUnderstanding();
  const app: App = createApp({ backend: client, understanding: () => understanding, logger: createLogger('silent') });
  let current: Partial<Outcome> = {};
  app.hook('after.interpretation.nlu', (jovo: Jovo) => {
    current.intent = jovo.$input.getIntentName() ?? '(none)';
  });
  app.hook('after.dialogue.logic', (jovo: Jovo) => {
    current.answeredBy = jovo.$handleRequest.activeComponentNode?.path.join('.') ?? '(none)';
    current.faqTopic = (jovo.$data.turnNote as { faqTopic?: string } | undefined)?.faqTopic;
  });
  await app.initialize();

  const byLang: Record<string, { right: number; n: number }> = {};
  const byKind = { intent: { right: 0, n: 0 }, faq: { right: 0, n: 0 } };
  const confusions = new Map<string, number>();
  let unconfirmed = 0;
  let right = 0;
  for (const [index, row] of rows.entries()) {
    current = {};
    changes = [];
    const locale = WEB_LOCALE[row.lang] ?? 'en-US';
    await app.handle(new TestServer(webRequest(row.text, locale, DEMO_USERS.alice.token) as never));
    const outcome = { intent: '(none)', answeredBy: '(none)', ...current, changes } as Outcome;
    let got = outcome.intent;
    if (outcome.answeredBy === 'FaqComponent') got = `faq:${outcome.faqTopic ?? '(not answered)'}`;
    const wanted = row.kind === 'faq' ? `faq:${row.expected}` : row.expected;
    const ok = got === wanted;
    if (ok) right += 1;
    else {
      const key = `${row.lang} ${wanted} -> ${got}`;
      confusions.set(key, (confusions.get(key) ?? 0) + 1);
      if (outcome.changes.length > 0) {
        unconfirmed += 1;
        write(`ACCOUNT CHANGE on a misunderstanding: [${row.lang}] "${row.text}" (${wanted}) -> ${got}: ${outcome.changes.join(', ')}\n`);
      }
    }
    byLang[row.lang] ??= { right: 0, n: 0 };
    byLang[row.lang].n += 1;
    byLang[row.lang].right += ok ? 1 : 0;
    byKind[row.kind].n += 1;
    byKind[row.kind].right += ok ? 1 : 0;
    if ((index + 1) % 500 === 0) write(`${index + 1}/${rows.length}\n`);
  }
  await backend.close();

  const share = (r: { right: number; n: number }) => (r.n === 0 ? 0 : r.right / r.n);
  write('\nmost frequent confusions (language expected -> got: count):\n');
  for (const [key, count] of [...confusions.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40)) write(`  ${key}: ${count}\n`);
  write('\nby language and kind:\n');
  for (const [lang, r] of Object.entries(byLang)) write(`  ${lang}: ${(100 * share(r)).toFixed(1)}% of ${r.n}\n`);
  write(`  intents: ${(100 * share(byKind.intent)).toFixed(1)}%, faq: ${(100 * share(byKind.faq)).toFixed(1)}%\n`);
  return {
    accuracy: right / rows.length,
    intent_accuracy: share(byKind.intent),
    faq_accuracy: share(byKind.faq),
    by_lang: Object.fromEntries(Object.entries(byLang).map(([lang, r]) => [lang, share(r)])),
    n: rows.length,
    unconfirmed_actions_on_misunderstanding: unconfirmed,
  };
}
