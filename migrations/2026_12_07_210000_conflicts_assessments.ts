// The conflicts assessment the Procurement Act 2023 asks of a covered procurement (s83): for
// each person involved in the tender's decisions, what they declared and how it is mitigated,
// kept as dated revisions (a revision is a new row, never an edit), and when the assessment
// was last reviewed. See app/models/tenders/conflicts.server.ts.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("conflict_assessment_entries")
    .addColumn("id", "text", (c) => c.primaryKey().notNull())
    .addColumn("tender_id", "text", (c) => c.notNull().references("tenders.id").onDelete("cascade"))
    .addColumn("person_user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('officer', 'panel', 'adviser')`))
    .addColumn("interest", "text", (c) => c.notNull())
    .addColumn("mitigation", "text", (c) => c.notNull())
    .addColumn("revision", "integer", (c) => c.notNull().check(sql`revision >= 1`))
    .addColumn("recorded_by", "text", (c) => c.references("users.id"))
    .addColumn("recorded_at", "text", (c) => c.notNull())
    .addUniqueConstraint("conflict_assessment_entries_revision_key", ["tender_id", "person_user_id", "revision"])
    .execute();
  await db.schema.createIndex("conflict_assessment_entries_person_idx").on("conflict_assessment_entries").column("person_user_id").execute();
  await db.schema.createIndex("conflict_assessment_entries_recorded_by_idx").on("conflict_assessment_entries").column("recorded_by").execute();
  await db.schema.alterTable("tenders").addColumn("conflicts_reviewed_at", "text").execute();
  await db.schema.alterTable("tenders").addColumn("conflicts_reviewed_by", "text", (c) => c.references("users.id")).execute();
  await db.schema.createIndex("tenders_conflicts_reviewed_by_idx").on("tenders").column("conflicts_reviewed_by").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("tenders_conflicts_reviewed_by_idx").execute();
  await db.schema.alterTable("tenders").dropColumn("conflicts_reviewed_by").execute();
  await db.schema.alterTable("tenders").dropColumn("conflicts_reviewed_at").execute();
  await db.schema.dropTable("conflict_assessment_entries").execute();
}
