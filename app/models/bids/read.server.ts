// Reading a bid in full, the checks on what it still needs, and its contents shaped for
// pages: the form's starting values and a read-only view.
import type { Executor } from "../../../db/client";
import { BUDGET_CATEGORIES, type BidStatus, type BudgetCategory } from "../../../db/schema";
import type { FieldErrors, FormValues } from "~/lib/forms";
import { formatPence, penceToInput } from "~/lib/money";
import { quarterLabel, quartersBetween } from "~/lib/financial-year";
import { countWords } from "~/lib/words";
import { budgetField, type BudgetLine } from "~/lib/budget";
import { answerField, checkBidComplete, indicatorField, targetField, type BidDraftInput, type BidFormContext, type IndicatorKind, type IndicatorUnit } from "~/schemas/bids";
import { formatBytes, listFiles, type FileSummary } from "../files.server";
import { getTenderDetail, type TenderDetail } from "../tenders/read.server";
import { bidReference } from "./load.server";
import { parseTargets } from "~/lib/figures";

export interface BidIndicator {
  id: string;
  position: number;
  kind: IndicatorKind;
  name: string;
  definition: string;
  unit: IndicatorUnit;
  targets: Record<string, number>;
}

export interface BidBudgetLine {
  quarter: string;
  category: BudgetCategory;
  amountPence: number;
}

export interface BidDetail {
  id: string;
  reference: string;
  tenderId: string;
  organisationId: string;
  organisationName: string;
  districtId: string | null;
  districtName: string | null;
  title: string;
  status: BidStatus;
  amountPence: number | null;
  submittedAt: string | null;
  submittedBy: { id: string; name: string; email: string } | null;
  fingerprint: string | null;
  needsConfirmation: boolean;
  withdrawnAt: string | null;
  decidedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** Who last saved or changed it, from the audit log. */
  lastChangedBy: string | null;
  answers: Record<string, string>;
  budget: BidBudgetLine[];
  indicators: BidIndicator[];
  attachments: FileSummary[];
  tender: TenderDetail;
  /** The contract's quarters, like "2027-28 Q1": the budget grid's rows. */
  quarters: string[];
}


export function contractQuarters(tender: { contractStart: string; contractEnd: string }): string[] {
  try {
    return quartersBetween(tender.contractStart, tender.contractEnd).map(quarterLabel);
  } catch {
    return [];
  }
}

/** Everything about one bid, in a fixed number of queries. Callers check access first. */
export async function getBidDetail(db: Executor, bidId: string, now = new Date()): Promise<BidDetail | null> {
  const bid = await db
    .selectFrom("bids")
    .innerJoin("organisations", "organisations.id", "bids.organisation_id")
    .leftJoin("districts", "districts.id", "bids.district_id")
    .leftJoin("users as submitter", "submitter.id", "bids.submitted_by")
    .select([
      "bids.id", "bids.tender_id", "bids.organisation_id", "organisations.name as organisation_name", "bids.district_id",
      "districts.name as district_name", "bids.title", "bids.status", "bids.amount_pence", "bids.submitted_at", "bids.submitted_by",
      "submitter.name as submitter_name", "submitter.email as submitter_email", "bids.fingerprint", "bids.needs_confirmation",
      "bids.withdrawn_at", "bids.decided_at", "bids.created_at", "bids.updated_at", "bids.version",
    ])
    .where("bids.id", "=", bidId)
    .executeTakeFirst();
  if (!bid) return null;
  const [tender, answers, lines, indicators, attachments, lastEvent] = await Promise.all([
    getTenderDetail(db, bid.tender_id, now),
    db.selectFrom("bid_answers").select(["question_id", "answer"]).where("bid_id", "=", bidId).execute(),
    db.selectFrom("bid_budget_lines").select(["quarter", "category", "amount_pence"]).where("bid_id", "=", bidId).execute(),
    db.selectFrom("bid_indicators").select(["id", "position", "kind", "name", "definition", "unit", "targets_json"])
      .where("bid_id", "=", bidId).orderBy("position").execute(),
    listFiles(db, "bid", [bidId]),
    db.selectFrom("audit_events").leftJoin("users", "users.id", "audit_events.actor_user_id")
      .select(["users.name"])
      .where("audit_events.record_type", "=", "bid").where("audit_events.record_id", "=", bidId)
      .orderBy("audit_events.created_at", "desc").orderBy("audit_events.id", "desc")
      .limit(1).executeTakeFirst(),
  ]);
  if (!tender) return null;
  const categoryOrder = (c: string) => BUDGET_CATEGORIES.indexOf(c as BudgetCategory);
  return {
    id: bid.id,
    reference: bidReference(tender.reference, bid.id),
    tenderId: bid.tender_id,
    organisationId: bid.organisation_id,
    organisationName: bid.organisation_name,
    districtId: bid.district_id,
    districtName: bid.district_name,
    title: bid.title,
    status: bid.status,
    amountPence: bid.amount_pence === null ? null : Number(bid.amount_pence),
    submittedAt: bid.submitted_at,
    submittedBy: bid.submitted_by ? { id: bid.submitted_by, name: bid.submitter_name ?? "", email: bid.submitter_email ?? "" } : null,
    fingerprint: bid.fingerprint,
    needsConfirmation: bid.needs_confirmation === 1,
    withdrawnAt: bid.withdrawn_at,
    decidedAt: bid.decided_at,
    createdAt: bid.created_at,
    updatedAt: bid.updated_at,
    version: bid.version,
    lastChangedBy: lastEvent?.name ?? null,
    answers: Object.fromEntries(answers.map((a) => [a.question_id, a.answer])),
    budget: lines
      .map((l) => ({ quarter: l.quarter, category: l.category, amountPence: Number(l.amount_pence) }))
      .sort((a, b) => a.quarter.localeCompare(b.quarter) || categoryOrder(a.category) - categoryOrder(b.category)),
    indicators: indicators.map((i) => ({
      id: i.id, position: i.position, kind: i.kind, name: i.name, definition: i.definition,
      unit: i.unit as IndicatorUnit, targets: parseTargets(i.targets_json),
    })),
    attachments,
    tender,
    quarters: contractQuarters(tender),
  };
}

