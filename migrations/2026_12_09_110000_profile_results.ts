// Computed profiles, kept: one row per district and quarter, the figures as computed for a
// date, stamped with the audit chain's sequence number when they were read. Every change of
// state writes an audit event in its own transaction, so while the chain has not moved and
// the date is the same, the figures have not either. See app/models/profiles/results.server.ts.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("profile_results")
    .addColumn("district_id", "text", (c) => c.notNull().references("districts.id").onDelete("cascade"))
    .addColumn("quarter", "text", (c) => c.notNull())
    .addColumn("as_of", "text", (c) => c.notNull())
    .addColumn("change_seq", "integer", (c) => c.notNull())
    .addColumn("figures_json", "text", (c) => c.notNull())
    .addColumn("computed_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("profile_results_pk", ["district_id", "quarter"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("profile_results").execute();
}
