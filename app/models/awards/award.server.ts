// The award: decisions on every bid, applied together in one transaction. Successful bids
// become projects with their budget and indicators, and commit money in the district ledger
// per financial year of their budget.
import { requireAssessmentReviewedToAward } from "~/models/tenders/conflicts.server";
import type { Executor } from "../../../db/client";
import type { BidStatus, TenderStoredStatus } from "../../../db/schema";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { financialYearLabel, financialYearOf, parseQuarterLabel } from "~/lib/financial-year";
import { newId, nowIso } from "~/lib/ids.server";
import type { AwardInput, Decision } from "~/schemas/panel";
import { createReturnSchedule, takeProjectReference } from "../projects/projects.server";
import { LOCKS, takeLocks } from "~/models/locks.server";
import { addLedgerEntry, getLedgerPositions, ledgerKeyOf, type LedgerKey } from "../funding/ledger.server";
import { getScoringMatrix } from "../panel/matrix.server";
import { bidLabel } from "../panel/read.server";
import { RefusedError, OvercommitmentError, type Overcommitment } from "~/models/errors";
import { commitmentsByYear } from "~/lib/budget";

// =======================================================================================
// Money per financial year


// =======================================================================================
// Awarding

export interface AwardResult {
  projects: { id: string; reference: string; bidId: string }[];
  decided: { bidId: string; organisationId: string; decision: Decision }[];
  overcommitted: Overcommitment[];
}

/**
 * Applies every decision at once: successful bids become projects with their ledger
 * commitments, every bid gets its status and feedback, the tender becomes awarded. Refused,
 * with nothing changed, when a bid lacks a consensus score or a decision, or when the award
 * would go beyond the remaining allocation without an override and its reason.
 */
