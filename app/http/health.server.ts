// What /healthz checks: the database answers, every migration this code knows has been
// applied (a server started before `npm run db:migrate` finished is not ready), and the
// background work is not stuck. A stuck queue is reported but does not fail the check: it
// means no worker runs anywhere, which taking every server out of the load balancer at once
// would not mend. Monitoring should alert on `jobs: "stuck"`.
import { sql } from "kysely";
import type { Executor } from "../../db/client";
import { pendingMigrations } from "../../db/migrator";
import { countStuckJobs } from "~/models/jobs/queue.server";

export interface Health {
  ok: boolean;
  database: "ok" | "unreachable";
  migrations: "current" | "pending" | "unknown";
  /** "stuck": a job due ten minutes ago has not been started (or its worker vanished). */
  jobs: "ok" | "stuck" | "unknown";
}

export async function checkHealth(db: Executor): Promise<Health> {
  try {
    await sql`select 1`.execute(db);
  } catch {
    return { ok: false, database: "unreachable", migrations: "unknown", jobs: "unknown" };
  }
  let migrations: Health["migrations"] = "unknown";
  try {
    migrations = (await pendingMigrations(db as never)).length === 0 ? "current" : "pending";
  } catch {
    migrations = "unknown";
  }
  const jobs = migrations === "current" ? ((await countStuckJobs(db)) > 0 ? "stuck" : "ok") : "unknown";
  return { ok: migrations === "current", database: "ok", migrations, jobs };
}
