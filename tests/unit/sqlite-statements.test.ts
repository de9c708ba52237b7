// The SQLite connection keeps prepared statements by their SQL (db/client.ts): what a query
// returns must be what it would return prepared afresh, whatever ran in between.
import { sql } from "kysely";
import { afterEach, describe, expect, test } from "vitest";
import { createDb, type Db } from "../../db/client";

let db: Db | undefined;
afterEach(async () => {
  await db?.destroy();
  db = undefined;
});

describe("SQLite statements, kept by their SQL", () => {
  test("a query run again gets its new parameters' rows, and sees rows written meanwhile", async () => {
    db = createDb(":memory:");
    await sql`create table t (id integer primary key, name text not null)`.execute(db);
    const named = (name: string) => sql<{ id: number }>`select id from t where name = ${name}`.execute(db!);
    await sql`insert into t (name) values (${"a"}), (${"b"})`.execute(db);
    expect((await named("a")).rows).toEqual([{ id: 1 }]);
    expect((await named("b")).rows).toEqual([{ id: 2 }]);
    await sql`insert into t (name) values (${"b"})`.execute(db);
    expect((await named("b")).rows).toEqual([{ id: 2 }, { id: 3 }]);
  });

  test("a table changed after a query was kept is read as it is now", async () => {
    db = createDb(":memory:");
    await sql`create table t (id integer primary key)`.execute(db);
    await sql`insert into t (id) values (1)`.execute(db);
    const all = () => sql<Record<string, unknown>>`select * from t`.execute(db!);
    expect((await all()).rows).toEqual([{ id: 1 }]);
    await sql`alter table t add column note text`.execute(db);
    await sql`update t set note = ${"added"}`.execute(db);
    expect((await all()).rows).toEqual([{ id: 1, note: "added" }]);
  });

  test("a query streamed to its end can be run again", async () => {
    db = createDb(":memory:");
    await sql`create table t (id integer primary key)`.execute(db);
    await sql`insert into t (id) values (1), (2), (3)`.execute(db);
    const query = () => db!.selectFrom("t" as never).select("id" as never).orderBy("id" as never);
    const streamed: unknown[] = [];
    for await (const row of query().stream()) streamed.push(row);
    expect(streamed).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(await query().execute()).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
  });
});
