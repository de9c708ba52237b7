// A panel member's own view: what they have to declare and score on one tender, a bid as
// they read it, and their list of tenders with what each needs from them.
import type { Executor } from "../../../db/client";
import type { BudgetLine } from "~/lib/budget";
import { getTenderDetail, type TenderCriterion } from "../tenders/read.server";
import { tenderStatus } from "../tenders/status.server";
import { bidLabel, declarationsFor, listAssessedBids, scoresFor, type PanelBid } from "./read.server";
import { TENDER_DECIDED, TENDER_WITH_PANEL } from "~/models/statuses";
import { parseTargets } from "~/lib/figures";

export interface MemberBid extends PanelBid {
  /** Criteria this member has scored (always with a comment). */
  scored: number;
  complete: boolean;
}

export interface PanelWorkspace {
  submittedAt: string | null;
  criteria: TenderCriterion[];
  /** Bids this member has not yet declared on: named, never opened. */
  undeclared: PanelBid[];
  /** How many bids they declared a conflict on. The bids themselves are never shown again. */
  conflictCount: number;
  /** Bids they declared no interest in: theirs to score. */
  bids: MemberBid[];
  /** Why "submit my scores" would be refused now; empty when it would not. */
  missing: string[];
}

export async function getPanelWorkspace(db: Executor, tenderId: string, userId: string): Promise<PanelWorkspace> {
  const [tender, member, bids] = await Promise.all([
    getTenderDetail(db, tenderId),
    db.selectFrom("tender_panel_members").select("scores_submitted_at").where("tender_id", "=", tenderId).where("user_id", "=", userId).executeTakeFirst(),
    listAssessedBids(db, tenderId),
  ]);
  const criteria = tender?.criteria ?? [];
  const bidIds = bids.map((b) => b.id);
  const [declarations, scores] = await Promise.all([declarationsFor(db, bidIds, userId), scoresFor(db, bidIds, userId)]);
  const declared = new Map(declarations.map((d) => [d.bidId, d]));
  const criterionIds = new Set(criteria.map((c) => c.id));
  const undeclared = bids.filter((b) => !declared.has(b.id));
  const mine: MemberBid[] = bids
    .filter((b) => declared.get(b.id)?.conflict === false)
    .map((b) => {
      const scored = scores.filter((s) => s.bidId === b.id && criterionIds.has(s.criterionId) && s.comment.trim() !== "").length;
      return { ...b, scored, complete: scored === criteria.length };
    });
  return {
    submittedAt: member?.scores_submitted_at ?? null,
    criteria,
    undeclared,
    conflictCount: declarations.filter((d) => d.conflict).length,
    bids: mine,
    missing: missingBeforeSubmit(undeclared, mine, criteria.length),
  };
}

function missingBeforeSubmit(undeclared: PanelBid[], mine: MemberBid[], criteriaCount: number): string[] {
  const missing: string[] = [];
  if (undeclared.length) {
    missing.push(`Declare whether you have a conflict of interest with ${undeclared.length === 1 ? "1 bid" : `${undeclared.length} bids`}`);
  }
  for (const b of mine) {
    if (!b.complete) {
      const left = criteriaCount - b.scored;
      missing.push(`Score ${left === 1 ? "1 more criterion" : `${left} more criteria`}, with a comment for each, for ${bidLabel(b)}`);
    }
  }
  return missing;
}

/** The member's own scores for one bid, keyed by criterion. */
export async function getMemberScores(db: Executor, bidId: string, userId: string): Promise<Record<string, { score: number; comment: string }>> {
  const rows = await scoresFor(db, [bidId], userId);
  return Object.fromEntries(rows.map((r) => [r.criterionId, { score: r.score, comment: r.comment }]));
}

