// Unit costs (what a looked-after child, an exclusion or a domestic abuse incident costs the
// public purse), the uprating index that brings an old price to this year's prices, and the
// links from outcome indicators to unit costs that the profile's "estimated costs avoided"
// is counted from. The arithmetic is pure and exported so the profile, its PDF and its
// spreadsheet all get the same figure from the same function.
import { z } from "zod";
import type { Executor } from "../../../db/client";
import type { CostBearer } from "../../../db/schema";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { financialYearLabel, parseFinancialYear } from "~/lib/financial-year";
import { newId, nowIso } from "~/lib/ids.server";
import { containsText, pageWindow, toListPage, type ListPage, type ListParams } from "~/lib/lists";
import { parsePoundsToPence } from "~/lib/figures";
import { DuplicateError, StaleEditError, FieldError } from "~/models/errors";

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

export const UPRATING_MESSAGES = {
  year: "Enter the financial year, like 2020-21",
  yearRange: "Enter a financial year from 1980-81 to 2100-01",
  rate: "Enter the rate as a percentage, like 2 or 2.5",
  rateFormat: "Enter the rate as a number with up to 2 decimal places, like 2 or 2.75",
  rateRange: "Enter a rate from -10% to 25%",
} as const;

export const upratingRateSchema = z.object({
  financial_year: z
    .string({ error: UPRATING_MESSAGES.year })
    .trim()
    .min(1, UPRATING_MESSAGES.year)
    .transform((v, ctx) => {
      const year = parseFinancialYear(v);
      if (year === null) {
        ctx.addIssue({ code: "custom", message: UPRATING_MESSAGES.year });
        return z.NEVER;
      }
      if (year < 1980 || year > 2100) {
        ctx.addIssue({ code: "custom", message: UPRATING_MESSAGES.yearRange });
        return z.NEVER;
      }
      return year;
    }),
  rate_percent: z
    .string({ error: UPRATING_MESSAGES.rate })
    .trim()
    .transform((v) => v.replace(/%$/, "").trim())
    .pipe(z.string().min(1, UPRATING_MESSAGES.rate).regex(/^-?\d{1,3}(\.\d{1,2})?$/, UPRATING_MESSAGES.rateFormat))
    .transform(Number)
    .pipe(z.number().min(-10, UPRATING_MESSAGES.rateRange).max(25, UPRATING_MESSAGES.rateRange)),
});

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

// =======================================================================================
// Unit costs

export const UNIT_COST_SORTS = ["code", "item", "value", "price_year", "agency", "bearer", "status"] as const;
export type UnitCostSort = (typeof UNIT_COST_SORTS)[number];

export const COST_BEARERS = ["council", "partners"] as const satisfies readonly CostBearer[];
export const COST_TYPES = ["fiscal", "economic", "social"] as const;
export type CostType = (typeof COST_TYPES)[number];

export interface UnitCost {
  id: string;
  code: string;
  item: string;
  valuePence: number;
  per: string;
  priceYear: number;
  costType: string;
  agency: string;
  bearer: CostBearer;
  source: string;
  isActive: boolean;
  updatedAt: string;
  version: number;
}

const COLUMNS = [
  "id", "code", "item", "value_pence", "per", "price_year", "cost_type", "agency", "bearer", "source", "is_active", "updated_at", "version",
] as const;

type UnitCostRow = {
  id: string; code: string; item: string; value_pence: number; per: string; price_year: number; cost_type: string; agency: string;
  bearer: CostBearer; source: string; is_active: number; updated_at: string; version: number;
};

const toUnitCost = (r: UnitCostRow): UnitCost => ({
  id: r.id,
  code: r.code,
  item: r.item,
  valuePence: Number(r.value_pence),
  per: r.per,
  priceYear: Number(r.price_year),
  costType: r.cost_type,
  agency: r.agency,
  bearer: r.bearer,
  source: r.source,
  isActive: Number(r.is_active) === 1,
  updatedAt: r.updated_at,
  version: Number(r.version),
});

export interface UnitCostFilters {
  status: "active" | "inactive" | "";
  bearer: CostBearer | "";
}

