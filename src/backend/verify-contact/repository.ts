import type { ContactKind, ContactVerdict, ScamStory } from '../../shared/contract/api';
import type { Db } from '../db/db';

/** One official channel or known scam; `key` is the normalized form it is found by. */
export interface RegistryEntry {
  kind: ContactKind;
  key: string;
  display: string;
  verdict: Exclude<ContactVerdict, 'unknown'>;
  story?: ScamStory;
}

interface RegistryRow {
  kind: ContactKind;
  match_key: string;
  display: string;
  verdict: RegistryEntry['verdict'];
  story: ScamStory | null;
}

function toEntry(row: RegistryRow): RegistryEntry {
  return {
    kind: row.kind,
    key: row.match_key,
    display: row.display,
    verdict: row.verdict,
    ...(row.story === null ? {} : { story: row.story }),
  };
}

/** The registry of the wallet's official channels and of known scams. */
export class ContactRegistryRepository {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      insert: db.prepare<[ContactKind, string, string, string, string | null]>(
        'INSERT INTO contact_registry (kind, match_key, display, verdict, story) VALUES (?, ?, ?, ?, ?)',
      ),
      // A scam entry wins over an official one, then the most specific (longest) key.
      findFirst: db.prepare<[ContactKind, string], RegistryRow>(
        `SELECT kind, match_key, display, verdict, story FROM contact_registry
         WHERE kind = ? AND match_key IN (SELECT value FROM json_each(?))
         ORDER BY verdict = 'known_scam' DESC, length(match_key) DESC LIMIT 1`,
      ),
      phrases: db.prepare<[], RegistryRow>(`SELECT kind, match_key, display, verdict, story FROM contact_registry WHERE kind = 'phrase'`),
    };
  }

  /** Fails on a key already registered: one entry cannot be both official and a scam. */
  add(entry: RegistryEntry): void {
    this.statements.insert.run(entry.kind, entry.key, entry.display, entry.verdict, entry.story ?? null);
  }

  findFirst(kind: ContactKind, keys: readonly string[]): RegistryEntry | undefined {
    const row = this.statements.findFirst.get(kind, JSON.stringify(keys));
    return row && toEntry(row);
  }

  phrases(): RegistryEntry[] {
    return this.statements.phrases.all().map(toEntry);
  }
}