/** What the form schema needs to know about a tender. */
export function formContextOf(tender: TenderDetail): BidFormContext {
  return {
    districtIds: tender.districts.map((d) => d.id),
    questions: tender.questions.map((q) => ({ id: q.id, position: q.position, wordLimit: q.wordLimit })),
    quarters: contractQuarters(tender),
    maxBudgetPence: tender.maxBudgetPence,
  };
}

/** A stored bid in the shape the form produces, for the completeness check. */
export function storedInput(detail: BidDetail): BidDraftInput {
  return {
    districtId: detail.districtId,
    title: detail.title,
    answers: detail.answers,
    amountPence: detail.amountPence,
    budget: detail.budget,
    indicators: detail.indicators.map((i, index) => ({
      kind: i.kind, name: i.name, definition: i.definition, unit: i.unit, targets: i.targets, row: index,
    })),
  };
}

/** What a stored bid still needs before it can be submitted (empty when it is complete). */
export function problemsWith(detail: BidDetail): FieldErrors {
  return checkBidComplete(storedInput(detail), formContextOf(detail.tender));
}

// ---------------------------------------------------------------------------------------
// Shapes for pages: the form's starting values and a read-only view of the contents.

/** A stored bid as the form's fields, plus one spare indicator row to fill in. */
export function bidFormValues(detail: BidDetail): FormValues {
  const values: FormValues = {
    district_id: detail.districtId ?? "",
    title: detail.title,
    amount: detail.amountPence === null ? "" : penceToInput(detail.amountPence),
  };
  for (const q of detail.tender.questions) values[answerField(q.id)] = detail.answers[q.id] ?? "";
  for (const line of detail.budget) values[budgetField(line.quarter, line.category)] = penceToInput(line.amountPence);
  const rows = [...detail.indicators.map((i) => ({ ...i })), null];
  rows.forEach((indicator, row) => {
    values[indicatorField(row, "kind")] = indicator?.kind ?? "output";
    values[indicatorField(row, "unit")] = indicator?.unit ?? "count";
    values[indicatorField(row, "name")] = indicator?.name ?? "";
    values[indicatorField(row, "definition")] = indicator?.definition ?? "";
    for (const quarter of detail.quarters) {
      const target = indicator?.targets[quarter];
      values[targetField(row, quarter)] = target === undefined ? "" : String(target);
    }
  });
  return values;
}

export interface BidView {
  district: string | null;
  title: string;
  amount: string | null;
  answers: { questionId: string; position: number; text: string; wordLimit: number; criterion: string | null; answer: string; words: number }[];
  budget: { quarters: string[]; lines: BudgetLine[] };
  indicators: { position: number; kind: string; name: string; definition: string; unit: string; targets: { quarter: string; value: string }[] }[];
  attachments: { id: string; filename: string; size: string; sha256: string }[];
}

const UNIT_LABELS: Record<string, string> = { count: "Count", "%": "Percentage (%)", score: "Score", "£": "Money (£)" };

/** A bid's contents ready to show, with the money formatted and the budget added up. */
export function bidView(detail: BidDetail): BidView {
  const criteria = new Map(detail.tender.criteria.map((c) => [c.id, c.name]));
  return {
    district: detail.districtName,
    title: detail.title,
    amount: detail.amountPence === null ? null : formatPence(detail.amountPence),
    answers: detail.tender.questions.map((q) => ({
      questionId: q.id, position: q.position, text: q.text, wordLimit: q.wordLimit,
      criterion: q.criterionId ? criteria.get(q.criterionId) ?? null : null,
      answer: detail.answers[q.id] ?? "", words: countWords(detail.answers[q.id] ?? ""),
    })),
    budget: { quarters: detail.quarters, lines: detail.budget },
    indicators: detail.indicators.map((i) => ({
      position: i.position,
      kind: i.kind === "outcome" ? "Outcome" : "Output",
      name: i.name,
      definition: i.definition,
      unit: UNIT_LABELS[i.unit] ?? i.unit,
      targets: detail.quarters.map((quarter) => ({ quarter, value: i.targets[quarter] === undefined ? "" : String(i.targets[quarter]) })),
    })),
    attachments: detail.attachments.map((f) => ({ id: f.id, filename: f.filename, size: formatBytes(f.sizeBytes), sha256: f.sha256 })),
  };
}