export async function listUnitCosts(
  db: Executor,
  params: ListParams<UnitCostSort>,
  filters: UnitCostFilters = { status: "", bearer: "" },
): Promise<ListPage<UnitCost>> {
  let base = db.selectFrom("unit_costs");
  if (params.q) {
    base = base.where((eb) =>
      eb.or([
        containsText(eb.ref("code"), params.q),
        containsText(eb.ref("item"), params.q),
        containsText(eb.ref("agency"), params.q),
        containsText(eb.ref("source"), params.q),
      ]),
    );
  }
  if (filters.status) base = base.where("is_active", "=", filters.status === "active" ? 1 : 0);
  if (filters.bearer) base = base.where("bearer", "=", filters.bearer);
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  const { limit, offset } = pageWindow(params);
  let query = base.select([...COLUMNS]);
  switch (params.sort) {
    case "item": query = query.orderBy("item", params.dir); break;
    case "value": query = query.orderBy("value_pence", params.dir); break;
    case "price_year": query = query.orderBy("price_year", params.dir); break;
    case "agency": query = query.orderBy("agency", params.dir); break;
    case "bearer": query = query.orderBy("bearer", params.dir); break;
    case "status": query = query.orderBy("is_active", params.dir === "asc" ? "desc" : "asc"); break;
    default: query = query.orderBy("code", params.dir);
  }
  const rows = await query.orderBy("code").orderBy("id").limit(limit).offset(offset).execute();
  return toListPage(rows.map(toUnitCost), Number(total), params);
}

export async function getUnitCost(db: Executor, id: string): Promise<UnitCost | null> {
  const row = await db.selectFrom("unit_costs").select([...COLUMNS]).where("id", "=", id).executeTakeFirst();
  return row ? toUnitCost(row) : null;
}

/** The active unit costs, by code, for choosing one to link an indicator to. */
export async function listActiveUnitCosts(db: Executor): Promise<UnitCost[]> {
  const rows = await db.selectFrom("unit_costs").select([...COLUMNS]).where("is_active", "=", 1).orderBy("code").orderBy("id").execute();
  return rows.map(toUnitCost);
}

