/**
 * Property-based fuzzing of every backend endpoint. The list of endpoints, their parameters and
 * body shapes come from the OpenAPI document (src/shared/contract/api.ts), so an endpoint added there is
 * fuzzed without touching this file. Never a 500, never a stack, every error an ApiError, and
 * the store intact afterwards.
 */
import { sql } from 'kysely';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import fc from 'fast-check';
import { buildOpenApiDocument, VOICE_SESSION_HEADER } from '../../src/shared/contract/api';
import { createBackendApp } from '../../src/backend/app';
import type { Db } from '../../src/backend/db/db';
import { openSeededStore } from '../../src/backend/seed/seed';
import { createLogger } from '../../src/shared/logger';
import { DEMO_USERS, makeDataDir, serve, type Api } from './support';
import { anyJson, applyMutations, crashWatch, fuzzRuns, hostileText, STACK_TRACE, type Mutation } from '../support/fuzz';
import { testStoreIn } from '../support/store';

type Schema = Record<string, any>;

interface Operation {
  method: string;
  path: string;
  secured: boolean;
  pathParams: Schema[];
  queryParams: Schema[];
  headerParams: Schema[];
  bodySchema?: Schema;
}

const document = buildOpenApiDocument() as unknown as {
  paths: Record<string, Record<string, Schema>>;
  components?: { schemas?: Record<string, Schema> };
};

function resolve(schema: Schema | undefined): Schema {
  let current = schema ?? {};
  for (let hops = 0; current.$ref && hops < 10; hops += 1) {
    current = document.components?.schemas?.[String(current.$ref).replace('#/components/schemas/', '')] ?? {};
  }
  return current;
}

/** Every operation of the document, as it is when the test runs. */
export function operationsOf(): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const parameters: Schema[] = operation.parameters ?? [];
      operations.push({
        method: method.toUpperCase(),
        path,
        secured: Array.isArray(operation.security) && operation.security.length > 0,
        pathParams: parameters.filter((parameter) => parameter.in === 'path'),
        queryParams: parameters.filter((parameter) => parameter.in === 'query'),
        headerParams: parameters.filter((parameter) => parameter.in === 'header'),
        bodySchema: operation.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return operations;
}

/** A plausible value for a schema: its example, first enum value, or a value of its type. */
function exampleOf(input: Schema | undefined, depth = 0): unknown {
  const schema = resolve(input);
  if (depth > 6) return undefined;
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const variant = schema.oneOf?.[0] ?? schema.anyOf?.[0] ?? schema.allOf?.[0];
  if (variant) return exampleOf(variant, depth + 1);
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(Object.entries<Schema>(schema.properties ?? {}).map(([name, property]) => [name, exampleOf(property, depth + 1)]));
    case 'array':
      return [exampleOf(schema.items, depth + 1)];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'string':
      if (schema.format === 'date-time') return new Date().toISOString();
      if (schema.format === 'date') return new Date().toISOString().slice(0, 10);
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    default:
      return 'x';
  }
}

/** Property paths of an example body, to mutate: every key at any depth, plus unknown ones. */
function pathsOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, item]) => [`${prefix}${key}`, ...pathsOf(item, `${prefix}${key}.`)]);
}

/** What fetch can put in a header: visible ASCII, bounded. */
function headerSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '').slice(0, 2000);
}

/** encodeURIComponent throws on lone surrogates: replace them as String#toWellFormed would. */
function uriSafe(text: string): string {
  return encodeURIComponent(text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
}

const { alice, bruno, chen } = DEMO_USERS;
const TOKENS = [alice.token, bruno.token, bruno.mobileAppToken, chen.token, alice.mobileAppToken];

interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

function requestFor(operation: Operation, voiceSessions: string[]): fc.Arbitrary<FuzzRequest> {
  const example = operation.bodySchema ? exampleOf(operation.bodySchema) : {};
  const bodyPaths = [...pathsOf(example), '__proto__', 'constructor.prototype.polluted', 'extra'];
  const pathValue = (parameter: Schema) => fc.oneof(fc.constant(String(exampleOf(parameter.schema))), hostileText);
  const queryValue = (parameter: Schema) => fc.option(fc.oneof(fc.constant(String(exampleOf(parameter.schema))), hostileText), { nil: undefined });
  return fc
    .record({
      pathValues: fc.tuple(...operation.pathParams.map(pathValue)),
      queryValues: fc.tuple(...operation.queryParams.map(queryValue)),
      extraQuery: fc.option(fc.tuple(fc.constantFrom('limit', 'cursor', 'a[b]', 'currency', '__proto__'), hostileText), { nil: undefined }),
      authorization: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...TOKENS).map((token) => `Bearer ${token}`) },
        { weight: 1, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: hostileText.map((text) => `Bearer ${text}`) },
        { weight: 1, arbitrary: hostileText },
      ),
      voiceSession: fc.option(fc.oneof(fc.constantFrom(...voiceSessions), hostileText), { nil: undefined }),
      idempotencyKey: fc.option(fc.oneof(fc.uuid(), hostileText), { nil: undefined }),
      contentType: fc.constantFrom('application/json', 'application/json', 'application/json', 'text/plain', 'application/json; charset=utf-16'),
      body: fc.oneof(
        {
          weight: 5,
          arbitrary: fc
            .array(fc.record({ path: fc.constantFrom(...bodyPaths), value: anyJson, remove: fc.boolean() }), { maxLength: 3 })
            .map((changes: Mutation[]) => JSON.stringify(applyMutations(example ?? {}, changes))),
        },
        { weight: 1, arbitrary: anyJson.map((value) => JSON.stringify(value) ?? 'null') },
        { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
        { weight: 1, arbitrary: fc.constant(undefined) },
      ),
    })
    .map(({ pathValues, queryValues, extraQuery, authorization, voiceSession, idempotencyKey, contentType, body }) => {
      let index = 0;
      const path = operation.path.replace(/\{\w+\}/g, () => uriSafe(pathValues[index++] ?? ''));
      const query = operation.queryParams
        .map((parameter, position) => [parameter.name as string, queryValues[position]] as const)
        .filter((entry): entry is readonly [string, string] => entry[1] !== undefined);
      if (extraQuery) query.push(extraQuery);
      const search = query.map(([name, value]) => `${encodeURIComponent(name)}=${uriSafe(value)}`).join('&');
      const headers: Record<string, string> = {};
      if (authorization !== undefined) headers.Authorization = headerSafe(authorization);
      if (voiceSession !== undefined) headers[VOICE_SESSION_HEADER] = headerSafe(voiceSession);
      if (idempotencyKey !== undefined) headers['Idempotency-Key'] = headerSafe(idempotencyKey);
      const sendsBody = operation.method !== 'GET' && body !== undefined;
      if (sendsBody) headers['Content-Type'] = contentType;
      return { method: operation.method, url: `${path}${search ? `?${search}` : ''}`, headers, body: sendsBody ? body : undefined };
    });
}

