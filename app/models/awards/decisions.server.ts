// What the officer decides from and what a bidder reads afterwards: each bid against what
// remains of its district's allocation, the decisions page, and the assessment summary.
import type { Executor } from "../../../db/client";
import { financialYearLabel, financialYearOf } from "~/lib/financial-year";
import { formatPence } from "~/lib/money";
import { getLedgerPositions, ledgerKeyOf, type LedgerKey } from "../funding/ledger.server";
import { getScoringMatrix, type MatrixBid, type ScoringMatrix } from "../panel/matrix.server";
import { formatOneDecimal } from "../panel/scoring.server";
import { BID_DECIDED } from "~/models/statuses";
import { commitmentsByYear } from "~/lib/budget";
import type { AwardRecord } from "./stages";

// =======================================================================================
// The allocation check: does a bid fit in what remains of its district's allocation?

export interface AllocationCheck {
  financialYear: number;
  yearLabel: string;
  allocatedPence: number;
  committedPence: number;
  remainingPence: number;
  requestedPence: number;
  exceeds: boolean;
  /** No allocation has been entered for the district, stream and year at all. */
  notSet: boolean;
  /** Where an administrator enters the stream's allocations. */
  setHref: string;
  /** Words for the check, so the warning never rests on colour alone. */
  message: string;
}

/**
 * Per bid: the amount requested against the remaining allocation (allocated − committed) of
 * the bid's district, for the tender's funding stream, in the financial year the contract
 * starts. null for a bid with no district.
 */
export async function allocationChecks(db: Executor, matrix: ScoringMatrix): Promise<Record<string, AllocationCheck | null>> {
  const year = financialYearOf(matrix.tender.contractStart);
  const stream = matrix.tender.fundingStream.id;
  const keys: LedgerKey[] = matrix.bids.flatMap((b) => (b.districtId ? [{ districtId: b.districtId, fundingStreamId: stream, financialYear: year }] : []));
  const districtIds = [...new Set(keys.map((k) => k.districtId))];
  const [positions, entered] = await Promise.all([
    getLedgerPositions(db, keys),
    districtIds.length
      ? db.selectFrom("allocations").select("district_id").where("funding_stream_id", "=", stream).where("financial_year", "=", year)
        .where("district_id", "in", districtIds).execute()
      : Promise.resolve([]),
  ]);
  const set = new Set(entered.map((a) => a.district_id));
  const out: Record<string, AllocationCheck | null> = {};
  for (const bid of matrix.bids) {
    if (!bid.districtId) {
      out[bid.id] = null;
      continue;
    }
    const p = positions.get(ledgerKeyOf({ districtId: bid.districtId, fundingStreamId: stream, financialYear: year }))!;
    const exceeds = bid.amountPence > p.remainingPence;
    const notSet = !set.has(bid.districtId);
    const where = `${bid.districtName ?? "the district"}'s ${matrix.tender.fundingStream.name} allocation for ${financialYearLabel(year)}`;
    out[bid.id] = {
      financialYear: year,
      yearLabel: financialYearLabel(year),
      allocatedPence: p.allocatedPence,
      committedPence: p.committedPence,
      remainingPence: p.remainingPence,
      requestedPence: bid.amountPence,
      exceeds,
      notSet,
      setHref: `/admin/funding/${stream}`,
      message: notSet
        ? `No ${matrix.tender.fundingStream.name} allocation has been set for ${bid.districtName ?? "the district"} for ${financialYearLabel(year)}: set it before the award, or the award needs the override and a reason.`
        : exceeds
        ? `Warning: the ${formatPence(bid.amountPence)} requested is more than the ${formatPence(p.remainingPence)} that remains of ${where}, by ${formatPence(bid.amountPence - p.remainingPence)}.`
        : `The ${formatPence(bid.amountPence)} requested fits in the ${formatPence(p.remainingPence)} that remains of ${where}.`,
    };
  }
  return out;
}

// =======================================================================================
// The assessment summary a bidder reads once the decision is made, after the Procurement
// Act 2023: how their bid was scored against each criterion and why, their total and rank,
// and, if they lost, how the successful bid scored.

