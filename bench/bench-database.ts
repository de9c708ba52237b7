// A database of the bench's own, never the portal's: a temporary SQLite file, or, when
// DATABASE_URL is a postgres:// server, a new database on it, dropped afterwards.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { isPostgresUrl } from "../db/client";

export interface BenchDatabase {
  url: string;
  engine: "sqlite" | "postgres";
  drop(): Promise<void>;
}

export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `portal_bench_${Date.now()}_${randomBytes(4).toString("hex")}`;
  const server = process.env.DATABASE_URL;
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
