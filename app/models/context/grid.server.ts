// Entering context figures: the districts a user enters them for, one district's grid of
// the active indicators × some quarters (saved whole or not at all), and the series the
// district profile draws as its context charts.
import { createHash } from "node:crypto";
import type { Executor } from "../../../db/client";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { nowIso } from "~/lib/ids.server";
import { StaleEditError } from "~/models/errors";
import { LOCKS, takeLocks } from "~/models/locks.server";
import type { Actor } from "~/policies/actor";
import { inLiveDistrictScope } from "~/policies/profiles";
import { listActiveContextIndicators } from "./indicators.server";

export interface ContextDistrict {
  id: string;
  name: string;
  onsCode: string;
}

/** The districts whose figures this user may enter ("context:edit"), and so see here, by name. */
export async function listEditableDistricts(db: Executor, actor: Actor): Promise<ContextDistrict[]> {
  const rows = await db
    .selectFrom("districts")
    .select(["id", "name", "ons_code"])
    .where((eb) => inLiveDistrictScope(eb, actor, "districts.id"))
    .orderBy("name")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, onsCode: r.ons_code }));
}

/** How many active indicators each district has a figure for in `quarter`. */
export async function countFiguresIn(db: Executor, districtIds: readonly string[], quarter: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (districtIds.length === 0) return out;
  const rows = await db
    .selectFrom("context_values")
    .innerJoin("context_indicators", "context_indicators.id", "context_values.indicator_id")
    .select(["context_values.district_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("context_values.district_id", "in", districtIds)
    .where("context_values.quarter", "=", quarter)
    .where("context_indicators.is_active", "=", 1)
    .groupBy("context_values.district_id")
    .execute();
  for (const r of rows) out.set(r.district_id, Number(r.n));
  return out;
}

// ---------------------------------------------------------------------------------------
// The grid: one district, the active indicators × some quarters

export interface ContextCellKey {
  indicatorId: string;
  quarter: string;
}

export const cellKey = (indicatorId: string, quarter: string): string => `${indicatorId}|${quarter}`;

/** A fingerprint of the figures in some cells, as read: the form sends it back, and a save is refused when they changed meanwhile. */
function fingerprint(cells: readonly ContextCellKey[], values: ReadonlyMap<string, number>): string {
  const text = cells
    .map((c) => `${cellKey(c.indicatorId, c.quarter)}=${values.get(cellKey(c.indicatorId, c.quarter)) ?? ""}`)
    .sort()
    .join(",");
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

export async function storedValues(db: Executor, districtId: string, quarters: readonly string[]): Promise<Map<string, number>> {
  if (quarters.length === 0) return new Map();
  const rows = await db
    .selectFrom("context_values")
    .select(["indicator_id", "quarter", "value"])
    .where("district_id", "=", districtId)
    .where("quarter", "in", quarters)
    .execute();
  return new Map(rows.map((r) => [cellKey(r.indicator_id, r.quarter), Number(r.value)]));
}

export interface ContextGrid {
  indicators: { id: string; code: string; name: string; description: string }[];
  quarters: string[];
  /** values[indicatorId][quarter]: null where no figure has been entered. */
  values: Record<string, Record<string, number | null>>;
  snapshot: string;
}

export async function getContextGrid(db: Executor, districtId: string, quarters: readonly string[]): Promise<ContextGrid> {
  const [indicators, stored] = await Promise.all([listActiveContextIndicators(db), storedValues(db, districtId, quarters)]);
  const values: ContextGrid["values"] = {};
  const cells: ContextCellKey[] = [];
  for (const indicator of indicators) {
    values[indicator.id] = {};
    for (const quarter of quarters) {
      values[indicator.id][quarter] = stored.get(cellKey(indicator.id, quarter)) ?? null;
      cells.push({ indicatorId: indicator.id, quarter });
    }
  }
  return {
    indicators: indicators.map((i) => ({ id: i.id, code: i.code, name: i.name, description: i.description })),
    quarters: [...quarters],
    values,
    snapshot: fingerprint(cells, stored),
  };
}

export interface ContextCellInput extends ContextCellKey {
  /** null: no figure (a blank clears one). */
  value: number | null;
}

export interface CellChange {
  indicator: string;
  quarter: string;
  before: number | null;
  after: number | null;
}

/**
 * Writes the changed cells and returns how many changed. Upserts so that an import and a
 * form save of the same cell never collide on the primary key.
 */
export async function applyChanges(
  db: Executor,
  userId: string | null,
  districtId: string,
  cells: readonly ContextCellInput[],
  stored: ReadonlyMap<string, number>,
  now: string,
): Promise<(ContextCellInput & { before: number | null })[]> {
  const changed: (ContextCellInput & { before: number | null })[] = [];
  for (const cell of cells) {
    const before = stored.get(cellKey(cell.indicatorId, cell.quarter)) ?? null;
    if (before === cell.value) continue;
    if (cell.value === null) {
      await db
        .deleteFrom("context_values")
        .where("district_id", "=", districtId)
        .where("indicator_id", "=", cell.indicatorId)
        .where("quarter", "=", cell.quarter)
        .execute();
    } else {
      await db
        .insertInto("context_values")
        .values({ district_id: districtId, indicator_id: cell.indicatorId, quarter: cell.quarter, value: cell.value, updated_by: userId, updated_at: now })
        .onConflict((oc) =>
          oc.columns(["district_id", "indicator_id", "quarter"]).doUpdateSet({ value: cell.value!, updated_by: userId, updated_at: now }),
        )
        .execute();
    }
    changed.push({ ...cell, before });
  }
  return changed;
}

/**
 * Saves a district's grid: the cells as the form sent them. The whole grid is refused when
 * any of its figures changed since the form was shown. One audit event, with the before and
 * after of each changed cell. Run it inside a transaction: it is all or nothing only there,
 * and the district's lock, taken first, holds off other saves and imports until it commits.
 */
export async function saveContextValues(
  db: Executor,
  audit: AuditContext,
  districtId: string,
  cells: readonly ContextCellInput[],
  expectedSnapshot: string,
): Promise<number> {
  await takeLocks(db, LOCKS.contextFigures(districtId));
  const quarters = [...new Set(cells.map((c) => c.quarter))];
  const stored = await storedValues(db, districtId, quarters);
  if (fingerprint(cells, stored) !== expectedSnapshot) throw new StaleEditError("table of figures");
  const codes = await indicatorCodes(db);
  const changed = await applyChanges(db, audit.actorUserId, districtId, cells, stored, nowIso());
  if (changed.length === 0) return 0;
  const described: CellChange[] = changed.map((c) => ({
    indicator: codes.get(c.indicatorId) ?? c.indicatorId, quarter: c.quarter, before: c.before, after: c.value,
  }));
  await recordAudit(db, audit, {
    action: "context-values.saved",
    recordType: "district",
    recordId: districtId,
    before: { cells: described.map(({ indicator, quarter, before }) => ({ indicator, quarter, value: before })) },
    after: { cells: described.map(({ indicator, quarter, after }) => ({ indicator, quarter, value: after })) },
  });
  return changed.length;
}

async function indicatorCodes(db: Executor): Promise<Map<string, string>> {
  const rows = await db.selectFrom("context_indicators").select(["id", "code"]).execute();
  return new Map(rows.map((r) => [r.id, r.code]));
}
// ---------------------------------------------------------------------------------------
// The profile's context series

/** Active indicators in position order, with each one's values for the district over the given quarters (oldest first), null where none entered. */
export async function getContextSeries(
  db: Executor,
  districtIds: readonly string[],
  quarters: readonly string[],
): Promise<Map<string, { indicatorId: string; code: string; name: string; points: { quarter: string; value: number | null }[] }[]>> {
  const out = new Map<string, { indicatorId: string; code: string; name: string; points: { quarter: string; value: number | null }[] }[]>();
  if (districtIds.length === 0) return out;
  const indicators = await listActiveContextIndicators(db);
  const rows =
    quarters.length === 0 || indicators.length === 0
      ? []
      : await db
          .selectFrom("context_values")
          .innerJoin("context_indicators", "context_indicators.id", "context_values.indicator_id")
          .select(["context_values.district_id", "context_values.indicator_id", "context_values.quarter", "context_values.value"])
          .where("context_values.district_id", "in", districtIds)
          .where("context_values.quarter", "in", quarters)
          .where("context_indicators.is_active", "=", 1)
          .execute();
  const byCell = new Map(rows.map((r) => [`${r.district_id}|${cellKey(r.indicator_id, r.quarter)}`, Number(r.value)]));
  for (const districtId of districtIds) {
    out.set(
      districtId,
      indicators.map((i) => ({
        indicatorId: i.id,
        code: i.code,
        name: i.name,
        points: quarters.map((quarter) => ({ quarter, value: byCell.get(`${districtId}|${cellKey(i.id, quarter)}`) ?? null })),
      })),
    );
  }
  return out;
}
