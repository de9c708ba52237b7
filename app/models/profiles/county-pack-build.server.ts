// Building a county pack: its districts' figures worked out afresh and laid out as one PDF.
// Only the builder's own process runs this (scripts/build-county-pack.ts, started by a
// worker's job, app/jobs/county-pack.server.ts), so react-pdf is loaded there and never by a
// server answering requests. Queuing and reading packs: county-packs.server.ts.
import type { Executor } from "../../../db/client";
import { recordAudit } from "~/models/audit/record.server";
import { nowIso } from "~/lib/ids.server";
import { renderCountyPackPdf } from "~/profiles/pdf.server";
import { computeCountyProfiles } from "./county.server";
import { sha256 } from "./publishing.server";

/**
 * Builds a pack to the end, recording progress. A pack left "building" by a worker that
 * died is built again from the start. Throws when it fails, so the job is tried again.
 * A pack built to publish is stamped with the next edition of its quarter (only one build
 * per quarter runs at a time) and, once done, published in the same transaction as its
 * audit entry.
 */
export async function buildCountyPack(db: Executor, id: string, asOf: string): Promise<void> {
  const pack = await db.selectFrom("county_packs").select(["quarter", "status", "to_publish", "requested_by"]).where("id", "=", id).executeTakeFirst();
  if (!pack || (pack.status !== "queued" && pack.status !== "building")) return;
  await db.updateTable("county_packs").set({ status: "building", districts_done: 0 }).where("id", "=", id).execute();
  const now = nowIso();
  // Worked out afresh: a pack is kept as built, so it is built from the data, not from kept figures.
  const { summary, profiles } = await computeCountyProfiles(db, { quarter: pack.quarter, asOf, now, fresh: true });
  await db.updateTable("county_packs").set({ districts_total: profiles.length }).where("id", "=", id).execute();
  const edition = Number(pack.to_publish) === 1 ? (await lastEdition(db, pack.quarter)) + 1 : null;
  const pdf = await renderCountyPackPdf(
    summary,
    profiles,
    async (done) => {
      await db.updateTable("county_packs").set({ districts_done: done }).where("id", "=", id).execute();
    },
    { status: edition === null ? { kind: "draft" } : { kind: "published", publishedAt: now, edition, of: "County pack" } },
  );
  const pdfSha256 = sha256(pdf);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("county_packs")
      .set({ status: "done", pdf, pdf_sha256: pdfSha256, finished_at: nowIso(), edition, published_at: edition === null ? null : now })
      .where("id", "=", id)
      .execute();
    if (edition !== null) {
      await recordAudit(trx, { actorUserId: pack.requested_by, ip: null }, {
        action: "county_pack.published", recordType: "county_pack", recordId: id, after: { quarter: pack.quarter, edition, pdfSha256 },
      });
    }
  });
}

async function lastEdition(db: Executor, quarter: string): Promise<number> {
  const row = await db.selectFrom("county_packs").select((eb) => eb.fn.max<number>("edition").as("edition")).where("quarter", "=", quarter).executeTakeFirst();
  return Number(row?.edition ?? 0);
}
