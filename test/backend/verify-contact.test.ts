import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { VerifyContactPaths, VerifyContactResult, type ContactKind } from '../../src/shared/contract/api';
import { openStore } from '../../src/backend/db/store';
import { DEMO_USERS, makeDataDir, startTestBackend, type TestBackend } from './support';
import { testStoreIn } from '../support/store';

const { alice, bruno } = DEMO_USERS;

describe('backend: verify contact', () => {
  let backend: TestBackend;
  before(async () => {
    backend = await startTestBackend();
  });
  after(() => backend.close());

  const verify = async (kind: string, value: string, token = alice.token) => {
    const query = new URLSearchParams({ kind, value });
    return backend.api.get(`${VerifyContactPaths.verifyContact}?${query}`, { token });
  };
  const verdictOf = async (kind: ContactKind, value: string): Promise<VerifyContactResult> => {
    const reply = await verify(kind, value);
    assert.equal(reply.status, 200, reply.text);
    return VerifyContactResult.strict().parse(reply.body);
  };

  it('knows the service number 95188 however it is written', async () => {
    for (const value of ['95188', '+86 95188', '0086 95188', '+86-95188', '86 95188', '９５１８８']) {
      assert.deepEqual(
        await verdictOf('phone', value),
        {
          verdict: 'official',
          kind: 'phone',
          matched: '95188',
          advice: 'official_channel',
        },
        value,
      );
    }
  });

  it('knows a scam number with or without its country code', async () => {
    for (const value of ['+44 7700 900777', '+44 (0)7700 900777', '0044 7700 900 777', '07700 900777', '447700900777']) {
      assert.deepEqual(
        await verdictOf('phone', value),
        {
          verdict: 'known_scam',
          kind: 'phone',
          matched: '+44 7700 900777',
          advice: 'hang_up',
        },
        value,
      );
    }
  });

  it('does not call a number official because it looks like ours', async () => {
    for (const value of ['951880', '+1 95188', '+44 95188', '+49 30 1234567']) {
      assert.deepEqual(await verdictOf('phone', value), { verdict: 'unknown', kind: 'phone', advice: 'check_with_official_number' }, value);
    }
  });

  it('knows the official app by its name in each store, ignoring case and spaces', async () => {
    for (const [value, matched] of [
      ['CareVoice', 'CareVoice'],
      ['carevoice', 'CareVoice'],
      ['Care Voice', 'CareVoice'],
      ['CareVoice Wallet', 'CareVoice Wallet'],
      ['  CAREVOICE   wallet ', 'CareVoice Wallet'],
    ]) {
      assert.deepEqual(await verdictOf('app', value), { verdict: 'official', kind: 'app', matched, advice: 'official_channel' }, value);
    }
  });

  it('knows fake apps such as "Ant Wealth Helper", however they are written', async () => {
    for (const value of ['Ant Wealth Helper', 'ant wealth helper', 'ANTWEALTHHELPER', 'Ant-Wealth  Helper', 'Ａｎｔ Ｗｅａｌｔｈ Ｈｅｌｐｅｒ']) {
      assert.deepEqual(
        await verdictOf('app', value),
        {
          verdict: 'known_scam',
          kind: 'app',
          matched: 'Ant Wealth Helper',
          advice: 'delete_app',
        },
        value,
      );
    }
    assert.equal((await verdictOf('app', '蚂蚁财富助手')).verdict, 'known_scam');
    assert.deepEqual(await verdictOf('app', 'CareVoice Pro'), { verdict: 'unknown', kind: 'app', advice: 'check_with_official_number' });
  });

  it('knows the official web sites and their subdomains, whatever the address around them', async () => {
    for (const value of ['carevoice.com', 'https://www.carevoice.com/login?next=/home', 'HELP.CareVoice.com.', 'http://carevoice.eu:8080']) {
      const result = await verdictOf('website', value);
      assert.equal(result.verdict, 'official', value);
      assert.equal(result.advice, 'official_channel');
    }
    assert.equal((await verdictOf('website', 'carevoice.cn')).matched, 'carevoice.cn');
  });

  it('knows scam sites, including look-alikes that only borrow the name', async () => {
    for (const [value, matched] of [
      ['carevoice-refund.com', 'carevoice-refund.com'],
      ['https://secure.carevoice-support.net/verify', 'carevoice-support.net'],
      ['https://carevoice.com-secure.info/login', 'com-secure.info'],
      // A Cyrillic "о" in place of the Latin one.
      ['https://carevоice.com', 'xn--carevice-rbh.com'],
    ]) {
      assert.deepEqual(await verdictOf('website', value), { verdict: 'known_scam', kind: 'website', matched, advice: 'leave_website' }, value);
    }
    for (const value of ['example.org', 'carevoice.com.example.net']) {
      assert.equal((await verdictOf('website', value)).verdict, 'unknown', value);
    }
  });

  const stories: Array<[language: string, text: string, story: string, matched: string]> = [
    ['en', 'Customer service will move your money to a safe account', 'safe_account', 'customer service will move your money'],
    ['en', 'They asked me to pay a refund fee first', 'refund_fee', 'refund fee'],
    ['en', 'I must pay an unfreeze fee to get my account back', 'unfreeze_fee', 'unfreeze fee'],
    ['de', 'Der Anrufer sagte, ich soll mein Geld auf ein sicheres Konto überweisen', 'safe_account', 'sicheres Konto'],
    ['de', 'Für die Erstattung verlangen sie eine Rückerstattungsgebühr', 'refund_fee', 'Rückerstattungsgebühr'],
    ['de', 'Ich soll eine Entsperrgebühr zahlen', 'unfreeze_fee', 'Entsperrgebühr'],
    ['es', 'Me dijeron que pasara mi dinero a una cuenta segura', 'safe_account', 'cuenta segura'],
    ['es', 'Tengo que pagar una tarifa de reembolso', 'refund_fee', 'tarifa de reembolso'],
    ['es', 'Piden una comisión de desbloqueo', 'unfreeze_fee', 'comisión de desbloqueo'],
    ['fr', 'Le service client va déplacer votre argent sur un compte sécurisé', 'safe_account', 'le service client va déplacer votre argent'],
    ['fr', 'On me demande des frais de remboursement', 'refund_fee', 'frais de remboursement'],
    ['fr', 'Il faut payer des frais de déblocage', 'unfreeze_fee', 'frais de déblocage'],
    ['ja', 'カスタマーサービスからお金を安全な口座に移すように言われました', 'safe_account', '安全な口座'],
    ['ja', '返金手数料を先に払うように言われた', 'refund_fee', '返金手数料'],
    ['ja', '凍結解除手数料が必要だそうです', 'unfreeze_fee', '凍結解除手数料'],
    ['zh', '客服说要把钱转到安全账户', 'safe_account', '安全账户'],
    ['zh', '对方让我先交退款手续费', 'refund_fee', '退款手续费'],
    ['zh', '他们说要先交解冻费', 'unfreeze_fee', '解冻费'],
  ];
  for (const [language, text, story, matched] of stories) {
    it(`calls a "${story}" story a scam in ${language}: "${text}"`, async () => {
      assert.deepEqual(await verdictOf('phrase', text), {
        verdict: 'known_scam',
        kind: 'phrase',
        matched,
        story,
        advice: 'stop_and_report',
      });
    });
  }

  it('says which phrase it recognised: the longest one the story tells', async () => {
    const result = await verdictOf('phrase', 'He said: customer service will move your money, to a SAFE ACCOUNT!');
    assert.equal(result.matched, 'customer service will move your money');
    assert.equal(result.story, 'safe_account');
  });

  it('always calls a "safe account" or "refund fee" story a scam, even from the official number', async () => {
    for (const text of [
      '95188 called, it was the official CareVoice customer service, they will move my money to a safe account',
      'The real app told me there is a small refund fee',
      'REFUND FEES!!!',
      'compte securise',
    ]) {
      assert.equal((await verdictOf('phrase', text)).verdict, 'known_scam', text);
    }
  });

  it('tells scam phrases apart from words that only contain them', async () => {
    for (const text of ['My unsafe accounting software crashed', 'Someone called about my parcel delivery']) {
      assert.deepEqual(await verdictOf('phrase', text), { verdict: 'unknown', kind: 'phrase', advice: 'check_with_official_number' }, text);
    }
  });

  it('needs no voice code, and a token', async () => {
    assert.equal((await verify('phone', '95188', bruno.token)).status, 200);
    assert.equal((await backend.api.get(`${VerifyContactPaths.verifyContact}?kind=phone&value=95188`)).status, 401);
  });

  const refusals: Array<[what: string, query: string, reason: RegExp]> = [
    ['no kind', 'value=95188', /^kind: is required$/],
    ['an unknown kind', 'kind=email&value=a%40b.c', /^kind: must be one of phone, app, website, phrase$/],
    ['no value', 'kind=phone', /^value: is required$/],
    ['an empty value', 'kind=app&value=%20', /^value: must not be empty$/],
    ['a value given twice', 'kind=app&value=a&value=b', /^value: must be given once$/],
    ['a value over 500 characters', `kind=phrase&value=${'a'.repeat(501)}`, /^value: must be at most 500 characters$/],
    ['a phone number with letters', 'kind=phone&value=call%20me', /^value: must be a phone number: 3 to 15 digits/],
    ['a phone number of two digits', 'kind=phone&value=12', /^value: must be a phone number/],
    ['a phone number of 16 digits', `kind=phone&value=${'1'.repeat(16)}`, /^value: must be a phone number/],
    ['an app name over 100 characters', `kind=app&value=${'a'.repeat(101)}`, /^value: must be at most 100 characters for an app name$/],
    ['a web address that is none', 'kind=website&value=not%20a%20site', /^value: must be a web address or a domain such as carevoice\.com$/],
    ['a domain without a dot', 'kind=website&value=localhost', /^value: must be a web address/],
  ];
  for (const [what, query, reason] of refusals) {
    it(`refuses ${what} with a 400 naming the field`, async () => {
      const reply = await backend.api.get(`${VerifyContactPaths.verifyContact}?${query}`, { token: alice.token });
      assert.equal(reply.status, 400);
      assert.equal(reply.body.error.code, 'bad_request');
      assert.match(reply.body.error.message, reason);
    });
  }
});

describe('backend: contact registry', () => {
  it('is in every store, demo or not: a migration writes it', async () => {
    const dataDir = await makeDataDir();
    try {
      const db = await openStore(await testStoreIn(dataDir));
      const counts = await db.executor
        .selectFrom('contact_registry')
        .select((eb) => ['kind', 'verdict', eb.fn.countAll<number>().as('n')])
        .groupBy(['kind', 'verdict'])
        .orderBy('kind')
        .orderBy('verdict')
        .execute();
      await db.close();
      assert.deepEqual(
        counts.map(({ kind, verdict }) => `${kind}:${verdict}`),
        ['app:known_scam', 'app:official', 'phone:known_scam', 'phone:official', 'phrase:known_scam', 'website:known_scam', 'website:official'],
      );
      assert.ok((counts.find((row) => row.kind === 'phrase')?.n ?? 0) >= 60);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
