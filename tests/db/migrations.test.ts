// Migrations go up, all the way down, and up again, on whichever engine this run uses
// (SQLite locally; PostgreSQL too in CI through TEST_DATABASE_URL).
import { describe, expect, it } from "vitest";
import { dialectName, getDb } from "../../db/client";
import { migrateAllDown, migrateToLatest } from "../../db/migrator";

// Test files are collected before setup-db.ts points DATABASE_URL at their database.
const ENGINE = dialectName(process.env.TEST_DATABASE_URL);

async function tableNames(): Promise<string[]> {
  const tables = await getDb().introspection.getTables();
  return tables.map((t) => t.name).filter((n) => !n.startsWith("kysely_")).sort();
}

describe(`migrations on ${ENGINE}`, () => {
  it("create the foundation tables", async () => {
    expect(await tableNames()).toEqual(
      expect.arrayContaining([
        "account_tokens", "allocations", "audit_events", "districts", "funding_streams", "organisations",
        "settings", "sign_in_attempts", "themes", "user_districts", "user_roles", "users",
      ]),
    );
  });

  it("roll all the way down and up again", async () => {
    const db = getDb();
    const down = await migrateAllDown(db);
    expect(down.length).toBeGreaterThan(0);
    expect(await tableNames()).toEqual([]);
    const up = await migrateToLatest(db);
    expect(up.length).toBe(down.length);
    expect((await tableNames()).length).toBeGreaterThanOrEqual(12);
    // The schema works after the round trip: a row goes in and comes out.
    await db.insertInto("settings").values({ key: "k", value: "v", updated_at: "2026-01-01T00:00:00.000Z" }).execute();
    const row = await db.selectFrom("settings").select("value").where("key", "=", "k").executeTakeFirst();
    expect(row?.value).toBe("v");
  });

  it("enforce unique e-mail addresses and foreign keys", async () => {
    const db = getDb();
    const user = {
      name: "A", password_hash: null, organisation_id: null, county_wide: 0, is_active: 1, failed_sign_ins: 0,
      locked_until: null, last_sign_in_at: null, created_at: "x", updated_at: "x", version: 1,
    };
    await db.insertInto("users").values({ ...user, id: "u1", email: "same@test.example" }).execute();
    await expect(db.insertInto("users").values({ ...user, id: "u2", email: "same@test.example" }).execute()).rejects.toThrow();
    await expect(db.insertInto("user_roles").values({ user_id: "missing", role: "admin" }).execute()).rejects.toThrow();
  });
});
