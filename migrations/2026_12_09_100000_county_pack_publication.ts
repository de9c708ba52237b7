// A county pack can be built to publish: then it is stamped with its edition and the moment
// it was frozen, and the board (viewers) can read it. A draft pack keeps both null.
// See app/models/profiles/county-packs.server.ts.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("county_packs").addColumn("to_publish", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable("county_packs").addColumn("edition", "integer").execute();
  await db.schema.alterTable("county_packs").addColumn("published_at", "text").execute();
  // One pack per edition of a quarter (drafts have none, and nulls never clash).
  await db.schema.createIndex("county_packs_quarter_edition_key").on("county_packs").columns(["quarter", "edition"]).unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("county_packs_quarter_edition_key").execute();
  await db.schema.alterTable("county_packs").dropColumn("published_at").execute();
  await db.schema.alterTable("county_packs").dropColumn("edition").execute();
  await db.schema.alterTable("county_packs").dropColumn("to_publish").execute();
}