export async function awardTender(
  db: Executor,
  audit: AuditContext,
  args: { tenderId: string; input: AwardInput; visitThresholdPence: number; returnDueDays: number },
): Promise<AwardResult> {
  const tender = await db
    .selectFrom("tenders")
    .select(["id", "status", "closes_at", "contract_start", "contract_end", "funding_stream_id", "procedure", "conflicts_reviewed_at"])
    .where("id", "=", args.tenderId)
    .executeTakeFirst();
  if (!tender) throw new RefusedError("This tender no longer exists.", 404);
  if (tender.status === "awarded") throw new RefusedError("This tender has already been awarded. Nothing has been changed.");
  if (tender.status === "cancelled") throw new RefusedError("This tender has been cancelled, so it cannot be awarded.");
  const now = nowIso();
  if (tender.status === "draft" || tender.closes_at > now) throw new RefusedError("This tender has not closed yet, so it cannot be awarded.");
  requireAssessmentReviewedToAward(tender);

  // The stream's lock holds off allocations, direct projects and other awards on the same
  // money until this commits, so what remains is still what remains when it is committed.
  await takeLocks(db, LOCKS.funding(tender.funding_stream_id));
  // Taking the tender first holds it for the rest of the transaction: a second award
  // (a double submit, or another officer) finds it already awarded.
  const taken = await db
    .updateTable("tenders")
    .set((eb) => ({ status: "awarded" as TenderStoredStatus, awarded_at: now, updated_at: now, version: eb("version", "+", 1) }))
    .where("id", "=", args.tenderId)
    .where("status", "in", ["published", "evaluation"])
    .executeTakeFirst();
  if (Number(taken.numUpdatedRows) === 0) throw new RefusedError("This tender has already been awarded. Nothing has been changed.");

  const matrix = (await getScoringMatrix(db, args.tenderId))!;
  const open = matrix.bids.filter((b) => b.status === "submitted");
  if (open.length === 0) throw new RefusedError("There are no submitted bids to decide on.");
  const decisionOf = new Map(args.input.decisions.map((d) => [d.bidId, d]));
  const problems: string[] = [];
  for (const bid of open) {
    if (!bid.consensusComplete) {
      problems.push(`Record a consensus score for ${bid.missingConsensus.join(", ")} on ${bidLabel(bid)}`);
    }
    const d = decisionOf.get(bid.id);
    if (!d) problems.push(`Select whether ${bidLabel(bid)} is successful or unsuccessful`);
    else if (!d.feedback.trim()) problems.push(`Enter the feedback for ${bidLabel(bid)}`);
  }
  if (problems.length) throw new RefusedError(`The tender cannot be awarded yet. ${problems.join(". ")}.`, 400);
  const successful = open.filter((b) => decisionOf.get(b.id)!.decision === "successful");
  if (successful.length === 0) {
    throw new RefusedError("Select at least one successful bid. If no bid should be funded, cancel the tender instead.", 400);
  }
  const noDistrict = successful.find((b) => !b.districtId);
  if (noDistrict) throw new RefusedError(`${bidLabel(noDistrict)} has no district, so it cannot become a project.`, 400);

  // What each successful bid commits per year, and whether that fits what remains.
  const stream = tender.funding_stream_id;
  const budgets = await db
    .selectFrom("bid_budget_lines")
    .select(["bid_id", "quarter", "category", "amount_pence"])
    .where("bid_id", "in", successful.map((b) => b.id))
    .execute();
  const plans = successful.map((bid) => ({
    bid,
    lines: budgets.filter((l) => l.bid_id === bid.id),
    commitments: commitmentsByYear(
      budgets.filter((l) => l.bid_id === bid.id).map((l) => ({ quarter: l.quarter, amountPence: Number(l.amount_pence) })),
      bid.amountPence,
      tender.contract_start,
    ),
  }));
  const needed = new Map<string, { key: LedgerKey; districtName: string; pence: number }>();
  for (const plan of plans) {
    for (const [year, pence] of plan.commitments) {
      const key = { districtId: plan.bid.districtId!, fundingStreamId: stream, financialYear: year };
      const entry = needed.get(ledgerKeyOf(key)) ?? { key, districtName: plan.bid.districtName ?? plan.bid.districtId!, pence: 0 };
      entry.pence += pence;
      needed.set(ledgerKeyOf(key), entry);
    }
  }
  // References are taken before anything is audited: counters come before the audit chain's
  // head in the one order every transaction takes its locks (app/models/locks.server.ts).
  const year = financialYearOf(tender.contract_start);
  const references: string[] = [];
  for (let i = 0; i < plans.length; i += 1) references.push(await takeProjectReference(db, year));
  const positions = await getLedgerPositions(db, [...needed.values()].map((n) => n.key));
  const overcommitted: Overcommitment[] = [...needed.values()]
    .filter((n) => n.pence > positions.get(ledgerKeyOf(n.key))!.remainingPence)
    .map((n) => ({
      districtName: n.districtName,
      yearLabel: financialYearLabel(n.key.financialYear),
      remainingPence: positions.get(ledgerKeyOf(n.key))!.remainingPence,
      neededPence: n.pence,
    }));
  if (overcommitted.length > 0) {
    if (!args.input.overrideReason) throw new OvercommitmentError(overcommitted, matrix.tender.fundingStream.name);
    await recordAudit(db, audit, {
      action: "tender.overcommitment_approved",
      recordType: "tender",
      recordId: args.tenderId,
      after: { reason: args.input.overrideReason, overcommitted },
    });
  }

  const projects: AwardResult["projects"] = [];
  for (const [index, { bid, lines, commitments }] of plans.entries()) {
    const projectId = newId();
    const reference = references[index];
    const project = {
      id: projectId,
      reference,
      title: bid.title || bid.organisationName,
      organisation_id: bid.organisationId,
      district_id: bid.districtId!,
      funding_stream_id: stream,
      tender_id: args.tenderId,
      bid_id: bid.id,
      amount_pence: bid.amountPence,
      start_date: tender.contract_start.slice(0, 10),
      end_date: tender.contract_end.slice(0, 10),
      status: "active" as const,
      visit_required: bid.amountPence > args.visitThresholdPence ? 1 : 0,
      created_by: audit.actorUserId,
      created_at: now,
      updated_at: now,
      version: 1,
    };
    await db.insertInto("projects").values(project).execute();
    if (lines.length) {
      await db
        .insertInto("project_budget_lines")
        .values(lines.map((l) => ({ project_id: projectId, quarter: l.quarter, category: l.category, amount_pence: Number(l.amount_pence) })))
        .execute();
    }
    const indicators = await db
      .selectFrom("bid_indicators")
      .select(["position", "kind", "name", "definition", "unit", "targets_json"])
      .where("bid_id", "=", bid.id)
      .orderBy("position")
      .execute();
    if (indicators.length) {
      await db.insertInto("project_indicators").values(indicators.map((i) => ({ ...i, id: newId(), project_id: projectId }))).execute();
    }
    // Every project has its quarterly returns from the day it is awarded.
    await createReturnSchedule(db, projectId, args.returnDueDays);
    await recordAudit(db, audit, {
      action: "project.created",
      recordType: "project",
      recordId: projectId,
      after: { ...project, budgetLines: lines.length, indicators: indicators.length },
    });
    for (const [year, pence] of commitments) {
      await addLedgerEntry(db, audit, {
        districtId: bid.districtId!,
        fundingStreamId: stream,
        financialYear: year,
        kind: "commitment",
        amountPence: pence,
        projectId,
        sourceType: "award",
        sourceId: bid.id,
      });
    }
    projects.push({ id: projectId, reference, bidId: bid.id });
  }

  const decided: AwardResult["decided"] = [];
  for (const bid of open) {
    const d = decisionOf.get(bid.id)!;
    const status: BidStatus = d.decision;
    const updated = await db
      .updateTable("bids")
      .set((eb) => ({ status, decision_feedback: d.feedback, decided_at: now, updated_at: now, version: eb("version", "+", 1) }))
      .where("id", "=", bid.id)
      .where("status", "=", "submitted")
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new RefusedError(`${bidLabel(bid)} changed while you were deciding. Nothing has been changed: try again.`);
    await recordAudit(db, audit, {
      action: `bid.${d.decision}`,
      recordType: "bid",
      recordId: bid.id,
      before: { status: "submitted" },
      after: { status, feedback: d.feedback, decidedAt: now, total: bid.totalText, rank: bid.rank },
    });
    decided.push({ bidId: bid.id, organisationId: bid.organisationId, decision: d.decision });
  }

  await recordAudit(db, audit, {
    action: "tender.awarded",
    recordType: "tender",
    recordId: args.tenderId,
    before: { status: tender.status },
    after: {
      status: "awarded",
      awardedAt: now,
      projects: projects.map((p) => p.reference),
      successful: successful.map((b) => b.id),
      unsuccessful: open.filter((b) => !successful.includes(b)).map((b) => b.id),
      overrideReason: overcommitted.length ? args.input.overrideReason : null,
    },
  });
  return { projects, decided, overcommitted };
}
