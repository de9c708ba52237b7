// The fingerprint: a SHA-256 of a canonical JSON of what was submitted, so a receipt can
// prove later exactly what was sent and against which version of the tender.
import { createHash } from "node:crypto";
import { byString, canonicalJson } from "~/lib/canonical-json";
import type { BidDetail } from "./read.server";

export interface CanonicalBid {
  format: "bid-fingerprint-v1";
  bid_id: string;
  tender_id: string;
  /** The tender as it stood when the bid was submitted or confirmed. */
  tender_version: number;
  organisation_id: string;
  district_id: string | null;
  title: string;
  amount_pence: number | null;
  /** In the order of the tender's questions. */
  answers: { question_id: string; answer: string }[];
  /** Sorted by quarter, then category name. */
  budget: { quarter: string; category: string; amount_pence: number }[];
  /** In the bid's order. */
  indicators: { kind: string; name: string; definition: string; unit: string; targets: Record<string, number> }[];
  /** Sorted by hash, then file name. */
  attachments: { filename: string; sha256: string }[];
}

export function canonicalBidContent(detail: BidDetail): CanonicalBid {
  return {
    format: "bid-fingerprint-v1",
    bid_id: detail.id,
    tender_id: detail.tenderId,
    tender_version: detail.tender.version,
    organisation_id: detail.organisationId,
    district_id: detail.districtId,
    title: detail.title,
    amount_pence: detail.amountPence,
    answers: detail.tender.questions
      .filter((q) => detail.answers[q.id] !== undefined)
      .map((q) => ({ question_id: q.id, answer: detail.answers[q.id] })),
    budget: detail.budget
      .map((l) => ({ quarter: l.quarter, category: l.category, amount_pence: l.amountPence }))
      .sort((a, b) => byString(a.quarter, b.quarter) || byString(a.category, b.category)),
    indicators: detail.indicators.map((i) => ({ kind: i.kind, name: i.name, definition: i.definition, unit: i.unit, targets: i.targets })),
    attachments: detail.attachments
      .map((f) => ({ filename: f.filename, sha256: f.sha256 }))
      .sort((a, b) => byString(a.sha256, b.sha256) || byString(a.filename, b.filename)),
  };
}

export function bidFingerprint(detail: BidDetail): string {
  return createHash("sha256").update(canonicalJson(canonicalBidContent(detail)), "utf8").digest("hex");
}

