// A kept profile's digest beside its whole figures: what the county view, the comparison with
// the county and the trend read of a district's quarter (its headline, spend by quarter and
// indicators' achievement), a few KB however many projects the district has, so those pages
// never parse every project's rows. Null until the row is next kept. See
// app/models/profiles/results.server.ts.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("profile_results").addColumn("digest_json", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("profile_results").dropColumn("digest_json").execute();
}
