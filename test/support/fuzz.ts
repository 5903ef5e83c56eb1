/**
 * Shared by the fuzz tests: hostile values, a strict SSML check, and a guard that fails a test
 * when anything crashes the process (an unhandled rejection or exception) while it runs.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import sax from 'sax';

/** Markers a test looks for: they must never come out of the skill as markup. */
export const EVIL_ELEMENT = 'evil-marker';
export const EVIL_HOST = 'evil.example';

/** Values meant to break parsers, SSML and validators. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.fullUnicodeString({ maxLength: 40 }) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      `<${EVIL_ELEMENT}/>`,
      `</speak><${EVIL_ELEMENT}>`,
      `<audio src="https://${EVIL_HOST}/x.mp3"/>`,
      `<break time="100s"/>`,
      `]]><${EVIL_ELEMENT}/>`,
      `<![CDATA[<${EVIL_ELEMENT}/>]]>`,
      `<!DOCTYPE x [<!ENTITY e "${EVIL_ELEMENT}">]>&e;`,
      '<?xml version="1.0"?>',
      '&',
      '&amp;',
      '&#0;',
      `'"<>`,
      '\u0000\u0007\u001b[31m\u007f',
      '\uD800',
      '\uFFFE\uFFFF',
      '\r\n\t',
      '{{__proto__}}',
      '__proto__',
      'constructor',
      '${process.exit()}',
      '1234',
      '-1',
      '99999999999999999999',
      'NaN',
      '',
      ' ',
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('x', 'é', '<', '&', '漢', '\u0000', '🙂'), fc.integer({ min: 1_000, max: 60_000 }))
      .map(([unit, count]) => unit.repeat(count)),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }).map((text) => `${text}<${EVIL_ELEMENT}>${text}</${EVIL_ELEMENT}>`) },
);

/** Any JSON value, hostile strings included: what a wrong-typed field may hold. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  hostileText,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.array(hostileText, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), hostileText, { maxKeys: 3 }),
);

/** One change to an object: set `path` to a value, or delete it. */
export interface Mutation {
  path: string;
  value: unknown;
  remove: boolean;
}

export function mutations(paths: readonly string[], max = 3): fc.Arbitrary<Mutation[]> {
  return fc.array(fc.record({ path: fc.constantFrom(...paths), value: anyJson, remove: fc.boolean() }), { maxLength: max });
}

/** A mutated deep copy of `base`. Missing parents along a path are created. */
export function applyMutations<T>(base: T, changes: readonly Mutation[]): T {
  const copy = structuredClone(base) as Record<string, unknown>;
  for (const { path, value, remove } of changes) {
    const keys = path.split('.');
    let target: Record<string, unknown> = copy;
    for (const key of keys.slice(0, -1)) {
      const next = target[key];
      if (typeof next !== 'object' || next === null) target[key] = {};
      target = target[key] as Record<string, unknown>;
    }
    const last = keys[keys.length - 1];
    if (remove) delete target[last];
    // A copy: fast-check's constants ({} and []) are one shared object, which a later change in
    // this list (or a later run) would otherwise write into, down to a cycle.
    else target[last] = structuredClone(value);
  }
  return copy as T;
}

// Control characters are exactly what this pattern looks for.
const NOT_XML_CHARACTERS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The elements our own speech uses (src/skill/speech/ssml.ts and the locale files). */
const OUR_ELEMENTS = new Set(['speak', 'break', 'say-as', 'lang', 'prosody', 'emphasis', 'p', 's', 'sub', 'amazon:effect', 'amazon:emotion', 'voice', 'w']);

/**
 * Fails unless `ssml` is well-formed XML rooted in one <speak>, with only our own elements, no
 * character XML forbids, and no trace of the hostile markers as markup.
 */
export function assertSafeSsml(ssml: string, context: string): void {
  assert.ok(!NOT_XML_CHARACTERS.test(ssml), `${context}: a character XML forbids in ${JSON.stringify(ssml.slice(0, 200))}`);
  const parser = sax.parser(true, { xmlns: false });
  const elements: string[] = [];
  let depth = 0;
  let roots = 0;
  let error: Error | undefined;
  parser.onerror = (failure) => {
    error ??= failure;
    parser.resume();
  };
  parser.onopentag = (tag) => {
    if (depth === 0) roots += 1;
    depth += 1;
    elements.push(tag.name);
    for (const value of Object.values(tag.attributes)) {
      assert.ok(!String(value).includes(EVIL_HOST), `${context}: user text became an attribute: ${ssml.slice(0, 300)}`);
    }
  };
  parser.onclosetag = () => {
    depth -= 1;
  };
  parser.ondoctype = () => {
    error ??= new Error('a DOCTYPE in the speech');
  };
  parser.oncdata = () => {
    error ??= new Error('a CDATA section in the speech');
  };
  parser.write(ssml).close();
  assert.equal(error, undefined, `${context}: not well-formed SSML (${error?.message.split('\n')[0]}): ${ssml.slice(0, 300)}`);
  assert.equal(roots, 1, `${context}: SSML must have one root: ${ssml.slice(0, 300)}`);
  assert.equal(elements[0], 'speak', `${context}: SSML must start with <speak>: ${ssml.slice(0, 300)}`);
  for (const element of elements) {
    assert.ok(OUR_ELEMENTS.has(element), `${context}: unexpected element <${element}> (user text not escaped?): ${ssml.slice(0, 300)}`);
  }
}

/** A stack trace or a source location in a body meant for the outside. */
export const STACK_TRACE = /\bat (?:\S+ \()?[^\s()]+\.(?:ts|js):\d+|node_modules|TypeError|ReferenceError/;

/** Records process-level crashes while installed; `assertNone` fails the test if any happened. */
export function crashWatch(): { install(): void; uninstall(): void; assertNone(): void } {
  const crashes: unknown[] = [];
  const onCrash = (error: unknown) => crashes.push(error);
  return {
    install() {
      process.on('unhandledRejection', onCrash);
      process.on('uncaughtException', onCrash);
    },
    uninstall() {
      process.off('unhandledRejection', onCrash);
      process.off('uncaughtException', onCrash);
    },
    assertNone() {
      assert.deepEqual(crashes.map(String), [], 'the process saw an unhandled error');
    },
  };
}

/** Bounded runs: the whole suite must stay fast. FUZZ_RUNS raises it for a deeper local search. */
export function fuzzRuns(defaultRuns: number): number {
  const fromEnvironment = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(fromEnvironment) && fromEnvironment > 0 ? fromEnvironment : defaultRuns;
}
