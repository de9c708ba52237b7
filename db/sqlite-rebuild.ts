// Rebuilding SQLite tables, for migrations that change what SQLite cannot ALTER (a column's
// NOT NULL, a CHECK constraint). The documented procedure
// (https://www.sqlite.org/lang_altertable.html#otheralter): foreign keys off, one
// transaction, create the new table from the old one's own DDL, copy the rows, drop the old
// table, rename the new one into its place, recreate its indexes and triggers, check foreign
// keys, commit, foreign keys back on. Dropping a parent with foreign keys on would run its
// ON DELETE CASCADEs and empty the child tables; with them off, the children's REFERENCES
// name the table, so they point at the rebuilt one once it has the old name.
// legacy_alter_table stays off: nothing is renamed away from its old name, so no reference
// needs to be left alone.
//
// Migrations import this module, so what it does is part of what they did: change it only
// by adding, never by changing how an existing function behaves.
import { sql, type Kysely, type Transaction } from "kysely";

export interface TableRebuild {
  table: string;
  /** The table's new CREATE TABLE statement, under its own name. */
  ddl: string;
}

export interface RebuildOptions {
  /** Names the migration in the error raised when foreign keys cannot be switched off. */
  migration: string;
  /** Added to a table's name for the new table while both exist. */
  temporarySuffix: string;
  /** More work for the same transaction, after the tables are rebuilt and before foreign keys are checked. */
  andThen?: (trx: Transaction<any>) => Promise<void>;
}

/** Every table the migrations made, with its DDL as SQLite keeps it, by name. */
export async function userTables(db: Kysely<any>): Promise<{ name: string; sql: string }[]> {
  const { rows } = await sql<{ name: string; sql: string }>`
    select name, sql from sqlite_master
    where type = 'table' and name not glob 'sqlite_*' and name not glob 'kysely_*'
    order by name`.execute(db);
  return rows;
}

export async function tableColumns(db: Kysely<any>, table: string): Promise<{ name: string; notnull: number; pk: number; hidden: number }[]> {
  const { rows } = await sql<{ name: string; notnull: number; pk: number; hidden: number }>`
    select name, "notnull", pk, hidden from pragma_table_xinfo(${table}) order by cid`.execute(db);
  return rows;
}

/** Rebuilds each table from its new DDL, all in one transaction with foreign keys off. */
export async function rebuildWithoutForeignKeys(db: Kysely<any>, plans: readonly TableRebuild[], options: RebuildOptions): Promise<void> {
  if (!plans.length && !options.andThen) return;
  const foreignKeysWereOn = await foreignKeysOn(db);
  // PRAGMA foreign_keys is a no-op inside a transaction, so make sure it took.
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    if (await foreignKeysOn(db)) {
      throw new Error(`${options.migration} must run outside a transaction: foreign keys could not be switched off`);
    }
    await db.transaction().execute(async (trx) => {
      for (const plan of plans) await rebuild(trx, plan, options.temporarySuffix);
      await options.andThen?.(trx);
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

async function rebuild(trx: Transaction<any>, plan: TableRebuild, temporarySuffix: string): Promise<void> {
  const temporary = `${plan.table}${temporarySuffix}`;
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
// foreign key and the spacing stay as they were, and a down can give back the exact text.

export interface Token {
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

/** The column definitions of a CREATE TABLE, each as its tokens, keyed by column name. */
export function columnDefinitions(ddl: string): { body: Token; columns: Map<string, Token[]> } {
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

export function definitionOf(columns: Map<string, Token[]>, column: string, ddl: string): Token[] {
  const definition = columns.get(column.toLowerCase());
  if (!definition) throw new Error(`Column ${column} not found in: ${ddl}`);
  return definition;
}

/** The same CREATE TABLE under another name. */
export function renameCreateTable(ddl: string, name: string): string {
  const { body } = columnDefinitions(ddl);
  return `CREATE TABLE "${name.replace(/"/g, '""')}" ${ddl.slice(body.start)}`;
}

/**
 * The text that addTableConstraints writes for these table constraints (each like
 * `constraint "t_c_check" check ("c" >= 0)`): one `, ` and the constraint apiece.
 */
function constraintsText(constraints: readonly string[]): string {
  return constraints.map((c) => `, ${c}`).join("");
}

/** The DDL with the table constraints written after everything else, before its closing parenthesis. */
export function addTableConstraints(ddl: string, constraints: readonly string[]): string {
  const { body } = columnDefinitions(ddl);
  const close = body.end - 1;
  return ddl.slice(0, close) + constraintsText(constraints) + ddl.slice(close);
}

/** The DDL as it was before addTableConstraints wrote these constraints; throws when they are not where it wrote them. */
export function removeTableConstraints(ddl: string, constraints: readonly string[]): string {
  const { body } = columnDefinitions(ddl);
  const close = body.end - 1;
  const text = constraintsText(constraints);
  if (!ddl.slice(0, close).endsWith(text)) throw new Error(`The constraints ${text.slice(2)} do not end: ${ddl}`);
  return ddl.slice(0, close - text.length) + ddl.slice(close);
}
