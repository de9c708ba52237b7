// Funding streams (where the money comes from) and allocations (how much of each stream a
// district gets in a financial year). Money is whole pence; a district with no allocation
// row has no allocation, which is not the same as an allocation of £0.
import { createHash } from "node:crypto";
import type { Executor } from "../../../db/client";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { containsText, pageWindow, toListPage, type ListPage, type ListParams } from "~/lib/lists";
import { financialYearLabel } from "~/lib/financial-year";
import { newId, nowIso } from "~/lib/ids.server";
import { MESSAGES } from "~/schemas/reference-data";
import type { StreamInput } from "~/schemas/reference-data.server";
import { StaleEditError } from "~/models/errors";
import { LOCKS, takeLocks } from "~/models/locks.server";
import { createDescribed, describedKind, getReference, updateDescribed, type Described } from "../admin/reference-data.server";

export const STREAM_SORTS = ["name", "status", "total"] as const;
export type StreamSort = (typeof STREAM_SORTS)[number];

export type FundingStream = Described;

export interface FundingStreamListItem extends FundingStream {
  /** Total allocated to every district in the year asked for. */
  totalPence: number;
  /** How many districts have an allocation in that year. */
  districtCount: number;
}

const COLUMNS = [
  "funding_streams.id",
  "funding_streams.name",
  "funding_streams.description",
  "funding_streams.is_active",
  "funding_streams.updated_at",
  "funding_streams.version",
] as const;

const STREAMS = describedKind("funding_streams", "funding stream", "funding_stream", MESSAGES.duplicateStreamName);

/** The streams with what each allocates in `year`: one grouped query for the whole page. */
export async function listStreams(
  db: Executor,
  params: ListParams<StreamSort>,
  year: number,
): Promise<ListPage<FundingStreamListItem>> {
  let base = db.selectFrom("funding_streams");
  if (params.q) {
    base = base.where((eb) =>
      eb.or([
        containsText(eb.ref("funding_streams.name"), params.q),
        containsText(eb.ref("funding_streams.description"), params.q),
      ]),
    );
  }
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  const { limit, offset } = pageWindow(params);
  let query = base
    .leftJoin("allocations", (join) =>
      join.onRef("allocations.funding_stream_id", "=", "funding_streams.id").on("allocations.financial_year", "=", year),
    )
    .select([...COLUMNS])
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>("allocations.amount_pence"), eb.lit(0)).as("total_pence"),
      eb.fn.count<number>("allocations.id").as("district_count"),
    ])
    .groupBy([...COLUMNS]);
  switch (params.sort) {
    case "status": query = query.orderBy("funding_streams.is_active", params.dir === "asc" ? "desc" : "asc").orderBy("funding_streams.name"); break;
    case "total": query = query.orderBy("total_pence", params.dir).orderBy("funding_streams.name"); break;
    default: query = query.orderBy("funding_streams.name", params.dir);
  }
  const rows = await query.orderBy("funding_streams.id").limit(limit).offset(offset).execute();
  const items = rows.map((r) => ({ ...STREAMS.toRecord(r), totalPence: Number(r.total_pence), districtCount: Number(r.district_count) }));
  return toListPage(items, Number(total), params);
}

export const getStream = (db: Executor, id: string): Promise<FundingStream | null> => getReference(db, STREAMS, id);

export function createStream(db: Executor, audit: AuditContext, input: StreamInput): Promise<string> {
  return createDescribed(db, audit, STREAMS, input);
}

export function updateStream(db: Executor, audit: AuditContext, id: string, expectedVersion: number, input: StreamInput): Promise<void> {
  return updateDescribed(db, audit, STREAMS, id, expectedVersion, input);
}

// ---------------------------------------------------------------------------------------
// Allocations

export interface AllocationRow {
  districtId: string;
  districtName: string;
  onsCode: string;
  allocationId: string | null;
  /** null: no allocation this year. */
  amountPence: number | null;
}

export interface AllocationGrid {
  rows: AllocationRow[];
  totalPence: number;
  /**
   * A fingerprint of the allocations as read. The form sends it back, and the save is
   * refused when the allocations changed in between (someone else saved).
   */
  snapshot: string;
}