export interface AssessmentSummary {
  bidId: string;
  tenderId: string;
  bidTitle: string;
  organisationName: string;
  tenderReference: string;
  tenderTitle: string;
  fundingStreamName: string;
  amountPence: number;
  outcome: "successful" | "unsuccessful";
  decidedAt: string;
  feedback: string;
  criteria: {
    name: string;
    weightPercent: number;
    maxScore: number;
    score: number | null;
    weightedText: string | null;
    rationale: string;
    /** The highest-ranked successful bid's consensus score, shown to a bidder who lost. */
    successfulScore: number | null;
  }[];
  totalText: string | null;
  rank: number | null;
  /** How many bids were assessed. */
  of: number;
  /** Totals of the successful bids, for a bidder who lost (one per successful bid, highest first). */
  successfulTotals: string[];
}

export async function getAssessmentSummary(db: Executor, bidId: string): Promise<AssessmentSummary | null> {
  const bid = await db.selectFrom("bids").select(["id", "tender_id", "status"]).where("id", "=", bidId).executeTakeFirst();
  if (!bid || !BID_DECIDED.includes(bid.status)) return null;
  const matrix = await getScoringMatrix(db, bid.tender_id);
  if (!matrix) return null;
  const mine = matrix.bids.find((b) => b.id === bidId);
  if (!mine || !mine.decidedAt) return null;
  const successful = matrix.bids.filter((b) => b.status === "successful");
  const lost = mine.status === "unsuccessful";
  const best: MatrixBid | undefined = successful[0];
  return {
    bidId,
    tenderId: bid.tender_id,
    bidTitle: mine.title,
    organisationName: mine.organisationName,
    tenderReference: matrix.tender.reference,
    tenderTitle: matrix.tender.title,
    fundingStreamName: matrix.tender.fundingStream.name,
    amountPence: mine.amountPence,
    outcome: mine.status as "successful" | "unsuccessful",
    decidedAt: mine.decidedAt,
    feedback: mine.feedback ?? "",
    criteria: mine.rows.map((r, i) => ({
      name: r.criterionName,
      weightPercent: r.weightPercent,
      maxScore: r.maxScore,
      score: r.consensus?.score ?? null,
      weightedText: r.weightedText,
      rationale: r.consensus?.rationale ?? "",
      successfulScore: lost && best ? (best.rows[i].consensus?.score ?? null) : null,
    })),
    totalText: mine.totalText,
    rank: mine.rank,
    of: matrix.bids.length,
    successfulTotals: lost ? successful.flatMap((b) => (b.total ? [formatOneDecimal(b.total)] : [])) : [],
  };
}

// =======================================================================================
// The decisions page

/** The tender's award steps as stored, for stages.ts to read. */
export async function getAwardRecord(db: Executor, tenderId: string): Promise<(AwardRecord & { award_override_reason: string | null }) | null> {
  const row = await db
    .selectFrom("tenders")
    .select(["procedure", "award_intended_at", "award_override_reason", "summaries_sent_at", "award_notice_at", "standstill_last_day", "standstill_waived_reason", "awarded_at"])
    .where("id", "=", tenderId)
    .executeTakeFirst();
  return row ?? null;
}

export interface DecisionsPage {
  matrix: ScoringMatrix;
  checks: Record<string, AllocationCheck | null>;
  /** Per bid, the commitment per financial year an award would make. */
  commitments: Record<string, { yearLabel: string; pence: number }[]>;
}

export async function getDecisionsPage(db: Executor, tenderId: string): Promise<DecisionsPage | null> {
  const matrix = await getScoringMatrix(db, tenderId);
  if (!matrix) return null;
  const bidIds = matrix.bids.map((b) => b.id);
  const [checks, lines] = await Promise.all([
    allocationChecks(db, matrix),
    bidIds.length ? db.selectFrom("bid_budget_lines").select(["bid_id", "quarter", "amount_pence"]).where("bid_id", "in", bidIds).execute() : Promise.resolve([]),
  ]);
  const commitments: DecisionsPage["commitments"] = {};
  for (const bid of matrix.bids) {
    const plan = commitmentsByYear(
      lines.filter((l) => l.bid_id === bid.id).map((l) => ({ quarter: l.quarter, amountPence: Number(l.amount_pence) })),
      bid.amountPence,
      matrix.tender.contractStart,
    );
    commitments[bid.id] = [...plan].map(([year, pence]) => ({ yearLabel: financialYearLabel(year), pence }));
  }
  return { matrix, checks, commitments };
}
