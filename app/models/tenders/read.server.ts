// Reading tenders: a tender loaded for the permission rules, one read in full for its pages,
// and the few figures the tender page shows about its bids.
import type { Executor } from "../../../db/client";
import type { BidStatus, TenderProcedure, TenderStoredStatus } from "../../../db/schema";
import { listFiles, type FileSummary } from "../files.server";
import type { TenderStatus } from "~/models/statuses";
import type { TenderRecord } from "~/policies/tenders";
import { tenderStatus } from "./status.server";

export interface LoadedTender {
  id: string;
  reference: string;
  title: string;
  storedStatus: TenderStoredStatus;
  status: TenderStatus;
  opensAt: string;
  closesAt: string;
  /** Questions may be asked until then; null: until the tender closes. */
  clarificationsCloseAt: string | null;
  /** The day the panel's scores are due, or null. */
  scoringDueOn: string | null;
  version: number;
  record: TenderRecord;
}

/** A tender with what the permission rules need: its districts, panel and clock status. */
export async function loadTender(db: Executor, tenderId: string, now = new Date()): Promise<LoadedTender | null> {
  const tender = await db
    .selectFrom("tenders")
    .select(["id", "reference", "title", "status", "opens_at", "closes_at", "clarifications_close_at", "scoring_due_on", "award_intended_at", "version", "published_at"])
    .where("id", "=", tenderId)
    .executeTakeFirst();
  if (!tender) return null;
  const [districts, panel] = await Promise.all([
    db.selectFrom("tender_districts").select("district_id").where("tender_id", "=", tenderId).execute(),
    db.selectFrom("tender_panel_members").select("user_id").where("tender_id", "=", tenderId).execute(),
  ]);
  const status = tenderStatus(tender, now);
  return {
    id: tender.id,
    reference: tender.reference,
    title: tender.title,
    storedStatus: tender.status,
    status,
    opensAt: tender.opens_at,
    closesAt: tender.closes_at,
    clarificationsCloseAt: tender.clarifications_close_at,
    scoringDueOn: tender.scoring_due_on,
    version: tender.version,
    record: { status, districtIds: districts.map((d) => d.district_id), panelUserIds: panel.map((p) => p.user_id), published: tender.published_at !== null },
  };
}

export interface TenderCriterion {
  id: string;
  position: number;
  name: string;
  weightPercent: number;
  guidance: string;
  maxScore: number;
}

export interface TenderQuestion {
  id: string;
  position: number;
  text: string;
  wordLimit: number;
  criterionId: string | null;
}

export interface TenderDetail {
  id: string;
  reference: string;
  title: string;
  specification: string;
  fundingStream: { id: string; name: string };
  maxBudgetPence: number;
  procedure: TenderProcedure;
  contractStart: string;
  contractEnd: string;
  opensAt: string;
  closesAt: string;
  clarificationsCloseAt: string | null;
  storedStatus: TenderStoredStatus;
  status: TenderStatus;
  publishedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  version: number;
  districts: { id: string; name: string }[];
  themes: { id: string; name: string }[];
  criteria: TenderCriterion[];
  questions: TenderQuestion[];
  amendments: { id: string; summary: string; material: boolean; createdAt: string; changedFields: string[] }[];
  clarifications: { id: string; question: string; answer: string; answeredAt: string }[];
  attachments: FileSummary[];
}

