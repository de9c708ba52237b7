// The audit trail is tamper-evident: every event stores the SHA-256 of its own content and
// of the event before it, so changing, removing or inserting a row breaks the chain from
// that event on. Events are appended inside the transaction that made the change, after
// locking the chain's head row, so concurrent writers (PostgreSQL runs many at once) take
// turns and the chain stays one line. `verifyAuditChain` walks it and names the first
// event that does not fit.
//
// eventHash is also written out in migrations/2026_12_07_120000_sessions_throttles_audit_chain.ts,
// which chained the events that existed before; the two must stay identical.
import { createHash } from "node:crypto";
import type { Executor } from "../../../db/client";
import type { AuditEventsTable } from "../../../db/schema";

export const GENESIS_HASH = "0".repeat(64);

type ChainedFields = Omit<AuditEventsTable, "seq" | "prev_hash" | "hash"> & { seq: number };

export function eventHash(prevHash: string, e: ChainedFields): string {
  const content = JSON.stringify([e.seq, e.id, e.actor_user_id, e.action, e.record_type, e.record_id, e.before_json, e.after_json, e.ip, e.created_at, prevHash]);
  return createHash("sha256").update(content).digest("hex");
}

/**
 * Appends one event to the chain. Must run inside a transaction: the first statement takes
 * the head row's write lock (a row lock on PostgreSQL, the database's write lock on
 * SQLite), which the transaction keeps until it commits.
 */
export async function appendAuditEvent(trx: Executor, event: Omit<ChainedFields, "seq">): Promise<void> {
  await trx.updateTable("audit_chain_head").set((eb) => ({ seq: eb.ref("seq") })).where("id", "=", "head").execute();
  const head = await trx.selectFrom("audit_chain_head").select(["seq", "hash"]).where("id", "=", "head").executeTakeFirstOrThrow();
  const seq = Number(head.seq) + 1;
  const hash = eventHash(head.hash, { ...event, seq });
  await trx.insertInto("audit_events").values({ ...event, seq, prev_hash: head.hash, hash }).execute();
  await trx.updateTable("audit_chain_head").set({ seq, hash }).where("id", "=", "head").execute();
}

export type ChainCheck =
  | { intact: true; events: number }
  | { intact: false; events: number; firstBroken: { seq: number | null; id: string; createdAt: string; reason: string } };

const PAGE = 2_000;

/** Walks the whole chain in order, a page at a time. */
export async function verifyAuditChain(db: Executor): Promise<ChainCheck> {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  const unchained = await db.selectFrom("audit_events").select(["id", "created_at"]).where("seq", "is", null).orderBy("created_at").limit(1).executeTakeFirst();
  if (unchained) {
    return { intact: false, events: 0, firstBroken: { seq: null, id: unchained.id, createdAt: unchained.created_at, reason: "it is not in the chain" } };
  }
  for (;;) {
    const rows = await db.selectFrom("audit_events")
      .select(["id", "actor_user_id", "action", "record_type", "record_id", "before_json", "after_json", "ip", "created_at", "seq", "prev_hash", "hash"])
      .where("seq", ">=", expectedSeq).orderBy("seq").limit(PAGE).execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const seq = Number(row.seq);
      const broken = (reason: string): ChainCheck => ({ intact: false, events: count, firstBroken: { seq, id: row.id, createdAt: row.created_at, reason } });
      if (seq !== expectedSeq) return { intact: false, events: count, firstBroken: { seq: expectedSeq, id: row.id, createdAt: row.created_at, reason: `event ${expectedSeq} is missing` } };
      if (row.prev_hash !== prev) return broken("it does not follow the event before it");
      if (row.hash !== eventHash(prev, { ...row, seq })) return broken("its content has changed since it was written");
      prev = row.hash;
      expectedSeq += 1;
      count += 1;
    }
  }
  const head = await db.selectFrom("audit_chain_head").select(["seq", "hash"]).where("id", "=", "head").executeTakeFirst();
  if (!head || Number(head.seq) !== count || head.hash !== prev) {
    return { intact: false, events: count, firstBroken: { seq: count + 1, id: "", createdAt: "", reason: "the newest events are missing" } };
  }
  return { intact: true, events: count };
}
