// Runs the files in migrations/ in name order. Our own provider rather than Kysely's
// FileMigrationProvider, so the TypeScript migrations load the same way under tsx,
// vitest and node.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from "kysely";

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../migrations");

/**
 * PostgreSQL's migrator runs each migration in a transaction; on SQLite Kysely does not, so a
 * migration stopped half-way (a crash, a rule some row breaks) would leave half its changes.
 * Each runs in one here too, unless it says it must not (`export const outsideTransaction =
 * true`: the SQLite table rebuilds, which switch foreign keys off and run their own).
 */
function inTransaction(step: (db: Kysely<any>) => Promise<void>): (db: Kysely<any>) => Promise<void> {
  return (db) => (db.isTransaction ? step(db) : db.transaction().execute((trx) => step(trx)));
}

/** The migration files' names, in order. */
function migrationFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((file) => /^\d{4}_\d{2}_\d{2}_\d{6}_[a-z0-9_]+\.ts$/.test(file)).sort();
}

/**
 * The migrations this code knows that the database has not had, by name, without loading
 * them: the compiled server (node alone) cannot import the TypeScript files, and /healthz
 * only needs to know whether any is missing.
 */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const known = migrationFiles(MIGRATIONS_DIR).map((file) => file.replace(/\.ts$/, ""));
  const applied = await db.selectFrom("kysely_migration").select("name").execute().catch(() => [] as { name: string }[]);
  const done = new Set(applied.map((r) => r.name as string));
  return known.filter((name) => !done.has(name));
}

class DirectoryMigrationProvider implements MigrationProvider {
  constructor(private readonly dir: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = migrationFiles(this.dir);
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const module = (await import(pathToFileURL(path.join(this.dir, file)).href)) as Migration & { outsideTransaction?: boolean };
      migrations[file.replace(/\.ts$/, "")] = module.outsideTransaction
        ? { up: module.up, down: module.down }
        : { up: inTransaction(module.up), down: module.down && inTransaction(module.down) };
    }
    return migrations;
  }
}

export function createMigrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: new DirectoryMigrationProvider(MIGRATIONS_DIR) });
}

function unwrap(set: MigrationResultSet): string[] {
  if (set.error) {
    const failed = set.results?.find((r) => r.status === "Error");
    const message = set.error instanceof Error ? set.error.message : String(set.error);
    throw new Error(`Migration ${failed?.migrationName ?? ""} failed: ${message}`);
  }
  return (set.results ?? []).map((r) => `${r.direction === "Up" ? "applied" : "rolled back"} ${r.migrationName}`);
}

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const applied = unwrap(await createMigrator(db).migrateToLatest());
  // A migration may change the data under kept profile figures without an audit event.
  if (applied.length > 0) await db.deleteFrom("profile_results").execute();
  return applied;
}

export async function migrateDown(db: Kysely<any>): Promise<string[]> {
  return unwrap(await createMigrator(db).migrateDown());
}

/** Rolls every migration back: used by the up/down/up test. */
export async function migrateAllDown(db: Kysely<any>): Promise<string[]> {
  const { NO_MIGRATIONS } = await import("kysely");
  return unwrap(await createMigrator(db).migrateTo(NO_MIGRATIONS));
}
