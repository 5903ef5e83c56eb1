/**
 * The registry's first version: the wallet's official channels and the scams it knows, written
 * into every store by the first migration (see db/migrations.ts), demo or not. Shipped data is never edited: to add
 * or withdraw entries, append a migration that does.
 *
 * Numbers are fictional (drama ranges such as +44 7700 900xxx and 555-01xx) except the service
 * number 95188.
 */
import type { ScamStory } from '../../shared/contract/api';
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema';
import { appKey, hostKeys, phoneKeys, phraseKey } from './normalize';
import type { RegistryEntry } from './repository';

interface Phone {
  /** Full international form: the key is its digits. */
  number: string;
  /** How the wallet writes it for the user; default `number`. */
  display?: string;
}

const OFFICIAL_PHONES: readonly Phone[] = [{ number: '+86 95188', display: '95188' }, { number: '+1 800 555 0199' }, { number: '+44 20 7946 0188' }];

const SCAM_PHONES: readonly Phone[] = [
  { number: '+44 7700 900777' },
  { number: '+1 305 555 0188' },
  { number: '+86 170 0951 8800' },
  { number: '+49 155 5555 0188' },
  { number: '+81 50 5555 0188' },
  { number: '+33 6 39 98 01 88' },
  { number: '+34 600 555 188' },
  { number: '+52 55 5555 0188' },
];

/** The official app by its name in each store: install it only from these. */
const OFFICIAL_APPS: ReadonlyArray<{ name: string; stores: readonly string[] }> = [
  { name: 'CareVoice', stores: ['App Store', 'Huawei AppGallery'] },
  { name: 'CareVoice Wallet', stores: ['Google Play'] },
];

/** Apps that imitate the wallet or its parent company to take over phones or sell "investments". */
const FAKE_APPS: readonly string[] = [
  'Ant Wealth Helper',
  'Ant Fortune Pro',
  'CareVoice Refund Assistant',
  'CareVoice Security Guard',
  'CareVoice Unfreeze Center',
  '蚂蚁财富助手',
  'CareVoice 安全卫士',
];

const OFFICIAL_DOMAINS: readonly string[] = ['carevoice.com', 'carevoice.eu', 'carevoice.cn'];

const SCAM_DOMAINS: readonly string[] = [
  'carevoice-refund.com',
  'carevoice-support.net',
  'safe-account-carevoice.com',
  'carevoice-unfreeze.help',
  // "carevoice.com-secure.info": the real name followed by a hyphen, under someone else's domain.
  'com-secure.info',
  // "carevoice.com" with a Cyrillic "о": looks the same, stored (and shown) as punycode.
  'carevоice.com',
];

/**
 * What scammers say, in every language of the skill, by story. Matched inside whatever the user
 * tells: case, accents and punctuation do not matter, endings may vary (see `tellsPhrase`).
 */
