// GET /healthz tells a load balancer whether this server can serve: 200 with the database
// reachable and every migration applied, 503 when a migration is missing; a stuck job queue
// is reported for monitoring.
import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { migrateDown, migrateToLatest } from "../../db/migrator";
import { loader } from "~/routes/healthz";
import { enqueueJob } from "~/models/jobs/queue.server";
import { jsonOf } from "../helpers/requests";

describe("/healthz", () => {
  it("answers 200 when the database is reachable and current, and is never cached", async () => {
    const response = await loader();
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await jsonOf(response)).toEqual({ ok: true, database: "ok", migrations: "current", jobs: "ok" });
  });

  it("answers 503 while a migration is pending", async () => {
    await migrateDown(getDb());
    try {
      const response = await loader();
      expect(response.status).toBe(503);
      expect(await jsonOf(response)).toMatchObject({ ok: false, migrations: "pending" });
    } finally {
      await migrateToLatest(getDb());
    }
  });

  it("reports a job that should have started ten minutes ago and has not", async () => {
    const id = await enqueueJob(getDb(), "county-pack", {}, { runAfter: new Date(Date.now() - 11 * 60_000) });
    try {
      const response = await loader();
      expect(response.status).toBe(200);
      expect(await jsonOf(response)).toEqual({ ok: true, database: "ok", migrations: "current", jobs: "stuck" });
    } finally {
      await getDb().deleteFrom("jobs").where("id", "=", id).execute();
    }
  });
});
