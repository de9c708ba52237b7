// Background work (county packs, reminders, and later e-mail and exports) as rows in one
// table, so it survives the server that was asked: a worker claims a job with a lease it
// keeps renewing while it works, and any worker takes over a job whose lease has run out.
import { sql, type Kysely } from "kysely";

function sqlIn(column: string, values: readonly string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("jobs")
    .addColumn("id", "text", (c) => c.primaryKey().notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("payload_json", "text", (c) => c.notNull())
    // queued | running | done | failed
    .addColumn("status", "text", (c) => c.notNull().check(sqlIn("status", ["queued", "running", "done", "failed"])))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("max_attempts", "integer", (c) => c.notNull())
    .addColumn("run_after", "text", (c) => c.notNull())
    .addColumn("lease_owner", "text")
    .addColumn("lease_expires_at", "text")
    .addColumn("progress_json", "text")
    .addColumn("error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("started_at", "text")
    .addColumn("finished_at", "text")
    .execute();
  await db.schema.createIndex("jobs_claim_idx").on("jobs").columns(["status", "run_after"]).execute();
  await db.schema.createIndex("jobs_kind_idx").on("jobs").columns(["kind", "status"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("jobs").execute();
}
