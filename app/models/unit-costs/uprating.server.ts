// The arithmetic of estimated costs avoided, and the uprating index that brings a unit cost
// from its price year to a later year's prices. The arithmetic is pure and exported so the
// profile, its PDF and its spreadsheet all get the same figure from the same function.
import type { Executor } from "../../../db/client";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { financialYearLabel } from "~/lib/financial-year";
import { nowIso } from "~/lib/ids.server";

// =======================================================================================
// The arithmetic

/** Π over y = priceYear+1 … reportingYear of (1 + rate(y)/100), rate(y) = rates.get(y) ?? defaultPercent. 1 when reportingYear <= priceYear. Pure. */
export function upratingFactor(priceYear: number, reportingYear: number, rates: ReadonlyMap<number, number>, defaultPercent: number): number {
  let factor = 1;
  for (let year = priceYear + 1; year <= reportingYear; year += 1) {
    factor *= 1 + (rates.get(year) ?? defaultPercent) / 100;
  }
  return factor;
}

/** Math.round(valuePence × upratingFactor(...)). Pure. */
export function upratedPence(
  valuePence: number,
  priceYear: number,
  reportingYear: number,
  rates: ReadonlyMap<number, number>,
  defaultPercent: number,
): number {
  return Math.round(valuePence * upratingFactor(priceYear, reportingYear, rates, defaultPercent));
}

export interface CostLink {
  deadweightPercent: number;
  attributionPercent: number;
  optimismBiasPercent: number;
}

/** Math.round(outcomes × upratedValuePence × (1 − dw/100) × (1 − attribution/100) × (1 − optimism bias/100)); 0 for outcomes <= 0. Pure. */
export function costAvoidedPence(outcomes: number, upratedValuePence: number, link: CostLink): number {
  // A fall in outcomes is not a cost incurred: the profile shows the fall elsewhere.
  if (!(outcomes > 0)) return 0;
  return Math.round(
    outcomes *
      upratedValuePence *
      (1 - link.deadweightPercent / 100) *
      (1 - link.attributionPercent / 100) *
      (1 - link.optimismBiasPercent / 100),
  );
}

// =======================================================================================
// The uprating index

export async function getUpratingRates(db: Executor): Promise<Map<number, number>> {
  const rows = await db.selectFrom("uprating_rates").select(["financial_year", "rate_percent"]).execute();
  return new Map(rows.map((r) => [Number(r.financial_year), Number(r.rate_percent)]));
}

export interface UpratingYear {
  year: number;
  label: string;
  /** The rate set for this year, or null when the default applies. */
  ownRatePercent: number | null;
  /** The rate in force: its own, else the default. */
  ratePercent: number;
  /** What £1 at this year's prices is worth in the reporting year. */
  factorToReportingYear: number;
  updatedAt: string | null;
}

/**
 * Every year from the oldest price year of any unit cost to the reporting year, plus any
 * other year that has a rate of its own (so a rate set by mistake can still be cleared).
 */
export async function listUpratingYears(db: Executor, reportingYear: number, defaultPercent: number): Promise<UpratingYear[]> {
  const [rows, oldest] = await Promise.all([
    db.selectFrom("uprating_rates").select(["financial_year", "rate_percent", "updated_at"]).execute(),
    db.selectFrom("unit_costs").select((eb) => eb.fn.min<number>("price_year").as("year")).executeTakeFirst(),
  ]);
  const own = new Map(rows.map((r) => [Number(r.financial_year), { rate: Number(r.rate_percent), updatedAt: r.updated_at }]));
  const rates = new Map([...own].map(([year, r]) => [year, r.rate]));
  const first = oldest?.year === null || oldest?.year === undefined ? reportingYear : Math.min(Number(oldest.year), reportingYear);
  const years = new Set<number>(own.keys());
  for (let year = first; year <= reportingYear; year += 1) years.add(year);
  return [...years]
    .sort((a, b) => b - a)
    .map((year) => ({
      year,
      label: financialYearLabel(year),
      ownRatePercent: own.get(year)?.rate ?? null,
      ratePercent: own.get(year)?.rate ?? defaultPercent,
      factorToReportingYear: upratingFactor(year, reportingYear, rates, defaultPercent),
      updatedAt: own.get(year)?.updatedAt ?? null,
    }));
}
/** Sets (or replaces) the rate going into a financial year. */
export async function setUpratingRate(db: Executor, audit: AuditContext, year: number, ratePercent: number): Promise<void> {
  const before = await db.selectFrom("uprating_rates").select("rate_percent").where("financial_year", "=", year).executeTakeFirst();
  if (before && Number(before.rate_percent) === ratePercent) return;
  const now = nowIso();
  await db
    .insertInto("uprating_rates")
    .values({ financial_year: year, rate_percent: ratePercent, updated_at: now })
    .onConflict((oc) => oc.column("financial_year").doUpdateSet({ rate_percent: ratePercent, updated_at: now }))
    .execute();
  await recordAudit(db, audit, {
    action: "uprating_rate.set",
    recordType: "uprating_rate",
    recordId: String(year),
    before: before ? { financial_year: financialYearLabel(year), rate_percent: Number(before.rate_percent) } : undefined,
    after: { financial_year: financialYearLabel(year), rate_percent: ratePercent },
  });
}

/** Clears a year's own rate, so the default applies to it again. False when it had none. */
export async function deleteUpratingRate(db: Executor, audit: AuditContext, year: number): Promise<boolean> {
  const before = await db.selectFrom("uprating_rates").select("rate_percent").where("financial_year", "=", year).executeTakeFirst();
  if (!before) return false;
  await db.deleteFrom("uprating_rates").where("financial_year", "=", year).execute();
  await recordAudit(db, audit, {
    action: "uprating_rate.cleared",
    recordType: "uprating_rate",
    recordId: String(year),
    before: { financial_year: financialYearLabel(year), rate_percent: Number(before.rate_percent) },
  });
  return true;
}
