// The panel: members assigned to a tender, their declarations of interest, their scores,
// and the officer's moderation (spread, consensus, weighted totals, ranking).
//
// The arithmetic is pure and exported for the unit tests. Weighted totals are kept as exact
// fractions (Σ score × weight × (L ÷ max) over L, the least common multiple of the maximum
// scores) so ties are ties and 79.95 never becomes 80.0 by accident; they are rounded only
// when shown.
import type { Executor } from "../../../db/client";
import type { TenderStoredStatus } from "../../../db/schema";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { nowIso } from "~/lib/ids.server";
import type { DeclarationInput, ScoreEntry } from "~/schemas/panel";
import { getTenderDetail, tenderStatus, type LoadedTender, type TenderCriterion, type TenderDetail } from "../tenders/tenders.server";
import { RefusedError, ScoresSubmittedError } from "~/models/errors";
import { can } from "~/policies/index";
import { hasRole, type Actor } from "~/policies/actor";
import { BID_ASSESSED } from "~/models/statuses";
import { type BudgetLine } from "~/lib/budget";

// =======================================================================================
// Pure arithmetic

export interface ScoringCriterion {
  id: string;
  weightPercent: number;
  maxScore: number;
}

/** An exact weighted total: value = numerator ÷ denominator, a percentage of 100. */
export interface WeightedTotal {
  numerator: number;
  denominator: number;
  value: number;
}

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y) [x, y] = [y, x % y];
  return x;
}

const lcm = (a: number, b: number): number => (a / gcd(a, b)) * b;

/**
 * Σ over criteria of score ÷ max score × weight, exactly. null when any criterion has no
 * score yet: a partial total would rank a half-scored bid below a complete one.
 */
export function weightedTotal(
  criteria: readonly ScoringCriterion[],
  scores: Readonly<Record<string, number | null | undefined>>,
): WeightedTotal | null {
  if (criteria.length === 0) return null;
  for (const c of criteria) {
    if (!Number.isInteger(c.maxScore) || c.maxScore <= 0) throw new RangeError(`A criterion's maximum score must be a positive whole number, got ${c.maxScore}`);
  }
  const denominator = criteria.reduce((l, c) => lcm(l, c.maxScore), 1);
  let numerator = 0;
  for (const c of criteria) {
    const score = scores[c.id];
    if (score === null || score === undefined) return null;
    numerator += score * c.weightPercent * (denominator / c.maxScore);
  }
  return { numerator, denominator, value: numerator / denominator };
}

/** One criterion's contribution, score ÷ max × weight, as an exact fraction. */
export function weightedScore(score: number, weightPercent: number, maxScore: number): WeightedTotal {
  return { numerator: score * weightPercent, denominator: maxScore, value: (score * weightPercent) / maxScore };
}

/** A fraction to one decimal place, halves rounded away from zero: 319/4 → "79.8". */
export function formatOneDecimal(fraction: { numerator: number; denominator: number }): string {
  const { numerator, denominator } = fraction;
  const negative = numerator < 0 !== denominator < 0 && numerator !== 0;
  const n = Math.abs(numerator);
  const d = Math.abs(denominator);
  const tenths = Math.floor((20 * n + d) / (2 * d));
  const textValue = `${Math.floor(tenths / 10)}.${tenths % 10}`;
  return negative && tenths > 0 ? `-${textValue}` : textValue;
}

/** The same rounding as a number, for spreadsheets. */
export function roundOneDecimal(fraction: { numerator: number; denominator: number }): number {
  return Number(formatOneDecimal(fraction));
}

/** Compares two exact totals: negative when a < b. */
export function compareTotals(a: WeightedTotal, b: WeightedTotal): number {
  return a.numerator * b.denominator - b.numerator * a.denominator;
}

export interface Ranked<T> {
  item: T;
  /** 1 is the highest total; equal totals share a rank and the next rank is skipped (1, 1, 3). null when unscored. */
  rank: number | null;
}

