// Deadlines people put in their calendars: a tender's optional last time for clarification
// questions (none: questions until it closes) and the date its panel's scores are due, and
// each person's private calendar feed, kept as the SHA-256 hash of its token. See
// app/models/calendar/.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("tenders").addColumn("clarifications_close_at", "text").execute();
  await db.schema.alterTable("tenders").addColumn("scoring_due_on", "text").execute();
  await db.schema
    .createTable("calendar_feeds")
    .addColumn("id", "text", (c) => c.primaryKey().notNull())
    .addColumn("user_id", "text", (c) => c.notNull().unique().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("calendar_feeds").execute();
  await db.schema.alterTable("tenders").dropColumn("scoring_due_on").execute();
  await db.schema.alterTable("tenders").dropColumn("clarifications_close_at").execute();
}
