// The audit trail is tamper-evident: every event carries the SHA-256 of its content and of
// the event before it. Verified on whichever engine this run uses (SQLite, and PostgreSQL
// in CI), including 50 writers appending at once.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { dialectName, getDb } from "../../db/client";
import { verifyAuditChain } from "~/models/audit/chain.server";
import { recordAudit } from "~/models/audit/record.server";

const audit = { actorUserId: null, ip: "198.51.100.7" };

async function write(n: number, label: string) {
  for (let i = 0; i < n; i++) {
    await getDb().transaction().execute((trx) => recordAudit(trx, audit, { action: "test.written", recordType: "test", recordId: `${label}-${i}`, after: { i } }));
  }
}

describe(`the audit chain on ${dialectName()}`, () => {
  it("is intact after ordinary writes, each event following the one before", async () => {
    await write(5, "a");
    await recordAudit(getDb(), audit, { action: "test.outside_transaction", recordType: "test", recordId: "b" });
    const check = await verifyAuditChain(getDb());
    expect(check).toEqual({ intact: true, events: expect.any(Number) });
    const rows = await getDb().selectFrom("audit_events").select(["seq", "prev_hash", "hash"]).orderBy("seq").execute();
    expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1));
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
  });

  it("stays one unbroken chain when 50 writers append at once", async () => {
    const before = await verifyAuditChain(getDb());
    await Promise.all(Array.from({ length: 50 }, (_, i) =>
      getDb().transaction().execute(async (trx) => {
        await trx.insertInto("settings").values({ key: `concurrent-${i}`, value: String(i), updated_at: new Date().toISOString() }).execute();
        await recordAudit(trx, audit, { action: "test.concurrent", recordType: "setting", recordId: `concurrent-${i}` });
      }),
    ));
    const after = await verifyAuditChain(getDb());
    expect(after).toEqual({ intact: true, events: before.events + 50 });
    const seqs = await getDb().selectFrom("audit_events").select("seq").where("action", "=", "test.concurrent").execute();
    expect(new Set(seqs.map((s) => s.seq)).size).toBe(50);
  });

  it("names the first event whose content was changed in the database", async () => {
    const victim = await getDb().selectFrom("audit_events").select(["id", "seq"]).where("record_id", "=", "a-2").executeTakeFirstOrThrow();
    await getDb().updateTable("audit_events").set({ after_json: JSON.stringify({ i: 99 }) }).where("id", "=", victim.id).execute();
    const check = await verifyAuditChain(getDb());
    expect(check.intact).toBe(false);
    if (check.intact) return;
    expect(check.firstBroken).toMatchObject({ seq: Number(victim.seq), id: victim.id, reason: "its content has changed since it was written" });
    expect(check.events).toBe(Number(victim.seq) - 1);

    // npm run audit:verify says the same and fails.
    let output = "";
    let code = 0;
    try {
      execFileSync("npx", ["tsx", "scripts/audit-verify.ts"], { env: { ...process.env }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (error) {
      const e = error as { status: number; stderr: string };
      code = e.status;
      output = e.stderr;
    }
    expect(code).toBe(1);
    expect(output).toContain(`The audit trail is broken at event ${victim.seq} (id ${victim.id}`);
  });

  it("notices an event removed from the middle", async () => {
    // Put the changed event back as it was, then remove another.
    const victim = await getDb().selectFrom("audit_events").select("id").where("record_id", "=", "a-2").executeTakeFirstOrThrow();
    await getDb().updateTable("audit_events").set({ after_json: JSON.stringify({ i: 2 }) }).where("id", "=", victim.id).execute();
    expect((await verifyAuditChain(getDb())).intact).toBe(true);
    const gone = await getDb().selectFrom("audit_events").select(["id", "seq"]).where("record_id", "=", "a-3").executeTakeFirstOrThrow();
    await getDb().deleteFrom("audit_events").where("id", "=", gone.id).execute();
    const check = await verifyAuditChain(getDb());
    expect(check).toMatchObject({ intact: false, firstBroken: { seq: Number(gone.seq), reason: `event ${gone.seq} is missing` } });
  });
});

describe("the audit page", () => {
  it("says whether the trail is intact, and names the first event that is not", async () => {
    const { loader } = await import("~/routes/admin.audit");
    const { createTestUser, getRequest, jsonOf, run } = await import("../helpers/requests");
    const admin = await createTestUser({ roles: ["admin"] });
    await getDb().deleteFrom("audit_events").where("seq", "is", null).execute();
    await getDb().transaction().execute((trx) => recordAudit(trx, audit, { action: "test.page", recordType: "test", recordId: "page" }));
    // Put the chain right after the earlier tests' tampering: rebuild from the stored rows' order.
    const rows = await getDb().selectFrom("audit_events").selectAll().orderBy("seq").execute();
    const { eventHash, GENESIS_HASH } = await import("~/models/audit/chain.server");
    let prev = GENESIS_HASH;
    for (const [i, row] of rows.entries()) {
      const hash = eventHash(prev, { ...row, seq: i + 1 });
      await getDb().updateTable("audit_events").set({ seq: i + 1, prev_hash: prev, hash }).where("id", "=", row.id).execute();
      prev = hash;
    }
    await getDb().updateTable("audit_chain_head").set({ seq: rows.length, hash: prev }).where("id", "=", "head").execute();

    const intact = await jsonOf(await run(loader, await getRequest("/admin/audit", admin)));
    expect(intact.chain).toEqual({ intact: true, events: expect.any(Number) });
    const victim = rows[1];
    await getDb().updateTable("audit_events").set({ ip: "10.0.0.1" }).where("id", "=", victim.id).execute();
    const broken = await jsonOf(await run(loader, await getRequest("/admin/audit", admin)));
    expect(broken.chain).toMatchObject({ intact: false, events: 1, firstBroken: { seq: 2, id: victim.id } });
  });
});
