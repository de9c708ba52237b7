// Tenders and bids made directly in the database, so a test of one step of the journey
// does not depend on the screens of the steps before it.
import { getDb } from "../../db/client";
import type { BidStatus, TenderStoredStatus } from "../../db/schema";
import { newId, nowIso } from "~/lib/ids.server";
import { DEFAULT_CRITERIA } from "~/models/tenders/choices.server";

const HOUR = 60 * 60 * 1000;
let sequence = 900;

export interface TestTender {
  id: string;
  reference: string;
  criteria: { id: string; name: string; weight: number; maxScore: number }[];
  questions: { id: string; wordLimit: number; criterionId: string }[];
}

/**
 * A tender in the state asked for. "open" opens an hour ago and closes in a day; "closed"
 * closed an hour ago. Districts default to Chorley; stream to Schools Forum ESI.
 */
export async function createTestTender(options: {
  state?: "draft" | "open" | "closed" | "evaluation" | "awarded" | "cancelled";
  procedure?: "light_touch" | "below_threshold" | "grant_competition";
  districtIds?: string[];
  themeIds?: string[];
  maxBudgetPence?: number;
  contractStart?: string;
  contractEnd?: string;
  panelUserIds?: string[];
  createdBy?: string;
  title?: string;
} = {}): Promise<TestTender> {
  const db = getDb();
  const state = options.state ?? "open";
  const now = Date.now();
  const closed = state === "closed" || state === "evaluation" || state === "awarded";
  const opensAt = new Date(now - (closed ? 48 : 1) * HOUR).toISOString();
  const closesAt = new Date(closed ? now - HOUR : now + 24 * HOUR).toISOString();
  const status: TenderStoredStatus =
    state === "draft" ? "draft" : state === "evaluation" ? "evaluation" : state === "awarded" ? "awarded" : state === "cancelled" ? "cancelled" : "published";
  const id = newId();
  sequence += 1;
  // A prefix of its own, so fixture tenders never take a reference the app would generate.
  const reference = `TEST-2026-${sequence}`;
  const at = nowIso();
  await db.insertInto("tenders").values({
    id, reference, title: options.title ?? `Family support in Chorley ${sequence}`,
    specification: "## What we want\n\nFamily support for families with children aged 0–11.",
    funding_stream_id: "stream-schools-forum", max_budget_pence: options.maxBudgetPence ?? 2_500_000, procedure: options.procedure ?? "grant_competition",
    contract_start: options.contractStart ?? "2027-04-01", contract_end: options.contractEnd ?? "2028-03-31",
    opens_at: opensAt, closes_at: closesAt, status, published_at: status === "draft" ? null : opensAt,
    cancelled_at: status === "cancelled" ? at : null, cancel_reason: status === "cancelled" ? "Funding withdrawn" : null,
    awarded_at: status === "awarded" ? at : null, created_by: options.createdBy ?? "user-officer", created_at: at, updated_at: at, version: 1,
  }).execute();
  await db.insertInto("tender_districts").values((options.districtIds ?? ["district-chorley"]).map((district_id) => ({ tender_id: id, district_id }))).execute();
  if (options.themeIds?.length) {
    await db.insertInto("tender_themes").values(options.themeIds.map((theme_id) => ({ tender_id: id, theme_id }))).execute();
  }
  const criteria = DEFAULT_CRITERIA.map((c, i) => ({ id: newId(), position: i + 1, ...c }));
  await db.insertInto("tender_criteria").values(criteria.map((c) => ({ tender_id: id, ...c }))).execute();
  const questions = [
    { id: newId(), position: 1, text: "How will you deliver the service?", word_limit: 50, criterion_id: criteria[0].id },
    { id: newId(), position: 2, text: "What outcomes will families see?", word_limit: 30, criterion_id: criteria[2].id },
  ];
  await db.insertInto("tender_questions").values(questions.map((q) => ({ tender_id: id, ...q }))).execute();
  if (options.panelUserIds?.length) {
    await db.insertInto("tender_panel_members").values(options.panelUserIds.map((user_id) => ({ tender_id: id, user_id, assigned_at: at, scores_submitted_at: null }))).execute();
  }
  return {
    id,
    reference,
    criteria: criteria.map((c) => ({ id: c.id, name: c.name, weight: c.weight_percent, maxScore: c.max_score })),
    questions: questions.map((q) => ({ id: q.id, wordLimit: q.word_limit, criterionId: q.criterion_id })),
  };
}

/** A bid with answers, a budget that adds up over the contract's first two quarters, and one indicator. */
export async function createTestBid(options: {
  tender: TestTender;
  organisationId: string;
  status?: BidStatus;
  amountPence?: number;
  districtId?: string;
  createdBy?: string;
}): Promise<{ id: string }> {
  const db = getDb();
  const id = newId();
  const at = nowIso();
  const amount = options.amountPence ?? 2_000_000;
  const status = options.status ?? "submitted";
  await db.insertInto("bids").values({
    id, tender_id: options.tender.id, organisation_id: options.organisationId, district_id: options.districtId ?? "district-chorley",
    title: "Strong Families Chorley", status, amount_pence: amount,
    submitted_at: status === "draft" ? null : at, submitted_by: status === "draft" ? null : (options.createdBy ?? "user-provider"),
    fingerprint: status === "draft" ? null : "0".repeat(64), needs_confirmation: 0, withdrawn_at: status === "withdrawn" ? at : null,
    decision_feedback: null, decided_at: null, created_by: options.createdBy ?? "user-provider", created_at: at, updated_at: at, version: 1,
  }).execute();
  await db.insertInto("bid_answers").values(options.tender.questions.map((q) => ({ bid_id: id, question_id: q.id, answer: "We will work with families at home and in schools." }))).execute();
  const half = Math.floor(amount / 2);
  await db.insertInto("bid_budget_lines").values([
    { bid_id: id, quarter: "2027-28 Q1", category: "staff", amount_pence: half },
    { bid_id: id, quarter: "2027-28 Q2", category: "delivery", amount_pence: amount - half },
  ]).execute();
  await db.insertInto("bid_indicators").values({
    id: newId(), bid_id: id, position: 1, kind: "output", name: "Families supported", definition: "Families with a support plan",
    unit: "count", targets_json: JSON.stringify({ "2027-28 Q1": 10, "2027-28 Q2": 12 }),
  }).execute();
  return { id };
}
