// What the officer tells the board with a district's profile: a recommendation on each
// project (continue, continue with conditions, review, decommission) with why, and a
// commentary on the district, each for one quarter. Saved like the agreed actions: the form
// carries the version it was loaded with (0 for none yet), so a colleague's save in between
// is refused, never overwritten; audited. The profile reads them (inputs.server.ts), so
// publishing freezes them.
import type { Executor } from "../../../db/client";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { newId, nowIso } from "~/lib/ids.server";
import { StaleEditError } from "~/models/errors";
import type { RecommendationInput } from "~/schemas/profiles.server";

const STALE_RECOMMENDATION = "Someone else changed this recommendation while you were editing it. Reload the page to see theirs.";
const STALE_COMMENTARY = "Someone else changed this commentary while you were editing it. Reload the page to see theirs.";

export interface ProjectInDistrict {
  id: string;
  reference: string;
  title: string;
  districtId: string;
}

/** The project, with its district (for the permission check). */
export async function getProjectInDistrict(db: Executor, projectId: string): Promise<ProjectInDistrict | null> {
  const row = await db.selectFrom("projects").select(["id", "reference", "title", "district_id"]).where("id", "=", projectId).executeTakeFirst();
  return row ? { id: row.id, reference: row.reference, title: row.title, districtId: row.district_id } : null;
}

export async function getRecommendation(db: Executor, projectId: string, quarter: string) {
  return (await db.selectFrom("profile_recommendations").select(["id", "recommendation", "commentary", "version"])
    .where("project_id", "=", projectId).where("quarter", "=", quarter).executeTakeFirst()) ?? null;
}

export async function saveRecommendation(
  db: Executor,
  audit: AuditContext,
  args: { projectId: string; quarter: string; version: number; input: RecommendationInput },
): Promise<void> {
  const before = await getRecommendation(db, args.projectId, args.quarter);
  if ((before ? Number(before.version) : 0) !== args.version) throw new StaleEditError("recommendation", STALE_RECOMMENDATION);
  const now = nowIso();
  if (!before) {
    const row = {
      id: newId(), project_id: args.projectId, quarter: args.quarter, recommendation: args.input.recommendation, commentary: args.input.commentary,
      created_by: audit.actorUserId, created_at: now, updated_at: now, version: 1,
    };
    // Two first saves at once: the second finds the first's row and is stale, as after it.
    const inserted = await db.insertInto("profile_recommendations").values(row)
      .onConflict((oc) => oc.columns(["project_id", "quarter"]).doNothing()).returning("id").executeTakeFirst();
    if (!inserted) throw new StaleEditError("recommendation", STALE_RECOMMENDATION);
    await recordAudit(db, audit, { action: "profile_recommendation.created", recordType: "profile_recommendation", recordId: row.id, after: row });
    return;
  }
  const result = await db.updateTable("profile_recommendations")
    .set({ recommendation: args.input.recommendation, commentary: args.input.commentary, updated_at: now, version: Number(before.version) + 1 })
    .where("id", "=", before.id).where("version", "=", before.version).executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new StaleEditError("recommendation", STALE_RECOMMENDATION);
  await recordAudit(db, audit, {
    action: "profile_recommendation.updated", recordType: "profile_recommendation", recordId: before.id,
    before: { recommendation: before.recommendation, commentary: before.commentary }, after: args.input,
  });
}

export async function getDistrictCommentary(db: Executor, districtId: string, quarter: string) {
  return (await db.selectFrom("profile_commentaries").select(["id", "commentary", "version"])
    .where("district_id", "=", districtId).where("quarter", "=", quarter).executeTakeFirst()) ?? null;
}

export async function saveDistrictCommentary(
  db: Executor,
  audit: AuditContext,
  args: { districtId: string; quarter: string; version: number; commentary: string },
): Promise<void> {
  const before = await getDistrictCommentary(db, args.districtId, args.quarter);
  if ((before ? Number(before.version) : 0) !== args.version) throw new StaleEditError("commentary", STALE_COMMENTARY);
  const now = nowIso();
  if (!before) {
    const row = {
      id: newId(), district_id: args.districtId, quarter: args.quarter, commentary: args.commentary,
      created_by: audit.actorUserId, created_at: now, updated_at: now, version: 1,
    };
    const inserted = await db.insertInto("profile_commentaries").values(row)
      .onConflict((oc) => oc.columns(["district_id", "quarter"]).doNothing()).returning("id").executeTakeFirst();
    if (!inserted) throw new StaleEditError("commentary", STALE_COMMENTARY);
    await recordAudit(db, audit, { action: "profile_commentary.created", recordType: "profile_commentary", recordId: row.id, after: row });
    return;
  }
  const result = await db.updateTable("profile_commentaries")
    .set({ commentary: args.commentary, updated_at: now, version: Number(before.version) + 1 })
    .where("id", "=", before.id).where("version", "=", before.version).executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new StaleEditError("commentary", STALE_COMMENTARY);
  await recordAudit(db, audit, {
    action: "profile_commentary.updated", recordType: "profile_commentary", recordId: before.id,
    before: { commentary: before.commentary }, after: { commentary: args.commentary },
  });
}
