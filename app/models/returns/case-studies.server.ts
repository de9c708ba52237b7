// Case studies: anonymised stories added, changed and removed one at a time, each with the
// themes and outcome indicators it shows. (The personal-data check runs before a save, at the
// edge, with personal-data.server.ts.)
import type { Executor } from "../../../db/client";
import { newId } from "~/lib/ids.server";
import type { CaseStudyInput } from "~/schemas/returns";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { NotFoundError } from "~/models/errors";
import type { ReturnDetail } from "./detail.server";
import { claimReturn } from "./sections.server";

/** The themes a case study can show: the active ones, and any a stored case study already uses. */
export async function caseStudyThemeOptions(db: Executor, detail: ReturnDetail): Promise<{ id: string; name: string }[]> {
  const used = new Set(detail.caseStudies.flatMap((c) => c.themes.map((t) => t.id)));
  const rows = await db.selectFrom("themes").select(["id", "name", "is_active"]).orderBy("name").execute();
  return rows.filter((t) => t.is_active === 1 || used.has(t.id)).map((t) => ({ id: t.id, name: t.name }));
}

async function caseStudyRecord(trx: Executor, caseStudyId: string) {
  const [row, themes, indicators] = await Promise.all([
    trx.selectFrom("case_studies").select(["id", "title", "story", "consent_confirmed", "personal_data_override"]).where("id", "=", caseStudyId).executeTakeFirst(),
    trx.selectFrom("case_study_themes").select("theme_id").where("case_study_id", "=", caseStudyId).orderBy("theme_id").execute(),
    trx.selectFrom("case_study_indicators").select("indicator_id").where("case_study_id", "=", caseStudyId).orderBy("indicator_id").execute(),
  ]);
  if (!row) return null;
  return {
    case_study_id: row.id, title: row.title, story: row.story, consent_confirmed: row.consent_confirmed === 1,
    personal_data_override: row.personal_data_override, themes: themes.map((t) => t.theme_id), indicators: indicators.map((i) => i.indicator_id),
  };
}

/**
 * Adds a case study, or changes one of this return's. `personalDataOverride` is the
 * provider's reason for keeping text the check flagged (null when nothing was flagged).
 */
export async function saveCaseStudy(
  trx: Executor,
  audit: AuditContext,
  args: { returnId: string; version: number; caseStudyId: string | null; input: CaseStudyInput; personalDataOverride: string | null },
  now = new Date(),
): Promise<string> {
  let before = null;
  if (args.caseStudyId) {
    const owner = await trx.selectFrom("case_studies").select("return_id").where("id", "=", args.caseStudyId).executeTakeFirst();
    if (!owner || owner.return_id !== args.returnId) throw new NotFoundError("That case study has been removed since you opened this page. Nothing has been saved.", 409);
    before = await caseStudyRecord(trx, args.caseStudyId);
  }
  const claimed = await claimReturn(trx, args.returnId, args.version, now);
  const at = now.toISOString();
  const id = args.caseStudyId ?? newId();
  const { input } = args;
  if (args.caseStudyId) {
    await trx.updateTable("case_studies")
      .set({ title: input.title, story: input.story, consent_confirmed: 1, personal_data_override: args.personalDataOverride, updated_at: at })
      .where("id", "=", id).where("return_id", "=", args.returnId).execute();
    await trx.deleteFrom("case_study_themes").where("case_study_id", "=", id).execute();
    await trx.deleteFrom("case_study_indicators").where("case_study_id", "=", id).execute();
  } else {
    await trx.insertInto("case_studies").values({
      id, return_id: args.returnId, title: input.title, story: input.story, consent_confirmed: 1,
      personal_data_override: args.personalDataOverride, created_at: at, updated_at: at,
    }).execute();
  }
  if (input.themeIds.length) await trx.insertInto("case_study_themes").values(input.themeIds.map((theme_id) => ({ case_study_id: id, theme_id }))).execute();
  if (input.indicatorIds.length) {
    await trx.insertInto("case_study_indicators").values(input.indicatorIds.map((indicator_id) => ({ case_study_id: id, indicator_id }))).execute();
  }
  await recordAudit(trx, audit, {
    action: args.caseStudyId ? "return.case_study_changed" : "return.case_study_added", recordType: "return", recordId: args.returnId,
    before: before ? { section: "case_studies", status: claimed.statusBefore, ...before } : { section: "case_studies", status: claimed.statusBefore },
    after: { section: "case_studies", status: claimed.statusAfter, version: claimed.version, ...(await caseStudyRecord(trx, id)) },
  });
  return id;
}

export async function removeCaseStudy(
  trx: Executor,
  audit: AuditContext,
  args: { returnId: string; version: number; caseStudyId: string },
  now = new Date(),
): Promise<void> {
  const owner = await trx.selectFrom("case_studies").select("return_id").where("id", "=", args.caseStudyId).executeTakeFirst();
  if (!owner || owner.return_id !== args.returnId) throw new NotFoundError("That case study has been removed since you opened this page. Nothing has been saved.", 409);
  const before = await caseStudyRecord(trx, args.caseStudyId);
  const claimed = await claimReturn(trx, args.returnId, args.version, now);
  await trx.deleteFrom("case_studies").where("id", "=", args.caseStudyId).where("return_id", "=", args.returnId).execute();
  await recordAudit(trx, audit, {
    action: "return.case_study_removed", recordType: "return", recordId: args.returnId,
    before: { section: "case_studies", status: claimed.statusBefore, ...before },
    after: { section: "case_studies", status: claimed.statusAfter, version: claimed.version, removed: args.caseStudyId },
  });
}
