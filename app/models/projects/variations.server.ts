// Variations: changes agreed with the provider once a return has been submitted, to the
// targets and budget of the current and future quarters, the amount and the end date. Past
// quarters (ended, or with a submitted return) are never rewritten. Each variation is kept
// with what it changed, before and after, and read back in words on the project's pages.
import type { Executor } from "../../../db/client";
import { BUDGET_CATEGORIES, type BudgetCategory } from "../../../db/schema";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { formatDate } from "~/lib/dates";
import { financialYearLabel, quarterDates, quarterLabel, quartersBetween } from "~/lib/financial-year";
import { newId, nowIso } from "~/lib/ids.server";
import { formatPence } from "~/lib/money";
import { budgetSumMessage, lockedBudgetMessage, lockedEndMessage, lockedTargetMessage, PROJECT_MESSAGES, sortQuarters, startedReturnEndMessage, targetField, type BudgetLineInput, type LockReason, type VariationInput } from "~/schemas/projects";
import { StaleEditError, ProjectChangeRefused } from "~/models/errors";
import { LOCKS, takeLocks } from "~/models/locks.server";
import { budgetField, BUDGET_CATEGORY_LABELS } from "~/lib/budget";
import { reprofileCommitments } from "./plan.server";
import {
  createReturnSchedule, hasSubmittedReturn, projectBudget, projectIndicators, projectQuarters, takeVersion, type ProjectSettings,
} from "./projects.server";

/**
 * The quarters that can no longer be rewritten: those that ended before today, and those
 * whose return has been submitted (even once).
 */
export async function lockedQuarters(db: Executor, projectId: string, today: string): Promise<Map<string, LockReason>> {
  const [project, returns] = await Promise.all([
    db.selectFrom("projects").select(["start_date", "end_date"]).where("id", "=", projectId).executeTakeFirstOrThrow(),
    db.selectFrom("returns").select(["quarter", "period_end", "first_submitted_at"]).where("project_id", "=", projectId).execute(),
  ]);
  const locked = new Map<string, LockReason>();
  for (const r of returns) if (r.first_submitted_at) locked.set(r.quarter, "submitted");
  for (const q of quartersBetween(project.start_date, project.end_date)) {
    const label = quarterLabel(q);
    if (!locked.has(label) && quarterDates(q).end < today) locked.set(label, "ended");
  }
  for (const r of returns) if (!locked.has(r.quarter) && r.period_end < today) locked.set(r.quarter, "ended");
  return locked;
}

interface VariationSide {
  end_date?: string;
  amount_pence?: number;
  visit_required?: number;
  budget?: Record<string, Partial<Record<BudgetCategory, number>>>;
  targets?: Record<string, { indicator: string; targets: Record<string, number | null> }>;
  returns?: string[];
  ledger?: { financialYear: number; pence: number }[];
}

interface VariationChanges {
  before: VariationSide;
  after: VariationSide;
}

/** A stored variation's changes in words, one line each. */
export function describeVariation(changesJson: string): string[] {
  let changes: VariationChanges;
  try {
    changes = JSON.parse(changesJson) as VariationChanges;
  } catch {
    return [];
  }
  const { before = {}, after = {} } = changes ?? {};
  const lines: string[] = [];
  if (after.end_date && before.end_date !== after.end_date) {
    lines.push(`End date: ${formatDate(before.end_date)} to ${formatDate(after.end_date)}`);
  }
  if (after.amount_pence !== undefined && before.amount_pence !== undefined && before.amount_pence !== after.amount_pence) {
    lines.push(`Amount: ${formatPence(before.amount_pence)} to ${formatPence(after.amount_pence)}`);
  }
  for (const [id, t] of Object.entries(after.targets ?? {})) {
    const was = before.targets?.[id]?.targets ?? {};
    for (const quarter of sortQuarters(Object.keys(t.targets))) {
      const from = was[quarter];
      const to = t.targets[quarter];
      lines.push(`Target for ${t.indicator} in ${quarter}: ${from ?? "none"} to ${to ?? "none"}`);
    }
  }
  for (const quarter of sortQuarters(Object.keys(after.budget ?? {}))) {
    for (const category of BUDGET_CATEGORIES) {
      const to = after.budget?.[quarter]?.[category];
      if (to === undefined) continue;
      const from = before.budget?.[quarter]?.[category] ?? 0;
      lines.push(`${BUDGET_CATEGORY_LABELS[category]} budget for ${quarter}: ${formatPence(from)} to ${formatPence(to)}`);
    }
  }
  const added = (after.returns ?? []).filter((q) => !(before.returns ?? []).includes(q));
  const removed = (before.returns ?? []).filter((q) => !(after.returns ?? []).includes(q));
  if (added.length) lines.push(`Returns added: ${added.join(", ")}`);
  if (removed.length) lines.push(`Returns removed: ${removed.join(", ")}`);
  for (const l of after.ledger ?? []) {
    lines.push(`Commitment for ${financialYearLabel(l.financialYear)} ${l.pence > 0 ? "increased" : "reduced"} by ${formatPence(Math.abs(l.pence))}`);
  }
  return lines;
}

