// What the officer's review forms accept. A query is one comment box per section of the
// return and one per figure (indicator); any of them may be left empty, but not all.
// Field names carry the section or indicator after a dot ("section.spend",
// "figure.<indicatorId>") so each message sits beside its own box.
// The schemas are in return-review.server.ts; this module holds what pages may import too (no zod here,
// which would reach the browser).
import { RETURN_SECTIONS, type ReturnSection } from "../../db/schema";

export const MAX_QUERY_COMMENT_LENGTH = 2000;

export const SECTION_LABELS: Record<ReturnSection, string> = {
  outputs: "Outputs",
  outcomes: "Outcomes",
  spend: "Spend",
  beneficiaries: "Beneficiaries",
  narrative: "Narrative",
  case_studies: "Case studies",
  evidence: "Evidence",
};

export const REVIEW_MESSAGES = {
  version: "The form was missing the return's version. Reload the page and try again.",
  noComments: "Write at least one comment for the provider: on a section of the return or on a figure",
  commentLength: (what: string) => `The comment on ${what} must be ${MAX_QUERY_COMMENT_LENGTH.toLocaleString("en-GB")} characters or fewer`,
} as const;

/** Where the error for "no comments at all" points: the first comment box. */
export const FIRST_COMMENT_FIELD = `section.${RETURN_SECTIONS[0]}`;

export interface QueryFigure {
  indicatorId: string;
  /** outputs or outcomes: the section the figure sits in. */
  section: ReturnSection;
  /** "Families supported" */
  label: string;
}

export interface QueryComment {
  section: ReturnSection;
  indicatorId: string | null;
  comment: string;
}

/** The sections a query can comment on, in the order of the return. */
export const QUERY_SECTIONS = RETURN_SECTIONS.map((s) => ({ key: s, label: SECTION_LABELS[s] }));
