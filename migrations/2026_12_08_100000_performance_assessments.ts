// The annual performance assessment the Procurement Act 2023 asks of a contract over £5m
// (s71), kept here for every project: per financial year, the rating the portal proposes
// from the year's RAG and visit grades, and the rating an officer confirms, with why when it
// differs. See app/models/projects/performance.server.ts.
import { sql, type Kysely } from "kysely";

const RATINGS = sql`('good', 'approaching_target', 'requires_improvement', 'inadequate')`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("performance_assessments")
    .addColumn("id", "text", (c) => c.primaryKey().notNull())
    .addColumn("project_id", "text", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("financial_year", "integer", (c) => c.notNull())
    .addColumn("proposed_rating", "text", (c) => c.check(sql`proposed_rating in ${RATINGS}`))
    .addColumn("rating", "text", (c) => c.notNull().check(sql`rating in ${RATINGS}`))
    .addColumn("basis_json", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("confirmed_by", "text", (c) => c.references("users.id"))
    .addColumn("confirmed_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().check(sql`version >= 1`))
    .addUniqueConstraint("performance_assessments_year_key", ["project_id", "financial_year"])
    .execute();
  await db.schema.createIndex("performance_assessments_confirmed_by_idx").on("performance_assessments").column("confirmed_by").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("performance_assessments").execute();
}
