// Computed profiles kept, not recomputed: the county view, the comparison on every profile
// and the trend's earlier quarters read the same district × quarter figures again and again,
// and they only change when something is written. Every change of state writes an audit event
// in its own transaction (app/models/audit/record.server.ts), so the audit chain's sequence
// number is a change counter for the whole portal: figures stored with the number read before
// they were computed, for the same date, are the figures now. Coarse (any change anywhere
// invalidates every district) but never stale, and one indexed row to check.
//
// Each row keeps the whole profile and its digest (digest.ts): the pages that read many
// districts or quarters (the county view, the comparison, the trend) read digests only, so
// they cost the same however many projects a district has.
import type { Executor } from "../../../db/client";
import type { DistrictProfile, ProfileDigest } from "~/profiles/types";
import { nowIso } from "~/lib/ids.server";
import { digestOf } from "./digest";

/** The audit chain's sequence number: it moves with every change of state. */
export async function changeSeq(db: Executor): Promise<number> {
  const head = await db.selectFrom("audit_chain_head").select("seq").where("id", "=", "head").executeTakeFirst();
  return Number(head?.seq ?? 0);
}

/** The rows kept for these districts and quarters that are still current. */
function currentRows(db: Executor, districtIds: readonly string[], quarters: readonly string[], asOf: string, seq: number) {
  return db
    .selectFrom("profile_results")
    .select(["district_id", "quarter"])
    .where("district_id", "in", districtIds)
    .where("quarter", "in", quarters)
    .where("as_of", "=", asOf)
    .where("change_seq", "=", seq);
}

/** Kept figures by quarter, then by district. */
export type KeptByQuarter<T> = Map<string, Map<string, T>>;

function byQuarter<T>(rows: readonly { district_id: string; quarter: string }[], read: (row: never) => T): KeptByQuarter<T> {
  const out: KeptByQuarter<T> = new Map();
  for (const row of rows) {
    let quarter = out.get(row.quarter);
    if (!quarter) out.set(row.quarter, (quarter = new Map()));
    quarter.set(row.district_id, read(row as never));
  }
  return out;
}

/** The kept profiles of these districts for these quarters, where still current. */
export async function keptProfiles(db: Executor, districtIds: readonly string[], quarters: readonly string[], asOf: string, seq: number): Promise<KeptByQuarter<DistrictProfile>> {
  if (districtIds.length === 0 || quarters.length === 0) return new Map();
  const rows = await currentRows(db, districtIds, quarters, asOf, seq).select("figures_json").execute();
  return byQuarter(rows, (r: { figures_json: string }) => JSON.parse(r.figures_json) as DistrictProfile);
}

/** The kept digests of these districts' profiles for these quarters, where still current. */
export async function keptDigests(db: Executor, districtIds: readonly string[], quarters: readonly string[], asOf: string, seq: number): Promise<KeptByQuarter<ProfileDigest>> {
  if (districtIds.length === 0 || quarters.length === 0) return new Map();
  const rows = await currentRows(db, districtIds, quarters, asOf, seq).select("digest_json").where("digest_json", "is not", null).execute();
  return byQuarter(rows, (r: { digest_json: string }) => readDigest(r.digest_json));
}

/**
 * A digest as kept: its indicators' achievement as the bytes of 64-bit floats in base64, a
 * third of the length of the same numbers in JSON and decoded without parsing each one (a
 * county view reads every district's for nine quarters). Exactly the numbers computed.
 */
type KeptDigest = Omit<ProfileDigest, "quarterAchievementPercents"> & { quarterAchievementPercents: Record<keyof ProfileDigest["quarterAchievementPercents"], string> };

const floatsToText = (values: readonly number[]) => Buffer.from(Float64Array.from(values).buffer).toString("base64");

function textToFloats(text: string): number[] {
  const bytes = Buffer.from(text, "base64");
  // Copied out: a Float64Array over a Buffer's pooled memory need not be 8-byte aligned.
  return Array.from(new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)));
}

export function writeDigest(digest: ProfileDigest): string {
  const { output, outcome } = digest.quarterAchievementPercents;
  const kept: KeptDigest = { ...digest, quarterAchievementPercents: { output: floatsToText(output), outcome: floatsToText(outcome) } };
  return JSON.stringify(kept);
}

export function readDigest(text: string): ProfileDigest {
  const kept = JSON.parse(text) as KeptDigest;
  const { output, outcome } = kept.quarterAchievementPercents;
  return { ...kept, quarterAchievementPercents: { output: textToFloats(output), outcome: textToFloats(outcome) } };
}

/**
 * Keeps freshly computed profiles, each replacing its district's row for the quarter unless
 * that row is newer (a slower request never puts back older figures). Keeping is a saving,
 * not a duty: if it fails, the figures just computed are still the answer.
 */
export async function keepProfiles(db: Executor, profiles: ReadonlyMap<string, DistrictProfile>, quarter: string, asOf: string, seq: number): Promise<void> {
  if (profiles.size === 0) return;
  const computedAt = nowIso();
  const rows = [...profiles].map(([districtId, profile]) => ({
    district_id: districtId, quarter, as_of: asOf, change_seq: seq, figures_json: JSON.stringify(profile),
    digest_json: writeDigest(digestOf(profile)), computed_at: computedAt,
  }));
  try {
    await db
      .insertInto("profile_results")
      .values(rows)
      .onConflict((oc) => oc.columns(["district_id", "quarter"])
        .doUpdateSet((eb) => ({
          as_of: eb.ref("excluded.as_of"), change_seq: eb.ref("excluded.change_seq"), figures_json: eb.ref("excluded.figures_json"),
          digest_json: eb.ref("excluded.digest_json"), computed_at: eb.ref("excluded.computed_at"),
        }))
        .where("profile_results.change_seq", "<=", seq))
      .execute();
  } catch (error) {
    console.error(`Computed profiles not kept: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Forgets every kept profile: when the code that works the figures out may have changed (a
 * server starting, a migration run), since the audit chain does not move for either.
 */
export async function forgetKeptProfiles(db: Executor): Promise<void> {
  await db.deleteFrom("profile_results").execute();
}
