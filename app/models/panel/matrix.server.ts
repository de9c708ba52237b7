// The scoring matrix: every member's score per bid and criterion, the spread, the consensus,
// the weighted total and the rank. Moderation, the panel's read-only results, decisions,
// downloads and the assessment summary all read it. Below it, the officer's view of the
// panel: who has declared and scored what.
import type { Executor } from "../../../db/client";
import { getTenderDetail, type TenderCriterion, type TenderDetail } from "../tenders/read.server";
import { listPanelMembers, type PanelMember } from "./members.server";
import { bidLabel, declarationsFor, listAssessedBids, scoresFor, type PanelBid } from "./read.server";
import { formatOneDecimal, rankByTotal, scoreSpread, weightedScore, weightedTotal, type Spread, type WeightedTotal } from "./scoring.server";

export interface MatrixCell {
  userId: string;
  /** The member declared a conflict on this bid: they have no score and never will. */
  conflict: boolean;
  score: number | null;
  comment: string | null;
}

export interface MatrixRow {
  criterionId: string;
  criterionName: string;
  weightPercent: number;
  maxScore: number;
  cells: MatrixCell[];
  spread: Spread;
  consensus: { score: number; rationale: string; recordedAt: string } | null;
  /** consensus ÷ max × weight, to one decimal place; null without a consensus. */
  weightedText: string | null;
}

export interface MatrixBid extends PanelBid {
  rows: MatrixRow[];
  total: WeightedTotal | null;
  /** "80.0", or null until every criterion has a consensus score. */
  totalText: string | null;
  rank: number | null;
  consensusComplete: boolean;
  missingConsensus: string[];
}

export interface ScoringMatrix {
  tender: TenderDetail;
  criteria: TenderCriterion[];
  members: PanelMember[];
  /** Highest total first; bids without a complete consensus last. */
  bids: MatrixBid[];
}

export async function getScoringMatrix(db: Executor, tenderId: string): Promise<ScoringMatrix | null> {
  const tender = await getTenderDetail(db, tenderId);
  if (!tender) return null;
  const [bids, members] = await Promise.all([listAssessedBids(db, tenderId), listPanelMembers(db, tenderId)]);
  const bidIds = bids.map((b) => b.id);
  const memberIds = new Set(members.map((m) => m.userId));
  const [declarations, scores, consensus] = await Promise.all([
    declarationsFor(db, bidIds),
    scoresFor(db, bidIds),
    bidIds.length
      ? db.selectFrom("consensus_scores").select(["bid_id", "criterion_id", "score", "rationale", "recorded_at"]).where("bid_id", "in", bidIds).execute()
      : Promise.resolve([]),
  ]);
  const conflicted = new Set(declarations.filter((d) => d.conflict).map((d) => `${d.bidId}|${d.userId}`));
  const scoreMap = new Map(scores.filter((s) => memberIds.has(s.userId)).map((s) => [`${s.bidId}|${s.criterionId}|${s.userId}`, s]));
  const consensusMap = new Map(consensus.map((c) => [`${c.bid_id}|${c.criterion_id}`, c]));
  const criteria = tender.criteria;

  const built: MatrixBid[] = bids.map((bid) => {
    const rows: MatrixRow[] = criteria.map((c) => {
      const cells: MatrixCell[] = members.map((m) => {
        const conflict = conflicted.has(`${bid.id}|${m.userId}`);
        const s = conflict ? undefined : scoreMap.get(`${bid.id}|${c.id}|${m.userId}`);
        return { userId: m.userId, conflict, score: s ? s.score : null, comment: s ? s.comment : null };
      });
      const agreed = consensusMap.get(`${bid.id}|${c.id}`);
      return {
        criterionId: c.id,
        criterionName: c.name,
        weightPercent: c.weightPercent,
        maxScore: c.maxScore,
        cells,
        spread: scoreSpread(cells.flatMap((cell) => (cell.score === null ? [] : [cell.score]))),
        consensus: agreed ? { score: Number(agreed.score), rationale: agreed.rationale, recordedAt: agreed.recorded_at } : null,
        weightedText: agreed ? formatOneDecimal(weightedScore(Number(agreed.score), c.weightPercent, c.maxScore)) : null,
      };
    });
    const total = weightedTotal(criteria, Object.fromEntries(rows.map((r) => [r.criterionId, r.consensus?.score ?? null])));
    const missingConsensus = rows.filter((r) => !r.consensus).map((r) => r.criterionName);
    return {
      ...bid,
      rows,
      total,
      totalText: total ? formatOneDecimal(total) : null,
      rank: null,
      consensusComplete: missingConsensus.length === 0,
      missingConsensus,
    };
  });
  const ranked = rankByTotal(built, (b) => b.total).map(({ item, rank }) => ({ ...item, rank }));
  return { tender, criteria, members, bids: ranked };
}

// ---------------------------------------------------------------------------------------
// The officer's view of the panel.

export interface PanelOverviewMember extends PanelMember {
  declarations: { bidId: string; bidLabel: string; conflict: boolean; reason: string | null; declaredAt: string }[];
  undeclaredCount: number;
  scored: number;
  /** Criteria × bids they have no conflict with. */
  toScore: number;
}

export interface PanelOverview {
  members: PanelOverviewMember[];
  /** Active users with the panel role who are not on this panel. */
  candidates: { id: string; name: string; email: string }[];
  bidCount: number;
}

/** Bids are named only once the tender has closed (revealBids); before that, nothing about them. */
export async function getPanelOverview(db: Executor, tenderId: string, revealBids: boolean): Promise<PanelOverview> {
  const [members, bids, criteria, candidates] = await Promise.all([
    listPanelMembers(db, tenderId),
    revealBids ? listAssessedBids(db, tenderId) : Promise.resolve([] as PanelBid[]),
    db.selectFrom("tender_criteria").select("id").where("tender_id", "=", tenderId).execute(),
    db
      .selectFrom("users")
      .innerJoin("user_roles", "user_roles.user_id", "users.id")
      .select(["users.id", "users.name", "users.email"])
      .where("user_roles.role", "=", "panel")
      .where("users.is_active", "=", 1)
      .where("users.id", "not in", (eb) => eb.selectFrom("tender_panel_members").select("user_id").where("tender_id", "=", tenderId))
      .orderBy("users.name")
      .execute(),
  ]);
  const bidIds = bids.map((b) => b.id);
  const [declarations, scores] = await Promise.all([declarationsFor(db, bidIds), scoresFor(db, bidIds)]);
  const labelOf = new Map(bids.map((b) => [b.id, bidLabel(b)]));
  return {
    bidCount: bids.length,
    candidates,
    members: members.map((m) => {
      const mine = declarations.filter((d) => d.userId === m.userId);
      const clear = new Set(mine.filter((d) => !d.conflict).map((d) => d.bidId));
      return {
        ...m,
        declarations: mine
          .map((d) => ({ bidId: d.bidId, bidLabel: labelOf.get(d.bidId) ?? "", conflict: d.conflict, reason: d.reason, declaredAt: d.declaredAt }))
          .sort((a, b) => a.bidLabel.localeCompare(b.bidLabel)),
        undeclaredCount: bids.length - mine.length,
        scored: scores.filter((s) => s.userId === m.userId && clear.has(s.bidId)).length,
        toScore: clear.size * criteria.length,
      };
    }),
  };
}
