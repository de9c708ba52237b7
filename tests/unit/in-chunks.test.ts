// `in (…)` lists of bounded length (db/in-chunks.ts), checked against a real SQLite database:
// a list longer than SQLite allows in one statement is read whole, in chunks.
import { sql } from "kysely";
import { afterEach, describe, expect, test } from "vitest";
import { createDb, type Db } from "../../db/client";
import { IN_LIST_CHUNK, inChunks } from "../../db/in-chunks";

let db: Db | undefined;
afterEach(async () => {
  await db?.destroy();
  db = undefined;
});

describe("inChunks", () => {
  test("reads every row for a list of 40,000 ids, more than one SQLite statement may bind", async () => {
    db = createDb(":memory:");
    await sql`create table t (id text primary key, n integer not null)`.execute(db);
    const ids = Array.from({ length: 40_000 }, (_, i) => `id-${i}`);
    for (let i = 0; i < ids.length; i += 5000) {
      await db.insertInto("t" as never).values(ids.slice(i, i + 5000).map((id, k) => ({ id, n: i + k })) as never).execute();
    }
    const select = (list: readonly string[]) => db!.selectFrom("t" as never).select(["id" as never, "n" as never]).where("id" as never, "in", list as never).execute() as Promise<{ id: string; n: number }[]>;
    // One statement with every id is refused by SQLite: too many parameters.
    await expect(select(ids)).rejects.toThrow(/too many SQL variables/i);
    const calls: number[] = [];
    const rows = await inChunks(ids, (chunk) => {
      calls.push(chunk.length);
      return select(chunk);
    });
    expect(rows).toHaveLength(40_000);
    expect(new Set(rows.map((r) => r.id)).size).toBe(40_000);
    expect(Math.max(...calls)).toBe(IN_LIST_CHUNK);
    expect(calls).toHaveLength(Math.ceil(40_000 / IN_LIST_CHUNK));
  });

  test("an empty list runs the query once and matches nothing", async () => {
    db = createDb(":memory:");
    await sql`create table t (id text primary key)`.execute(db);
    await sql`insert into t (id) values ('a')`.execute(db);
    const seen: (readonly string[])[] = [];
    const rows = await inChunks([], (chunk) => {
      seen.push(chunk);
      return db!.selectFrom("t" as never).select("id" as never).where("id" as never, "in", chunk as never).execute();
    });
    expect(rows).toEqual([]);
    expect(seen).toEqual([[""]]);
  });
});
