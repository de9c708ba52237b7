// The snapshot: what was submitted, kept in return_versions.content_json as canonical JSON
// (keys sorted, no spaces), so the same return always gives the same text and two versions
// can be compared section by section (see changedSections, and version-diffs.server.ts for
// the officer's field-by-field view); and the versions a return has.
import type { Executor } from "../../../db/client";
import { RETURN_SECTIONS, type AgeBand, type BudgetCategory, type IndicatorDirection, type IndicatorMeasure, type ReturnSection } from "../../../db/schema";
import type { NarrativeField } from "~/schemas/returns";
import { canonicalJson } from "~/lib/canonical-json";
import type { FilingIndicator, ReturnDetail } from "./detail.server";

export interface ReturnSnapshot {
  format: "return-snapshot-v1";
  return_id: string;
  project_id: string;
  project_reference: string;
  quarter: string;
  period_start: string;
  period_end: string;
  due_date: string;
  /** Every indicator of the project, in the project's order. */
  outputs: SnapshotIndicator[];
  outcomes: SnapshotIndicator[];
  /** Every budget category, in the fixed order; amount_pence null when left blank (nothing spent). */
  spend: { category: BudgetCategory; profile_pence: number; amount_pence: number | null; variance_reason: string | null }[];
  /** Every age band, in the fixed order, with the totals. */
  beneficiaries: {
    bands: { age_band: AgeBand; new_count: number; continuing_count: number }[];
    total_new: number;
    total_continuing: number;
    total: number;
  };
  narrative: Record<NarrativeField, string | null>;
  /** In the order they were added. */
  case_studies: {
    id: string;
    title: string;
    story: string;
    consent_confirmed: boolean;
    personal_data_override: string | null;
    themes: { id: string; name: string }[];
    indicators: { id: string; name: string }[];
  }[];
  /** In the order they were uploaded. */
  evidence: { id: string; filename: string; content_type: string; size_bytes: number; sha256: string }[];
}

export interface SnapshotIndicator {
  indicator_id: string;
  name: string;
  unit: string;
  measure: IndicatorMeasure;
  direction: IndicatorDirection;
  target: number | null;
  actual: number | null;
  comment: string | null;
}

/** The keys of a snapshot that hold a section, by section. */
export const SNAPSHOT_SECTION_KEYS: Record<ReturnSection, keyof ReturnSnapshot> = {
  outputs: "outputs",
  outcomes: "outcomes",
  spend: "spend",
  beneficiaries: "beneficiaries",
  narrative: "narrative",
  case_studies: "case_studies",
  evidence: "evidence",
};

/** The whole return as it stands, in the snapshot's shape. Pure: give it getReturnDetail's result. */
export function buildReturnSnapshot(detail: ReturnDetail): ReturnSnapshot {
  const indicator = (i: FilingIndicator): SnapshotIndicator => ({
    indicator_id: i.id, name: i.name, unit: i.unit, measure: i.measure, direction: i.direction,
    target: i.target, actual: i.actual, comment: i.comment,
  });
  const bands = detail.beneficiaries.map((b) => ({ age_band: b.ageBand, new_count: b.newCount, continuing_count: b.continuingCount }));
  const totalNew = bands.reduce((s, b) => s + b.new_count, 0);
  const totalContinuing = bands.reduce((s, b) => s + b.continuing_count, 0);
  return {
    format: "return-snapshot-v1",
    return_id: detail.id,
    project_id: detail.projectId,
    project_reference: detail.projectReference,
    quarter: detail.quarter,
    period_start: detail.periodStart,
    period_end: detail.periodEnd,
    due_date: detail.dueDate,
    outputs: detail.indicators.filter((i) => i.kind === "output").map(indicator),
    outcomes: detail.indicators.filter((i) => i.kind === "outcome").map(indicator),
    spend: detail.spend.map((s) => ({ category: s.category, profile_pence: s.profilePence, amount_pence: s.amountPence, variance_reason: s.varianceReason })),
    beneficiaries: { bands, total_new: totalNew, total_continuing: totalContinuing, total: totalNew + totalContinuing },
    narrative: { ...detail.narrative },
    case_studies: detail.caseStudies.map((c) => ({
      id: c.id, title: c.title, story: c.story, consent_confirmed: c.consentConfirmed, personal_data_override: c.personalDataOverride,
      themes: c.themes, indicators: c.indicators,
    })),
    evidence: detail.evidence.map((f) => ({ id: f.id, filename: f.filename, content_type: f.contentType, size_bytes: f.sizeBytes, sha256: f.sha256 })),
  };
}

/** The snapshot as stored: canonical JSON. */
export function snapshotJson(snapshot: ReturnSnapshot): string {
  return canonicalJson(snapshot);
}

/** A stored version's content, or null when it is not a snapshot this code knows. */
export function parseReturnSnapshot(json: string): ReturnSnapshot | null {
  try {
    const value = JSON.parse(json) as ReturnSnapshot;
    return value && value.format === "return-snapshot-v1" ? value : null;
  } catch {
    return null;
  }
}

/** The sections whose content differs between two snapshots (for "what changed since version 1"). */
export function changedSections(before: ReturnSnapshot, after: ReturnSnapshot): ReturnSection[] {
  return RETURN_SECTIONS.filter((s) => canonicalJson(before[SNAPSHOT_SECTION_KEYS[s]]) !== canonicalJson(after[SNAPSHOT_SECTION_KEYS[s]]));
}

// ---------------------------------------------------------------------------------------
// The versions.

export interface VersionSummary {
  number: number;
  submittedAt: string;
  submittedByName: string | null;
}

export async function listVersions(db: Executor, returnId: string): Promise<VersionSummary[]> {
  const rows = await db
    .selectFrom("return_versions")
    .leftJoin("users", "users.id", "return_versions.submitted_by")
    .select(["return_versions.number", "return_versions.submitted_at", "users.name"])
    .where("return_versions.return_id", "=", returnId)
    .orderBy("return_versions.number")
    .execute();
  return rows.map((r) => ({ number: Number(r.number), submittedAt: r.submitted_at, submittedByName: r.name }));
}

/** The snapshots of the versions asked for, parsed; a snapshot that is not JSON reads as empty. */
export async function versionContents(db: Executor, returnId: string, numbers: readonly number[]): Promise<Map<number, unknown>> {
  if (numbers.length === 0) return new Map();
  const rows = await db
    .selectFrom("return_versions")
    .select(["number", "content_json"])
    .where("return_id", "=", returnId)
    .where("number", "in", [...numbers])
    .execute();
  return new Map(
    rows.map((r) => {
      try {
        return [Number(r.number), JSON.parse(r.content_json) as unknown];
      } catch {
        return [Number(r.number), {}];
      }
    }),
  );
}
