// A published profile may be made public by the officer who publishes it (off unless they
// choose it): it then appears, with what the policy keeps back (app/policies/profiles.ts,
// publicProfileView), on the council's public pages.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("published_profiles")
    .addColumn("is_public", "integer", (c) => c.notNull().defaultTo(0).check(sql`is_public in (0, 1)`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("published_profiles").dropColumn("is_public").execute();
}
