// Creating a project directly, for a grant made without a tender: the project, its budget
// profile and indicators, its returns and its ledger commitments. (Awards create projects
// from tenders in app/models/awards.)
import type { Executor } from "../../../db/client";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { financialYearOf } from "~/lib/financial-year";
import { newId, nowIso } from "~/lib/ids.server";
import type { NewProjectInput } from "~/schemas/projects";
import { addLedgerEntry } from "../funding/ledger.server";
import { inOfficerScope, type Actor } from "~/policies/actor";
import { indicatorRow, planSnapshotOf } from "./plan.server";
import { createReturnSchedule, takeProjectReference, type Choice, type ProjectSettings } from "./projects.server";
import { LOCKS, takeLocks } from "~/models/locks.server";
import { commitmentsByYear } from "~/lib/budget";

/** What the new-project form may offer this officer: approved providers, the districts they cover, active streams. */
export async function projectFormChoices(db: Executor, actor: Actor): Promise<{ organisations: Choice[]; districts: Choice[]; streams: Choice[] }> {
  const [organisations, districts, streams] = await Promise.all([
    db.selectFrom("organisations").select(["id", "name"]).where("type", "=", "provider").where("status", "=", "approved")
      .orderBy("name").orderBy("id").execute(),
    db.selectFrom("districts").select(["id", "name"]).where((eb) => inOfficerScope(eb, actor, "districts.id"))
      .orderBy("name").orderBy("id").execute(),
    db.selectFrom("funding_streams").select(["id", "name"]).where("is_active", "=", 1).orderBy("name").orderBy("id").execute(),
  ]);
  return { organisations, districts, streams };
}

/**
 * A project made by an officer without a tender: the project, its budget profile and
 * indicators, its returns, a ledger commitment per financial year, and the audit, all in
 * the caller's transaction. It holds the stream's lock, so an award checking what remains of
 * the allocation waits for these commitments, and takes its reference from the year's counter.
 */
export async function createProject(
  db: Executor,
  audit: AuditContext,
  input: NewProjectInput,
  settings: ProjectSettings,
): Promise<{ id: string; reference: string }> {
  await takeLocks(db, LOCKS.funding(input.fundingStreamId));
  const id = newId();
  const now = nowIso();
  const reference = await takeProjectReference(db, financialYearOf(input.startDate));
  const project = {
    id,
    reference,
    title: input.title,
    organisation_id: input.organisationId,
    district_id: input.districtId,
    funding_stream_id: input.fundingStreamId,
    tender_id: null,
    bid_id: null,
    amount_pence: input.amountPence,
    start_date: input.startDate,
    end_date: input.endDate,
    status: "active" as const,
    visit_required: input.amountPence > settings.visitThresholdPence ? 1 : 0,
    created_by: audit.actorUserId,
    created_at: now,
    updated_at: now,
    version: 1,
  };
  await db.insertInto("projects").values(project).execute();
  if (input.budget.length) {
    await db.insertInto("project_budget_lines")
      .values(input.budget.map((l) => ({ project_id: id, quarter: l.quarter, category: l.category, amount_pence: l.amountPence })))
      .execute();
  }
  if (input.indicators.length) {
    await db.insertInto("project_indicators")
      .values(input.indicators.map((i, index) => ({ id: newId(), ...indicatorRow(id, index + 1, i) })))
      .execute();
  }
  const returns = await createReturnSchedule(db, id, settings.returnDueDays);
  await recordAudit(db, audit, {
    action: "project.created",
    recordType: "project",
    recordId: id,
    after: { ...project, source: "direct", returns, ...planSnapshotOf(input.budget, input.indicators) },
  });
  for (const [year, pence] of commitmentsByYear(input.budget, input.amountPence, input.startDate)) {
    await addLedgerEntry(db, audit, {
      districtId: input.districtId, fundingStreamId: input.fundingStreamId, financialYear: year, kind: "commitment",
      amountPence: pence, projectId: id, sourceType: "direct", sourceId: id,
    });
  }
  return { id, reference };
}
