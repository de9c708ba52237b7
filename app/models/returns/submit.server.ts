// Check your answers and submit: the return's answers as text (the same on the check page,
// the read-only view and, for officers, the task list), and submitting, which stores the
// snapshot as the next version with the status change and its audit in one transaction.
import type { Executor } from "../../../db/client";
import type { ReturnSection, ReturnStatus } from "../../../db/schema";
import { formatSavedAt, ukToday as ukDate } from "~/lib/dates";
import { newId } from "~/lib/ids.server";
import { formatPence } from "~/lib/money";
import { formatFigure } from "~/lib/figures";
import { BUDGET_CATEGORY_LABELS } from "~/lib/budget";
import { AGE_BAND_LABELS, isOffTarget, isSpendOffProfile, NARRATIVE_FIELDS, NARRATIVE_LABELS } from "~/schemas/returns";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { LOCKS, takeLocks } from "~/models/locks.server";
import { RETURN_WITH_PROVIDER } from "~/models/statuses";
import { getReturnDetail, incompleteSections, sectionsChangedSinceSubmission, sectionStatuses, type FilingIndicator, type ReturnDetail } from "./detail.server";
import { lastSavedBy } from "./returns.server";
import { notYetSubmittable } from "./submission-window";
import { getSettings } from "~/models/admin/settings.server";
import { buildReturnSnapshot, snapshotJson } from "./snapshot.server";

export type SubmitReturnOutcome =
  | { outcome: "submitted"; status: "submitted" | "resubmitted"; versionNumber: number; late: boolean; submittedAt: string }
  | { outcome: "already-submitted"; submittedAt: string | null; status: ReturnStatus }
  | { outcome: "incomplete"; sections: ReturnSection[] }
  | { outcome: "too-early"; message: string }
  | { outcome: "stale"; message: string };

/**
 * Submits the return: its quarter must have ended (app/models/returns/submission-window.ts),
 * and every section must be complete (and every queried section worked on again). Stores a snapshot as the next version, marks it late when a first submission comes
 * after the due date (UK date), and keeps it late on resubmission. A second press of the
 * button finds it already submitted and stores nothing.
 */
export async function submitReturn(
  trx: Executor,
  audit: AuditContext,
  args: { returnId: string; version: number; userId: string },
  now = new Date(),
): Promise<SubmitReturnOutcome> {
  // The project's plan is fixed from the first submission: a plan change under way finishes first.
  const owner = await trx.selectFrom("returns").select("project_id").where("id", "=", args.returnId).executeTakeFirst();
  if (owner) await takeLocks(trx, LOCKS.project(owner.project_id));
  const detail = await getReturnDetail(trx, args.returnId);
  if (!detail) throw new Error(`Return ${args.returnId} not found`);
  if (!RETURN_WITH_PROVIDER.includes(detail.status)) return { outcome: "already-submitted", submittedAt: detail.submittedAt, status: detail.status };
  if (detail.version !== args.version) {
    return {
      outcome: "stale",
      message: `${(await lastSavedBy(trx, args.returnId)) ?? "Someone else in your organisation"} changed this return at ${formatSavedAt(detail.updatedAt, now)}, after you opened this page. Nothing has been submitted: check the answers again, then submit.`,
    };
  }
  const early = notYetSubmittable(detail.periodEnd, (await getSettings(trx)).return_early_days, ukDate(now));
  if (early) return { outcome: "too-early", message: early };
  const statuses = sectionStatuses(detail, await sectionsChangedSinceSubmission(trx, detail));
  const incomplete = incompleteSections(statuses);
  if (incomplete.length) return { outcome: "incomplete", sections: incomplete };

  const at = now.toISOString();
  const resubmission = detail.status === "queried";
  const status = resubmission ? ("resubmitted" as const) : ("submitted" as const);
  const first = detail.firstSubmittedAt === null;
  const late = first ? detail.late || ukDate(now) > detail.dueDate : detail.late;
  const result = await trx
    .updateTable("returns")
    .set({
      status, submitted_at: at, submitted_by: args.userId, first_submitted_at: detail.firstSubmittedAt ?? at, late: late ? 1 : 0,
      updated_at: at, version: args.version + 1,
    })
    .where("id", "=", args.returnId)
    .where("version", "=", args.version)
    .where("status", "=", detail.status)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    // Lost a race with another press of the button or a save: read what won.
    const nowRow = await trx.selectFrom("returns").select(["status", "submitted_at", "updated_at"]).where("id", "=", args.returnId).executeTakeFirstOrThrow();
    if (!RETURN_WITH_PROVIDER.includes(nowRow.status)) return { outcome: "already-submitted", submittedAt: nowRow.submitted_at, status: nowRow.status };
    return { outcome: "stale", message: `This return changed at ${formatSavedAt(nowRow.updated_at, now)}, after you opened this page. Nothing has been submitted: check the answers again, then submit.` };
  }
  const last = await trx.selectFrom("return_versions").select((eb) => eb.fn.max("number").as("n")).where("return_id", "=", args.returnId).executeTakeFirst();
  const versionNumber = Number(last?.n ?? 0) + 1;
  const snapshot = buildReturnSnapshot(detail);
  await trx.insertInto("return_versions").values({
    id: newId(), return_id: args.returnId, number: versionNumber, content_json: snapshotJson(snapshot), submitted_at: at, submitted_by: args.userId,
  }).execute();
  await recordAudit(trx, audit, {
    action: resubmission ? "return.resubmitted" : "return.submitted", recordType: "return", recordId: args.returnId,
    before: { status: detail.status, version: args.version, late: detail.late },
    after: { status, version: args.version + 1, version_number: versionNumber, submitted_at: at, late, due_date: detail.dueDate },
  });
  return { outcome: "submitted", status, versionNumber, late, submittedAt: at };
}

