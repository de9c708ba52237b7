// What the officer adds to a district's profile: the agreed action on each indicator at risk,
// and the one or two case studies the board reads.
import type { Executor } from "../../../db/client";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { newId, nowIso } from "~/lib/ids.server";
import { StaleEditError, FieldError } from "~/models/errors";
import { LOCKS, takeLocks } from "~/models/locks.server";
import type { AgreedActionInput } from "~/schemas/profiles.server";
import { MAX_CASE_STUDIES } from "~/schemas/profiles";

export interface IndicatorInDistrict {
  id: string;
  name: string;
  projectId: string;
  projectTitle: string;
  districtId: string;
}

/** The indicator, with the district its project is in (for the permission check). */
export async function getIndicatorInDistrict(db: Executor, indicatorId: string): Promise<IndicatorInDistrict | null> {
  const row = await db
    .selectFrom("project_indicators")
    .innerJoin("projects", "projects.id", "project_indicators.project_id")
    .select(["project_indicators.id", "project_indicators.name", "projects.id as project_id", "projects.title", "projects.district_id"])
    .where("project_indicators.id", "=", indicatorId)
    .executeTakeFirst();
  return row ? { id: row.id, name: row.name, projectId: row.project_id, projectTitle: row.title, districtId: row.district_id } : null;
}

export async function getAgreedAction(db: Executor, indicatorId: string, quarter: string) {
  return (
    (await db
      .selectFrom("profile_actions")
      .select(["id", "action", "owner", "due_date", "version"])
      .where("indicator_id", "=", indicatorId)
      .where("quarter", "=", quarter)
      .executeTakeFirst()) ?? null
  );
}

/**
 * Records or changes the agreed action. `version` is the one the form was loaded with (0 when
 * there was none): a colleague's change in between is refused, not overwritten.
 */
const STALE_ACTION = "Someone else changed this agreed action while you were editing it. Reload the page to see their version.";

export async function saveAgreedAction(
  db: Executor,
  audit: AuditContext,
  args: { indicatorId: string; quarter: string; version: number; input: AgreedActionInput },
): Promise<void> {
  const before = await getAgreedAction(db, args.indicatorId, args.quarter);
  const now = nowIso();
  if ((before ? Number(before.version) : 0) !== args.version) throw new StaleEditError("agreed action", STALE_ACTION);
  if (!before) {
    const id = newId();
    const row = {
      id, indicator_id: args.indicatorId, quarter: args.quarter, action: args.input.action, owner: args.input.owner, due_date: args.input.due_date,
      created_by: audit.actorUserId, created_at: now, updated_at: now, version: 1,
    };
    // Two first saves at once: the second finds the first's row and is stale, as after it.
    const inserted = await db.insertInto("profile_actions").values(row)
      .onConflict((oc) => oc.columns(["indicator_id", "quarter"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) throw new StaleEditError("agreed action", STALE_ACTION);
    await recordAudit(db, audit, { action: "profile_action.created", recordType: "profile_action", recordId: id, after: row });
    return;
  }
  const result = await db
    .updateTable("profile_actions")
    .set({ action: args.input.action, owner: args.input.owner, due_date: args.input.due_date, updated_at: now, version: Number(before.version) + 1 })
    .where("id", "=", before.id)
    .where("version", "=", before.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new StaleEditError("agreed action", STALE_ACTION);
  await recordAudit(db, audit, {
    action: "profile_action.updated", recordType: "profile_action", recordId: before.id,
    before: { action: before.action, owner: before.owner, due_date: before.due_date },
    after: args.input,
  });
}

export interface CaseStudyChoice {
  id: string;
  title: string;
  story: string;
  projectTitle: string;
  provider: string;
  quarter: string;
  chosen: boolean;
}

/** Case studies from the district's approved returns of the year to date, newest first. */
export async function listCaseStudyChoices(db: Executor, districtId: string, quarter: string, financialYear: number): Promise<CaseStudyChoice[]> {
  const [rows, chosen] = await Promise.all([
    db
      .selectFrom("case_studies")
      .innerJoin("returns", "returns.id", "case_studies.return_id")
      .innerJoin("projects", "projects.id", "returns.project_id")
      .innerJoin("organisations", "organisations.id", "projects.organisation_id")
      .select(["case_studies.id", "case_studies.title", "case_studies.story", "projects.title as project_title", "organisations.name as provider", "returns.quarter"])
      .where("projects.district_id", "=", districtId)
      .where("returns.status", "=", "approved")
      .where("case_studies.consent_confirmed", "=", 1)
      .where("returns.financial_year", "=", financialYear)
      .where("returns.quarter", "<=", quarter)
      .orderBy("returns.quarter", "desc")
      .orderBy("case_studies.title")
      .execute(),
    db.selectFrom("profile_case_studies").select("case_study_id").where("district_id", "=", districtId).where("quarter", "=", quarter).execute(),
  ]);
  const chosenIds = new Set(chosen.map((c) => c.case_study_id));
  return rows.map((r) => ({ id: r.id, title: r.title, story: r.story, projectTitle: r.project_title, provider: r.provider, quarter: r.quarter, chosen: chosenIds.has(r.id) }));
}


/**
 * Replaces the district's chosen case studies for the quarter (at most two, from the choices
 * offered). Two officers choosing at once take turns: the later choice replaces the earlier whole.
 */
export async function chooseCaseStudies(
  db: Executor,
  audit: AuditContext,
  args: { districtId: string; quarter: string; financialYear: number; caseStudyIds: readonly string[] },
): Promise<void> {
  await takeLocks(db, LOCKS.profileCaseStudies(args.districtId, args.quarter));
  const ids = [...new Set(args.caseStudyIds)];
  if (ids.length > MAX_CASE_STUDIES) throw new FieldError("case_studies", `Choose no more than ${MAX_CASE_STUDIES} case studies`);
  const choices = await listCaseStudyChoices(db, args.districtId, args.quarter, args.financialYear);
  const offered = new Set(choices.map((c) => c.id));
  if (ids.some((id) => !offered.has(id))) throw new FieldError("case_studies", "Choose from the case studies listed");
  const before = choices.filter((c) => c.chosen).map((c) => c.id);
  await db.deleteFrom("profile_case_studies").where("district_id", "=", args.districtId).where("quarter", "=", args.quarter).execute();
  const now = nowIso();
  if (ids.length) {
    await db.insertInto("profile_case_studies").values(
      ids.map((id, i) => ({ district_id: args.districtId, quarter: args.quarter, case_study_id: id, position: i + 1, chosen_by: audit.actorUserId, chosen_at: now })),
    ).execute();
  }
  await recordAudit(db, audit, {
    action: "profile_case_studies.chosen", recordType: "district", recordId: args.districtId,
    before: { quarter: args.quarter, case_study_ids: before }, after: { quarter: args.quarter, case_study_ids: ids },
  });
}