function fingerprint(existing: { district_id: string; amount_pence: number }[]): string {
  const text = existing
    .map((a) => `${a.district_id}=${a.amount_pence}`)
    .sort()
    .join(",");
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

async function existingAllocations(db: Executor, streamId: string, year: number) {
  return db
    .selectFrom("allocations")
    .select(["id", "district_id", "amount_pence"])
    .where("funding_stream_id", "=", streamId)
    .where("financial_year", "=", year)
    .execute();
}

/** One row per district, by name, with the stream's allocation to it in `year`. */
export async function getAllocationGrid(db: Executor, streamId: string, year: number): Promise<AllocationGrid> {
  const rows = await db
    .selectFrom("districts")
    .leftJoin("allocations", (join) =>
      join
        .onRef("allocations.district_id", "=", "districts.id")
        .on("allocations.funding_stream_id", "=", streamId)
        .on("allocations.financial_year", "=", year),
    )
    .select([
      "districts.id as district_id",
      "districts.name as district_name",
      "districts.ons_code",
      "allocations.id as allocation_id",
      "allocations.amount_pence",
    ])
    .orderBy("districts.name")
    .orderBy("districts.id")
    .execute();
  const allocated = rows.filter((r) => r.amount_pence !== null) as { district_id: string; amount_pence: number }[];
  return {
    rows: rows.map((r) => ({
      districtId: r.district_id,
      districtName: r.district_name,
      onsCode: r.ons_code,
      allocationId: r.allocation_id,
      amountPence: r.amount_pence === null ? null : Number(r.amount_pence),
    })),
    totalPence: allocated.reduce((sum, a) => sum + Number(a.amount_pence), 0),
    snapshot: fingerprint(allocated.map((a) => ({ district_id: a.district_id, amount_pence: Number(a.amount_pence) }))),
  };
}

/** The financial years any stream has allocations in, oldest first. */
export async function allocationYears(db: Executor): Promise<number[]> {
  const rows = await db.selectFrom("allocations").select("financial_year").distinct().orderBy("financial_year").execute();
  return rows.map((r) => Number(r.financial_year));
}

export interface AllocationChanges {
  created: number;
  updated: number;
  deleted: number;
}

/**
 * Writes a stream's allocations for one year: `amounts` maps district id to pence, or to
 * null for no allocation. Districts left out are not touched. One audit event per change.
 * Run it inside a transaction: it is all or nothing only there, and the stream's lock, taken
 * first, keeps another save (or an award checking what remains) from coming in between.
 */
export async function saveAllocations(
  db: Executor,
  audit: AuditContext,
  streamId: string,
  year: number,
  amounts: ReadonlyMap<string, number | null>,
  expectedSnapshot: string,
): Promise<AllocationChanges> {
  await takeLocks(db, LOCKS.funding(streamId));
  const existing = await existingAllocations(db, streamId, year);
  if (fingerprint(existing.map((a) => ({ district_id: a.district_id, amount_pence: Number(a.amount_pence) }))) !== expectedSnapshot) {
    throw new StaleEditError("table of allocations");
  }
  const byDistrict = new Map(existing.map((a) => [a.district_id, a]));
  const changes: AllocationChanges = { created: 0, updated: 0, deleted: 0 };
  const now = nowIso();
  const key = { funding_stream_id: streamId, financial_year: year };
  for (const [districtId, pence] of amounts) {
    const current = byDistrict.get(districtId);
    const before = current ? { ...key, district_id: districtId, amount_pence: Number(current.amount_pence) } : null;
    if (pence === null) {
      if (!current) continue;
      await db.deleteFrom("allocations").where("id", "=", current.id).execute();
      await recordAudit(db, audit, { action: "allocation.deleted", recordType: "allocation", recordId: current.id, before });
      changes.deleted += 1;
    } else if (!current) {
      // An upsert: a year's row never meets the unique key as an error, whoever wrote it.
      const { id } = await db
        .insertInto("allocations")
        .values({ id: newId(), ...key, district_id: districtId, amount_pence: pence, created_at: now, updated_at: now })
        .onConflict((oc) => oc.columns(["funding_stream_id", "district_id", "financial_year"]).doUpdateSet({ amount_pence: pence, updated_at: now }))
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(db, audit, {
        action: "allocation.created",
        recordType: "allocation",
        recordId: id,
        after: { ...key, district_id: districtId, amount_pence: pence },
      });
      changes.created += 1;
    } else if (Number(current.amount_pence) !== pence) {
      await db.updateTable("allocations").set({ amount_pence: pence, updated_at: now }).where("id", "=", current.id).execute();
      await recordAudit(db, audit, {
        action: "allocation.updated",
        recordType: "allocation",
        recordId: current.id,
        before,
        after: { ...key, district_id: districtId, amount_pence: pence },
      });
      changes.updated += 1;
    }
  }
  return changes;
}

/** The years to offer in a picker: every year with allocations, and one either side of this one. */
export function yearOptions(withAllocations: number[], current: number, chosen: number): number[] {
  const years = new Set([...withAllocations, current - 1, current, current + 1, chosen]);
  return [...years].sort((a, b) => a - b);
}

export const ALLOCATIONS_CSV_HEADER = ["Funding stream", "District", "ONS code", "Financial year", "Amount (£)"];

/** One CSV line: the amount in pounds as a number, so a spreadsheet can add it up. */
export function allocationCsvRow(r: AllocationCsvRow): (string | number)[] {
  return [r.streamName, r.districtName, r.onsCode, financialYearLabel(r.financialYear), r.amountPence / 100];
}

export interface AllocationCsvRow {
  streamName: string;
  districtName: string;
  onsCode: string;
  financialYear: number;
  amountPence: number;
}

/** Allocations for a CSV download: every stream, or one; every year, or one. */
export async function listAllocationsForCsv(
  db: Executor,
  filters: { streamId?: string; year?: number | null },
): Promise<AllocationCsvRow[]> {
  let query = db
    .selectFrom("allocations")
    .innerJoin("funding_streams", "funding_streams.id", "allocations.funding_stream_id")
    .innerJoin("districts", "districts.id", "allocations.district_id")
    .select([
      "funding_streams.name as stream_name",
      "districts.name as district_name",
      "districts.ons_code",
      "allocations.financial_year",
      "allocations.amount_pence",
    ]);
  if (filters.streamId) query = query.where("allocations.funding_stream_id", "=", filters.streamId);
  if (filters.year) query = query.where("allocations.financial_year", "=", filters.year);
  const rows = await query
    .orderBy("funding_streams.name")
    .orderBy("allocations.financial_year")
    .orderBy("districts.name")
    .execute();
  return rows.map((r) => ({
    streamName: r.stream_name,
    districtName: r.district_name,
    onsCode: r.ons_code,
    financialYear: Number(r.financial_year),
    amountPence: Number(r.amount_pence),
  }));
}
