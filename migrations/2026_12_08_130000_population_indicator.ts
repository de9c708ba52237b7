// The population early help is for, as a standard context indicator beside the others:
// children and young people aged 0 to 19 in each district (the council enters the latest
// estimate, with its year, like any context figure). District profiles measure reach against
// it: per 10,000 and as a share (app/models/profiles/district-figures.server.ts). Its id is
// fixed, as the other standard indicators' are: app/models/context/population.ts names it.
import type { Kysely } from "kysely";

const ID = "context-population-0-19";

export async function up(db: Kysely<any>): Promise<void> {
  const at = "2026-12-08T13:00:00.000Z";
  const last = await db.selectFrom("context_indicators").select((eb) => eb.fn.max("position").as("position")).executeTakeFirst();
  const existing = await db.selectFrom("context_indicators").select("id").where("code", "=", "population-0-19").executeTakeFirst();
  if (existing) return; // a council that already keeps it under this code keeps its own
  await db.insertInto("context_indicators").values({
    id: ID, code: "population-0-19", name: "Children and young people aged 0 to 19",
    description: "Resident population aged 0 to 19 (latest ONS mid-year estimate): the population early help is for. Profiles give reach per 10,000 of it.",
    position: Number(last?.position ?? 0) + 1, is_active: 1, created_at: at, updated_at: at, version: 1,
  }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom("context_values").where("indicator_id", "=", ID).execute();
  await db.deleteFrom("context_indicators").where("id", "=", ID).execute();
}
