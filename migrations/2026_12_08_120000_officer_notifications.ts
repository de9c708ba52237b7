// Officers are told by e-mail when a return is submitted, a clarification question is asked
// or a registration is waiting; each is on unless the officer turns it off, so only the
// choices to be left out are stored. And an officer may chase an overdue return by hand: the
// last reminder sent is kept on the return, which is what limits them to one a day.
// See app/models/notifications/ and app/models/returns/chase.server.ts.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("notification_opt_outs")
    .addColumn("id", "text", (c) => c.primaryKey().notNull())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('return_submitted', 'clarification_asked', 'registration_waiting')`))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("notification_opt_outs_user_kind_key", ["user_id", "kind"])
    .execute();
  await db.schema.alterTable("returns").addColumn("reminded_at", "text").execute();
  await db.schema.alterTable("returns").addColumn("reminded_by", "text", (c) => c.references("users.id")).execute();
  await db.schema.createIndex("returns_reminded_by_idx").on("returns").column("reminded_by").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("returns_reminded_by_idx").execute();
  await db.schema.alterTable("returns").dropColumn("reminded_by").execute();
  await db.schema.alterTable("returns").dropColumn("reminded_at").execute();
  await db.schema.dropTable("notification_opt_outs").execute();
}
