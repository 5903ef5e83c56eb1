/**
 * The fixes behind BENCHMARKS.md, checked without timing anything: what Jovo copies
 * for every request stays small, and the web NLU trains once, on first use, for every copy.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HandleRequest, I18Next, Jovo, Server } from '@jovotech/framework';
import { WebPlatform } from '@jovotech/platform-web';
import { LangEn } from '@nlpjs/lang-en';
import { LOCALES_DIR, MODELS_DIR } from '../../src/shared/project-paths';
import { builtOnFirstUse } from '../../src/skill/lazy';
import { SharedNlpjsNlu } from '../../src/skill/nlu/shared-nlpjs';
import { testApp } from '../support/skill';

/** Every string of a locale file (nested objects and arrays), the longest first. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

function englishStrings(): string[] {
  return strings(JSON.parse(readFileSync(join(LOCALES_DIR, 'en.json'), 'utf8'))).sort((a, b) => b.length - a.length);
}

/** A web request's Jovo, as far as nlp.js looks at it. */
function webJovo(locale: string): Jovo {
  return { $request: { getLocale: () => locale } } as unknown as Jovo;
}

describe('bench: what a request costs the app', () => {
  it("keeps i18next and the locale strings out of Jovo's per-request copy of the app", async () => {
    const app = testApp();
    await app.initialize();
    // What App.handle builds for every request: a deep copy of the app (the server is only stored).
    const copy = new HandleRequest(app, {} as Server);
    const copiedI18n = (copy as unknown as { i18n: I18Next }).i18n;
    assert.equal(copiedI18n.i18n, app.i18n.i18n, 'the copy reaches the one i18next instance');
    const longest = englishStrings().slice(0, 5);
    for (const copied of [JSON.stringify(copy.config), JSON.stringify(copiedI18n.config), JSON.stringify(app.config)]) {
      for (const text of longest) assert.ok(!copied.includes(JSON.stringify(text).slice(1, -1)), `a copied configuration holds "${text.slice(0, 40)}..."`);
    }
    // The strings are still all there, in i18next's own store.
    const german = JSON.parse(readFileSync(join(LOCALES_DIR, 'de.json'), 'utf8')) as { errors: { generic: unknown } };
    assert.deepEqual(copiedI18n.t('errors.generic', { lng: 'de' }), german.errors.generic);
  });

  describe('the web NLU (SharedNlpjsNlu)', () => {
    let modelsPath: string;

    before(() => {
      // A models folder of its own, so no other test's training is shared with this one.
      modelsPath = mkdtempSync(join(tmpdir(), 'carevoice-nlu-'));
      copyFileSync(join(MODELS_DIR, 'en.json'), join(modelsPath, 'en.json'));
    });

    after(() => rmSync(modelsPath, { recursive: true, force: true }));

    it('trains on first use, once for every copy of the app, and understands like before', async () => {
      let packLoads = 0;
      const nlu = new SharedNlpjsNlu({
        modelsPath,
        loadLanguagePacks: async () => {
          packLoads++;
          return { en: LangEn };
        },
      });
      await nlu.initialize(new WebPlatform());
      assert.equal(packLoads, 0, 'app.initialize() must not load language packs or train');
      assert.equal(nlu.nlpjs, undefined);

      // As lodash.cloneDeep in HandleRequest copies it: same prototype, own properties copied.
      const copy: SharedNlpjsNlu = Object.assign(Object.create(SharedNlpjsNlu.prototype), nlu, { config: { ...nlu.config } });
      const copies = [nlu, copy];
      const answers = await Promise.all(
        copies.flatMap((copy) => [copy.processText(webJovo('en-US'), "what's my balance"), copy.processText(webJovo('en-US'), 'show my recent transactions')]),
      );
      assert.equal(packLoads, 1, 'concurrent first requests share one training');
      assert.deepEqual(
        answers.map((answer) => (typeof answer?.intent === 'string' ? answer.intent : answer?.intent?.name)),
        ['BalanceIntent', 'RecentTransactionsIntent', 'BalanceIntent', 'RecentTransactionsIntent'],
      );
      assert.ok(nlu.nlpjs, 'the trained model');
      assert.equal(copy.nlpjs, nlu.nlpjs, 'a copy reads the same trained model');
      await nlu.prepare();
      assert.equal(packLoads, 1, 'prepare() after training does nothing');
    });
  });

  it('builds a provided dependency on its first use, not when a component receives it (builtOnFirstUse)', () => {
    class Expensive {
      constructor(readonly factor: number) {}
      times(value: number): number {
        return value * this.factor;
      }
    }
    let builds = 0;
    const lazy = builtOnFirstUse(Expensive, () => {
      builds++;
      return new Expensive(2);
    });
    assert.ok(lazy instanceof Expensive);
    assert.equal(builds, 0, 'handing it out builds nothing');
    assert.equal(lazy.times(21), 42);
    const { times } = lazy;
    assert.equal(times(4), 8, 'methods stay bound to the built object');
    assert.equal(lazy.factor, 2);
    assert.equal(builds, 1, 'built once');
  });
});
