// The county pack: one PDF with the county summary and all twelve district profiles. Laying
// it out takes seconds of solid work, so a request only queues it: the pack and a job with
// the same id (app/models/jobs/queue.server.ts), which any server's worker picks up and
// builds in a child process (app/jobs/county-pack.server.ts), recording its progress for
// the officer's page. A worker that dies mid-build loses the job to another once its lease
// runs out; a pack is failed only when its job has failed for good.
import type { Executor } from "../../../db/client";
import type { CountyPackStatus } from "../../../db/schema";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { LOCKS, takeLocks } from "~/models/locks.server";
import { newId, nowIso } from "~/lib/ids.server";
import { enqueueJob } from "~/models/jobs/queue.server";
import { renderCountyPackPdf } from "~/profiles/pdf.server";
import { sha256 } from "./publishing.server";
import { computeCountySummary } from "./county.server";

export interface CountyPack {
  id: string;
  quarter: string;
  status: CountyPackStatus;
  districtsDone: number;
  districtsTotal: number;
  pdfSha256: string | null;
  error: string | null;
  requestedBy: string | null;
  createdAt: string;
  finishedAt: string | null;
}

const PACK_COLUMNS = [
  "county_packs.id", "county_packs.quarter", "county_packs.status", "county_packs.districts_done", "county_packs.districts_total",
  "county_packs.pdf_sha256", "county_packs.error", "users.name as requested_by", "county_packs.created_at", "county_packs.finished_at",
] as const;

function toPack(r: {
  id: string; quarter: string; status: CountyPackStatus; districts_done: number; districts_total: number; pdf_sha256: string | null;
  error: string | null; requested_by: string | null; created_at: string; finished_at: string | null;
}): CountyPack {
  return {
    id: r.id, quarter: r.quarter, status: r.status, districtsDone: Number(r.districts_done), districtsTotal: Number(r.districts_total),
    pdfSha256: r.pdf_sha256, error: r.error, requestedBy: r.requested_by, createdAt: r.created_at, finishedAt: r.finished_at,
  };
}

export async function listCountyPacks(db: Executor, limit = 10): Promise<CountyPack[]> {
  await failPacksWhoseJobFailed(db);
  const rows = await db
    .selectFrom("county_packs")
    .leftJoin("users", "users.id", "county_packs.requested_by")
    .select(PACK_COLUMNS)
    .orderBy("county_packs.created_at", "desc")
    .limit(limit)
    .execute();
  return rows.map(toPack);
}

export async function getCountyPack(db: Executor, id: string): Promise<CountyPack | null> {
  const row = await db.selectFrom("county_packs").leftJoin("users", "users.id", "county_packs.requested_by").select(PACK_COLUMNS).where("county_packs.id", "=", id).executeTakeFirst();
  return row ? toPack(row) : null;
}

export async function getCountyPackPdf(db: Executor, id: string): Promise<{ quarter: string; pdf: Uint8Array } | null> {
  const row = await db.selectFrom("county_packs").select(["quarter", "pdf"]).where("id", "=", id).where("status", "=", "done").executeTakeFirst();
  return row?.pdf ? { quarter: row.quarter, pdf: new Uint8Array(row.pdf) } : null;
}

/** A pack whose build job has failed for good (every attempt used) is failed too. */
async function failPacksWhoseJobFailed(db: Executor): Promise<void> {
  await db
    .updateTable("county_packs")
    .set({ status: "failed", error: "The pack could not be built. Try again, and tell the support team if it keeps failing.", finished_at: nowIso() })
    .where("status", "in", ["queued", "building"])
    .where("id", "in", (eb) => eb.selectFrom("jobs").select("jobs.id").where("jobs.kind", "=", COUNTY_PACK_JOB).where("jobs.status", "=", "failed"))
    .execute();
}

export const COUNTY_PACK_JOB = "county-pack";

/**
 * Queues a pack for the quarter and returns its id. A pack for the same quarter already
 * queued or building is returned instead of a second one (a double click builds one pack).
 */
export async function requestCountyPack(db: Executor, audit: AuditContext, quarter: string, asOf: string): Promise<{ id: string; created: boolean }> {
  await failPacksWhoseJobFailed(db);
  const total = Number(
    (await db.selectFrom("districts").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n,
  );
  return db.transaction().execute(async (trx) => {
    await takeLocks(trx, LOCKS.countyPack(quarter));
    const running = await trx.selectFrom("county_packs").select("id").where("quarter", "=", quarter).where("status", "in", ["queued", "building"]).executeTakeFirst();
    if (running) return { id: running.id, created: false };
    const id = newId();
    await trx.insertInto("county_packs").values({
      id, quarter, status: "queued", districts_done: 0, districts_total: total, pdf: null, pdf_sha256: null, error: null,
      requested_by: audit.actorUserId, created_at: nowIso(), finished_at: null,
    }).execute();
    await enqueueJob(trx, COUNTY_PACK_JOB, { packId: id, asOf }, { id });
    await recordAudit(trx, audit, { action: "county_pack.requested", recordType: "county_pack", recordId: id, after: { quarter } });
    return { id, created: true };
  });
}

/**
 * Builds a pack to the end, recording progress. A pack left "building" by a worker that
 * died is built again from the start. Throws when it fails, so the job is tried again.
 */
export async function buildCountyPack(db: Executor, id: string, asOf: string): Promise<void> {
  const pack = await db.selectFrom("county_packs").select(["quarter", "status"]).where("id", "=", id).executeTakeFirst();
  if (!pack || (pack.status !== "queued" && pack.status !== "building")) return;
  await db.updateTable("county_packs").set({ status: "building", districts_done: 0 }).where("id", "=", id).execute();
  const { summary, profiles } = await computeCountySummary(db, { quarter: pack.quarter, asOf, now: nowIso() });
  await db.updateTable("county_packs").set({ districts_total: profiles.length }).where("id", "=", id).execute();
  const pdf = await renderCountyPackPdf(summary, profiles, async (done) => {
    await db.updateTable("county_packs").set({ districts_done: done }).where("id", "=", id).execute();
  });
  await db
    .updateTable("county_packs")
    .set({ status: "done", pdf, pdf_sha256: sha256(pdf), finished_at: nowIso() })
    .where("id", "=", id)
    .execute();
}