/**
 * Records a variation: targets for current and future quarters, the budget profile of those
 * quarters, the amount and the end date. Past quarters (ended, or with a submitted return)
 * are never rewritten: an attempt is refused with the field that tried. Extending creates
 * the new quarters' returns; shortening removes returns not yet started. The ledger follows
 * the budget. One variation row with before/after, and its audit, in the caller's transaction.
 */
export async function recordVariation(
  db: Executor,
  audit: AuditContext,
  args: { projectId: string; input: VariationInput; today: string; settings: ProjectSettings; userId: string | null },
): Promise<{ id: string; changes: string[] }> {
  const { input } = args;
  const project = await db.selectFrom("projects").selectAll().where("id", "=", args.projectId).executeTakeFirstOrThrow();
  // Which quarters are locked depends on the returns submitted: a submission waits for this.
  await takeLocks(db, LOCKS.project(args.projectId), LOCKS.funding(project.funding_stream_id));
  if (!(await hasSubmittedReturn(db, args.projectId))) throw new ProjectChangeRefused(PROJECT_MESSAGES.variationTooEarly, {}, 409);
  if (Number(project.version) !== input.version) throw new StaleEditError("project");

  const [locked, budgetBefore, indicators, returns] = await Promise.all([
    lockedQuarters(db, args.projectId, args.today),
    projectBudget(db, args.projectId),
    projectIndicators(db, args.projectId),
    db.selectFrom("returns").select(["id", "quarter", "status", "period_end"]).where("project_id", "=", args.projectId).execute(),
  ]);
  const errors: Record<string, string> = {};
  const oldQuarters = projectQuarters(project.start_date, project.end_date);
  const newQuarters = input.quarters;

  // Shortening: the quarters cut off must be open and their returns not started.
  const cut = oldQuarters.filter((q) => !newQuarters.includes(q));
  for (const quarter of cut) {
    const reason = locked.get(quarter);
    if (reason) {
      errors.end_date ??= lockedEndMessage(quarter, reason);
      continue;
    }
    const ret = returns.find((r) => r.quarter === quarter);
    if (ret && ret.status !== "not_started") {
      errors.end_date ??= startedReturnEndMessage(quarter);
    }
  }

  // Targets: locked quarters keep what they had; an attempt to change one is refused.
  const beforeTargets: NonNullable<VariationSide["targets"]> = {};
  const afterTargets: NonNullable<VariationSide["targets"]> = {};
  const newTargetsById = new Map<string, Record<string, number>>();
  indicators.forEach((indicator, row) => {
    const posted = input.targets[indicator.id] ?? {};
    const next: Record<string, number> = {};
    for (const quarter of newQuarters) {
      const stored = indicator.targets[quarter];
      const reason = locked.get(quarter);
      if (reason) {
        if (posted[quarter] !== undefined && posted[quarter] !== stored) errors[targetField(row, quarter)] ??= lockedTargetMessage(quarter, row, reason);
        if (stored !== undefined) next[quarter] = stored;
      } else if (posted[quarter] !== undefined) {
        next[quarter] = posted[quarter];
      } else {
        errors[targetField(row, quarter)] ??= `Enter the target for ${quarter} for indicator ${row + 1}`;
      }
    }
    newTargetsById.set(indicator.id, next);
    const changed = sortQuarters([...Object.keys(indicator.targets), ...Object.keys(next)]).filter((q) => indicator.targets[q] !== next[q]);
    if (changed.length) {
      beforeTargets[indicator.id] = { indicator: indicator.name, targets: Object.fromEntries(changed.map((q) => [q, indicator.targets[q] ?? null])) };
      afterTargets[indicator.id] = { indicator: indicator.name, targets: Object.fromEntries(changed.map((q) => [q, next[q] ?? null])) };
    }
  });
  if (Object.keys(input.targets).some((id) => !indicators.some((i) => i.id === id))) {
    throw new ProjectChangeRefused(PROJECT_MESSAGES.version, {}, 409);
  }

  // Budget: locked quarters keep their lines; the open quarters take what was posted.
  const storedCell = (quarter: string, category: BudgetCategory) =>
    budgetBefore.find((l) => l.quarter === quarter && l.category === category)?.amountPence ?? 0;
  const postedCell = new Map(input.budget.map((l) => [`${l.quarter}|${l.category}`, l.amountPence]));
  const budgetAfter: BudgetLineInput[] = [];
  for (const quarter of newQuarters) {
    for (const category of BUDGET_CATEGORIES) {
      const stored = storedCell(quarter, category);
      const posted = postedCell.get(`${quarter}|${category}`);
      const reason = locked.get(quarter);
      let pence: number;
      if (reason) {
        if (posted !== undefined && posted !== stored) errors[budgetField(quarter, category)] ??= lockedBudgetMessage(quarter, category, reason);
        pence = stored;
      } else {
        pence = posted ?? 0;
      }
      if (pence !== 0) budgetAfter.push({ quarter, category, amountPence: pence });
    }
  }
  const sum = budgetAfter.reduce((t, l) => t + l.amountPence, 0);
  if (sum !== input.amountPence && !Object.keys(errors).some((k) => k.startsWith("budget."))) {
    errors.budget = budgetSumMessage(sum, input.amountPence);
  }
  if (Object.keys(errors).length) throw new ProjectChangeRefused("", errors);

  // What changes.
  const cellKey = (l: { quarter: string; category: BudgetCategory }) => `${l.quarter}|${l.category}`;
  const beforeCells = new Map(budgetBefore.map((l) => [cellKey(l), l.amountPence]));
  const afterCells = new Map(budgetAfter.map((l) => [cellKey(l), l.amountPence]));
  const beforeBudget: NonNullable<VariationSide["budget"]> = {};
  const afterBudget: NonNullable<VariationSide["budget"]> = {};
  for (const key of new Set([...beforeCells.keys(), ...afterCells.keys()])) {
    const from = beforeCells.get(key) ?? 0;
    const to = afterCells.get(key) ?? 0;
    if (from === to) continue;
    const [quarter, category] = key.split("|") as [string, BudgetCategory];
    (beforeBudget[quarter] ??= {})[category] = from;
    (afterBudget[quarter] ??= {})[category] = to;
  }
  const endChanged = input.endDate !== project.end_date;
  const amountChanged = input.amountPence !== Number(project.amount_pence);
  if (!endChanged && !amountChanged && Object.keys(afterTargets).length === 0 && Object.keys(afterBudget).length === 0) {
    throw new ProjectChangeRefused(PROJECT_MESSAGES.noChange);
  }

  const visitRequired = amountChanged ? (input.amountPence > args.settings.visitThresholdPence ? 1 : 0) : Number(project.visit_required);
  await takeVersion(db, args.projectId, input.version, {
    end_date: input.endDate, amount_pence: input.amountPence, visit_required: visitRequired,
  });
  await db.deleteFrom("project_budget_lines").where("project_id", "=", args.projectId).execute();
  if (budgetAfter.length) {
    await db.insertInto("project_budget_lines")
      .values(budgetAfter.map((l) => ({ project_id: args.projectId, quarter: l.quarter, category: l.category, amount_pence: l.amountPence })))
      .execute();
  }
  for (const indicator of indicators) {
    if (!afterTargets[indicator.id]) continue;
    await db.updateTable("project_indicators")
      .set({ targets_json: JSON.stringify(newTargetsById.get(indicator.id) ?? {}) })
      .where("id", "=", indicator.id)
      .execute();
  }
  const cutReturns = returns.filter((r) => cut.includes(r.quarter) && r.status === "not_started").map((r) => r.id);
  if (cutReturns.length) {
    // Only if still not started: a provider who starts one meanwhile keeps it, and the variation is refused.
    const deleted = await db.deleteFrom("returns").where("id", "in", cutReturns).where("status", "=", "not_started").executeTakeFirst();
    if (Number(deleted.numDeletedRows) !== cutReturns.length) {
      const started = await db.selectFrom("returns").select("quarter").where("id", "in", cutReturns).where("status", "<>", "not_started")
        .orderBy("period_start").executeTakeFirstOrThrow();
      throw new ProjectChangeRefused("", { end_date: startedReturnEndMessage(started.quarter) }, 409);
    }
  }
  if (endChanged) await createReturnSchedule(db, args.projectId, args.settings.returnDueDays);
  const returnsAfter = (await db.selectFrom("returns").select("quarter").where("project_id", "=", args.projectId).execute()).map((r) => r.quarter);

  const id = newId();
  const ledger = await reprofileCommitments(db, audit, project, budgetAfter, input.amountPence, { type: "variation", id });
  const changes: VariationChanges = {
    before: {
      ...(endChanged ? { end_date: project.end_date } : {}),
      ...(amountChanged ? { amount_pence: Number(project.amount_pence), visit_required: Number(project.visit_required) } : {}),
      budget: beforeBudget,
      targets: beforeTargets,
      returns: sortQuarters(returns.map((r) => r.quarter)),
    },
    after: {
      ...(endChanged ? { end_date: input.endDate } : {}),
      ...(amountChanged ? { amount_pence: input.amountPence, visit_required: visitRequired } : {}),
      budget: afterBudget,
      targets: afterTargets,
      returns: sortQuarters(returnsAfter),
      ledger,
    },
  };
  const changesJson = JSON.stringify(changes);
  await db.insertInto("project_variations").values({
    id, project_id: args.projectId, agreed_on: input.agreedOn, reason: input.reason, changes_json: changesJson,
    created_by: args.userId, created_at: nowIso(),
  }).execute();
  await recordAudit(db, audit, {
    action: "project.varied",
    recordType: "project",
    recordId: args.projectId,
    before: { version: Number(project.version), ...changes.before },
    after: { version: Number(project.version) + 1, variationId: id, agreedOn: input.agreedOn, reason: input.reason, ...changes.after },
  });
  return { id, changes: describeVariation(changesJson) };
}
