// A database of its own for a test run or a benchmark, never the portal's: a temporary SQLite
// file, or, when `server` is a postgres:// URL, a new database on that server. drop() removes
// it afterwards.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { isPostgresUrl } from "./client";

export interface ScratchDatabase {
  url: string;
  engine: "sqlite" | "postgres";
  drop(): Promise<void>;
}

/** `prefix` names it ("portal_test", "portal_bench"), with the time and a random tail. */
export async function createScratchDatabase(prefix: string, server: string | undefined): Promise<ScratchDatabase> {
  const name = `${prefix}_${Date.now()}_${randomBytes(4).toString("hex")}`;
  if (isPostgresUrl(server)) {
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(server);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      engine: "postgres",
      async drop() {
        const client = new pg.Client({ connectionString: server });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
      },
    };
  }
  const file = path.join(os.tmpdir(), `${name}.db`);
  return {
    url: file,
    engine: "sqlite",
    async drop() {
      for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${file}${suffix}`, { force: true });
    },
  };
}
