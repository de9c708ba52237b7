// The district ledger: per district, funding stream and financial year, what was allocated
// (allocations), committed (awards) and spent (approved returns), and what remains.
// Remaining is allocated − committed: an award spends its commitment, so spend is already
// inside the committed figure and is not taken off twice.
import type { Executor } from "../../../db/client";
import type { LedgerEntriesTable } from "../../../db/schema";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { financialYearLabel } from "~/lib/financial-year";
import { newId, nowIso } from "~/lib/ids.server";

export interface LedgerKey {
  districtId: string;
  fundingStreamId: string;
  /** The calendar year the financial year starts in: 2027 is 2027-28. */
  financialYear: number;
}

export interface LedgerPosition extends LedgerKey {
  allocatedPence: number;
  committedPence: number;
  spentPence: number;
  remainingPence: number;
}

export const ledgerKeyOf = (k: LedgerKey): string => `${k.districtId}|${k.fundingStreamId}|${k.financialYear}`;

function emptyPosition(k: LedgerKey): LedgerPosition {
  return { ...k, allocatedPence: 0, committedPence: 0, spentPence: 0, remainingPence: 0 };
}

/** The positions for the keys asked for, keyed by ledgerKeyOf; a key with no money is all zeros. */
export async function getLedgerPositions(db: Executor, keys: readonly LedgerKey[]): Promise<Map<string, LedgerPosition>> {
  const out = new Map<string, LedgerPosition>();
  for (const k of keys) out.set(ledgerKeyOf(k), emptyPosition(k));
  if (keys.length === 0) return out;
  const districts = [...new Set(keys.map((k) => k.districtId))];
  const streams = [...new Set(keys.map((k) => k.fundingStreamId))];
  const years = [...new Set(keys.map((k) => k.financialYear))];
  const [allocations, entries] = await Promise.all([
    db
      .selectFrom("allocations")
      .select(["district_id", "funding_stream_id", "financial_year", (eb) => eb.fn.sum<number>("amount_pence").as("total")])
      .where("district_id", "in", districts)
      .where("funding_stream_id", "in", streams)
      .where("financial_year", "in", years)
      .groupBy(["district_id", "funding_stream_id", "financial_year"])
      .execute(),
    db
      .selectFrom("ledger_entries")
      .select(["district_id", "funding_stream_id", "financial_year", "kind", (eb) => eb.fn.sum<number>("amount_pence").as("total")])
      .where("district_id", "in", districts)
      .where("funding_stream_id", "in", streams)
      .where("financial_year", "in", years)
      .groupBy(["district_id", "funding_stream_id", "financial_year", "kind"])
      .execute(),
  ]);
  for (const a of allocations) {
    const p = out.get(ledgerKeyOf({ districtId: a.district_id, fundingStreamId: a.funding_stream_id, financialYear: Number(a.financial_year) }));
    if (p) p.allocatedPence += Number(a.total ?? 0);
  }
  for (const e of entries) {
    const p = out.get(ledgerKeyOf({ districtId: e.district_id, fundingStreamId: e.funding_stream_id, financialYear: Number(e.financial_year) }));
    if (!p) continue;
    if (e.kind === "commitment") p.committedPence += Number(e.total ?? 0);
    else p.spentPence += Number(e.total ?? 0);
  }
  for (const p of out.values()) p.remainingPence = p.allocatedPence - p.committedPence;
  return out;
}

export async function getLedgerPosition(db: Executor, key: LedgerKey): Promise<LedgerPosition> {
  return (await getLedgerPositions(db, [key])).get(ledgerKeyOf(key)) ?? emptyPosition(key);
}

export interface LedgerRow extends LedgerPosition {
  districtName: string;
  fundingStreamName: string;
  financialYearLabel: string;
}

/**
 * Every district × stream × year that has an allocation or an entry, for the districts
 * given (all when null), optionally one year: the rows of a ledger table or profile.
 */
export async function listLedger(
  db: Executor,
  filter: { districtIds: readonly string[] | null; financialYear?: number; fundingStreamId?: string },
): Promise<LedgerRow[]> {
  if (filter.districtIds && filter.districtIds.length === 0) return [];
  let allocations = db.selectFrom("allocations").select(["district_id", "funding_stream_id", "financial_year"]);
  let entries = db.selectFrom("ledger_entries").select(["district_id", "funding_stream_id", "financial_year"]);
  if (filter.districtIds) {
    allocations = allocations.where("district_id", "in", [...filter.districtIds]);
    entries = entries.where("district_id", "in", [...filter.districtIds]);
  }
  if (filter.financialYear !== undefined) {
    allocations = allocations.where("financial_year", "=", filter.financialYear);
    entries = entries.where("financial_year", "=", filter.financialYear);
  }
  if (filter.fundingStreamId) {
    allocations = allocations.where("funding_stream_id", "=", filter.fundingStreamId);
    entries = entries.where("funding_stream_id", "=", filter.fundingStreamId);
  }
  const [a, e, districts, streams] = await Promise.all([
    allocations.distinct().execute(),
    entries.distinct().execute(),
    db.selectFrom("districts").select(["id", "name"]).execute(),
    db.selectFrom("funding_streams").select(["id", "name"]).execute(),
  ]);
  const keys = new Map<string, LedgerKey>();
  for (const r of [...a, ...e]) {
    const key = { districtId: r.district_id, fundingStreamId: r.funding_stream_id, financialYear: Number(r.financial_year) };
    keys.set(ledgerKeyOf(key), key);
  }
  const positions = await getLedgerPositions(db, [...keys.values()]);
  const districtNames = new Map(districts.map((d) => [d.id, d.name]));
  const streamNames = new Map(streams.map((s) => [s.id, s.name]));
  return [...positions.values()]
    .map((p) => ({
      ...p,
      districtName: districtNames.get(p.districtId) ?? p.districtId,
      fundingStreamName: streamNames.get(p.fundingStreamId) ?? p.fundingStreamId,
      financialYearLabel: financialYearLabel(p.financialYear),
    }))
    .sort(
      (x, y) =>
        x.districtName.localeCompare(y.districtName) ||
        x.fundingStreamName.localeCompare(y.fundingStreamName) ||
        x.financialYear - y.financialYear,
    );
}

export interface NewLedgerEntry extends LedgerKey {
  kind: LedgerEntriesTable["kind"];
  amountPence: number;
  projectId: string | null;
  sourceType: string;
  sourceId: string;
}

/** One commitment or spend, with its audit event, inside the caller's transaction. */
export async function addLedgerEntry(db: Executor, audit: AuditContext, entry: NewLedgerEntry): Promise<string> {
  if (!Number.isInteger(entry.amountPence)) throw new RangeError(`Ledger amounts are whole pence, got ${entry.amountPence}`);
  const id = newId();
  const row = {
    id,
    district_id: entry.districtId,
    funding_stream_id: entry.fundingStreamId,
    financial_year: entry.financialYear,
    kind: entry.kind,
    amount_pence: entry.amountPence,
    project_id: entry.projectId,
    source_type: entry.sourceType,
    source_id: entry.sourceId,
    created_at: nowIso(),
  };
  await db.insertInto("ledger_entries").values(row).execute();
  await recordAudit(db, audit, { action: `ledger.${entry.kind}_recorded`, recordType: "ledger_entry", recordId: id, after: row });
  return id;
}
