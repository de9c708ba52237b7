// The county pack: one PDF with a contents page, the county summary and trend, and all twelve
// district profiles. A pack is a draft to check, or built to publish: then it is stamped with
// its edition for the quarter, frozen (its PDF and hash are kept as built) and readable by
// the board. Laying
// it out takes seconds of solid work, so a request only queues it: the pack and a job with
// the same id (app/models/jobs/queue.server.ts), which any server's worker picks up and
// builds in a child process (app/jobs/county-pack.server.ts, with county-pack-build.server.ts),
// recording its progress for the officer's page. A worker that dies mid-build loses the job to another once its lease
// runs out; a pack is failed only when its job has failed for good.
import type { Executor } from "../../../db/client";
import type { CountyPackStatus } from "../../../db/schema";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { LOCKS, takeLocks } from "~/models/locks.server";
import { newId, nowIso } from "~/lib/ids.server";
import { enqueueJob, jobsCommitted } from "~/models/jobs/queue.server";

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
  toPublish: boolean;
  /** Set once a pack built to publish is done. */
  edition: number | null;
  publishedAt: string | null;
}

const PACK_COLUMNS = [
  "county_packs.id", "county_packs.quarter", "county_packs.status", "county_packs.districts_done", "county_packs.districts_total",
  "county_packs.pdf_sha256", "county_packs.error", "users.name as requested_by", "county_packs.created_at", "county_packs.finished_at",
  "county_packs.to_publish", "county_packs.edition", "county_packs.published_at",
] as const;

function toPack(r: {
  id: string; quarter: string; status: CountyPackStatus; districts_done: number; districts_total: number; pdf_sha256: string | null;
  error: string | null; requested_by: string | null; created_at: string; finished_at: string | null; to_publish: number; edition: number | null;
  published_at: string | null;
}): CountyPack {
  return {
    id: r.id, quarter: r.quarter, status: r.status, districtsDone: Number(r.districts_done), districtsTotal: Number(r.districts_total),
    pdfSha256: r.pdf_sha256, error: r.error, requestedBy: r.requested_by, createdAt: r.created_at, finishedAt: r.finished_at,
    toPublish: Number(r.to_publish) === 1, edition: r.edition === null ? null : Number(r.edition), publishedAt: r.published_at,
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

/** The published packs, newest quarter and edition first: what the board reads. */
export async function listPublishedCountyPacks(db: Executor, limit = 8): Promise<CountyPack[]> {
  const rows = await db
    .selectFrom("county_packs")
    .leftJoin("users", "users.id", "county_packs.requested_by")
    .select(PACK_COLUMNS)
    .where("county_packs.status", "=", "done")
    .where("county_packs.edition", "is not", null)
    .orderBy("county_packs.published_at", "desc")
    .limit(limit)
    .execute();
  return rows.map(toPack);
}

/** A finished pack's PDF, and whether it is published (edition set) or a draft. */
export async function getCountyPackPdf(db: Executor, id: string): Promise<{ quarter: string; pdf: Uint8Array; edition: number | null } | null> {
  const row = await db.selectFrom("county_packs").select(["quarter", "pdf", "edition"]).where("id", "=", id).where("status", "=", "done").executeTakeFirst();
  return row?.pdf ? { quarter: row.quarter, pdf: new Uint8Array(row.pdf), edition: row.edition === null ? null : Number(row.edition) } : null;
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
 * Queues a pack for the quarter and returns its id: a draft, or one to publish. A pack for
 * the same quarter already queued or building is returned instead of a second one (a double
 * click builds one pack, and one build at a time per quarter keeps editions in order).
 */
export async function requestCountyPack(
  db: Executor,
  audit: AuditContext,
  quarter: string,
  asOf: string,
  { publish = false }: { publish?: boolean } = {},
): Promise<{ id: string; created: boolean }> {
  await failPacksWhoseJobFailed(db);
  const total = Number(
    (await db.selectFrom("districts").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n,
  );
  const requested = await db.transaction().execute(async (trx) => {
    await takeLocks(trx, LOCKS.countyPack(quarter));
    const running = await trx.selectFrom("county_packs").select("id").where("quarter", "=", quarter).where("status", "in", ["queued", "building"]).executeTakeFirst();
    if (running) return { id: running.id, created: false };
    const id = newId();
    await trx.insertInto("county_packs").values({
      id, quarter, status: "queued", districts_done: 0, districts_total: total, pdf: null, pdf_sha256: null, error: null,
      requested_by: audit.actorUserId, created_at: nowIso(), finished_at: null, to_publish: publish ? 1 : 0, edition: null, published_at: null,
    }).execute();
    await enqueueJob(trx, COUNTY_PACK_JOB, { packId: id, asOf }, { id });
    await recordAudit(trx, audit, { action: "county_pack.requested", recordType: "county_pack", recordId: id, after: { quarter, toPublish: publish } });
    return { id, created: true };
  });
  // Committed: this server's worker may start on it now rather than at its next look.
  if (requested.created) jobsCommitted();
  return requested;
}

/**
 * Takes the county's one build slot for this pack: laying out a pack is seconds of work and
 * hundreds of MB, so packs are built one at a time across every server, whatever their
 * quarter. "started" when this pack may be built now (it is marked building), "busy" while
 * another pack is building, "gone" when this one no longer needs building.
 */
export async function startCountyPackBuild(db: Executor, id: string): Promise<"started" | "busy" | "gone"> {
  // A pack whose job failed for good is not building, whatever its row says.
  await failPacksWhoseJobFailed(db);
  return db.transaction().execute(async (trx) => {
    await takeLocks(trx, LOCKS.countyPackBuild());
    const pack = await trx.selectFrom("county_packs").select("status").where("id", "=", id).executeTakeFirst();
    if (!pack || (pack.status !== "queued" && pack.status !== "building")) return "gone";
    // Busy only while another pack's build is alive: its job running under a lease not yet
    // run out (a pack and its job share an id). A pack left "building" by a failed or stopped
    // build, waiting to be tried again, holds nothing up.
    const other = await trx
      .selectFrom("county_packs")
      .innerJoin("jobs", "jobs.id", "county_packs.id")
      .select("county_packs.id")
      .where("county_packs.status", "=", "building")
      .where("county_packs.id", "<>", id)
      .where("jobs.status", "=", "running")
      .where("jobs.lease_expires_at", ">", nowIso())
      .executeTakeFirst();
    if (other) return "busy";
    await trx.updateTable("county_packs").set({ status: "building", districts_done: 0 }).where("id", "=", id).execute();
    return "started";
  });
}