/** Highest total first; ties keep their given order and share a rank; unscored ones last. */
export function rankByTotal<T>(items: readonly T[], totalOf: (item: T) => WeightedTotal | null): Ranked<T>[] {
  const indexed = items.map((item, index) => ({ item, index, total: totalOf(item) }));
  const scored = indexed.filter((x) => x.total !== null);
  const unscored = indexed.filter((x) => x.total === null);
  scored.sort((a, b) => compareTotals(b.total!, a.total!) || a.index - b.index);
  const ranked: Ranked<T>[] = scored.map((x) => ({
    item: x.item,
    rank: 1 + scored.filter((y) => compareTotals(y.total!, x.total!) > 0).length,
  }));
  return [...ranked, ...unscored.map((x) => ({ item: x.item, rank: null }))];
}

/** Scores this far apart or more are flagged for discussion before a consensus is agreed. */
export const WIDE_SPREAD = 2;

export interface Spread {
  /** max − min of the members' scores; null when nobody has scored. */
  spread: number | null;
  wide: boolean;
  /** Words for the flag, so it never rests on colour alone; "" when not flagged. */
  flag: string;
}

export function scoreSpread(scores: readonly number[]): Spread {
  if (scores.length === 0) return { spread: null, wide: false, flag: "" };
  const spread = Math.max(...scores) - Math.min(...scores);
  const wide = spread >= WIDE_SPREAD;
  return {
    spread,
    wide,
    flag: wide ? `Wide spread: ${spread} points between the highest and lowest score. Discuss before agreeing the consensus.` : "",
  };
}

// =======================================================================================
// Who may use the panel pages

export type PanelAccess = "ok" | "not-member" | "not-yet" | "finished";

/**
 * Whether a user may work on a tender as a panel member. Someone not on the panel is told
 * nothing ("not found"); a member is told why the tender is not ready or finished.
 */
export function panelAccess(user: Actor, tender: LoadedTender): PanelAccess {
  if (!hasRole(user, "panel") || !tender.record.panelUserIds.includes(user.id)) return "not-member";
  if (can(user, "panel:take-part", tender.record)) return "ok";
  if (tender.status === "awarded" || tender.status === "cancelled") return "finished";
  return "not-yet";
}

// =======================================================================================
// Errors the routes turn into messages


export const LOCKED_MESSAGE =
  "You have already submitted your scores for this tender, so they can no longer be changed. If you need to change a score, ask the commissioning officer to reopen your scores.";

export const TENDER_FINISHED_MESSAGE = "This tender has been awarded: its scores and decisions can no longer be changed.";

// =======================================================================================
// Reading the panel's work

/** Bids that were submitted in time and are assessed: drafts and withdrawn bids never are. */

export interface PanelBid {
  id: string;
  title: string;
  organisationId: string;
  organisationName: string;
  districtId: string | null;
  districtName: string | null;
  amountPence: number;
  status: (typeof BID_ASSESSED)[number];
  feedback: string | null;
  decidedAt: string | null;
}

export const bidLabel = (b: { title: string; organisationName: string }): string =>
  b.title ? `${b.title} (${b.organisationName})` : b.organisationName;

export async function listAssessedBids(db: Executor, tenderId: string): Promise<PanelBid[]> {
  const rows = await db
    .selectFrom("bids")
    .innerJoin("organisations", "organisations.id", "bids.organisation_id")
    .leftJoin("districts", "districts.id", "bids.district_id")
    .select([
      "bids.id", "bids.title", "bids.organisation_id", "organisations.name as organisation_name", "bids.district_id",
      "districts.name as district_name", "bids.amount_pence", "bids.status", "bids.decision_feedback", "bids.decided_at",
    ])
    .where("bids.tender_id", "=", tenderId)
    .where("bids.status", "in", [...BID_ASSESSED])
    .orderBy("organisations.name")
    .orderBy("bids.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    districtId: r.district_id,
    districtName: r.district_name,
    amountPence: Number(r.amount_pence ?? 0),
    status: r.status as PanelBid["status"],
    feedback: r.decision_feedback,
    decidedAt: r.decided_at,
  }));
}

export interface PanelMember {
  userId: string;
  name: string;
  email: string;
  assignedAt: string;
  submittedAt: string | null;
}

