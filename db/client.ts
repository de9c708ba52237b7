// One Kysely for the whole app. SQLite (better-sqlite3) by default; PostgreSQL when
// DATABASE_URL says postgres://. The engine is chosen once, here, and nowhere else.
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase, type Transaction } from "kysely";
import type { Database } from "./schema";

export type Db = Kysely<Database>;
/** Repository functions take this, so one transaction can span several of them. */
export type Executor = Kysely<Database> | Transaction<Database>;

export const DEFAULT_SQLITE_PATH = "data/portal.db";

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

/** A SQLite path from DATABASE_URL: a plain path, or file:path / sqlite:path. */
export function sqlitePathFromUrl(url: string | undefined): string {
  if (!url) return DEFAULT_SQLITE_PATH;
  return url.replace(/^(file|sqlite):(\/\/)?/, "");
}

/**
 * pg's name in a variable: the browser build, which meets this file through the routes, does
 * not follow an import it cannot read, and node loads pg when the first query needs it.
 */
const PG_MODULE = "pg";

/** The PostgreSQL pool, made when the first query needs it: a portal on SQLite never loads pg (about 15 MB of a server's memory). */
async function postgresPool(url: string): Promise<import("pg").Pool> {
  const { default: pg } = (await import(PG_MODULE)) as typeof import("pg");
  // COUNT(*) and SUM() come back from PostgreSQL as int8 strings: read them as numbers.
  // Pence totals stay far below 2^53.
  pg.types.setTypeParser(20, (value: string) => Number(value));
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // A connection the server closes while it is idle (a restart, a failover, an
  // administrator) is dropped from the pool and logged; without a listener it would
  // bring the whole process down. The next query opens a new one.
  pool.on("error", (error) => console.error(`PostgreSQL closed an idle connection: ${error.message}`));
  return pool;
}

export function createDb(url = process.env.DATABASE_URL): Db {
  if (isPostgresUrl(url)) return new Kysely<Database>({ dialect: new PostgresDialect({ pool: () => postgresPool(url) }) });
  const file = sqlitePathFromUrl(url);
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: keepingStatements(sqlite) }) });
}

/**
 * Kysely asks better-sqlite3 to prepare each query's SQL afresh every time it runs, which cost
 * a page of many small queries about a millisecond. Prepared statements are kept by their
 * text (the portal has a few hundred distinct queries; the bound is for safety) and reused:
 * better-sqlite3 runs a statement to its end synchronously, so one is never in use twice,
 * unless it is being iterated (Kysely's stream()), when a fresh one is prepared.
 */
function keepingStatements(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      const kept = statements.get(sql);
      if (kept && !kept.busy) return kept;
      const statement = sqlite.prepare(sql);
      if (!kept) {
        if (statements.size >= 2000) statements.clear();
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

export function dialectName(url = process.env.DATABASE_URL): "postgres" | "sqlite" {
  return isPostgresUrl(url) ? "postgres" : "sqlite";
}

let shared: Db | undefined;

/** The app's shared connection, made on first use from DATABASE_URL. */
export function getDb(): Db {
  shared ??= createDb();
  return shared;
}

/** Tests and scripts close the shared connection so the process can exit. */
export async function closeDb(): Promise<void> {
  const db = shared;
  shared = undefined;
  await db?.destroy();
}
