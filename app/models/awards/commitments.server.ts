// What an award commits from the district ledgers: each successful bid's money per financial
// year of its budget, and whether that fits in what remains. Asked when the decisions are
// recorded (so the officer overrides knowingly) and again when the contract is entered (when
// the money is committed, and another award may have taken some since).
import type { Executor } from "../../../db/client";
import { financialYearLabel } from "~/lib/financial-year";
import { commitmentsByYear } from "~/lib/budget";
import type { Overcommitment } from "~/models/errors";
import { getLedgerPositions, ledgerKeyOf, type LedgerKey } from "../funding/ledger.server";

export interface BidToFund {
  id: string;
  amountPence: number;
  districtId: string;
  districtName: string | null;
}

export interface CommitmentPlan<B extends BidToFund> {
  bid: B;
  lines: { bid_id: string; quarter: string; category: string; amount_pence: number }[];
  /** Financial year → pence. */
  commitments: Map<number, number>;
}

export async function planCommitments<B extends BidToFund>(
  db: Executor,
  tender: { contract_start: string; funding_stream_id: string },
  bids: readonly B[],
): Promise<{ plans: CommitmentPlan<B>[]; overcommitted: Overcommitment[] }> {
  const budgets = bids.length
    ? await db.selectFrom("bid_budget_lines").select(["bid_id", "quarter", "category", "amount_pence"]).where("bid_id", "in", bids.map((b) => b.id)).execute()
    : [];
  const plans = bids.map((bid) => {
    const lines = budgets.filter((l) => l.bid_id === bid.id).map((l) => ({ ...l, amount_pence: Number(l.amount_pence) }));
    return {
      bid,
      lines,
      commitments: commitmentsByYear(lines.map((l) => ({ quarter: l.quarter, amountPence: l.amount_pence })), bid.amountPence, tender.contract_start),
    };
  });
  const needed = new Map<string, { key: LedgerKey; districtName: string; pence: number }>();
  for (const plan of plans) {
    for (const [year, pence] of plan.commitments) {
      const key = { districtId: plan.bid.districtId, fundingStreamId: tender.funding_stream_id, financialYear: year };
      const entry = needed.get(ledgerKeyOf(key)) ?? { key, districtName: plan.bid.districtName ?? plan.bid.districtId, pence: 0 };
      entry.pence += pence;
      needed.set(ledgerKeyOf(key), entry);
    }
  }
  const positions = await getLedgerPositions(db, [...needed.values()].map((n) => n.key));
  const overcommitted = [...needed.values()]
    .filter((n) => n.pence > positions.get(ledgerKeyOf(n.key))!.remainingPence)
    .map((n) => ({
      districtName: n.districtName,
      yearLabel: financialYearLabel(n.key.financialYear),
      remainingPence: positions.get(ledgerKeyOf(n.key))!.remainingPence,
      neededPence: n.pence,
    }));
  return { plans, overcommitted };
}