const SCAM_PHRASES: Readonly<Record<ScamStory, readonly string[]>> = {
  safe_account: [
    // en
    'safe account',
    'secure account',
    'safety account',
    'move your money',
    'move my money',
    'customer service will move your money',
    // de
    'sicheres Konto',
    'sicheren Konto',
    'sichere Konto',
    'Sicherheitskonto',
    'Geld in Sicherheit bringen',
    'Geld verschieben',
    'Geld umbuchen',
    'der Kundenservice wird Ihr Geld verschieben',
    // es
    'cuenta segura',
    'cuenta de seguridad',
    'cuenta protegida',
    'mover su dinero',
    'mover tu dinero',
    'mover mi dinero',
    'atención al cliente moverá su dinero',
    // fr
    'compte sécurisé',
    'compte de sécurité',
    'déplacer votre argent',
    'déplacer mon argent',
    'mettre votre argent en sécurité',
    'le service client va déplacer votre argent',
    // ja
    '安全な口座',
    '安全口座',
    'お金を移動',
    'お金を移す',
    '資金を移動',
    'カスタマーサービスがお金を移動します',
    // zh (simplified and traditional)
    '安全账户',
    '安全帐户',
    '安全賬戶',
    '转移资金',
    '轉移資金',
    '转移你的钱',
    '客服会帮你转移资金',
  ],
  refund_fee: [
    'refund fee',
    'refund processing fee',
    'fee for the refund',
    'fee for your refund',
    'fee to get a refund',
    'fee to get your refund',
    'Rückerstattungsgebühr',
    'Erstattungsgebühr',
    'Gebühr für die Rückerstattung',
    'tarifa de reembolso',
    'comisión de reembolso',
    'comisión por el reembolso',
    'frais de remboursement',
    '返金手数料',
    '返金のための手数料',
    '退款手续费',
    '退款費',
    '退款费',
  ],
  unfreeze_fee: [
    'unfreeze fee',
    'unfreezing fee',
    'fee to unfreeze',
    'unlock fee',
    'Entsperrgebühr',
    'Freischaltgebühr',
    'Gebühr zum Entsperren',
    'tarifa de desbloqueo',
    'comisión de desbloqueo',
    'comisión para descongelar',
    'frais de déblocage',
    'frais de dégel',
    'frais pour débloquer',
    '凍結解除手数料',
    '凍結解除の手数料',
    '解除手数料',
    '解冻费',
    '解冻手续费',
    '解凍費',
  ],
  remote_access: [
    'screen sharing',
    'share your screen',
    'remote access',
    'Bildschirmfreigabe',
    'Fernzugriff',
    'compartir pantalla',
    'acceso remoto',
    "partage d'écran",
    'accès à distance',
    '画面共有',
    '遠隔操作',
    '屏幕共享',
    '共享屏幕',
    '远程控制',
  ],
  share_code: [
    'verification code',
    'one-time code',
    'Bestätigungscode',
    'Verifizierungscode',
    'código de verificación',
    'code de vérification',
    '認証コード',
    '確認コード',
    '验证码',
    '驗證碼',
  ],
};

/**
 * Migration step: writes the entries above into an empty registry (a store made by an earlier
 * build already has them). A key registered twice fails the migration: one entry cannot be both
 * official and a scam.
 */
export async function addContactRegistry(db: Kysely<Schema>): Promise<void> {
  if ((await db.selectFrom('contact_registry').select('kind').limit(1).executeTakeFirst()) !== undefined) return;
  const entries: RegistryEntry[] = [];
  const add = (list: RegistryEntry[]) => entries.push(...list);
  const phones = (list: readonly Phone[], verdict: RegistryEntry['verdict']): RegistryEntry[] =>
    list.map(({ number, display }) => ({ kind: 'phone', key: phoneKeys(number)[0], display: display ?? number, verdict }));
  const sites = (list: readonly string[], verdict: RegistryEntry['verdict']): RegistryEntry[] =>
    list.map((domain) => {
      const [key] = hostKeys(domain);
      return { kind: 'website', key, display: key, verdict };
    });

  add(phones(OFFICIAL_PHONES, 'official'));
  add(phones(SCAM_PHONES, 'known_scam'));
  add(OFFICIAL_APPS.map(({ name }) => ({ kind: 'app', key: appKey(name), display: name, verdict: 'official' })));
  add(FAKE_APPS.map((name) => ({ kind: 'app', key: appKey(name), display: name, verdict: 'known_scam' })));
  add(sites(OFFICIAL_DOMAINS, 'official'));
  add(sites(SCAM_DOMAINS, 'known_scam'));
  for (const [story, phrases] of Object.entries(SCAM_PHRASES) as Array<[ScamStory, readonly string[]]>) {
    add(phrases.map((phrase) => ({ kind: 'phrase', key: phraseKey(phrase), display: phrase, verdict: 'known_scam', story })));
  }
  await db
    .insertInto('contact_registry')
    .values(entries.map((entry) => ({ kind: entry.kind, match_key: entry.key, display: entry.display, verdict: entry.verdict, story: entry.story ?? null })))
    .execute();
}
