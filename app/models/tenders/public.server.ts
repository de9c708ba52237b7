// A tender as anyone may read it, signed in or not: the notice of the opportunity (what, where,
// how much, when, how bids are judged, its documents, its amendments and the answers the
// council published, which never name who asked) and, once awarded, who won it. Which
// tenders are public is the policy's (policies/tenders.ts); what of them is, is this file's.
import type { Executor } from "../../../db/client";
import type { FileSummary } from "../files.server";
import { getFileWithContent } from "../files.server";
import type { TenderStatus } from "~/models/statuses";
import type { TenderProcedure } from "./procedures";
import { isPublicTender, tenderersArePublic } from "~/policies/tenders";
import { getAwardRecord } from "../awards/decisions.server";
import { getContractDetails, type ContractDetails } from "../awards/contract-details.server";
import { awardStepViews, type AwardStepView } from "../awards/stages";
import { getTenderDetail } from "./read.server";

export interface PublicTender {
  id: string;
  reference: string;
  title: string;
  specification: string;
  fundingStream: string;
  maxBudgetPence: number;
  procedure: TenderProcedure;
  contractStart: string;
  contractEnd: string;
  opensAt: string;
  closesAt: string;
  clarificationsCloseAt: string | null;
  status: TenderStatus;
  publishedAt: string;
  cancelledAt: string | null;
  cancelReason: string | null;
  awardedAt: string | null;
  districts: string[];
  themes: string[];
  criteria: { name: string; weightPercent: number; maxScore: number; guidance: string }[];
  questions: { text: string; wordLimit: number; criterion: string | null }[];
  amendments: { summary: string; material: boolean; createdAt: string; changedFields: string[] }[];
  clarifications: { question: string; answer: string; answeredAt: string }[];
  attachments: FileSummary[];
  /** Once the award is public: the organisations that won it (the Transparency Code publishes them). */
  awardedTo: string[];
  /** The award's steps, once the award is public (its notice, or its contract). */
  awardSteps: AwardStepView[] | null;
  /** The contract details notice, once the contract is entered. */
  contracts: ContractDetails;
}

export async function getPublicTender(db: Executor, tenderId: string, now = new Date()): Promise<PublicTender | null> {
  const detail = await getTenderDetail(db, tenderId, now);
  if (!detail || !isPublicTender(detail) || !detail.publishedAt) return null;
  const [award, winners, contracts] = await Promise.all([
    getAwardRecord(db, tenderId),
    winnersByTender(db, [tenderId]),
    getContractDetails(db, tenderId),
  ]);
  const awardPublic = tenderersArePublic({ status: detail.status, awardNoticeAt: award!.award_notice_at });
  const criterionNames = new Map(detail.criteria.map((c) => [c.id, c.name]));
  return {
    id: detail.id,
    reference: detail.reference,
    title: detail.title,
    specification: detail.specification,
    fundingStream: detail.fundingStream.name,
    maxBudgetPence: detail.maxBudgetPence,
    procedure: detail.procedure,
    contractStart: detail.contractStart,
    contractEnd: detail.contractEnd,
    opensAt: detail.opensAt,
    closesAt: detail.closesAt,
    clarificationsCloseAt: detail.clarificationsCloseAt,
    status: detail.status,
    publishedAt: detail.publishedAt,
    cancelledAt: detail.cancelledAt,
    cancelReason: detail.cancelReason,
    awardedAt: award!.awarded_at,
    districts: detail.districts.map((d) => d.name),
    themes: detail.themes.map((t) => t.name),
    criteria: detail.criteria.map((c) => ({ name: c.name, weightPercent: c.weightPercent, maxScore: c.maxScore, guidance: c.guidance })),
    questions: detail.questions.map((q) => ({ text: q.text, wordLimit: q.wordLimit, criterion: q.criterionId ? (criterionNames.get(q.criterionId) ?? null) : null })),
    amendments: detail.amendments.map((a) => ({ summary: a.summary, material: a.material, createdAt: a.createdAt, changedFields: a.changedFields })),
    clarifications: detail.clarifications.map((c) => ({ question: c.question, answer: c.answer, answeredAt: c.answeredAt })),
    attachments: detail.attachments,
    awardedTo: winners.get(tenderId) ?? [],
    awardSteps: awardPublic ? awardStepViews(award!) : null,
    contracts,
  };
}

/** One of a public tender's own documents, or null (a draft's, a bid's or a return's file). */
export async function getPublicTenderFile(db: Executor, tenderId: string, fileId: string) {
  const tender = await db.selectFrom("tenders").select(["status", "published_at"]).where("id", "=", tenderId).executeTakeFirst();
  if (!tender || !isPublicTender({ storedStatus: tender.status, publishedAt: tender.published_at })) return null;
  const file = await getFileWithContent(db, fileId);
  return file && file.owner_type === "tender" && file.owner_id === tenderId ? file : null;
}

/** For a page of public tenders: the winners of each awarded one, by tender id (one query). */
export async function winnersByTender(db: Executor, tenderIds: readonly string[]): Promise<Map<string, string[]>> {
  const winners = new Map<string, string[]>();
  if (tenderIds.length === 0) return winners;
  const rows = await db.selectFrom("bids").innerJoin("organisations", "organisations.id", "bids.organisation_id")
    .innerJoin("tenders", "tenders.id", "bids.tender_id")
    .select(["bids.tender_id", "organisations.name"])
    .where("bids.tender_id", "in", [...tenderIds]).where("bids.status", "=", "successful")
    // Public with the award: its notice, or the contract (tenderersArePublic in policies/tenders).
    .where((eb) => eb.or([eb("tenders.status", "=", "awarded"), eb("tenders.award_notice_at", "is not", null)]))
    .orderBy("organisations.name").execute();
  for (const r of rows) winners.set(r.tender_id, [...(winners.get(r.tender_id) ?? []), r.name]);
  return winners;
}
