/**
 * The store the backend tests run on: SQLite in the test's data directory, or, with
 * CAREVOICE_TEST_ENGINE=postgres (as `.ci/run` sets for its second pass), a schema of its own in
 * the test PostgreSQL database, dropped when the run ends.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { StoreLocation } from '../../src/backend/db/store';

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const TEST_ENGINE = process.env.CAREVOICE_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

const createdSchemas: string[] = [];

async function onPostgres(statement: string): Promise<void> {
  const client = new pg.Client(POSTGRES_URL);
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A new, empty PostgreSQL schema, and the URL of the test database with it as the search path. */
export async function freshPostgresStore(): Promise<{ databaseUrl: string }> {
  const schema = `carevoice_test_${randomBytes(6).toString('hex')}`;
  await onPostgres(`CREATE SCHEMA ${schema}`);
  createdSchemas.push(schema);
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { databaseUrl: url.toString() };
}

/** Where a test's backend keeps its data, on the engine this run tests. */
export async function testStoreIn(dataDir: string): Promise<StoreLocation> {
  return TEST_ENGINE === 'postgres' ? { ...(await freshPostgresStore()), dataDir } : { dataDir };
}

/** Drops the schemas this run made (a mocha root hook, see setup.ts). */
export async function dropTestSchemas(): Promise<void> {
  const schemas = createdSchemas.splice(0);
  // One statement each: a single transaction dropping them all runs out of lock slots.
  for (const schema of schemas) await onPostgres(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
}