/** Everything a tender page shows, in a fixed number of queries whatever its size. */
export async function getTenderDetail(db: Executor, tenderId: string, now = new Date()): Promise<TenderDetail | null> {
  const t = await db
    .selectFrom("tenders")
    .innerJoin("funding_streams", "funding_streams.id", "tenders.funding_stream_id")
    .select([
      "tenders.id", "tenders.reference", "tenders.title", "tenders.specification", "tenders.funding_stream_id",
      "funding_streams.name as stream_name", "tenders.max_budget_pence", "tenders.procedure", "tenders.contract_start", "tenders.contract_end",
      "tenders.opens_at", "tenders.closes_at", "tenders.clarifications_close_at", "tenders.award_intended_at", "tenders.status", "tenders.published_at", "tenders.cancelled_at", "tenders.cancel_reason", "tenders.version",
    ])
    .where("tenders.id", "=", tenderId)
    .executeTakeFirst();
  if (!t) return null;
  const [districts, themes, criteria, questions, amendments, clarifications, attachments] = await Promise.all([
    db.selectFrom("tender_districts").innerJoin("districts", "districts.id", "tender_districts.district_id")
      .select(["districts.id", "districts.name"]).where("tender_districts.tender_id", "=", tenderId).orderBy("districts.name").execute(),
    db.selectFrom("tender_themes").innerJoin("themes", "themes.id", "tender_themes.theme_id")
      .select(["themes.id", "themes.name"]).where("tender_themes.tender_id", "=", tenderId).orderBy("themes.name").execute(),
    db.selectFrom("tender_criteria").select(["id", "position", "name", "weight_percent", "guidance", "max_score"])
      .where("tender_id", "=", tenderId).orderBy("position").execute(),
    db.selectFrom("tender_questions").select(["id", "position", "text", "word_limit", "criterion_id"])
      .where("tender_id", "=", tenderId).orderBy("position").execute(),
    db.selectFrom("tender_amendments").select(["id", "summary", "material", "changes_json", "created_at"])
      .where("tender_id", "=", tenderId).orderBy("created_at").execute(),
    db.selectFrom("clarifications").select(["id", "question", "answer", "answered_at"])
      .where("tender_id", "=", tenderId).where("status", "=", "published").orderBy("answered_at").execute(),
    listFiles(db, "tender", [tenderId]),
  ]);
  return {
    id: t.id,
    reference: t.reference,
    title: t.title,
    specification: t.specification,
    fundingStream: { id: t.funding_stream_id, name: t.stream_name },
    maxBudgetPence: Number(t.max_budget_pence),
    procedure: t.procedure,
    contractStart: t.contract_start,
    contractEnd: t.contract_end,
    opensAt: t.opens_at,
    closesAt: t.closes_at,
    clarificationsCloseAt: t.clarifications_close_at,
    storedStatus: t.status,
    status: tenderStatus(t, now),
    publishedAt: t.published_at,
    cancelledAt: t.cancelled_at,
    cancelReason: t.cancel_reason,
    version: t.version,
    districts,
    themes,
    criteria: criteria.map((c) => ({
      id: c.id, position: c.position, name: c.name, weightPercent: c.weight_percent, guidance: c.guidance, maxScore: c.max_score,
    })),
    questions: questions.map((q) => ({ id: q.id, position: q.position, text: q.text, wordLimit: q.word_limit, criterionId: q.criterion_id })),
    amendments: amendments.map((a) => ({
      id: a.id, summary: a.summary, material: a.material === 1, createdAt: a.created_at, changedFields: changedFieldLabels(a.changes_json),
    })),
    clarifications: clarifications.map((c) => ({ id: c.id, question: c.question, answer: c.answer ?? "", answeredAt: c.answered_at ?? "" })),
    attachments,
  };
}

// ---------------------------------------------------------------------------------------
// Amendments record what changed by field name; readers see it in words.

export const CHANGE_LABELS: Record<string, string> = {
  title: "title",
  specification: "specification",
  funding_stream: "funding stream",
  districts: "districts",
  themes: "themes",
  max_budget_pence: "maximum budget",
  procedure: "procedure",
  contract_start: "contract start date",
  contract_end: "contract end date",
  opens_at: "opening date",
  closes_at: "closing date",
  clarifications_close_at: "last time for questions",
  criteria: "evaluation criteria",
  questions: "questions",
  attachments: "documents",
};

function changedFieldLabels(changesJson: string): string[] {
  try {
    const changes = JSON.parse(changesJson) as Record<string, unknown>;
    return Object.keys(changes).map((k) => CHANGE_LABELS[k] ?? k);
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------------------
// Figures for the tender page.

/** How many bids are in: a count only, never what they say. */
export async function countSubmittedBids(db: Executor, tenderId: string): Promise<number> {
  const row = await db
    .selectFrom("bids")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("tender_id", "=", tenderId)
    .where("status", "=", "submitted")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The status of an organisation's live bid on a tender, if it has one. */
export async function organisationBidStatus(db: Executor, tenderId: string, organisationId: string): Promise<BidStatus | null> {
  const row = await db
    .selectFrom("bids")
    .select("status")
    .where("tender_id", "=", tenderId)
    .where("organisation_id", "=", organisationId)
    .where("status", "!=", "withdrawn")
    .executeTakeFirst();
  return row?.status ?? null;
}

