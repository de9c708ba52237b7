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
import { PostgresAdapter, SqliteAdapter, sql, type Kysely, type Transaction } from "kysely";

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

interface Rebuild {
  table: string;
  /** The table's new CREATE TABLE statement, under its own name. */
  ddl: string;
  keys: string[];
}

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

async function userTables(db: Kysely<any>): Promise<{ name: string; sql: string }[]> {
  const { rows } = await sql<{ name: string; sql: string }>`
    select name, sql from sqlite_master
    where type = 'table' and name not glob 'sqlite_*' and name not glob 'kysely_*'
    order by name`.execute(db);
  return rows;
}

async function tableColumns(db: Kysely<any>, table: string): Promise<{ name: string; notnull: number; pk: number; hidden: number }[]> {
  const { rows } = await sql<{ name: string; notnull: number; pk: number; hidden: number }>`
    select name, "notnull", pk, hidden from pragma_table_xinfo(${table}) order by cid`.execute(db);
  return rows;
}

async function rebuildWithoutForeignKeys(db: Kysely<any>, plans: Rebuild[]): Promise<void> {
  if (!plans.length) return;
  const foreignKeysWereOn = await foreignKeysOn(db);
  // PRAGMA foreign_keys is a no-op inside a transaction, so make sure it took.
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    if (await foreignKeysOn(db)) {
      throw new Error("primary_keys_not_null must run outside a transaction: foreign keys could not be switched off");
    }
    await db.transaction().execute(async (trx) => {
      for (const plan of plans) await rebuild(trx, plan);
      const { rows } = await sql<{ table: string; parent: string }>`pragma foreign_key_check`.execute(trx);
      if (rows.length) {
        const where = [...new Set(rows.map((r) => `${r.table} → ${r.parent}`))].join(", ");
        throw new Error(`Foreign keys broken after rebuilding tables (${rows.length} rows: ${where}); rolled back`);
      }
    });
  } finally {
    if (foreignKeysWereOn) await sql`pragma foreign_keys = on`.execute(db);
  }
}

async function foreignKeysOn(db: Kysely<any>): Promise<boolean> {
  const { rows } = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
  return rows[0]?.foreign_keys === 1;
}

async function rebuild(trx: Transaction<any>, plan: Rebuild): Promise<void> {
  const temporary = `${plan.table}_pk_rebuild`;
  const { rows: attached } = await sql<{ sql: string }>`
    select sql from sqlite_master
    where tbl_name = ${plan.table} and type in ('index', 'trigger') and sql is not null
    order by type, name`.execute(trx);
  // Generated columns cannot be written; they are computed again in the new table.
  const columns = (await tableColumns(trx, plan.table)).filter((c) => c.hidden === 0).map((c) => sql.ref(c.name));

  await sql.raw(renameCreateTable(plan.ddl, temporary)).execute(trx);
  await sql`insert into ${sql.table(temporary)} (${sql.join(columns)}) select ${sql.join(columns)} from ${sql.table(plan.table)}`.execute(trx);
  await sql`drop table ${sql.table(plan.table)}`.execute(trx);
  await sql`alter table ${sql.table(temporary)} rename to ${sql.table(plan.table)}`.execute(trx);
  for (const { sql: statement } of attached) await sql.raw(statement).execute(trx);
}

// ---------------------------------------------------------------------------------------
// Rewriting a CREATE TABLE statement. SQLite keeps each table's DDL as it was written, so
// the new table is the old text with the smallest edit: every constraint, default, CHECK,
// foreign key and the spacing stay as they were, and down can give back the exact text.

interface Token {
  text: string;
  start: number;
  end: number;
  /** A bare word, upper-cased; quoted names, strings and (…) groups have none. */
  word?: string;
}

/** The statement's tokens at its top level: a (…) group, with its quotes and nesting, is one. */
export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const tokens: Token[] = [];
  let i = from;
  while (i < to) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (text.startsWith("--", i)) {
      const newline = text.indexOf("\n", i);
      i = newline < 0 || newline > to ? to : newline + 1;
    } else if (text.startsWith("/*", i)) {
      const close = text.indexOf("*/", i + 2);
      i = close < 0 || close > to ? to : close + 2;
    } else if (c === ",") {
      tokens.push({ text: c, start: i, end: i + 1 });
      i++;
    } else if (c === "(") {
      const end = skipGroup(text, i, to);
      tokens.push({ text: text.slice(i, end), start: i, end });
      i = end;
    } else if (c === '"' || c === "'" || c === "`" || c === "[") {
      const end = skipQuoted(text, i, to);
      tokens.push({ text: text.slice(i, end), start: i, end });
      i = end;
    } else {
      let end = i;
      while (end < to && !/[\s,()"'`[]/.test(text[end])) end++;
      tokens.push({ text: text.slice(i, end), start: i, end, word: text.slice(i, end).toUpperCase() });
      i = end;
    }
  }
  return tokens;
}

function skipQuoted(text: string, start: number, to: number): number {
  const close = text[start] === "[" ? "]" : text[start];
  let i = start + 1;
  while (i < to) {
    if (text[i] === close) {
      // A doubled quote is the quote character itself, inside the name or string.
      if (close !== "]" && text[i + 1] === close) i += 2;
      else return i + 1;
    } else i++;
  }
  throw new Error(`Unterminated ${text[start]} in: ${text}`);
}

function skipGroup(text: string, start: number, to: number): number {
  let depth = 0;
  let i = start;
  while (i < to) {
    const c = text[i];
    if (c === '"' || c === "'" || c === "`" || c === "[") {
      i = skipQuoted(text, i, to);
      continue;
    }
    if (c === "(") depth++;
    if (c === ")" && --depth === 0) return i + 1;
    i++;
  }
  throw new Error(`Unbalanced parentheses in: ${text}`);
}

function unquote(token: Token): string {
  const first = token.text[0];
  if (first === "[") return token.text.slice(1, -1);
  if (first === '"' || first === "'" || first === "`") return token.text.slice(1, -1).split(first + first).join(first);
  return token.text;
}

const TABLE_CONSTRAINT = new Set(["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"]);
const COLUMN_CONSTRAINT = new Set(["CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "COLLATE", "REFERENCES", "GENERATED", "AS"]);

/** The column definitions of a CREATE TABLE, each as its tokens, keyed by column name. */
function columnDefinitions(ddl: string): { body: Token; columns: Map<string, Token[]> } {
  const body = tokenize(ddl).find((t) => t.text.startsWith("("));
  if (!body) throw new Error(`Not a CREATE TABLE with columns: ${ddl}`);
  const columns = new Map<string, Token[]>();
  let part: Token[] = [];
  const finish = () => {
    if (part.length && !TABLE_CONSTRAINT.has(part[0].word ?? "")) columns.set(unquote(part[0]).toLowerCase(), part);
    part = [];
  };
  for (const token of tokenize(ddl, body.start + 1, body.end - 1)) {
    if (token.text === ",") finish();
    else part.push(token);
  }
  finish();
  return { body, columns };
}

function definitionOf(columns: Map<string, Token[]>, column: string, ddl: string): Token[] {
  const definition = columns.get(column.toLowerCase());
  if (!definition) throw new Error(`Column ${column} not found in: ${ddl}`);
  return definition;
}

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

/** The same CREATE TABLE under another name. */
export function renameCreateTable(ddl: string, name: string): string {
  const { body } = columnDefinitions(ddl);
  return `CREATE TABLE "${name.replace(/"/g, '""')}" ${ddl.slice(body.start)}`;
}
