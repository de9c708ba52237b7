// Snapshots: what the audit log and amendments record of a tender, in words a reader
// understands, and the difference between two of them.
import type { Executor } from "../../../db/client";
import type { TenderInput } from "~/schemas/tenders";
import type { TenderDetail } from "./read.server";
import { PROCEDURE_LABELS } from "./procedures";

export interface TenderSnapshot {
  title: string;
  specification: string;
  funding_stream: string;
  districts: string[];
  themes: string[];
  max_budget_pence: number;
  procedure: string;
  contract_start: string;
  contract_end: string;
  opens_at: string;
  closes_at: string;
  clarifications_close_at: string | null;
  criteria: { name: string; weight_percent: number; guidance: string; max_score: number }[];
  questions: { text: string; word_limit: number; criterion: string | null }[];
  attachments: string[];
}

export function snapshotOfDetail(d: TenderDetail): TenderSnapshot {
  const criterionName = new Map(d.criteria.map((c) => [c.id, c.name]));
  return {
    title: d.title,
    specification: d.specification,
    funding_stream: d.fundingStream.name,
    districts: d.districts.map((x) => x.name).sort(),
    themes: d.themes.map((x) => x.name).sort(),
    max_budget_pence: d.maxBudgetPence,
    procedure: PROCEDURE_LABELS[d.procedure],
    contract_start: d.contractStart,
    contract_end: d.contractEnd,
    opens_at: d.opensAt,
    closes_at: d.closesAt,
    clarifications_close_at: d.clarificationsCloseAt,
    criteria: d.criteria.map((c) => ({ name: c.name, weight_percent: c.weightPercent, guidance: c.guidance, max_score: c.maxScore })),
    questions: d.questions.map((q) => ({ text: q.text, word_limit: q.wordLimit, criterion: q.criterionId ? (criterionName.get(q.criterionId) ?? null) : null })),
    attachments: d.attachments.map((a) => a.filename),
  };
}

export async function snapshotOfInput(db: Executor, input: TenderInput, attachments: string[]): Promise<TenderSnapshot> {
  const [districts, themes, stream] = await Promise.all([
    input.districtIds.length ? db.selectFrom("districts").select("name").where("id", "in", input.districtIds).execute() : [],
    input.themeIds.length ? db.selectFrom("themes").select("name").where("id", "in", input.themeIds).execute() : [],
    db.selectFrom("funding_streams").select("name").where("id", "=", input.fundingStreamId).executeTakeFirst(),
  ]);
  const criterionName = new Map(input.criteria.map((c) => [c.slot, c.name]));
  return {
    title: input.title,
    specification: input.specification,
    funding_stream: stream?.name ?? input.fundingStreamId,
    districts: districts.map((x) => x.name).sort(),
    themes: themes.map((x) => x.name).sort(),
    max_budget_pence: input.maxBudgetPence,
    procedure: PROCEDURE_LABELS[input.procedure],
    contract_start: input.contractStart,
    contract_end: input.contractEnd,
    opens_at: input.opensAt,
    closes_at: input.closesAt,
    clarifications_close_at: input.clarificationsCloseAt,
    criteria: input.criteria.map((c) => ({ name: c.name, weight_percent: c.weightPercent, guidance: c.guidance, max_score: c.maxScore })),
    questions: input.questions.map((q) => ({
      text: q.text, word_limit: q.wordLimit, criterion: q.criterionSlot === null ? null : (criterionName.get(q.criterionSlot) ?? null),
    })),
    attachments,
  };
}

export type TenderChanges = Partial<{ [K in keyof TenderSnapshot]: { before: TenderSnapshot[K]; after: TenderSnapshot[K] } }>;

export function diffSnapshots(before: TenderSnapshot, after: TenderSnapshot): TenderChanges {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const key of Object.keys(before) as (keyof TenderSnapshot)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = { before: before[key], after: after[key] };
  }
  return changes as TenderChanges;
}