export async function listPanelMembers(db: Executor, tenderId: string): Promise<PanelMember[]> {
  const rows = await db
    .selectFrom("tender_panel_members")
    .innerJoin("users", "users.id", "tender_panel_members.user_id")
    .select(["users.id", "users.name", "users.email", "tender_panel_members.assigned_at", "tender_panel_members.scores_submitted_at"])
    .where("tender_panel_members.tender_id", "=", tenderId)
    .orderBy("users.name")
    .execute();
  return rows.map((r) => ({ userId: r.id, name: r.name, email: r.email, assignedAt: r.assigned_at, submittedAt: r.scores_submitted_at }));
}

interface Declaration {
  bidId: string;
  userId: string;
  conflict: boolean;
  reason: string | null;
  declaredAt: string;
}

async function declarationsFor(db: Executor, bidIds: string[], userId?: string): Promise<Declaration[]> {
  if (bidIds.length === 0) return [];
  let q = db.selectFrom("panel_declarations").select(["bid_id", "user_id", "conflict", "reason", "declared_at"]).where("bid_id", "in", bidIds);
  if (userId) q = q.where("user_id", "=", userId);
  const rows = await q.execute();
  return rows.map((r) => ({ bidId: r.bid_id, userId: r.user_id, conflict: r.conflict === 1, reason: r.reason, declaredAt: r.declared_at }));
}

interface StoredScore {
  bidId: string;
  criterionId: string;
  userId: string;
  score: number;
  comment: string;
  updatedAt: string;
}

async function scoresFor(db: Executor, bidIds: string[], userId?: string): Promise<StoredScore[]> {
  if (bidIds.length === 0) return [];
  let q = db.selectFrom("panel_scores").select(["bid_id", "criterion_id", "user_id", "score", "comment", "updated_at"]).where("bid_id", "in", bidIds);
  if (userId) q = q.where("user_id", "=", userId);
  const rows = await q.execute();
  return rows.map((r) => ({
    bidId: r.bid_id, criterionId: r.criterion_id, userId: r.user_id, score: Number(r.score), comment: r.comment, updatedAt: r.updated_at,
  }));
}

// ---------------------------------------------------------------------------------------
// The scoring matrix: every member's score per bid and criterion, the spread, the consensus,
// the weighted total and the rank. Moderation, the panel's read-only results, decisions,
// downloads and the assessment summary all read it.

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
// A panel member's own view of a tender.

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

function parseTargets(json: string): Record<string, number> {
  try {
    const value = JSON.parse(json) as unknown;
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, v]) => typeof v === "number")) as Record<string, number>;
    }
  } catch {
    // A malformed target list shows as none rather than breaking the page.
  }
  return {};
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

// =======================================================================================
// Changing the panel's work. Each function runs inside the caller's transaction and writes
// its audit events there.

/** The first declaration or score moves a closed tender into evaluation, once. */
export async function startEvaluation(db: Executor, audit: AuditContext, tenderId: string): Promise<boolean> {
  const now = nowIso();
  const result = await db
    .updateTable("tenders")
    .set((eb) => ({ status: "evaluation" as TenderStoredStatus, updated_at: now, version: eb("version", "+", 1) }))
    .where("id", "=", tenderId)
    .where("status", "=", "published")
    .where("closes_at", "<=", now)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  await recordAudit(db, audit, {
    action: "tender.evaluation_started",
    recordType: "tender",
    recordId: tenderId,
    before: { status: "published" },
    after: { status: "evaluation" },
  });
  return true;
}

/**
 * Holds the member's row for the rest of the transaction and says whether their scores are
 * still open. The no-op update takes the row lock on PostgreSQL, so a save racing a submit
 * waits for it and then sees it.
 */
