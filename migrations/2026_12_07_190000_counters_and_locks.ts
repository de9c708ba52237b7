// Writers that must take turns, on both engines and across several servers: named lock rows
// a transaction writes first and so holds to its end (a row lock on PostgreSQL, the
// database's write lock on SQLite), and counters that hand out references (PRJ-2026-014,
// ESI-2026-003) in the transaction that uses them. See app/models/locks.server.ts.
//
// Rows are made when first needed: a counter starts from the highest reference already used.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("locks")
    .addColumn("name", "text", (c) => c.notNull().primaryKey())
    .execute();
  await db.schema
    .createTable("counters")
    .addColumn("name", "text", (c) => c.notNull().primaryKey())
    .addColumn("value", "integer", (c) => c.notNull())
    .addCheckConstraint("counters_value_check", sql`value >= 0`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("counters").execute();
  await db.schema.dropTable("locks").execute();
}
