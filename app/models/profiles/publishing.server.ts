// Publishing freezes a district's profile for a quarter: the figures (as JSON) and the PDF,
// each with its SHA-256, so what went to the board can be shown again byte for byte, however
// late returns change the live view. Publishing again makes a new edition; none is replaced.
import { createHash } from "node:crypto";
import type { Executor } from "../../../db/client";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { newId } from "~/lib/ids.server";
import { renderProfilePdfOffThread } from "~/profiles/pdf-pool.server";
import type { DistrictProfile, PublicationStamp } from "~/profiles/types";
import { computeProfile } from "./compute.server";
import { StalePublicationError } from "~/models/errors";
import type { Actor } from "~/policies/actor";
import { inPublishedDistrictScope, isPublicProfile } from "~/policies/profiles";

export const sha256 = (bytes: Uint8Array | string): string => createHash("sha256").update(bytes).digest("hex");


export async function latestEdition(db: Executor, districtId: string, quarter: string): Promise<number> {
  const row = await db
    .selectFrom("published_profiles")
    .select((eb) => eb.fn.max<number>("edition").as("edition"))
    .where("district_id", "=", districtId)
    .where("quarter", "=", quarter)
    .executeTakeFirst();
  return Number(row?.edition ?? 0);
}

/**
 * Publishes the live profile as the next edition. `expectedEdition` is the latest edition the
 * officer saw: a double submit or a colleague's publication in between is refused
 * (StalePublicationError) rather than making a second edition nobody meant.
 */
export async function publishProfile(
  db: Executor,
  audit: AuditContext,
  args: { districtId: string; quarter: string; expectedEdition: number; asOf: string; now: string; isPublic?: boolean },
): Promise<{ id: string; edition: number }> {
  const current = await latestEdition(db, args.districtId, args.quarter);
  if (current !== args.expectedEdition) throw new StalePublicationError(current);
  // Worked out afresh, never read back from kept figures: what is frozen is what the data says now.
  const profile = await computeProfile(db, args.districtId, { quarter: args.quarter, asOf: args.asOf, now: args.now, fresh: true });
  if (!profile) throw new Error(`No district ${args.districtId}`);
  const edition = current + 1;
  // Laid out before the transaction, so the database is not held while the PDF is drawn.
  const pdf = await renderProfilePdfOffThread(profile, { status: { kind: "published", publishedAt: args.now, edition } });
  const figures = JSON.stringify(profile);
  const id = newId();
  const row = {
    id, district_id: args.districtId, quarter: profile.quarter, edition, published_at: args.now, published_by: audit.actorUserId,
    figures_json: figures, figures_sha256: sha256(figures), pdf, pdf_sha256: sha256(pdf), pdf_size_bytes: pdf.byteLength,
    is_public: args.isPublic ? (1 as const) : (0 as const),
  };
  try {
    await db.transaction().execute(async (trx) => {
      // Checked again inside the transaction: the unique (district, quarter, edition) index
      // refuses a second writer that got this far at the same moment.
      if ((await latestEdition(trx, args.districtId, args.quarter)) !== current) throw new StalePublicationError(await latestEdition(trx, args.districtId, args.quarter));
      await trx.insertInto("published_profiles").values(row).execute();
      await recordAudit(trx, audit, {
        action: "profile.published", recordType: "published_profile", recordId: id,
        after: { district_id: args.districtId, quarter: profile.quarter, edition, pdf_sha256: row.pdf_sha256, figures_sha256: row.figures_sha256, is_public: row.is_public },
      });
    });
  } catch (error) {
    if (error instanceof StalePublicationError) throw error;
    const now = await latestEdition(db, args.districtId, args.quarter);
    if (now !== current) throw new StalePublicationError(now);
    throw error;
  }
  return { id, edition };
}

export interface PublicationSummary {
  id: string;
  districtId: string;
  districtName: string;
  quarter: string;
  edition: number;
  publishedAt: string;
  publishedBy: string | null;
  pdfSha256: string;
  pdfSizeBytes: number;
  /** Also on the public pages. */
  isPublic: boolean;
}

/** Published editions the actor may read ("profile:view-published"), newest first, without their PDFs. */
export async function listPublications(
  db: Executor,
  actor: Actor,
  filter: { districtId?: string; quarter?: string; limit?: number } = {},
): Promise<PublicationSummary[]> {
  let query = db
    .selectFrom("published_profiles")
    .innerJoin("districts", "districts.id", "published_profiles.district_id")
    .leftJoin("users", "users.id", "published_profiles.published_by")
    .select([
      "published_profiles.id", "published_profiles.district_id", "districts.name as district_name", "published_profiles.quarter",
      "published_profiles.edition", "published_profiles.published_at", "users.name as published_by", "published_profiles.pdf_sha256",
      "published_profiles.pdf_size_bytes", "published_profiles.is_public",
    ])
    .where((eb) => inPublishedDistrictScope(eb, actor, "published_profiles.district_id"))
    .orderBy("published_profiles.published_at", "desc")
    .orderBy("districts.name")
    .limit(filter.limit ?? 200);
  if (filter.districtId) query = query.where("published_profiles.district_id", "=", filter.districtId);
  if (filter.quarter) query = query.where("published_profiles.quarter", "=", filter.quarter);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id, districtId: r.district_id, districtName: r.district_name, quarter: r.quarter, edition: Number(r.edition),
    publishedAt: r.published_at, publishedBy: r.published_by, pdfSha256: r.pdf_sha256, pdfSizeBytes: Number(r.pdf_size_bytes),
    isPublic: isPublicProfile(r),
  }));
}

export interface Publication {
  stamp: PublicationStamp;
  districtId: string;
  profile: DistrictProfile;
}

export async function getPublication(db: Executor, id: string): Promise<Publication | null> {
  const row = await db
    .selectFrom("published_profiles")
    .leftJoin("users", "users.id", "published_profiles.published_by")
    .select([
      "published_profiles.id", "published_profiles.district_id", "published_profiles.edition", "published_profiles.published_at",
      "users.name as published_by", "published_profiles.pdf_sha256", "published_profiles.figures_sha256", "published_profiles.figures_json",
    ])
    .where("published_profiles.id", "=", id)
    .executeTakeFirst();
  if (!row) return null;
  return {
    districtId: row.district_id,
    profile: JSON.parse(row.figures_json) as DistrictProfile,
    stamp: {
      id: row.id, edition: Number(row.edition), publishedAt: row.published_at, publishedBy: row.published_by,
      pdfSha256: row.pdf_sha256, figuresSha256: row.figures_sha256,
    },
  };
}

/** The frozen PDF exactly as it was stored. */
export async function getPublicationPdf(db: Executor, id: string): Promise<{ districtId: string; quarter: string; edition: number; pdf: Uint8Array; sha256: string } | null> {
  const row = await db
    .selectFrom("published_profiles")
    .select(["district_id", "quarter", "edition", "pdf", "pdf_sha256"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) return null;
  return { districtId: row.district_id, quarter: row.quarter, edition: Number(row.edition), pdf: new Uint8Array(row.pdf), sha256: row.pdf_sha256 };
}