export async function getSubmittedAt(db: Executor, tenderId: string, userId: string): Promise<string | null> {
  const row = await db
    .selectFrom("tender_panel_members")
    .select("scores_submitted_at")
    .where("tender_id", "=", tenderId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row?.scores_submitted_at ?? null;
}

/** What a member reads of a bid: the answers, the money, the budget and the indicators. */
export interface BidForPanel {
  id: string;
  title: string;
  organisationName: string;
  districtName: string | null;
  amountPence: number;
  submittedAt: string | null;
  answers: { questionId: string; position: number; question: string; wordLimit: number; criterionId: string | null; answer: string }[];
  budget: BudgetLine[];
  indicators: { kind: string; name: string; definition: string; unit: string; targets: Record<string, number> }[];
  attachments: { id: string; filename: string; sizeBytes: number }[];
}

export async function getBidForPanel(db: Executor, bidId: string): Promise<BidForPanel | null> {
  const bid = await db
    .selectFrom("bids")
    .innerJoin("organisations", "organisations.id", "bids.organisation_id")
    .leftJoin("districts", "districts.id", "bids.district_id")
    .select(["bids.id", "bids.tender_id", "bids.title", "organisations.name as organisation_name", "districts.name as district_name", "bids.amount_pence", "bids.submitted_at"])
    .where("bids.id", "=", bidId)
    .executeTakeFirst();
  if (!bid) return null;
  const [questions, answers, budget, indicators, files] = await Promise.all([
    db.selectFrom("tender_questions").select(["id", "position", "text", "word_limit", "criterion_id"]).where("tender_id", "=", bid.tender_id).orderBy("position").execute(),
    db.selectFrom("bid_answers").select(["question_id", "answer"]).where("bid_id", "=", bidId).execute(),
    db.selectFrom("bid_budget_lines").select(["quarter", "category", "amount_pence"]).where("bid_id", "=", bidId).orderBy("quarter").orderBy("category").execute(),
    db.selectFrom("bid_indicators").select(["kind", "name", "definition", "unit", "targets_json"]).where("bid_id", "=", bidId).orderBy("position").execute(),
    db.selectFrom("files").select(["id", "filename", "size_bytes"]).where("owner_type", "=", "bid").where("owner_id", "=", bidId).orderBy("created_at").execute(),
  ]);
  const answerOf = new Map(answers.map((a) => [a.question_id, a.answer]));
  return {
    id: bid.id,
    title: bid.title,
    organisationName: bid.organisation_name,
    districtName: bid.district_name,
    amountPence: Number(bid.amount_pence ?? 0),
    submittedAt: bid.submitted_at,
    answers: questions.map((q) => ({
      questionId: q.id, position: q.position, question: q.text, wordLimit: q.word_limit, criterionId: q.criterion_id, answer: answerOf.get(q.id) ?? "",
    })),
    budget: budget.map((b) => ({ quarter: b.quarter, category: b.category, amountPence: Number(b.amount_pence) })),
    indicators: indicators.map((i) => ({ kind: i.kind, name: i.name, definition: i.definition, unit: i.unit, targets: parseTargets(i.targets_json) })),
    attachments: files.map((f) => ({ id: f.id, filename: f.filename, sizeBytes: Number(f.size_bytes) })),
  };
}

// ---------------------------------------------------------------------------------------
// A panel member's list of tenders and what each needs from them.

export interface PanelAssignment {
  tenderId: string;
  reference: string;
  title: string;
  status: ReturnType<typeof tenderStatus>;
  closesAt: string;
  submittedAt: string | null;
  /** The page is open to them: the tender has closed and is not yet awarded. */
  workable: boolean;
  /** The decisions are recorded: the page is open to read their work and the outcome. */
  decided: boolean;
  /** What they must do next, in words. */
  todo: string;
  bidsToDeclare: number;
  bidsToScore: number;
  bidsScored: number;
}

export async function listPanelAssignments(db: Executor, userId: string, now = new Date()): Promise<PanelAssignment[]> {
  const rows = await db
    .selectFrom("tender_panel_members")
    .innerJoin("tenders", "tenders.id", "tender_panel_members.tender_id")
    .select(["tenders.id", "tenders.reference", "tenders.title", "tenders.status", "tenders.opens_at", "tenders.closes_at", "tenders.award_intended_at", "tender_panel_members.scores_submitted_at"])
    .where("tender_panel_members.user_id", "=", userId)
    .where("tenders.status", "<>", "draft")
    .orderBy("tenders.closes_at", "desc")
    .execute();
  const out: PanelAssignment[] = [];
  for (const t of rows) {
    const status = tenderStatus(t, now);
    const workable = TENDER_WITH_PANEL.includes(status);
    let todo: string;
    let bidsToDeclare = 0;
    let bidsToScore = 0;
    let bidsScored = 0;
    if (workable) {
      const w = await getPanelWorkspace(db, t.id, userId);
      bidsToDeclare = w.undeclared.length;
      bidsToScore = w.bids.length;
      bidsScored = w.bids.filter((b) => b.complete).length;
      if (w.submittedAt) todo = "Scores submitted: read the other members' scores and the moderated result";
      else if (bidsToDeclare) todo = `Declare your interests in ${bidsToDeclare === 1 ? "1 bid" : `${bidsToDeclare} bids`}`;
      else if (bidsScored < bidsToScore) todo = `Score the bids: ${bidsScored} of ${bidsToScore} done`;
      else todo = "Submit your scores";
    } else if (status === "upcoming" || status === "open") {
      todo = "Nothing yet: you can read the bids once the tender closes";
    } else if (TENDER_DECIDED.includes(status)) {
      todo = "Decided: read your scores and the moderated result";
    } else {
      todo = "Cancelled: nothing to do";
    }
    out.push({
      tenderId: t.id, reference: t.reference, title: t.title, status, closesAt: t.closes_at, submittedAt: t.scores_submitted_at,
      workable, decided: TENDER_DECIDED.includes(status), todo, bidsToDeclare, bidsToScore, bidsScored,
    });
  }
  return out;
}
