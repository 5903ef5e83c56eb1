import type { ContactKind, ContactVerdict, ScamStory } from '../../shared/contract/api';
import { type Selectable, sql } from 'kysely';
import type { Db } from '../db/db';
import type { ContactRegistryTable } from '../db/schema';

/** One official channel or known scam; `key` is the normalized form it is found by. */
export interface RegistryEntry {
  kind: ContactKind;
  key: string;
  display: string;
  verdict: Exclude<ContactVerdict, 'unknown'>;
  story?: ScamStory;
}

function toEntry(row: Selectable<ContactRegistryTable>): RegistryEntry {
  return {
    kind: row.kind,
    key: row.match_key,
    display: row.display,
    verdict: row.verdict,
    ...(row.story === null ? {} : { story: row.story }),
  };
}

/** The registry of the wallet's official channels and of known scams (written by a migration). */
export class ContactRegistryRepository {
  constructor(private readonly db: Db) {}

  /** A scam entry wins over an official one, then the most specific (longest) key. */
  async findFirst(kind: ContactKind, keys: readonly string[]): Promise<RegistryEntry | undefined> {
    if (keys.length === 0) return undefined;
    const row = await this.db.executor
      .selectFrom('contact_registry')
      .selectAll()
      .where('kind', '=', kind)
      .where('match_key', 'in', keys)
      .orderBy(sql`verdict = 'known_scam'`, 'desc')
      .orderBy(sql`length(match_key)`, 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && toEntry(row);
  }

  async phrases(): Promise<RegistryEntry[]> {
    const rows = await this.db.executor.selectFrom('contact_registry').selectAll().where('kind', '=', 'phrase').execute();
    return rows.map(toEntry);
  }
}
