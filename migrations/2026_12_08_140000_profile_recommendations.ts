// What the officer tells the board with a district's profile: per project and quarter, a
// recommendation (continue, continue with conditions, review, decommission) and why; per
// district and quarter, a commentary. Both are part of the profile, so publishing freezes
// them. See app/models/profiles/curation.server.ts.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("profile_recommendations")
    .addColumn("id", "text", (c) => c.primaryKey().notNull())
    .addColumn("project_id", "text", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("quarter", "text", (c) => c.notNull())
    .addColumn("recommendation", "text", (c) => c.notNull().check(sql`recommendation in ('continue', 'continue_with_conditions', 'review', 'decommission')`))
    .addColumn("commentary", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().check(sql`version >= 1`))
    .addUniqueConstraint("profile_recommendations_project_quarter_key", ["project_id", "quarter"])
    .execute();
  await db.schema.createIndex("profile_recommendations_created_by_idx").on("profile_recommendations").column("created_by").execute();
  await db.schema
    .createTable("profile_commentaries")
    .addColumn("id", "text", (c) => c.primaryKey().notNull())
    .addColumn("district_id", "text", (c) => c.notNull().references("districts.id").onDelete("cascade"))
    .addColumn("quarter", "text", (c) => c.notNull())
    .addColumn("commentary", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().check(sql`version >= 1`))
    .addUniqueConstraint("profile_commentaries_district_quarter_key", ["district_id", "quarter"])
    .execute();
  await db.schema.createIndex("profile_commentaries_created_by_idx").on("profile_commentaries").column("created_by").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("profile_commentaries").execute();
  await db.schema.dropTable("profile_recommendations").execute();
}