describe('security: fuzzing every backend endpoint', function () {
  this.timeout(180_000);
  const crashes = crashWatch();
  const operations = operationsOf();
  let dataDir: string;
  let db: Db;
  let server: { api: Api; close(): Promise<void> };
  let voiceSessions: string[];

  before(async () => {
    dataDir = await makeDataDir();
    db = await openSeededStore(await testStoreIn(dataDir));
    server = await serve(createBackendApp({ db, logger: createLogger('silent'), rateLimits: { windowSeconds: 60, perIp: 0, perUser: 0 } }));
    voiceSessions = [await server.api.voiceSession(bruno), await server.api.voiceSession(chen)];
    crashes.install();
  });

  after(async () => {
    crashes.uninstall();
    await server.close();
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  afterEach(() => crashes.assertNone());

  it('finds the endpoints in the OpenAPI document', () => {
    assert.ok(operations.length >= 10, `only ${operations.length} operations`);
    assert.ok(operations.some((operation) => operation.method === 'POST' && operation.bodySchema));
  });

  it('refuses a missing or unknown token on every secured endpoint with 401, before reading anything', async () => {
    for (const operation of operations.filter((candidate) => candidate.secured)) {
      const path = operation.path.replace(/\{\w+\}/g, (placeholder) =>
        uriSafe(String(exampleOf(operation.pathParams.find((parameter) => `{${parameter.name}}` === placeholder)?.schema))),
      );
      const body = operation.method === 'GET' || !operation.bodySchema ? undefined : exampleOf(operation.bodySchema);
      for (const token of [undefined, 'demo-mallory', '']) {
        const reply = await server.api.call(operation.method, path, { token, body, headers: { 'Idempotency-Key': 'fuzz-auth-check-1' } });
        assert.equal(reply.status, 401, `${operation.method} ${operation.path} with token ${JSON.stringify(token)}: ${reply.status} ${reply.text}`);
        assert.equal(reply.body.error.code, 'unauthorized');
      }
    }
  });

  it('never answers a 500 or a stack to random and malformed requests, on any endpoint', async () => {
    const runsPerEndpoint = fuzzRuns(30);
    for (const operation of operations) {
      await fc.assert(
        fc.asyncProperty(requestFor(operation, voiceSessions), async (request) => {
          const response = await fetch(server.api.url + request.url, {
            method: request.method,
            headers: request.headers,
            body: request.body,
          });
          const text = await response.text();
          const label = `${request.method} ${request.url.slice(0, 200)} ${JSON.stringify(request.headers).slice(0, 200)} ${request.body?.slice(0, 300) ?? ''}`;
          assert.ok(response.status < 500, `${label}: HTTP ${response.status} ${text.slice(0, 300)}`);
          assert.doesNotMatch(text, STACK_TRACE, `${label}: a stack trace in the answer`);
          if (response.status >= 400 && response.status !== 431) {
            const body = JSON.parse(text);
            assert.equal(typeof body.error?.code, 'string', `${label}: not an ApiError: ${text.slice(0, 200)}`);
            assert.equal(typeof body.error?.message, 'string');
          }
        }),
        { numRuns: runsPerEndpoint },
      );
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'the prototype was polluted');
  });

  it('leaves the store consistent after the fuzzing', async () => {
    if (db.engine === 'sqlite') {
      // PostgreSQL enforces every foreign key at once; SQLite is asked.
      assert.deepEqual((await sql`PRAGMA integrity_check`.execute(db.executor)).rows, [{ integrity_check: 'ok' }]);
      assert.deepEqual((await sql`PRAGMA foreign_key_check`.execute(db.executor)).rows, []);
    }
    const overdrawn = await db.executor.selectFrom('wallets').select(['user_id', 'currency']).where('available_minor', '<', 0).execute();
    assert.deepEqual(overdrawn, [], 'no wallet below zero');
  });
});
