// The award in the Procurement Act's steps (app/models/awards/): the decisions are recorded
// and every bidder sent an assessment summary (the intention to award); for a light-touch
// contract, the contract award notice starts an 8-working-day standstill, which may be
// waived with a reason; then the contract is entered and the projects go live
// (tenders.awarded_at, as before). A tender awarded before this did all of it at once, so
// it keeps null in the new columns and reads as awarded.
import type { Kysely } from "kysely";

const COLUMNS = [
  "award_intended_at",
  "award_override_reason",
  "summaries_sent_at",
  "award_notice_at",
  "standstill_last_day",
  "standstill_waived_reason",
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  // One column per statement: SQLite adds one at a time.
  for (const column of COLUMNS) await db.schema.alterTable("tenders").addColumn(column, "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of [...COLUMNS].reverse()) await db.schema.alterTable("tenders").dropColumn(column).execute();
}
