// The plan: a project's indicators, their targets and its budget profile, which an officer
// may replace until the first return is submitted (changes after that are variations); and
// the ledger commitments that follow the budget, per financial year, whoever changes it.
import type { Executor } from "../../../db/client";
import type { BudgetCategory } from "../../../db/schema";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { financialYearOf, parseQuarterLabel } from "~/lib/financial-year";
import { newId } from "~/lib/ids.server";
import { budgetSumMessage, PROJECT_MESSAGES, type BudgetLineInput, type PlanInput } from "~/schemas/projects";
import { addLedgerEntry } from "../funding/ledger.server";
import { StaleEditError, ProjectChangeRefused } from "~/models/errors";
import { hasSubmittedReturn, projectBudget, projectIndicators, takeVersion, type ProjectIndicator } from "./projects.server";
import { commitmentsByYear } from "~/lib/budget";
import { LOCKS, takeLocks } from "~/models/locks.server";

export function indicatorRow(projectId: string, position: number, i: PlanInput["indicators"][number]) {
  return {
    project_id: projectId, position, kind: i.kind, name: i.name, definition: i.definition, unit: i.unit,
    measure: i.measure, direction: i.direction, baseline: i.baseline, targets_json: JSON.stringify(i.targets),
  };
}

type IndicatorSnapshot = Omit<ProjectIndicator, "position" | "id"> & { id?: string | null };

export function planSnapshotOf(budget: readonly BudgetLineInput[], indicators: readonly IndicatorSnapshot[]) {
  const byQuarter: Record<string, Partial<Record<BudgetCategory, number>>> = {};
  for (const l of budget) (byQuarter[l.quarter] ??= {})[l.category] = l.amountPence;
  return {
    budget: byQuarter,
    indicators: indicators.map((i) => ({
      id: i.id ?? null,
      kind: i.kind, name: i.name, definition: i.definition, unit: i.unit, measure: i.measure, direction: i.direction,
      baseline: i.baseline, targets: i.targets,
    })),
  };
}

/** The commitments of a project per year, as the ledger holds them now. */
async function committedByYear(db: Executor, projectId: string): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom("ledger_entries")
    .select(["financial_year", (eb) => eb.fn.sum<number>("amount_pence").as("total")])
    .where("project_id", "=", projectId)
    .where("kind", "=", "commitment")
    .groupBy("financial_year")
    .execute();
  return new Map(rows.map((r) => [Number(r.financial_year), Number(r.total ?? 0)]));
}

/**
 * Moves the project's commitments to what its budget now says per financial year: one
 * ledger entry (positive or negative) per year that differs. Returns the adjustments.
 */
export async function reprofileCommitments(
  db: Executor,
  audit: AuditContext,
  project: { id: string; district_id: string; funding_stream_id: string; start_date: string },
  budget: readonly BudgetLineInput[],
  amountPence: number,
  source: { type: string; id: string },
): Promise<{ financialYear: number; pence: number }[]> {
  const wanted = commitmentsByYear(budget, amountPence, project.start_date);
  const current = await committedByYear(db, project.id);
  const years = [...new Set([...wanted.keys(), ...current.keys()])].sort((a, b) => a - b);
  const adjustments: { financialYear: number; pence: number }[] = [];
  for (const year of years) {
    const pence = (wanted.get(year) ?? 0) - (current.get(year) ?? 0);
    if (pence === 0) continue;
    await addLedgerEntry(db, audit, {
      districtId: project.district_id, fundingStreamId: project.funding_stream_id, financialYear: year, kind: "commitment",
      amountPence: pence, projectId: project.id, sourceType: source.type, sourceId: source.id,
    });
    adjustments.push({ financialYear: year, pence });
  }
  return adjustments;
}

/**
 * Replaces the plan (indicators, targets, budget profile) while no return has been
 * submitted. Indicators keep their ids, so draft figures stay attached; an indicator taken
 * out loses its draft figures. The ledger follows the budget's years.
 */
export async function updatePlan(
  db: Executor,
  audit: AuditContext,
  args: { projectId: string; version: number; input: PlanInput },
): Promise<void> {
  const project = await db.selectFrom("projects").selectAll().where("id", "=", args.projectId).executeTakeFirstOrThrow();
  // A return submitted meanwhile waits for this plan, or this plan sees it submitted; an
  // award checking the stream's money waits for the commitments that follow the budget.
  await takeLocks(db, LOCKS.project(args.projectId), LOCKS.funding(project.funding_stream_id));
  if (await hasSubmittedReturn(db, args.projectId)) throw new ProjectChangeRefused(PROJECT_MESSAGES.planLocked, {}, 409);
  if (Number(project.version) !== args.version) throw new StaleEditError("project");
  const [budgetBefore, indicatorsBefore] = await Promise.all([projectBudget(db, args.projectId), projectIndicators(db, args.projectId)]);
  const existingIds = new Set(indicatorsBefore.map((i) => i.id));
  const unknown = args.input.indicators.find((i) => i.id !== null && !existingIds.has(i.id));
  if (unknown) throw new ProjectChangeRefused(PROJECT_MESSAGES.version, {}, 409);
  const sum = args.input.budget.reduce((t, l) => t + l.amountPence, 0);
  if (sum !== Number(project.amount_pence)) {
    throw new ProjectChangeRefused("", { budget: budgetSumMessage(sum, Number(project.amount_pence)) });
  }

  await takeVersion(db, args.projectId, args.version);

  await db.deleteFrom("project_budget_lines").where("project_id", "=", args.projectId).execute();
  if (args.input.budget.length) {
    await db.insertInto("project_budget_lines")
      .values(args.input.budget.map((l) => ({ project_id: args.projectId, quarter: l.quarter, category: l.category, amount_pence: l.amountPence })))
      .execute();
  }
  const keptIds = new Set(args.input.indicators.flatMap((i) => (i.id ? [i.id] : [])));
  const removed = indicatorsBefore.filter((i) => !keptIds.has(i.id)).map((i) => i.id);
  if (removed.length) {
    // Only drafts can hold figures for them: no return has been submitted.
    await db.deleteFrom("return_indicator_values").where("indicator_id", "in", removed).execute();
    await db.deleteFrom("case_study_indicators").where("indicator_id", "in", removed).execute();
    await db.deleteFrom("project_indicators").where("id", "in", removed).where("project_id", "=", args.projectId).execute();
  }
  let position = 0;
  for (const indicator of args.input.indicators) {
    position += 1;
    const row = indicatorRow(args.projectId, position, indicator);
    if (indicator.id) {
      await db.updateTable("project_indicators").set(row).where("id", "=", indicator.id).where("project_id", "=", args.projectId).execute();
    } else {
      await db.insertInto("project_indicators").values({ id: newId(), ...row }).execute();
    }
  }
  const ledger = await reprofileCommitments(db, audit, project, args.input.budget, Number(project.amount_pence), { type: "plan", id: args.projectId });
  const indicatorsAfter = await projectIndicators(db, args.projectId);
  await recordAudit(db, audit, {
    action: "project.plan_adjusted",
    recordType: "project",
    recordId: args.projectId,
    before: { version: Number(project.version), ...planSnapshotOf(budgetBefore, indicatorsBefore) },
    after: { version: Number(project.version) + 1, ...planSnapshotOf(args.input.budget, indicatorsAfter), removedIndicators: removed, ledger },
  });
}
