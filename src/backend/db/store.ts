import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { Db, type Engine } from './db';
import { migrateLegacySqliteStore } from './legacy-sqlite-migrations';
import { migrateToLatest } from './migrations';
import type { Schema } from './schema';

export const DATABASE_FILE_NAME = 'carevoice.sqlite';

/** Where the store lives: a SQLite file in a data directory (the default), or a PostgreSQL database. */
export type StoreLocation = { dataDir: string; databaseUrl?: undefined } | { databaseUrl: string; dataDir?: string };

/** PostgreSQL connections per backend instance. */
const POOL_SIZE = 10;

// Counts and money come back from PostgreSQL as 64-bit integers and numerics, which pg gives as
// strings; every such value here is far below 2^53, so numbers are exact.
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return Number;
    return pg.types.getTypeParser(oid, format);
  },
};

export function engineOf(location: StoreLocation): Engine {
  return location.databaseUrl === undefined ? 'sqlite' : 'postgres';
}

/** Opens a SQLite file with the settings every connection needs (the legacy steps of an older store applied). */
function openSqliteFile(file: string): Kysely<Schema> {
  const database = new Database(file);
  try {
    // Wait for another writer instead of failing at once with SQLITE_BUSY (first: switching a new
    // file to WAL already needs the lock). Long enough for another process starting on the same
    // new file to migrate and seed it on a busy machine.
    database.pragma('busy_timeout = 20000');
    database.pragma('journal_mode = WAL');
    // A fraud report (or a transfer) acknowledged to the user must survive a power cut, not only a
    // crash of this process. WAL's usual NORMAL (what this build applies when it reopens a WAL
    // file) may lose the last commits then: FULL syncs the log at every commit, before we answer.
    // One connection serves every table, so it applies to all; commits are rare and small.
    database.pragma('synchronous = FULL');
    database.pragma('foreign_keys = ON');
    migrateLegacySqliteStore(database);
  } catch (error) {
    database.close();
    throw error;
  }
  return new Kysely<Schema>({ dialect: new SqliteDialect({ database }) });
}

function connectPostgres(databaseUrl: string): Kysely<Schema> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE, types: pgTypes, connectionTimeoutMillis: 5000 });
  return new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
}

/** Connects to the store (creating a SQLite file as needed) without running the shared migrations. */
export function connectStore(location: StoreLocation): Kysely<Schema> {
  if (location.databaseUrl !== undefined) return connectPostgres(location.databaseUrl);
  mkdirSync(location.dataDir, { recursive: true });
  return openSqliteFile(path.join(location.dataDir, DATABASE_FILE_NAME));
}

/** Applies the migrations the store has not run yet (`npm run migrate`); returns their names. */
export async function migrateStore(location: StoreLocation): Promise<string[]> {
  const kysely = connectStore(location);
  try {
    return await migrateToLatest(kysely, engineOf(location));
  } finally {
    await kysely.destroy();
  }
}

/** Opens the store and applies the migrations it has not run (as every start does); seeding is a separate step. */
export async function openStore(location: StoreLocation): Promise<Db> {
  const engine = engineOf(location);
  const kysely = connectStore(location);
  try {
    await migrateToLatest(kysely, engine);
  } catch (error) {
    await kysely.destroy();
    throw error;
  }
  return new Db(kysely, engine);
}