/** How many indicators count their outcomes against this unit cost. */
export async function countIndicatorsLinked(db: Executor, unitCostId: string): Promise<number> {
  const row = await db
    .selectFrom("indicator_unit_costs")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("unit_cost_id", "=", unitCostId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export const UNIT_COST_MESSAGES = {
  code: "Enter the unit cost's code, like SS1.0",
  codeLong: "Code must be 30 characters or fewer",
  duplicateCode: "There is already a unit cost with this code",
  item: "Enter what the unit cost is for, like “Looked-after child, average across all care settings”",
  itemLong: "Item must be 300 characters or fewer",
  value: "Enter the value in pounds, like 51080 or 51,080.00",
  valuePositive: "The value must be more than £0",
  valueTooLarge: "The value must be £20,000,000 or less",
  per: "Enter what one unit is, like year, week or each",
  perLong: "“Per” must be 50 characters or fewer",
  priceYear: "Enter the price year as a financial year, like 2013-14",
  priceYearRange: "Enter a price year from 1980-81 to 2100-01",
  costType: "Select the type of cost",
  agency: "Enter the agency that bears the cost, like children's services",
  agencyLong: "Agency must be 100 characters or fewer",
  bearer: "Select whether the cost falls to the council or to partners",
  source: "Enter where the figure comes from, like “Greater Manchester Unit Cost Database v1.4, SS1.0”",
  sourceLong: "Source must be 500 characters or fewer",
  active: "Select whether officers can choose this unit cost",
} as const;

/** 2,000,000,000 pence fits a PostgreSQL integer with room to spare. */
export const MAX_UNIT_COST_PENCE = 2_000_000_000;

const text = (required: string, max: number, long: string) =>
  z.string({ error: required }).trim().min(1, required).max(max, long);

export const unitCostSchema = z.object({
  code: text(UNIT_COST_MESSAGES.code, 30, UNIT_COST_MESSAGES.codeLong),
  item: text(UNIT_COST_MESSAGES.item, 300, UNIT_COST_MESSAGES.itemLong),
  value: z
    .string({ error: UNIT_COST_MESSAGES.value })
    .trim()
    .min(1, UNIT_COST_MESSAGES.value)
    .transform((v, ctx) => {
      const pence = parsePoundsToPence(v);
      if (pence === null) {
        ctx.addIssue({ code: "custom", message: UNIT_COST_MESSAGES.value });
        return z.NEVER;
      }
      if (pence <= 0) {
        ctx.addIssue({ code: "custom", message: UNIT_COST_MESSAGES.valuePositive });
        return z.NEVER;
      }
      if (pence > MAX_UNIT_COST_PENCE) {
        ctx.addIssue({ code: "custom", message: UNIT_COST_MESSAGES.valueTooLarge });
        return z.NEVER;
      }
      return pence;
    }),
  per: text(UNIT_COST_MESSAGES.per, 50, UNIT_COST_MESSAGES.perLong),
  price_year: z
    .string({ error: UNIT_COST_MESSAGES.priceYear })
    .trim()
    .min(1, UNIT_COST_MESSAGES.priceYear)
    .transform((v, ctx) => {
      const year = parseFinancialYear(v);
      if (year === null) {
        ctx.addIssue({ code: "custom", message: UNIT_COST_MESSAGES.priceYear });
        return z.NEVER;
      }
      if (year < 1980 || year > 2100) {
        ctx.addIssue({ code: "custom", message: UNIT_COST_MESSAGES.priceYearRange });
        return z.NEVER;
      }
      return year;
    }),
  cost_type: z.enum(COST_TYPES, { error: UNIT_COST_MESSAGES.costType }),
  agency: text(UNIT_COST_MESSAGES.agency, 100, UNIT_COST_MESSAGES.agencyLong),
  bearer: z.enum(COST_BEARERS, { error: UNIT_COST_MESSAGES.bearer }),
  source: text(UNIT_COST_MESSAGES.source, 500, UNIT_COST_MESSAGES.sourceLong),
  is_active: z.enum(["yes", "no"], { error: UNIT_COST_MESSAGES.active }).transform((v) => v === "yes"),
});
/** What the form gives: value in pence, price year as the year it starts in. */
export type UnitCostInput = z.infer<typeof unitCostSchema>;
export const unitCostEditSchema = unitCostSchema.extend({
  version: z.coerce.number({ error: "Reload the page and try again" }).int().min(1, "Reload the page and try again"),
});

async function assertCodeUnique(db: Executor, code: string, exceptId?: string): Promise<void> {
  let query = db.selectFrom("unit_costs").select("id").where((eb) => eb(eb.fn("lower", ["code"]), "=", code.toLowerCase()));
  if (exceptId) query = query.where("id", "!=", exceptId);
  if (await query.executeTakeFirst()) throw new DuplicateError("code", UNIT_COST_MESSAGES.duplicateCode);
}

const unitCostSnapshot = (u: UnitCostInput) => ({
  code: u.code,
  item: u.item,
  value_pence: u.value,
  per: u.per,
  price_year: financialYearLabel(u.price_year),
  cost_type: u.cost_type,
  agency: u.agency,
  bearer: u.bearer,
  source: u.source,
  is_active: u.is_active,
});

const asInput = (u: UnitCost): UnitCostInput => ({
  code: u.code, item: u.item, value: u.valuePence, per: u.per, price_year: u.priceYear, cost_type: u.costType as CostType,
  agency: u.agency, bearer: u.bearer, source: u.source, is_active: u.isActive,
});

export async function createUnitCost(db: Executor, audit: AuditContext, input: UnitCostInput): Promise<string> {
  await assertCodeUnique(db, input.code);
  const id = newId();
  const now = nowIso();
  await db
    .insertInto("unit_costs")
    .values({
      id, code: input.code, item: input.item, value_pence: input.value, per: input.per, price_year: input.price_year,
      cost_type: input.cost_type, agency: input.agency, bearer: input.bearer, source: input.source, is_active: input.is_active ? 1 : 0,
      created_at: now, updated_at: now, version: 1,
    })
    .execute();
  await recordAudit(db, audit, { action: "unit_cost.created", recordType: "unit_cost", recordId: id, after: unitCostSnapshot(input) });
  return id;
}

export async function updateUnitCost(
  db: Executor,
  audit: AuditContext,
  id: string,
  expectedVersion: number,
  input: UnitCostInput,
): Promise<void> {
  const before = await getUnitCost(db, id);
  if (!before) throw new Error("Unit cost not found");
  if (before.version !== expectedVersion) throw new StaleEditError("unit cost");
  await assertCodeUnique(db, input.code, id);
  const updated = await db
    .updateTable("unit_costs")
    .set({
      code: input.code, item: input.item, value_pence: input.value, per: input.per, price_year: input.price_year,
      cost_type: input.cost_type, agency: input.agency, bearer: input.bearer, source: input.source, is_active: input.is_active ? 1 : 0,
      updated_at: nowIso(), version: expectedVersion + 1,
    })
    .where("id", "=", id)
    .where("version", "=", expectedVersion)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new StaleEditError("unit cost");
  await recordAudit(db, audit, {
    action: "unit_cost.updated",
    recordType: "unit_cost",
    recordId: id,
    before: unitCostSnapshot(asInput(before)),
    after: unitCostSnapshot(input),
  });
}

// =======================================================================================
// Links from outcome indicators to unit costs

export interface IndicatorCostLink extends CostLink {
  indicatorId: string;
  version: number;
  unitCost: {
    id: string; code: string; item: string; valuePence: number; per: string; priceYear: number; agency: string;
    bearer: "council" | "partners"; source: string;
  };
}

/** One query for all the indicators asked for (never a query per indicator). */
export async function getIndicatorCostLinks(db: Executor, indicatorIds: readonly string[]): Promise<Map<string, IndicatorCostLink>> {
  const links = new Map<string, IndicatorCostLink>();
  const ids = [...new Set(indicatorIds)];
  if (ids.length === 0) return links;
  const rows = await db
    .selectFrom("indicator_unit_costs")
    .innerJoin("unit_costs", "unit_costs.id", "indicator_unit_costs.unit_cost_id")
    .select([
      "indicator_unit_costs.indicator_id", "indicator_unit_costs.deadweight_percent", "indicator_unit_costs.attribution_percent",
      "indicator_unit_costs.optimism_bias_percent", "indicator_unit_costs.version",
      "unit_costs.id as unit_cost_id", "unit_costs.code", "unit_costs.item", "unit_costs.value_pence", "unit_costs.per",
      "unit_costs.price_year", "unit_costs.agency", "unit_costs.bearer", "unit_costs.source",
    ])
    .where("indicator_unit_costs.indicator_id", "in", ids)
    .execute();
  for (const r of rows) {
    links.set(r.indicator_id, {
      indicatorId: r.indicator_id,
      version: Number(r.version),
      deadweightPercent: Number(r.deadweight_percent),
      attributionPercent: Number(r.attribution_percent),
      optimismBiasPercent: Number(r.optimism_bias_percent),
      unitCost: {
        id: r.unit_cost_id, code: r.code, item: r.item, valuePence: Number(r.value_pence), per: r.per, priceYear: Number(r.price_year),
        agency: r.agency, bearer: r.bearer, source: r.source,
      },
    });
  }
  return links;
}

export const LINK_MESSAGES = {
  notLinkable: "Only outcomes where higher is better can count as costs avoided",
  unitCost: "Select the unit cost each outcome avoids",
  unitCostInactive: "That unit cost is no longer in use: select another",
  percent: (label: string) => `Enter the ${label} as a percentage from 0 to 100, like 20 or 12.5`,
  percentFormat: (label: string) => `Enter the ${label} as a number from 0 to 100 with up to 2 decimal places, like 12.5`,
  percentRange: (label: string) => `The ${label} must be 100% or less`,
  notLinked: "This indicator is not linked to a unit cost.",
} as const;

/** A percentage typed in a form: 0 to 100, with up to two decimal places, "%" allowed. */
const percentField = (label: string) =>
  z
    .string({ error: LINK_MESSAGES.percent(label) })
    .trim()
    .transform((v) => v.replace(/%$/, "").trim())
    .pipe(z.string().min(1, LINK_MESSAGES.percent(label)).regex(/^\d{1,3}(\.\d{1,2})?$/, LINK_MESSAGES.percentFormat(label)))
    .transform(Number)
    .pipe(z.number().max(100, LINK_MESSAGES.percentRange(label)));

export const indicatorLinkSchema = z.object({
  unit_cost_id: z.string({ error: LINK_MESSAGES.unitCost }).trim().min(1, LINK_MESSAGES.unitCost),
  deadweight_percent: percentField("deadweight"),
  attribution_percent: percentField("attribution"),
  optimism_bias_percent: percentField("optimism bias"),
  /** Blank when the indicator was not linked as the form was shown. */
  version: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) {
        ctx.addIssue({ code: "custom", message: "Reload the page and try again" });
        return z.NEVER;
      }
      return n;
    }),
});
export type IndicatorLinkInput = z.infer<typeof indicatorLinkSchema>;


