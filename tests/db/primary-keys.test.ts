// The primary-keys-NOT-NULL migration: on SQLite it rebuilds the tables whose key took NULL
// without losing a row, an index or a foreign key, and its down gives back the exact schema;
// rows without a key stop it with nothing changed. On PostgreSQL it only checks.
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { dialectName, getDb } from "../../db/client";
import { createMigrator, migrateToLatest } from "../../db/migrator";

// Test files are collected before setup-db.ts points DATABASE_URL at their database.
const ENGINE = dialectName(process.env.TEST_DATABASE_URL);

const MIGRATION = "2026_12_07_090000_primary_keys_not_null";
const AT = "2026-12-07T09:00:00.000Z";

/** What a migrateTo did, as the migrator reports it; throws on failure. */
async function migrateTo(target: string): Promise<string[]> {
  const set = await createMigrator(getDb()).migrateTo(target);
  if (set.error) throw set.error;
  return (set.results ?? []).map((r) => `${r.direction === "Up" ? "applied" : "rolled back"} ${r.migrationName}`);
}

/** Back to just before this migration (undoing any written after it too). */
async function rollBack(): Promise<string[]> {
  const names = (await createMigrator(getDb()).getMigrations()).map((m) => m.name);
  return migrateTo(names[names.indexOf(MIGRATION) - 1]);
}

/** This migration alone, from just before it. */
const applyThis = () => migrateTo(MIGRATION);

interface SchemaObject {
  type: string;
  name: string;
  sql: string | null;
}

async function sqliteSchema(): Promise<SchemaObject[]> {
  const { rows } = await sql<SchemaObject>`select type, name, sql from sqlite_master order by type, name`.execute(getDb());
  return rows;
}

async function nullableKeys(): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select m.name || '.' || c.name as name
    from sqlite_master m, pragma_table_info(m.name) c
    where m.type = 'table' and c.pk > 0 and c."notnull" = 0 and m.name not glob 'kysely_*'
    order by 1`.execute(getDb());
  return rows.map((r) => r.name);
}

async function foreignKeysOn(): Promise<boolean> {
  const { rows } = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(getDb());
  return rows[0].foreign_keys === 1;
}

async function count(table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(getDb());
  return Number(rows[0].n);
}

describe(`the primary-keys migration on ${ENGINE}`, () => {
  it("rolls back on its own and applies again", async () => {
    const db = getDb();
    expect((await rollBack()).at(-1)).toBe(`rolled back ${MIGRATION}`);
    expect(await applyThis()).toEqual([`applied ${MIGRATION}`]);
    await migrateToLatest(db);
  });
});

describe.skipIf(ENGINE !== "sqlite")("the primary-keys migration on SQLite", () => {
  it("rebuilds every table whose key took NULL and keeps rows, indexes and foreign keys; down gives the schema back", async () => {
    const db = getDb();
    await rollBack();
    const before = await sqliteSchema();
    expect(await nullableKeys()).toHaveLength(36);

    // A parent with children that ON DELETE CASCADE would empty if the rebuild dropped
    // the parent with foreign keys on.
    await db.insertInto("organisations").values({
      id: "org-1", name: "Org", type: "provider", status: "approved", charity_number: null, company_number: null,
      org_identifier: null, address: null, postcode: null, contact_name: null, contact_email: null,
      created_at: AT, updated_at: AT, version: 1,
    }).execute();
    await db.insertInto("users").values({
      id: "user-1", email: "one@test.example", name: "One", password_hash: null, organisation_id: "org-1", county_wide: 0,
      is_active: 1, failed_sign_ins: 0, locked_until: null, last_sign_in_at: null, created_at: AT, updated_at: AT, version: 1,
    }).execute();
    await db.insertInto("user_roles").values({ user_id: "user-1", role: "provider" }).execute();
    await db.insertInto("account_tokens").values({
      id: "token-1", user_id: "user-1", purpose: "invitation", token_hash: "h", expires_at: AT, used_at: null, created_at: AT,
    }).execute();

    expect(await applyThis()).toEqual([`applied ${MIGRATION}`]);
    const after = await sqliteSchema();
    expect(await nullableKeys()).toEqual([]);
    expect(await foreignKeysOn()).toBe(true);

    // Only the tables changed, each by the words `not null` before its key; indexes as they were.
    expect(after.map((o) => o.name)).toEqual(before.map((o) => o.name));
    const changed = after.filter((o, i) => o.sql !== before[i].sql);
    expect(changed).toHaveLength(36);
    for (const table of changed) {
      expect(table.type).toBe("table");
      const old = before.find((o) => o.name === table.name)!.sql!;
      expect(table.sql).toBe(old.replace(/ primary key/, " not null primary key"));
    }

    expect(await count("user_roles")).toBe(1);
    expect(await count("account_tokens")).toBe(1);
    expect(await count("context_indicators")).toBe(6);
    const { rows: problems } = await sql`pragma foreign_key_check`.execute(db);
    expect(problems).toEqual([]);
    // The children's foreign keys point at the rebuilt parents, and still act.
    await expect(db.insertInto("user_roles").values({ user_id: "nobody", role: "admin" }).execute()).rejects.toThrow(/FOREIGN KEY/);
    await db.deleteFrom("users").where("id", "=", "user-1").execute();
    expect(await count("user_roles")).toBe(0);
    expect(await count("account_tokens")).toBe(0);

    await rollBack();
    expect(await sqliteSchema()).toEqual(before);
    expect(await foreignKeysOn()).toBe(true);
    await migrateToLatest(db);
  });

  it("stops on rows without a key, naming them, and changes nothing", async () => {
    const db = getDb();
    await rollBack();
    for (const name of ["First", "Second"]) {
      await sql`insert into themes (id, name, created_at, updated_at) values (null, ${name}, ${AT}, ${AT})`.execute(db);
    }
    await sql`insert into settings (key, value, updated_at) values (null, 'v', ${AT})`.execute(db);
    const before = await sqliteSchema();

    const failure = applyThis();
    await expect(failure).rejects.toThrow(/settings: 1 with a NULL key; themes: 2 with a NULL id\. Nothing was changed/);
    expect(await sqliteSchema()).toEqual(before);
    expect(await foreignKeysOn()).toBe(true);
    expect(await count("themes")).toBe(2);

    await sql`delete from themes where id is null`.execute(db);
    await sql`delete from settings where key is null`.execute(db);
    expect(await applyThis()).toEqual([`applied ${MIGRATION}`]);
    expect(await nullableKeys()).toEqual([]);
    await migrateToLatest(db);
  });
});
