// Unit costs: what a looked-after child, an exclusion or a domestic abuse incident costs the
// public purse, at the prices of the year it was published in. Administrators keep the table
// like the other reference data; a unit cost no longer used is made inactive, never deleted,
// so the indicators linked to it keep their figures.
import type { Executor } from "../../../db/client";
import type { CostBearer } from "../../../db/schema";
import type { AuditContext } from "~/models/audit/record.server";
import { financialYearLabel } from "~/lib/financial-year";
import type { ListPage, ListParams } from "~/lib/lists";
import { UNIT_COST_MESSAGES, type CostType } from "~/schemas/unit-costs";
import type { UnitCostInput } from "~/schemas/unit-costs.server";
import {
  createReference, flag, getReference, isSet, listAllReference, listReference, updateReference, type ReferenceKind,
} from "../admin/reference-data.server";

export const UNIT_COST_SORTS = ["code", "item", "value", "price_year", "agency", "bearer", "status"] as const;
export type UnitCostSort = (typeof UNIT_COST_SORTS)[number];

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

type UnitCostRow = {
  id: string; code: string; item: string; value_pence: number; per: string; price_year: number; cost_type: string; agency: string;
  bearer: CostBearer; source: string; is_active: number; updated_at: string; version: number;
};

const UNIT_COSTS: ReferenceKind<UnitCostRow, UnitCost> = {
  table: "unit_costs",
  noun: "unit cost",
  recordType: "unit_cost",
  action: "unit_cost",
  columns: ["id", "code", "item", "value_pence", "per", "price_year", "cost_type", "agency", "bearer", "source", "is_active", "updated_at", "version"],
  toRecord: (r) => ({
    id: r.id, code: r.code, item: r.item, valuePence: Number(r.value_pence), per: r.per, priceYear: Number(r.price_year), costType: r.cost_type,
    agency: r.agency, bearer: r.bearer, source: r.source, isActive: isSet(r.is_active), updatedAt: r.updated_at, version: Number(r.version),
  }),
  unique: [{ column: "code", field: "code", message: UNIT_COST_MESSAGES.duplicateCode, anyCase: true }],
};

export interface UnitCostFilters {
  status: "active" | "inactive" | "";
  bearer: CostBearer | "";
}

export function listUnitCosts(
  db: Executor,
  params: ListParams<UnitCostSort>,
  filters: UnitCostFilters = { status: "", bearer: "" },
): Promise<ListPage<UnitCost>> {
  const where: Record<string, string | number> = {};
  if (filters.status) where.is_active = filters.status === "active" ? 1 : 0;
  if (filters.bearer) where.bearer = filters.bearer;
  return listReference(
    db,
    UNIT_COSTS,
    params,
    {
      search: ["code", "item", "agency", "source"],
      sorts: {
        code: ["code"], item: ["item"], value: ["value_pence"], price_year: ["price_year"], agency: ["agency"], bearer: ["bearer"],
        // "Status" ascending puts the active first.
        status: [{ column: "is_active", reverse: true }],
      },
      tiebreak: ["code", "id"],
    },
    where,
  );
}

export const getUnitCost = (db: Executor, id: string): Promise<UnitCost | null> => getReference(db, UNIT_COSTS, id);

/** The active unit costs, by code, for choosing one to link an indicator to. */
export const listActiveUnitCosts = (db: Executor): Promise<UnitCost[]> => listAllReference(db, UNIT_COSTS, ["code", "id"], { is_active: 1 });

/** How many indicators count their outcomes against this unit cost. */
export async function countIndicatorsLinked(db: Executor, unitCostId: string): Promise<number> {
  const row = await db
    .selectFrom("indicator_unit_costs")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("unit_cost_id", "=", unitCostId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const snapshot = (u: UnitCostInput) => ({
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

const columnsOf = (u: UnitCostInput) => ({
  code: u.code, item: u.item, value_pence: u.value, per: u.per, price_year: u.price_year, cost_type: u.cost_type, agency: u.agency,
  bearer: u.bearer, source: u.source, is_active: flag(u.is_active),
});

export function createUnitCost(db: Executor, audit: AuditContext, input: UnitCostInput): Promise<string> {
  return createReference(db, audit, UNIT_COSTS, { values: columnsOf(input), after: snapshot(input) });
}

export function updateUnitCost(db: Executor, audit: AuditContext, id: string, expectedVersion: number, input: UnitCostInput): Promise<void> {
  return updateReference(db, audit, UNIT_COSTS, id, expectedVersion, {
    values: columnsOf(input),
    before: (u) => snapshot(asInput(u)),
    after: () => snapshot(input),
  });
}
