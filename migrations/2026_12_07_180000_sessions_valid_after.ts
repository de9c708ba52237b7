// A moment before which none of a user's sessions count: set when their password is reset
// or changed, when they are deactivated, and when their roles change. Deleting their
// sessions at that moment is not enough on its own: a sign-in that checked the old password
// just before could still write its session just after.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("sessions_valid_after", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("sessions_valid_after").execute();
}
