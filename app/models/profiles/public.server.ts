// The published profiles anyone may read: the editions their publishers made public, each
// through the policy's privacy pass (publicProfileView in app/policies/profiles.ts).
import type { Executor } from "../../../db/client";
import type { DistrictProfile } from "~/profiles/types";
import { isPublicProfile, publicProfileView } from "~/policies/profiles";

export interface PublicProfileSummary {
  id: string;
  districtId: string;
  districtName: string;
  quarter: string;
  edition: number;
  publishedAt: string;
}

/** Every public edition, newest quarter first, then by district. */
export async function listPublicProfiles(db: Executor, filter: { districtId?: string } = {}): Promise<PublicProfileSummary[]> {
  let query = db
    .selectFrom("published_profiles")
    .innerJoin("districts", "districts.id", "published_profiles.district_id")
    .select(["published_profiles.id", "published_profiles.district_id", "districts.name as district_name", "published_profiles.quarter",
      "published_profiles.edition", "published_profiles.published_at"])
    .where("published_profiles.is_public", "=", 1)
    .orderBy("published_profiles.quarter", "desc")
    .orderBy("districts.name")
    .orderBy("published_profiles.edition", "desc")
    .limit(500);
  if (filter.districtId) query = query.where("published_profiles.district_id", "=", filter.districtId);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id, districtId: r.district_id, districtName: r.district_name, quarter: r.quarter, edition: Number(r.edition), publishedAt: r.published_at,
  }));
}

/** A public edition as the public may read it, or null (not public, or no such edition). */
export async function getPublicProfile(db: Executor, id: string): Promise<{ profile: DistrictProfile; edition: number; publishedAt: string } | null> {
  const row = await db
    .selectFrom("published_profiles")
    .select(["figures_json", "edition", "published_at", "is_public"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row || !isPublicProfile(row)) return null;
  return { profile: publicProfileView(JSON.parse(row.figures_json) as DistrictProfile), edition: Number(row.edition), publishedAt: row.published_at };
}