export interface LinkableIndicator {
  id: string;
  projectId: string;
  name: string;
  definition: string;
  unit: string;
  kind: "output" | "outcome";
  direction: "higher" | "lower";
  /** Outcomes where higher is better are the only ones that can count as costs avoided. */
  linkable: boolean;
}

export const isLinkable = (i: { kind: string; direction: string }): boolean => i.kind === "outcome" && i.direction === "higher";

/** One of a project's indicators, or null when it is not that project's. */
export async function getProjectIndicator(db: Executor, projectId: string, indicatorId: string): Promise<LinkableIndicator | null> {
  const row = await db
    .selectFrom("project_indicators")
    .select(["id", "project_id", "name", "definition", "unit", "kind", "direction"])
    .where("id", "=", indicatorId)
    .where("project_id", "=", projectId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id, projectId: row.project_id, name: row.name, definition: row.definition, unit: row.unit, kind: row.kind,
    direction: row.direction, linkable: isLinkable(row),
  };
}

const linkSnapshot = (l: { unit_cost_id: string; code: string; deadweight_percent: number; attribution_percent: number; optimism_bias_percent: number }) => ({
  unit_cost_id: l.unit_cost_id,
  unit_cost_code: l.code,
  deadweight_percent: l.deadweight_percent,
  attribution_percent: l.attribution_percent,
  optimism_bias_percent: l.optimism_bias_percent,
});

