import type Database from 'better-sqlite3';

/** One connection to the backend's store; repositories take it in their constructor. */
export type Db = Database.Database;