// ---------------------------------------------------------------------------------------
// What the pages show.

export interface AnswerRow {
  key: string;
  value: string;
  /** Extra lines under the value: a comment, a reason, a target. */
  notes: string[];
}

export interface ReturnAnswersView {
  outputs: AnswerRow[];
  outcomes: AnswerRow[];
  spend: AnswerRow[];
  spendTotal: { profile: string; actual: string };
  beneficiaries: { band: string; newCount: number; continuingCount: number; total: number }[];
  beneficiaryTotals: { newCount: number; continuingCount: number; total: number };
  narrative: { key: string; value: string }[];
  caseStudies: {
    id: string;
    title: string;
    story: string;
    themes: string;
    indicators: string;
    consent: string;
    override: string | null;
  }[];
  evidence: { id: string; filename: string; size: string }[];
}

function indicatorRow(i: FilingIndicator): AnswerRow {
  const notes: string[] = [];
  notes.push(i.target === null ? "No target for this quarter" : `Target ${formatFigure(i.target, i.unit)}${i.measure === "cumulative" ? " (total to date)" : ""}`);
  if (i.actual !== null && isOffTarget(i.actual, i.target)) notes.push("More than 20% away from target");
  if (i.comment) notes.push(`Comment: ${i.comment}`);
  return { key: i.name, value: i.actual === null ? "Not given" : formatFigure(i.actual, i.unit), notes };
}

export function returnAnswersView(detail: ReturnDetail, variancePercent: number, formatBytes: (n: number) => string): ReturnAnswersView {
  const spendTotal = detail.spend.reduce((s, l) => s + (l.amountPence ?? 0), 0);
  const profileTotal = detail.spend.reduce((s, l) => s + l.profilePence, 0);
  const bands = detail.beneficiaries.map((b) => ({
    band: AGE_BAND_LABELS[b.ageBand], newCount: b.newCount, continuingCount: b.continuingCount, total: b.newCount + b.continuingCount,
  }));
  const totalNew = bands.reduce((s, b) => s + b.newCount, 0);
  const totalContinuing = bands.reduce((s, b) => s + b.continuingCount, 0);
  return {
    outputs: detail.indicators.filter((i) => i.kind === "output").map(indicatorRow),
    outcomes: detail.indicators.filter((i) => i.kind === "outcome").map(indicatorRow),
    spend: detail.spend.map((s) => {
      const notes = [`Profile ${formatPence(s.profilePence)}`];
      if (s.amountPence !== null && isSpendOffProfile(s.amountPence, s.profilePence, variancePercent)) {
        notes.push(`More than ${variancePercent}% away from the profile`);
      }
      if (s.varianceReason) notes.push(`Reason: ${s.varianceReason}`);
      return { key: BUDGET_CATEGORY_LABELS[s.category], value: s.amountPence === null ? "Not given" : formatPence(s.amountPence), notes };
    }),
    spendTotal: { profile: formatPence(profileTotal), actual: formatPence(spendTotal) },
    beneficiaries: bands,
    beneficiaryTotals: { newCount: totalNew, continuingCount: totalContinuing, total: totalNew + totalContinuing },
    narrative: NARRATIVE_FIELDS.map((f) => ({ key: NARRATIVE_LABELS[f], value: detail.narrative[f] ?? "" })),
    caseStudies: detail.caseStudies.map((c) => ({
      id: c.id,
      title: c.title,
      story: c.story,
      themes: c.themes.map((t) => t.name).join(", ") || "None",
      indicators: c.indicators.map((t) => t.name).join(", ") || "None",
      consent: c.consentConfirmed ? "Confirmed" : "Not confirmed",
      override: c.personalDataOverride,
    })),
    evidence: detail.evidence.map((f) => ({ id: f.id, filename: f.filename, size: formatBytes(f.sizeBytes) })),
  };
}
