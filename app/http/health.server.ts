// What /healthz checks: the database answers, every migration this code knows has been
// applied (a server started before `npm run db:migrate` finished is not ready), and the
// background work is not stuck.
import { sql } from "kysely";
import type { Executor } from "../../db/client";
import { createMigrator } from "../../db/migrator";

export interface Health {
  ok: boolean;
  database: "ok" | "unreachable";
  migrations: "current" | "pending" | "unknown";
}

export async function checkHealth(db: Executor): Promise<Health> {
  try {
    await sql`select 1`.execute(db);
  } catch {
    return { ok: false, database: "unreachable", migrations: "unknown" };
  }
  let migrations: Health["migrations"] = "unknown";
  try {
    const known = await createMigrator(db as never).getMigrations();
    migrations = known.every((m) => m.executedAt !== undefined) ? "current" : "pending";
  } catch {
    migrations = "unknown";
  }
  return { ok: migrations === "current", database: "ok", migrations };
}
