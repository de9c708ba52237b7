// Links from outcome indicators to unit costs: what the profile's "estimated costs avoided"
// is counted from. An officer links an outcome where higher is better to the unit cost each
// outcome avoids, with the deadweight, attribution and optimism bias to take off.
import type { Executor } from "../../../db/client";
import { inChunks } from "../../../db/in-chunks";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { nowIso } from "~/lib/ids.server";
import { LINK_MESSAGES } from "~/schemas/unit-costs";
import type { IndicatorLinkInput } from "~/schemas/unit-costs.server";
import { StaleEditError, FieldError } from "~/models/errors";
import { getUnitCost } from "./unit-costs.server";
import type { CostLink } from "./uprating.server";

export interface IndicatorCostLink extends CostLink {
  indicatorId: string;
  version: number;
  unitCost: {
    id: string; code: string; item: string; valuePence: number; per: string; priceYear: number; agency: string;
    bearer: "council" | "partners"; source: string;
  };
}

/** One query for the indicators asked for (one per thousand, never one per indicator). */
export async function getIndicatorCostLinks(db: Executor, indicatorIds: readonly string[]): Promise<Map<string, IndicatorCostLink>> {
  const links = new Map<string, IndicatorCostLink>();
  const ids = [...new Set(indicatorIds)];
  if (ids.length === 0) return links;
  const rows = await inChunks(ids, (chunk) =>
    db
      .selectFrom("indicator_unit_costs")
      .innerJoin("unit_costs", "unit_costs.id", "indicator_unit_costs.unit_cost_id")
      .select([
        "indicator_unit_costs.indicator_id", "indicator_unit_costs.deadweight_percent", "indicator_unit_costs.attribution_percent",
        "indicator_unit_costs.optimism_bias_percent", "indicator_unit_costs.version",
        "unit_costs.id as unit_cost_id", "unit_costs.code", "unit_costs.item", "unit_costs.value_pence", "unit_costs.per",
        "unit_costs.price_year", "unit_costs.agency", "unit_costs.bearer", "unit_costs.source",
      ])
      .where("indicator_unit_costs.indicator_id", "in", chunk)
      .execute(),
  );
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

const savedLinkSnapshot = (l: IndicatorCostLink) =>
  linkSnapshot({
    unit_cost_id: l.unitCost.id, code: l.unitCost.code, deadweight_percent: l.deadweightPercent,
    attribution_percent: l.attributionPercent, optimism_bias_percent: l.optimismBiasPercent,
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
    // Two first links at once: the second finds the first's row and is stale, as after it.
    const inserted = await db
      .insertInto("indicator_unit_costs")
      .values({
        indicator_id: indicatorId, unit_cost_id: unitCost.id, deadweight_percent: input.deadweight_percent,
        attribution_percent: input.attribution_percent, optimism_bias_percent: input.optimism_bias_percent,
        created_by: audit.actorUserId, created_at: now, updated_at: now, version: 1,
      })
      .onConflict((oc) => oc.column("indicator_id").doNothing())
      .returning("indicator_id")
      .executeTakeFirst();
    if (!inserted) throw new StaleEditError("link to a unit cost");
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
    before: savedLinkSnapshot(existing),
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
    before: savedLinkSnapshot(existing),
  });
}
