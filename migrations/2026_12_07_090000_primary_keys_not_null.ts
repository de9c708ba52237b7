// Every primary-key column NOT NULL. SQLite lets a key that is not an INTEGER PRIMARY KEY
// hold NULL (a bug kept for compatibility), so the `"id" text primary key` columns made by
// `c.primaryKey()` accepted rows with no id: nothing can fetch or reference such a row.
//
// PostgreSQL already makes every key column NOT NULL: there this migration only checks.
// SQLite cannot add NOT NULL to a column, so each table with a nullable key is rebuilt by
// the documented procedure (https://www.sqlite.org/lang_altertable.html#otheralter): foreign
// keys off, one transaction, create the new table from the old one's own DDL with NOT NULL
// added to its key columns, copy the rows, drop the old table, rename the new one into its
// place, recreate its indexes and triggers, check foreign keys, commit, foreign keys back
// on. Dropping a parent with foreign keys on would run its ON DELETE CASCADEs and empty the
// child tables; with them off, the children's REFERENCES name the table, so they point at
// the rebuilt one once it has the old name. legacy_alter_table stays off: nothing is
// renamed away from its old name, so no reference needs to be left alone.
//
// Rows whose key is NULL stop the migration with a message naming them, and nothing is
// changed: the portal always makes its own ids, so such a row came from a bug, and whether
// it is worth keeping under a new id or deleting is for a person to decide.
import { PostgresAdapter, SqliteAdapter, sql, type Kysely } from "kysely";
import {
  columnDefinitions, definitionOf, rebuildWithoutForeignKeys as rebuildTables, tableColumns, userTables, type TableRebuild,
} from "../db/sqlite-rebuild";

// The CREATE TABLE rewriting these use, where its tests have always found it.
export { renameCreateTable, tokenize } from "../db/sqlite-rebuild";

/** It rebuilds SQLite tables with foreign keys off, which only works outside a transaction (db/migrator.ts). */
export const outsideTransaction = true;

export async function up(db: Kysely<any>): Promise<void> {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof PostgresAdapter) return assertPostgresKeysNotNull(db);
  if (!(adapter instanceof SqliteAdapter)) throw new Error("primary_keys_not_null: SQLite or PostgreSQL only");

  const plans: Rebuild[] = [];
  for (const table of await userTables(db)) {
    const keys = (await tableColumns(db, table.name)).filter((c) => c.pk > 0);
    const nullable = keys.filter((c) => !c.notnull).map((c) => c.name);
    if (nullable.length) plans.push({ table: table.name, ddl: addNotNull(table.sql, nullable), keys: nullable });
  }
  if (!plans.length) return;

  const nullRows: string[] = [];
  for (const plan of plans) {
    const anyNull = sql.join(plan.keys.map((k) => sql`${sql.ref(k)} is null`), sql` or `);
    const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(plan.table)} where ${anyNull}`.execute(db);
    if (rows[0].n > 0) nullRows.push(`${plan.table}: ${rows[0].n} with a NULL ${plan.keys.join("/")}`);
  }
  if (nullRows.length) {
    throw new Error(
      `Rows without a primary key: ${nullRows.join("; ")}. Nothing was changed. ` +
        `Give each of them a key or delete them (SELECT * FROM <table> WHERE <key> IS NULL), then migrate again.`,
    );
  }
  await rebuildWithoutForeignKeys(db, plans);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  // The tables as the earlier migrations left them: each single-column key written
  // `primary key` with nothing before it, which up turned into `not null primary key`.
  // (Their composite keys were NOT NULL from the start, so up never touched them.)
  const plans: Rebuild[] = [];
  for (const table of await userTables(db)) {
    const keys = (await tableColumns(db, table.name)).filter((c) => c.pk > 0);
    if (keys.length !== 1) continue;
    const ddl = removeNotNullBeforePrimaryKey(table.sql, keys[0].name);
    if (ddl !== table.sql) plans.push({ table: table.name, ddl, keys: [keys[0].name] });
  }
  await rebuildWithoutForeignKeys(db, plans);
}

interface Rebuild extends TableRebuild {
  keys: string[];
}

const rebuildWithoutForeignKeys = (db: Kysely<any>, plans: Rebuild[]) =>
  rebuildTables(db, plans, { migration: "primary_keys_not_null", temporarySuffix: "_pk_rebuild" });

async function assertPostgresKeysNotNull(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select c.relname as table_name, a.attname as column_name
    from pg_index i
    join pg_class c on c.oid = i.indrelid
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
    where i.indisprimary and not a.attnotnull and n.nspname = current_schema()`.execute(db);
  if (rows.length) {
    throw new Error(`Nullable primary-key columns on PostgreSQL: ${rows.map((r) => `${r.table_name}.${r.column_name}`).join(", ")}`);
  }
}

// ---------------------------------------------------------------------------------------
// Rewriting a CREATE TABLE statement. SQLite keeps each table's DDL as it was written, so
// the new table is the old text with the smallest edit: every constraint, default, CHECK,
// foreign key and the spacing stay as they were, and down can give back the exact text.

const COLUMN_CONSTRAINT = new Set(["CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "COLLATE", "REFERENCES", "GENERATED", "AS"]);

/** The DDL with `not null` written before the first constraint of each named column (or after its type). */
export function addNotNull(ddl: string, columnNames: string[]): string {
  const { columns } = columnDefinitions(ddl);
  const inserts = columnNames.map((name) => {
    const definition = definitionOf(columns, name, ddl);
    const first = definition.findIndex((t, i) => i > 0 && COLUMN_CONSTRAINT.has(t.word ?? ""));
    return first < 0
      ? { at: definition[definition.length - 1].end, text: " not null" }
      : { at: definition[first].start, text: "not null " };
  });
  return inserts
    .sort((a, b) => b.at - a.at)
    .reduce((text, { at, text: insert }) => text.slice(0, at) + insert + text.slice(at), ddl);
}

/** The DDL with `not null` taken out where it stands right before the column's `primary key`. */
export function removeNotNullBeforePrimaryKey(ddl: string, column: string): string {
  const definition = definitionOf(columnDefinitions(ddl).columns, column, ddl);
  const words = definition.map((t) => t.word ?? "");
  for (let i = 1; i + 3 < words.length; i++) {
    if (words[i] === "NOT" && words[i + 1] === "NULL" && words[i + 2] === "PRIMARY" && words[i + 3] === "KEY") {
      return ddl.slice(0, definition[i].start) + ddl.slice(definition[i + 2].start);
    }
  }
  return ddl;
}
