/**
 * The PostgreSQL side of the backend figures: a schema of its own per measurement in the local
 * database (BENCH_POSTGRES_URL, else the test database), its URL with that schema as the search
 * path for the instances (as test/support/store.ts does), dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The URL without its password, for messages. */
export function describePostgres(url = POSTGRES_URL): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

async function onPostgres(statement: string, url = POSTGRES_URL): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Why PostgreSQL cannot be used (refused, unknown database, authentication), or undefined when it answers. */
export async function postgresUnavailable(url = POSTGRES_URL): Promise<string | undefined> {
  try {
    await onPostgres('SELECT 1', url);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message || error.constructor.name : String(error);
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !message.includes(code) ? `${code} ${message}` : message;
  }
}

export interface BenchSchema {
  name: string;
  /** The database URL with this schema as the search path (DATABASE_URL of the instances). */
  databaseUrl: string;
  drop(): Promise<void>;
}

/** A new, empty schema `carevoice_bench_<random>`. */
export async function createBenchSchema(url = POSTGRES_URL): Promise<BenchSchema> {
  const name = `carevoice_bench_${randomBytes(6).toString('hex')}`;
  await onPostgres(`CREATE SCHEMA ${name}`, url);
  const databaseUrl = new URL(url);
  databaseUrl.searchParams.set('options', `-c search_path=${name}`);
  return { name, databaseUrl: databaseUrl.toString(), drop: () => onPostgres(`DROP SCHEMA IF EXISTS ${name} CASCADE`, url) };
}
