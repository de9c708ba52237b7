// Computed profiles kept, not recomputed: the county view, the comparison on every profile
// and the trend's earlier quarters read the same district × quarter figures again and again,
// and they only change when something is written. Every change of state writes an audit event
// in its own transaction (app/models/audit/record.server.ts), so the audit chain's sequence
// number is a change counter for the whole portal: figures stored with the number read before
// they were computed, for the same date, are the figures now. Coarse (any change anywhere
// invalidates every district) but never stale, and one indexed row to check.
import type { Executor } from "../../../db/client";
import type { DistrictProfile } from "~/profiles/types";
import { nowIso } from "~/lib/ids.server";

/** The audit chain's sequence number: it moves with every change of state. */
export async function changeSeq(db: Executor): Promise<number> {
  const head = await db.selectFrom("audit_chain_head").select("seq").where("id", "=", "head").executeTakeFirst();
  return Number(head?.seq ?? 0);
}

/** The kept profiles of these districts for the quarter, where still current. */
export async function keptProfiles(db: Executor, districtIds: readonly string[], quarter: string, asOf: string, seq: number): Promise<Map<string, DistrictProfile>> {
  if (districtIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("profile_results")
    .select(["district_id", "figures_json"])
    .where("district_id", "in", districtIds)
    .where("quarter", "=", quarter)
    .where("as_of", "=", asOf)
    .where("change_seq", "=", seq)
    .execute();
  return new Map(rows.map((r) => [r.district_id, JSON.parse(r.figures_json) as DistrictProfile]));
}

/** Keeps freshly computed profiles, each replacing its district's row for the quarter. */
export async function keepProfiles(db: Executor, profiles: ReadonlyMap<string, DistrictProfile>, quarter: string, asOf: string, seq: number): Promise<void> {
  const computedAt = nowIso();
  for (const [districtId, profile] of profiles) {
    const row = { district_id: districtId, quarter, as_of: asOf, change_seq: seq, figures_json: JSON.stringify(profile), computed_at: computedAt };
    await db
      .insertInto("profile_results")
      .values(row)
      .onConflict((oc) => oc.columns(["district_id", "quarter"]).doUpdateSet({ as_of: row.as_of, change_seq: row.change_seq, figures_json: row.figures_json, computed_at: row.computed_at }))
      .execute();
  }
}
