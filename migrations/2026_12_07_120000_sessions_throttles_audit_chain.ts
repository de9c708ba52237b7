// Security: sessions kept on the server (the cookie holds only a random token, stored here
// as its SHA-256 so a copy of the database signs no one in), throttles for requests that
// send e-mail, and a tamper-evident audit trail: each event stores the SHA-256 of its
// content and of the event before it, in one chain whose head is a row every audited
// transaction locks.
//
// The event hash below is written out again in app/models/audit/chain.server.ts; the two
// must agree (the chain test verifies events hashed by this migration).
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";

const GENESIS = "0".repeat(64);

function eventHash(prevHash: string, e: {
  seq: number; id: string; actor_user_id: string | null; action: string; record_type: string; record_id: string;
  before_json: string | null; after_json: string | null; ip: string | null; created_at: string;
}): string {
  const content = JSON.stringify([e.seq, e.id, e.actor_user_id, e.action, e.record_type, e.record_id, e.before_json, e.after_json, e.ip, e.created_at, prevHash]);
  return createHash("sha256").update(content).digest("hex");
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey().notNull()) // SHA-256 of the cookie's token
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull()) // the absolute lifetime's end
    .addColumn("ip", "text")
    .addColumn("user_agent", "text")
    .execute();
  await db.schema.createIndex("sessions_user_idx").on("sessions").column("user_id").execute();
  await db.schema.createIndex("sessions_expires_idx").on("sessions").column("expires_at").execute();

  await db.schema
    .createTable("throttle_events")
    .addColumn("id", "text", (c) => c.primaryKey().notNull())
    .addColumn("kind", "text", (c) => c.notNull()) // e.g. "reset:email", "reset:ip"
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("throttle_events_key_idx").on("throttle_events").columns(["kind", "key", "at"]).execute();
  await db.schema.createIndex("sign_in_attempts_email_idx").on("sign_in_attempts").columns(["email", "attempted_at"]).execute();

  await db.schema.alterTable("audit_events").addColumn("seq", "integer").execute();
  await db.schema.alterTable("audit_events").addColumn("prev_hash", "text").execute();
  await db.schema.alterTable("audit_events").addColumn("hash", "text").execute();
  await db.schema
    .createTable("audit_chain_head")
    .addColumn("id", "text", (c) => c.primaryKey().notNull())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .execute();

  // Chain the events already written, oldest first.
  const events = await db.selectFrom("audit_events")
    .select(["id", "actor_user_id", "action", "record_type", "record_id", "before_json", "after_json", "ip", "created_at"])
    .orderBy("created_at").orderBy("id").execute();
  let prev = GENESIS;
  let seq = 0;
  for (const e of events) {
    seq += 1;
    const hash = eventHash(prev, { ...e, seq });
    await db.updateTable("audit_events").set({ seq, prev_hash: prev, hash }).where("id", "=", e.id).execute();
    prev = hash;
  }
  await db.insertInto("audit_chain_head").values({ id: "head", seq, hash: prev }).execute();
  await db.schema.createIndex("audit_events_seq_key").on("audit_events").column("seq").unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("audit_events_seq_key").execute();
  await db.schema.dropTable("audit_chain_head").execute();
  await db.schema.alterTable("audit_events").dropColumn("hash").execute();
  await db.schema.alterTable("audit_events").dropColumn("prev_hash").execute();
  await db.schema.alterTable("audit_events").dropColumn("seq").execute();
  await db.schema.dropIndex("sign_in_attempts_email_idx").execute();
  await db.schema.dropTable("throttle_events").execute();
  await db.schema.dropTable("sessions").execute();
}
