// The organisation's list of bids, and whether it may bid at all.
import { sql } from "kysely";
import type { Executor } from "../../../db/client";
import type { BidStatus } from "../../../db/schema";
import { likePattern, pageWindow, toListPage, type ListPage, type ListParams } from "~/lib/lists";
import type { TenderStatus } from "~/models/statuses";
import { ownedByProvider, type Actor } from "~/policies/actor";
import { tenderStatus } from "../tenders/status.server";
import { bidReference } from "./load.server";

export const BID_SORTS = ["updated_at", "tender", "closes_at", "status", "amount"] as const;
export type BidSort = (typeof BID_SORTS)[number];

export interface BidListItem {
  id: string;
  reference: string;
  tenderId: string;
  tenderReference: string;
  tenderTitle: string;
  tenderStatus: TenderStatus;
  closesAt: string;
  title: string;
  districtName: string | null;
  status: BidStatus;
  needsConfirmation: boolean;
  amountPence: number | null;
  submittedAt: string | null;
  updatedAt: string;
}

/** The provider's own organisation's bids, never anyone else's: ownership is part of every query. */
export async function listOwnBids(
  db: Executor,
  actor: Actor,
  params: ListParams<BidSort>,
  filters: { status: BidStatus | "" },
  now = new Date(),
): Promise<ListPage<BidListItem>> {
  let base = db
    .selectFrom("bids")
    .innerJoin("tenders", "tenders.id", "bids.tender_id")
    .leftJoin("districts", "districts.id", "bids.district_id")
    .where((eb) => ownedByProvider(eb, actor, "bids.organisation_id"));
  if (params.q) {
    const pattern = likePattern(params.q);
    base = base.where((eb) =>
      eb.or([
        sql<boolean>`lower(${eb.ref("tenders.reference")}) like ${pattern} escape '\\'`,
        sql<boolean>`lower(${eb.ref("tenders.title")}) like ${pattern} escape '\\'`,
        sql<boolean>`lower(${eb.ref("bids.title")}) like ${pattern} escape '\\'`,
      ]),
    );
  }
  if (filters.status) base = base.where("bids.status", "=", filters.status);
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  const { limit, offset } = pageWindow(params);
  let query = base.select([
    "bids.id", "bids.tender_id", "tenders.reference as tender_reference", "tenders.title as tender_title", "tenders.status as tender_stored_status",
    "tenders.opens_at", "tenders.closes_at", "tenders.award_intended_at", "bids.title", "districts.name as district_name", "bids.status", "bids.needs_confirmation",
    "bids.amount_pence", "bids.submitted_at", "bids.updated_at",
  ]);
  const dir = params.dir;
  switch (params.sort) {
    case "tender": query = query.orderBy("tenders.reference", dir); break;
    case "closes_at": query = query.orderBy("tenders.closes_at", dir); break;
    case "status": query = query.orderBy("bids.status", dir); break;
    case "amount": query = query.orderBy("bids.amount_pence", dir); break;
    default: query = query.orderBy("bids.updated_at", dir);
  }
  const rows = await query.orderBy("bids.id").limit(limit).offset(offset).execute();
  const items = rows.map((r): BidListItem => ({
    id: r.id,
    reference: bidReference(r.tender_reference, r.id),
    tenderId: r.tender_id,
    tenderReference: r.tender_reference,
    tenderTitle: r.tender_title,
    tenderStatus: tenderStatus({ status: r.tender_stored_status, opens_at: r.opens_at, closes_at: r.closes_at, award_intended_at: r.award_intended_at }, now),
    closesAt: r.closes_at,
    title: r.title,
    districtName: r.district_name,
    status: r.status,
    needsConfirmation: r.needs_confirmation === 1,
    amountPence: r.amount_pence === null ? null : Number(r.amount_pence),
    submittedAt: r.submitted_at,
    updatedAt: r.updated_at,
  }));
  return toListPage(items, Number(total), params);
}

/** Whether the organisation may bid at all: only approved providers do. */
export async function organisationMayBid(db: Executor, organisationId: string | null): Promise<boolean> {
  if (!organisationId) return false;
  const org = await db.selectFrom("organisations").select(["type", "status"]).where("id", "=", organisationId).executeTakeFirst();
  return !!org && org.type === "provider" && org.status === "approved";
}