async function lockOpenMember(db: Executor, tenderId: string, userId: string): Promise<boolean> {
  const result = await db
    .updateTable("tender_panel_members")
    .set((eb) => ({ assigned_at: eb.ref("assigned_at") }))
    .where("tender_id", "=", tenderId)
    .where("user_id", "=", userId)
    .where("scores_submitted_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Records declarations on bids the member has not declared on yet. A bid already declared
 * (a double submit, or a second tab) is left as it was.
 */
export async function declareInterests(
  db: Executor,
  audit: AuditContext,
  args: { tenderId: string; userId: string; declarations: readonly DeclarationInput[] },
): Promise<{ recorded: number; conflicts: number }> {
  if (!(await lockOpenMember(db, args.tenderId, args.userId))) throw new RefusedError(LOCKED_MESSAGE);
  const bids = await listAssessedBids(db, args.tenderId);
  const open = new Set(bids.filter((b) => b.status === "submitted").map((b) => b.id));
  const already = new Set((await declarationsFor(db, [...open], args.userId)).map((d) => d.bidId));
  const now = nowIso();
  let recorded = 0;
  let conflicts = 0;
  for (const d of args.declarations) {
    if (!open.has(d.bidId) || already.has(d.bidId)) continue;
    await db
      .insertInto("panel_declarations")
      .values({ bid_id: d.bidId, user_id: args.userId, conflict: d.conflict ? 1 : 0, reason: d.conflict ? d.reason : null, declared_at: now })
      .execute();
    await recordAudit(db, audit, {
      action: d.conflict ? "panel.conflict_declared" : "panel.no_interest_declared",
      recordType: "bid",
      recordId: d.bidId,
      after: { userId: args.userId, conflict: d.conflict, reason: d.conflict ? d.reason : null },
    });
    recorded += 1;
    if (d.conflict) conflicts += 1;
  }
  if (recorded > 0) await startEvaluation(db, audit, args.tenderId);
  return { recorded, conflicts };
}

/**
 * A conflict found while reading a bid the member had declared no interest in. It replaces
 * that declaration and deletes their scores on the bid: from now on they never see it.
 */
export async function declareLateConflict(
  db: Executor,
  audit: AuditContext,
  args: { tenderId: string; bidId: string; userId: string; reason: string },
): Promise<void> {
  if (!(await lockOpenMember(db, args.tenderId, args.userId))) throw new RefusedError(LOCKED_MESSAGE);
  const before = await db
    .selectFrom("panel_declarations")
    .select(["conflict", "reason"])
    .where("bid_id", "=", args.bidId)
    .where("user_id", "=", args.userId)
    .executeTakeFirst();
  if (before?.conflict === 1) return;
  const removed = await db.deleteFrom("panel_scores").where("bid_id", "=", args.bidId).where("user_id", "=", args.userId).executeTakeFirst();
  const now = nowIso();
  if (before) {
    await db
      .updateTable("panel_declarations")
      .set({ conflict: 1, reason: args.reason, declared_at: now })
      .where("bid_id", "=", args.bidId)
      .where("user_id", "=", args.userId)
      .execute();
  } else {
    await db.insertInto("panel_declarations").values({ bid_id: args.bidId, user_id: args.userId, conflict: 1, reason: args.reason, declared_at: now }).execute();
  }
  await recordAudit(db, audit, {
    action: "panel.conflict_declared",
    recordType: "bid",
    recordId: args.bidId,
    before: before ? { userId: args.userId, conflict: false } : null,
    after: { userId: args.userId, conflict: true, reason: args.reason, scoresDeleted: Number(removed.numDeletedRows) },
  });
  await startEvaluation(db, audit, args.tenderId);
}

/** Saves a member's scores on one bid. Blank criteria are left (or made) unscored. */
export async function saveScores(
  db: Executor,
  audit: AuditContext,
  args: { tenderId: string; bidId: string; userId: string; entries: readonly ScoreEntry[] },
): Promise<{ changed: number }> {
  if (!(await lockOpenMember(db, args.tenderId, args.userId))) throw new RefusedError(LOCKED_MESSAGE);
  const existing = await getMemberScores(db, args.bidId, args.userId);
  const now = nowIso();
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const e of args.entries) {
    const old = existing[e.criterionId];
    if (e.score === null) {
      if (!old) continue;
      await db.deleteFrom("panel_scores").where("bid_id", "=", args.bidId).where("criterion_id", "=", e.criterionId).where("user_id", "=", args.userId).execute();
      before[e.criterionId] = old;
      after[e.criterionId] = null;
      continue;
    }
    if (old && old.score === e.score && old.comment === e.comment) continue;
    await db
      .insertInto("panel_scores")
      .values({ bid_id: args.bidId, criterion_id: e.criterionId, user_id: args.userId, score: e.score, comment: e.comment, updated_at: now })
      .onConflict((oc) => oc.columns(["bid_id", "criterion_id", "user_id"]).doUpdateSet({ score: e.score!, comment: e.comment, updated_at: now }))
      .execute();
    before[e.criterionId] = old ?? null;
    after[e.criterionId] = { score: e.score, comment: e.comment };
  }
  const changed = Object.keys(after).length;
  if (changed > 0) {
    await recordAudit(db, audit, { action: "panel.scores_saved", recordType: "bid", recordId: args.bidId, before: { userId: args.userId, scores: before }, after: { userId: args.userId, scores: after } });
    await startEvaluation(db, audit, args.tenderId);
  }
  return { changed };
}


/**
 * "Submit my scores": every bid declared on, every criterion of every bid without a conflict
 * scored with a comment. Then the scores are locked until an officer reopens them.
 */
export async function submitScores(
  db: Executor,
  audit: AuditContext,
  args: { tenderId: string; userId: string },
): Promise<{ submittedAt: string }> {
  const submittedAt = nowIso();
  const result = await db
    .updateTable("tender_panel_members")
    .set({ scores_submitted_at: submittedAt })
    .where("tender_id", "=", args.tenderId)
    .where("user_id", "=", args.userId)
    .where("scores_submitted_at", "is", null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new ScoresSubmittedError(await getSubmittedAt(db, args.tenderId, args.userId), LOCKED_MESSAGE);
  const workspace = await getPanelWorkspace(db, args.tenderId, args.userId);
  if (workspace.missing.length) {
    // Thrown inside the transaction, so the submission above is rolled back.
    throw new RefusedError(`You cannot submit your scores yet. ${workspace.missing.join(". ")}.`, 400);
  }
  await recordAudit(db, audit, {
    action: "panel.scores_submitted",
    recordType: "tender",
    recordId: args.tenderId,
    after: { userId: args.userId, submittedAt, bids: workspace.bids.length },
  });
  return { submittedAt };
}

/** The officer reopens a member's submitted scores so they can change them. */
export async function reopenScores(
  db: Executor,
  audit: AuditContext,
  args: { tenderId: string; userId: string; reason: string },
): Promise<void> {
  const before = await getSubmittedAt(db, args.tenderId, args.userId);
  const result = await db
    .updateTable("tender_panel_members")
    .set({ scores_submitted_at: null })
    .where("tender_id", "=", args.tenderId)
    .where("user_id", "=", args.userId)
    .where("scores_submitted_at", "is not", null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new RefusedError("This member's scores are not submitted, so there is nothing to reopen.");
  await recordAudit(db, audit, {
    action: "panel.scores_reopened",
    recordType: "tender",
    recordId: args.tenderId,
    before: { userId: args.userId, submittedAt: before },
    after: { userId: args.userId, submittedAt: null, reason: args.reason },
  });
}

export async function assignPanelMember(db: Executor, audit: AuditContext, args: { tenderId: string; userId: string }): Promise<void> {
  const candidate = await db
    .selectFrom("users")
    .innerJoin("user_roles", "user_roles.user_id", "users.id")
    .select(["users.id", "users.name"])
    .where("users.id", "=", args.userId)
    .where("user_roles.role", "=", "panel")
    .where("users.is_active", "=", 1)
    .executeTakeFirst();
  if (!candidate) throw new RefusedError("Select an active user with the panel member role.", 400);
  const already = await db
    .selectFrom("tender_panel_members")
    .select("user_id")
    .where("tender_id", "=", args.tenderId)
    .where("user_id", "=", args.userId)
    .executeTakeFirst();
  if (already) return;
  const at = nowIso();
  await db.insertInto("tender_panel_members").values({ tender_id: args.tenderId, user_id: args.userId, assigned_at: at, scores_submitted_at: null }).execute();
  await recordAudit(db, audit, { action: "panel.member_assigned", recordType: "tender", recordId: args.tenderId, after: { userId: args.userId, name: candidate.name } });
}

/**
 * Takes a member off the panel. Their scores go (they no longer count); their declarations
 * stay, so a member put back on the panel still never sees a bid they were conflicted on.
 */
export async function removePanelMember(db: Executor, audit: AuditContext, args: { tenderId: string; userId: string }): Promise<boolean> {
  const member = await db
    .selectFrom("tender_panel_members")
    .innerJoin("users", "users.id", "tender_panel_members.user_id")
    .select(["users.name", "tender_panel_members.assigned_at", "tender_panel_members.scores_submitted_at"])
    .where("tender_panel_members.tender_id", "=", args.tenderId)
    .where("tender_panel_members.user_id", "=", args.userId)
    .executeTakeFirst();
  if (!member) return false;
  const removedScores = await db
    .deleteFrom("panel_scores")
    .where("user_id", "=", args.userId)
    .where("bid_id", "in", (eb) => eb.selectFrom("bids").select("id").where("tender_id", "=", args.tenderId))
    .executeTakeFirst();
  await db.deleteFrom("tender_panel_members").where("tender_id", "=", args.tenderId).where("user_id", "=", args.userId).execute();
  await recordAudit(db, audit, {
    action: "panel.member_removed",
    recordType: "tender",
    recordId: args.tenderId,
    before: { userId: args.userId, name: member.name, assignedAt: member.assigned_at, submittedAt: member.scores_submitted_at },
    after: { scoresDeleted: Number(removedScores.numDeletedRows) },
  });
  return true;
}

/** The moderated score per criterion for one bid. Blank criteria are left (or made) unagreed. */
export async function recordConsensus(
  db: Executor,
  audit: AuditContext,
  args: { tenderId: string; bidId: string; entries: readonly ScoreEntry[] },
): Promise<{ changed: number }> {
  const rows = await db.selectFrom("consensus_scores").select(["criterion_id", "score", "rationale"]).where("bid_id", "=", args.bidId).execute();
  const existing = new Map(rows.map((r) => [r.criterion_id, { score: Number(r.score), rationale: r.rationale }]));
  const now = nowIso();
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const e of args.entries) {
    const old = existing.get(e.criterionId);
    if (e.score === null) {
      if (!old) continue;
      await db.deleteFrom("consensus_scores").where("bid_id", "=", args.bidId).where("criterion_id", "=", e.criterionId).execute();
      before[e.criterionId] = old;
      after[e.criterionId] = null;
      continue;
    }
    if (old && old.score === e.score && old.rationale === e.comment) continue;
    await db
      .insertInto("consensus_scores")
      .values({ bid_id: args.bidId, criterion_id: e.criterionId, score: e.score, rationale: e.comment, recorded_by: audit.actorUserId, recorded_at: now })
      .onConflict((oc) =>
        oc.columns(["bid_id", "criterion_id"]).doUpdateSet({ score: e.score!, rationale: e.comment, recorded_by: audit.actorUserId, recorded_at: now }),
      )
      .execute();
    before[e.criterionId] = old ?? null;
    after[e.criterionId] = { score: e.score, rationale: e.comment };
  }
  const changed = Object.keys(after).length;
  if (changed > 0) {
    await recordAudit(db, audit, { action: "panel.consensus_recorded", recordType: "bid", recordId: args.bidId, before, after });
    await startEvaluation(db, audit, args.tenderId);
  }
  return { changed };
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
    .select(["tenders.id", "tenders.reference", "tenders.title", "tenders.status", "tenders.opens_at", "tenders.closes_at", "tender_panel_members.scores_submitted_at"])
    .where("tender_panel_members.user_id", "=", userId)
    .where("tenders.status", "<>", "draft")
    .orderBy("tenders.closes_at", "desc")
    .execute();
  const out: PanelAssignment[] = [];
  for (const t of rows) {
    const status = tenderStatus(t, now);
    const workable = status === "closed" || status === "evaluation";
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
    } else if (status === "awarded") {
      todo = "Awarded: the panel's work is finished";
    } else {
      todo = "Cancelled: nothing to do";
    }
    out.push({
      tenderId: t.id, reference: t.reference, title: t.title, status, closesAt: t.closes_at, submittedAt: t.scores_submitted_at,
      workable, todo, bidsToDeclare, bidsToScore, bidsScored,
    });
  }
  return out;
}
