// npm run backup while the portal writes, then npm run restore into an empty database: every
// write confirmed before the backup began is there, and so is the demo data. A damaged
// backup is refused with nothing changed. On whichever engine this run uses.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, dialectName, getDb } from "../../db/client";
import { seedDemoData } from "../../demo/seed";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const run = promisify(execFile);
const ENGINE = dialectName(process.env.TEST_DATABASE_URL);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-backups-"));
const targets: TestDatabase[] = [];

afterAll(async () => {
  for (const t of targets) await t.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function npm(script: string, args: string[], databaseUrl: string) {
  return run("npx", ["tsx", `scripts/${script}.ts`, ...args], { env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: "utf8" });
}

async function tableCounts(db: ReturnType<typeof createDb>) {
  const counts: Record<string, number> = {};
  for (const table of ["users", "organisations", "tenders", "bids", "projects", "returns", "audit_events", "files"] as const) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

describe(`backup and restore on ${ENGINE}`, () => {
  it("round-trip the demo database under a write load, with every confirmed write present", async () => {
    const source = process.env.DATABASE_URL!;
    await seedDemoData(getDb(), { withTenders: true });

    // The portal keeps writing, one committed row at a time, while the backup runs.
    const confirmed: string[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        const key = `load-${i}`;
        await getDb().insertInto("settings").values({ key, value: String(i), updated_at: new Date().toISOString() }).execute();
        confirmed.push(key);
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    await new Promise((r) => setTimeout(r, 150));
    const confirmedBeforeBackup = [...confirmed];
    const backup = await npm("backup", ["--dir", dir], source);
    await new Promise((r) => setTimeout(r, 100));
    writing = false;
    await writer;
    const file = /Backed up to (.+)$/m.exec(backup.stdout)?.[1];
    expect(file, backup.stdout).toBeDefined();
    expect(confirmedBeforeBackup.length).toBeGreaterThan(5);

    const target = await createTestDatabase();
    targets.push(target);
    const restored = await npm("restore", [file!], target.url);
    expect(restored.stdout).toContain(`Restored from ${file}`);

    const copy = createDb(target.url);
    try {
      const keys = (await copy.selectFrom("settings").select("key").where("key", "like", "load-%").execute()).map((r) => r.key);
      expect(keys).toEqual(expect.arrayContaining(confirmedBeforeBackup));
      const original = await tableCounts(getDb());
      expect(await tableCounts(copy)).toEqual(original);
      expect(original.projects).toBeGreaterThan(20);
    } finally {
      await copy.destroy();
    }
  });

  it("refuses a damaged backup and leaves the database as it was", async () => {
    const target = await createTestDatabase();
    targets.push(target);
    const first = createDb(target.url);
    await first.schema.createTable("marker").addColumn("id", "text", (c) => c.primaryKey().notNull()).execute();
    await first.destroy();

    const damaged = path.join(dir, ENGINE === "sqlite" ? "damaged.db" : "damaged.dump");
    fs.writeFileSync(damaged, "this is not a backup");
    const failure = await npm("restore", [damaged], target.url).then(() => null, (error: { code: number; stderr: string }) => error);
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/^Not restored: .*The database is unchanged\./m);

    const after = createDb(target.url);
    try {
      const tables = (await after.introspection.getTables()).map((t) => t.name);
      expect(tables).toContain("marker");
    } finally {
      await after.destroy();
    }
  });
});