/**
 * Links an outcome indicator to a unit cost, or changes its link. `input.version` is the
 * link's version as the form was shown (null: it was not linked then); anything else now is
 * someone else's change, refused as stale.
 */
export async function linkIndicatorToUnitCost(
  db: Executor,
  audit: AuditContext,
  indicatorId: string,
  input: IndicatorLinkInput,
): Promise<void> {
  const indicator = await db.selectFrom("project_indicators").select(["id", "kind", "direction"]).where("id", "=", indicatorId).executeTakeFirst();
  if (!indicator) throw new Error("Indicator not found");
  if (!isLinkable(indicator)) throw new FieldError(null, LINK_MESSAGES.notLinkable);

  const existing = (await getIndicatorCostLinks(db, [indicatorId])).get(indicatorId) ?? null;
  if ((existing?.version ?? null) !== input.version) throw new StaleEditError("link to a unit cost");

  const unitCost = await getUnitCost(db, input.unit_cost_id);
  if (!unitCost) throw new FieldError("unit_cost_id", LINK_MESSAGES.unitCost);
  // An inactive cost already linked may stay (its percentages can still change); it cannot be newly chosen.
  if (!unitCost.isActive && existing?.unitCost.id !== unitCost.id) throw new FieldError("unit_cost_id", LINK_MESSAGES.unitCostInactive);

  const after = linkSnapshot({
    unit_cost_id: unitCost.id, code: unitCost.code, deadweight_percent: input.deadweight_percent,
    attribution_percent: input.attribution_percent, optimism_bias_percent: input.optimism_bias_percent,
  });
  const now = nowIso();
  if (!existing) {
    await db
      .insertInto("indicator_unit_costs")
      .values({
        indicator_id: indicatorId, unit_cost_id: unitCost.id, deadweight_percent: input.deadweight_percent,
        attribution_percent: input.attribution_percent, optimism_bias_percent: input.optimism_bias_percent,
        created_by: audit.actorUserId, created_at: now, updated_at: now, version: 1,
      })
      .execute();
    await recordAudit(db, audit, { action: "indicator_unit_cost.linked", recordType: "project_indicator", recordId: indicatorId, after });
    return;
  }
  const updated = await db
    .updateTable("indicator_unit_costs")
    .set({
      unit_cost_id: unitCost.id, deadweight_percent: input.deadweight_percent, attribution_percent: input.attribution_percent,
      optimism_bias_percent: input.optimism_bias_percent, updated_at: now, version: existing.version + 1,
    })
    .where("indicator_id", "=", indicatorId)
    .where("version", "=", existing.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new StaleEditError("link to a unit cost");
  await recordAudit(db, audit, {
    action: "indicator_unit_cost.changed",
    recordType: "project_indicator",
    recordId: indicatorId,
    before: linkSnapshot({
      unit_cost_id: existing.unitCost.id, code: existing.unitCost.code, deadweight_percent: existing.deadweightPercent,
      attribution_percent: existing.attributionPercent, optimism_bias_percent: existing.optimismBiasPercent,
    }),
    after,
  });
}

/** Removes an indicator's link, so its outcomes no longer count as costs avoided. */
export async function unlinkIndicator(db: Executor, audit: AuditContext, indicatorId: string, expectedVersion: number | null): Promise<void> {
  const existing = (await getIndicatorCostLinks(db, [indicatorId])).get(indicatorId);
  if (!existing) throw new FieldError(null, LINK_MESSAGES.notLinked);
  if (expectedVersion !== existing.version) throw new StaleEditError("link to a unit cost");
  const deleted = await db
    .deleteFrom("indicator_unit_costs")
    .where("indicator_id", "=", indicatorId)
    .where("version", "=", existing.version)
    .executeTakeFirst();
  if (Number(deleted.numDeletedRows) !== 1) throw new StaleEditError("link to a unit cost");
  await recordAudit(db, audit, {
    action: "indicator_unit_cost.unlinked",
    recordType: "project_indicator",
    recordId: indicatorId,
    before: linkSnapshot({
      unit_cost_id: existing.unitCost.id, code: existing.unitCost.code, deadweight_percent: existing.deadweightPercent,
      attribution_percent: existing.attributionPercent, optimism_bias_percent: existing.optimismBiasPercent,
    }),
  });
}

