// The words a profile is read in, shared by the web page, the PDF and the spreadsheets so a
// board member sees the same wording everywhere. Not a .server module: components render these.
import { formatPence } from "~/lib/money";
import type { ProfileProject, Rag, Trend } from "./types";
import { PERFORMANCE_RATING_LABELS } from "~/models/projects/performance";

// Colour is never the only signal: every RAG mark carries one of these.
export const RAG_WORDS: Record<Rag, string> = { green: "Green", amber: "Amber", red: "Red" };
export const RAG_LETTERS: Record<Rag, string> = { green: "G", amber: "A", red: "R" };
export const RAGS: readonly Rag[] = ["green", "amber", "red"];

// Words rather than arrows: the PDF's built-in Helvetica has no arrow glyphs.
export const TREND_WORDS: Record<Exclude<Trend, null>, string> = { up: "Up", down: "Down", same: "Same" };

export const VISIT_GRADE_WORDS: Record<number, string> = { 1: "Outstanding", 2: "Good", 3: "Adequate", 4: "Inadequate" };

export const RETURN_STATUS_WORDS: Record<string, string> = {
  not_started: "Not started",
  draft: "Draft",
  submitted: "Submitted",
  queried: "Queried",
  resubmitted: "Resubmitted",
  approved: "Approved",
};

/** "Green", or "–" where there is no figure to rate. */
export function ragWord(rag: Rag | null): string {
  return rag ? RAG_WORDS[rag] : "–";
}

/** "Up", "Down", "Same", or "–" where there is no previous quarter to compare with. */
export function trendWord(trend: Trend): string {
  return trend ? TREND_WORDS[trend] : "–";
}

/** "2 Good", or "Not visited". */
/** The latest visit and the annual performance assessment, in one cell: "2 Good; assessed 2025-26: Good". */
export function visitAndAssessmentText(p: Pick<ProfileProject, "visitGrade" | "assessment">): string {
  const visit = visitGradeText(p.visitGrade);
  return p.assessment ? `${visit}; assessed ${p.assessment.yearLabel}: ${PERFORMANCE_RATING_LABELS[p.assessment.rating]}` : visit;
}

export function visitGradeText(grade: number | null): string {
  if (grade === null) return "Not visited";
  const word = VISIT_GRADE_WORDS[grade];
  return word ? `${grade} ${word}` : String(grade);
}

/** 3.5557 → "£3.56 for every £1 spent"; null (nothing spent yet) → "–". */
export function formatPerPound(perPound: number | null): string {
  if (perPound === null || !Number.isFinite(perPound)) return "–";
  return `${formatPence(Math.round(perPound * 100))} for every £1 spent`;
}

/** A count for people: 1204 → "1,204". */
export function formatCount(n: number): string {
  return n.toLocaleString("en-GB");
}

