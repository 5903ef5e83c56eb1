/**
 * `npm run migrate`: applies the schema migrations to the configured store (DATABASE_URL, else
 * the SQLite file in CAREVOICE_DATA_DIR) and says which ran. Every start also does it; this is for
 * a deployment that migrates before rolling out new instances.
 */
import { loadBackendConfig } from './config';
import { engineOf, migrateStore } from './db/store';

async function main(): Promise<void> {
  const { store } = loadBackendConfig();
  const applied = await migrateStore(store);
  const where = store.databaseUrl === undefined ? `SQLite in ${store.dataDir}` : 'PostgreSQL';
  process.stdout.write(applied.length === 0 ? `The ${engineOf(store)} store is up to date (${where}).\n` : `Applied to ${where}: ${applied.join(', ')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Migrating failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
