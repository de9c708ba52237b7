// The CREATE TABLE rewriting behind the primary-keys-NOT-NULL migration: the smallest edit,
// in the right column, whatever the rest of the statement holds.
import SQLite from "better-sqlite3";
import { describe, expect, it } from "vitest";
import {
  addNotNull, removeNotNullBeforePrimaryKey, renameCreateTable, tokenize,
} from "../../migrations/2026_12_07_090000_primary_keys_not_null";

/** Which columns SQLite itself reads as NOT NULL from the statement (so it must also parse). */
function notNullColumns(ddl: string): string[] {
  const db = new SQLite(":memory:");
  try {
    db.exec(ddl);
    const table = db.prepare("select name from sqlite_master where type = 'table'").pluck().get() as string;
    return (db.pragma(`table_info("${table.replace(/"/g, '""')}")`) as { name: string; notnull: number }[])
      .filter((c) => c.notnull)
      .map((c) => c.name);
  } finally {
    db.close();
  }
}

describe("addNotNull", () => {
  it("writes not null before the key of a Kysely-made table and leaves the rest as it was", () => {
    const ddl = `CREATE TABLE "themes" ("id" text primary key, "name" text not null unique, "description" text default '' not null)`;
    expect(addNotNull(ddl, ["id"])).toBe(
      `CREATE TABLE "themes" ("id" text not null primary key, "name" text not null unique, "description" text default '' not null)`,
    );
  });

  it("keeps a key that is also a foreign key whole", () => {
    const ddl = `CREATE TABLE "x" ("indicator_id" text primary key references "project_indicators" ("id") on delete cascade, "v" integer)`;
    expect(addNotNull(ddl, ["indicator_id"])).toBe(
      `CREATE TABLE "x" ("indicator_id" text not null primary key references "project_indicators" ("id") on delete cascade, "v" integer)`,
    );
  });

  it("adds not null after the type of composite-key columns that have no constraint of their own", () => {
    const ddl = `CREATE TABLE "s" ("a" text, "b" double precision, "c" varchar(10) collate nocase, constraint "s_pk" primary key ("a", "b", "c"))`;
    expect(addNotNull(ddl, ["a", "b", "c"])).toBe(
      `CREATE TABLE "s" ("a" text not null, "b" double precision not null, "c" varchar(10) not null collate nocase, constraint "s_pk" primary key ("a", "b", "c"))`,
    );
    expect(notNullColumns(addNotNull(ddl, ["a", "b", "c"]))).toEqual(["a", "b", "c"]);
  });

  it("is not misled by commas, brackets and key words inside names, strings and CHECKs", () => {
    const ddl =
      `CREATE TABLE "odd" ("note" text default 'a, primary key (b)' check ("note" <> 'x,y'), ` +
      `"the ""id""" text primary key, [key col] integer, "z" text check (length("z") in (1, 2))) WITHOUT ROWID`;
    expect(addNotNull(ddl, ['the "id"', "key col"])).toBe(
      `CREATE TABLE "odd" ("note" text default 'a, primary key (b)' check ("note" <> 'x,y'), ` +
        `"the ""id""" text not null primary key, [key col] integer not null, "z" text check (length("z") in (1, 2))) WITHOUT ROWID`,
    );
    expect(notNullColumns(ddl)).toEqual(['the "id"']); // WITHOUT ROWID keys are NOT NULL already
    expect(notNullColumns(addNotNull(ddl, ['the "id"', "key col"]))).toEqual(['the "id"', "key col"]);
  });

  it("matches column names as SQLite does, without regard to case", () => {
    expect(addNotNull(`CREATE TABLE t (ID text PRIMARY KEY)`, ["id"])).toBe(`CREATE TABLE t (ID text not null PRIMARY KEY)`);
  });

  it("refuses a column the statement does not define", () => {
    expect(() => addNotNull(`CREATE TABLE t ("id" text primary key)`, ["missing"])).toThrow(/missing/);
  });
});

describe("removeNotNullBeforePrimaryKey", () => {
  it("gives back exactly the statement addNotNull started from", () => {
    const ddl = `CREATE TABLE "x" ("indicator_id" text primary key references "p" ("id") on delete cascade, "v" integer not null)`;
    expect(removeNotNullBeforePrimaryKey(addNotNull(ddl, ["indicator_id"]), "indicator_id")).toBe(ddl);
  });

  it("leaves a column alone when its not null is not right before primary key", () => {
    const ddl = `CREATE TABLE "x" ("id" text primary key not null, "v" text not null)`;
    expect(removeNotNullBeforePrimaryKey(ddl, "id")).toBe(ddl);
    expect(removeNotNullBeforePrimaryKey(ddl, "v")).toBe(ddl);
  });
});

describe("renameCreateTable", () => {
  it("renames the table and keeps the body and anything after it", () => {
    expect(renameCreateTable(`CREATE TABLE "a(b" ("id" text) STRICT`, "a_new")).toBe(`CREATE TABLE "a_new" ("id" text) STRICT`);
  });
});

describe("tokenize", () => {
  it("skips comments and keeps groups and quoted text whole", () => {
    expect(tokenize(`a -- note, (\n "b c" /* x, y */ ('d)', e), [f]`).map((t) => t.text)).toEqual([
      "a", `"b c"`, `('d)', e)`, ",", "[f]",
    ]);
  });
});
