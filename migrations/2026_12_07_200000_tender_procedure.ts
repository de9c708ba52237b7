// Each tender says how it is run under the Procurement Act 2023 (app/models/tenders/procedures.ts):
// a competitive light-touch procedure, a below-threshold open procedure, or a grant
// competition, which is what every tender before this was (the programme's grants).
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("tenders")
    .addColumn("procedure", "text", (c) =>
      c.notNull().defaultTo("grant_competition").check(sql`procedure in ('light_touch', 'below_threshold', 'grant_competition')`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("tenders").dropColumn("procedure").execute();
}
