// The last step of an award: the contract is entered. Refused during a standstill and before
// the steps the procedure needs; then, in one transaction, the successful bids become projects
// with their budget and indicators, commit money in the district ledger per financial year of
// their budget, get their quarterly returns, and the tender is awarded. A contract worth more
// than the KPI threshold needs at least three indicators for its contract details notice.
import type { Executor } from "../../../db/client";
import type { TenderStoredStatus } from "../../../db/schema";
import { formatDate, ukToday } from "~/lib/dates";
import { financialYearOf } from "~/lib/financial-year";
import { formatPence } from "~/lib/money";
import { newId } from "~/lib/ids.server";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { LOCKS, takeLocks } from "~/models/locks.server";
import { OvercommitmentError, RefusedError } from "~/models/errors";
import { kpisRequired, MIN_KPIS, thresholdsOn } from "~/models/tenders/procedures";
import { createReturnSchedule, takeProjectReference } from "../projects/projects.server";
import { addLedgerEntry } from "../funding/ledger.server";
import { awardStage } from "./stages";
import { planCommitments } from "./commitments.server";

export interface ContractResult {
  projects: { id: string; reference: string; bidId: string }[];
}

export async function enterContract(
  db: Executor,
  audit: AuditContext,
  args: { tenderId: string; overrideReason: string | null; visitThresholdPence: number; returnDueDays: number; now?: Date },
): Promise<ContractResult> {
  const at = args.now ?? new Date();
  const now = at.toISOString();
  const tender = await db
    .selectFrom("tenders")
    .select([
      "id", "status", "procedure", "contract_start", "contract_end", "funding_stream_id", "award_intended_at", "award_override_reason",
      "summaries_sent_at", "award_notice_at", "standstill_last_day", "standstill_waived_reason", "awarded_at",
    ])
    .where("id", "=", args.tenderId)
    .executeTakeFirst();
  if (!tender) throw new RefusedError("This tender no longer exists.", 404);
  if (tender.status === "cancelled") throw new RefusedError("This tender has been cancelled, so its contract cannot be entered.");
  const stage = awardStage(tender, ukToday(at));
  switch (stage.next) {
    case "done": throw new RefusedError("The contract has already been entered. Nothing has been changed.");
    case "decide": throw new RefusedError("Record the decisions before you enter the contract.");
    case "send-summaries": throw new RefusedError("Every bidder must have its assessment summary before the contract is entered.");
    case "publish-notice": throw new RefusedError("Publish the contract award notice before you enter the contract: the standstill starts from it.");
    case "standstill":
      throw new RefusedError(
        `The standstill ends at the end of ${formatDate(stage.lastDay)}: the contract can be entered from ${formatDate(stage.contractFrom)}. Nothing has been changed.`,
      );
    case "enter-contract": break;
  }

  await takeLocks(db, LOCKS.funding(tender.funding_stream_id));
  const taken = await db
    .updateTable("tenders")
    .set((eb) => ({ status: "awarded" as TenderStoredStatus, awarded_at: now, updated_at: now, version: eb("version", "+", 1) }))
    .where("id", "=", args.tenderId)
    .where("status", "in", ["published", "evaluation"])
    .where("awarded_at", "is", null)
    .executeTakeFirst();
  if (Number(taken.numUpdatedRows) === 0) throw new RefusedError("The contract has already been entered. Nothing has been changed.");

  const successful = await db
    .selectFrom("bids")
    .innerJoin("organisations", "organisations.id", "bids.organisation_id")
    .leftJoin("districts", "districts.id", "bids.district_id")
    .select(["bids.id", "bids.title", "bids.amount_pence", "bids.district_id", "bids.organisation_id", "organisations.name as organisation_name", "districts.name as district_name"])
    .where("bids.tender_id", "=", args.tenderId)
    .where("bids.status", "=", "successful")
    .orderBy("bids.submitted_at")
    .execute();
  const indicators = successful.length
    ? await db
      .selectFrom("bid_indicators")
      .select(["bid_id", "position", "kind", "name", "definition", "unit", "targets_json"])
      .where("bid_id", "in", successful.map((b) => b.id))
      .orderBy("bid_id").orderBy("position")
      .execute()
    : [];
  const today = ukToday(at);
  const short = successful.filter((b) => indicators.filter((i) => i.bid_id === b.id).length < kpisRequired(Number(b.amount_pence), today));
  if (short.length) {
    throw new RefusedError(
      `A contract worth more than ${formatPence(thresholdsOn(today).kpiPence)} needs at least ${MIN_KPIS} key performance indicators for its contract details notice: ${short.map((b) => b.organisation_name).join(", ")} ${short.length === 1 ? "has" : "have"} fewer. Nothing has been changed.`,
    );
  }

  const bids = successful.map((b) => ({ ...b, amountPence: Number(b.amount_pence), districtId: b.district_id!, districtName: b.district_name }));
  const { plans, overcommitted } = await planCommitments(db, tender, bids);
  const overrideReason = args.overrideReason ?? tender.award_override_reason;
  if (overcommitted.length > 0) {
    const stream = await db.selectFrom("funding_streams").select("name").where("id", "=", tender.funding_stream_id).executeTakeFirstOrThrow();
    if (!overrideReason) throw new OvercommitmentError(overcommitted, stream.name);
    // Approved again for what is committed now, under the reason given with the decisions
    // unless the officer gives one here: the trail shows each overcommitment as it was made.
    await recordAudit(db, audit, {
      action: "tender.overcommitment_approved",
      recordType: "tender",
      recordId: args.tenderId,
      after: { reason: overrideReason, overcommitted, givenWith: args.overrideReason ? "contract" : "decisions" },
    });
  }
  // References are taken before anything is audited: counters come before the audit chain's
  // head in the one order every transaction takes its locks (app/models/locks.server.ts).
  const year = financialYearOf(tender.contract_start);
  const references: string[] = [];
  for (let i = 0; i < plans.length; i += 1) references.push(await takeProjectReference(db, year));

  const projects: ContractResult["projects"] = [];
  for (const [index, { bid, lines, commitments }] of plans.entries()) {
    const projectId = newId();
    const project = {
      id: projectId,
      reference: references[index],
      title: bid.title || bid.organisation_name,
      organisation_id: bid.organisation_id,
      district_id: bid.districtId,
      funding_stream_id: tender.funding_stream_id,
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
        .values(lines.map((l) => ({ project_id: projectId, quarter: l.quarter, category: l.category as never, amount_pence: l.amount_pence })))
        .execute();
    }
    const own = indicators.filter((i) => i.bid_id === bid.id).map(({ bid_id: _bid, ...i }) => ({ ...i, id: newId(), project_id: projectId }));
    if (own.length) await db.insertInto("project_indicators").values(own).execute();
    // Every project has its quarterly returns from the day its contract is entered.
    await createReturnSchedule(db, projectId, args.returnDueDays);
    await recordAudit(db, audit, {
      action: "project.created",
      recordType: "project",
      recordId: projectId,
      after: { ...project, budgetLines: lines.length, indicators: own.length },
    });
    for (const [financialYear, pence] of commitments) {
      await addLedgerEntry(db, audit, {
        districtId: bid.districtId,
        fundingStreamId: tender.funding_stream_id,
        financialYear,
        kind: "commitment",
        amountPence: pence,
        projectId,
        sourceType: "award",
        sourceId: bid.id,
      });
    }
    projects.push({ id: projectId, reference: references[index], bidId: bid.id });
  }

  await recordAudit(db, audit, {
    action: "tender.awarded",
    recordType: "tender",
    recordId: args.tenderId,
    before: { status: tender.status },
    after: {
      status: "awarded",
      contractEnteredAt: now,
      projects: projects.map((p) => p.reference),
      overrideReason: overcommitted.length ? overrideReason : null,
    },
  });
  return { projects };
}
