// What the officer's review forms accept. A query is one comment box per section of the
// return and one per figure (indicator); any of them may be left empty, but not all.
// Field names carry the section or indicator after a dot ("section.spend",
// "figure.<indicatorId>") so each message sits beside its own box.
import { z } from "zod";
import { RETURN_SECTIONS, type ReturnSection } from "../../db/schema";
import { versionField } from "~/schemas/fields";

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

const text = z.string().optional().transform((v) => (v ?? "").replace(/\r\n/g, "\n").trim());

export const reviewVersionField = versionField(REVIEW_MESSAGES.version);

/** Both review forms carry the version of the return the officer saw. */
export const reviewVersionSchema = z.object({ version: reviewVersionField });

/** The sections a query can comment on, in the order of the return. */
export const QUERY_SECTIONS = RETURN_SECTIONS.map((s) => ({ key: s, label: SECTION_LABELS[s] }));

/** The query form for a return with these figures. Comments come out in the order of the return. */
export function querySchema(figures: readonly QueryFigure[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const section of RETURN_SECTIONS) {
    shape[`section.${section}`] = text.refine((v) => v.length <= MAX_QUERY_COMMENT_LENGTH, REVIEW_MESSAGES.commentLength(SECTION_LABELS[section].toLowerCase()));
  }
  for (const f of figures) {
    shape[`figure.${f.indicatorId}`] = text.refine((v) => v.length <= MAX_QUERY_COMMENT_LENGTH, REVIEW_MESSAGES.commentLength(f.label));
  }
  return z
    .object(shape)
    .superRefine((values, ctx) => {
      const any = Object.keys(shape).some((key) => typeof values[key] === "string" && (values[key] as string).length > 0);
      if (!any) ctx.addIssue({ code: "custom", path: [FIRST_COMMENT_FIELD], message: REVIEW_MESSAGES.noComments });
    })
    .transform((values): QueryComment[] => {
      const out: QueryComment[] = [];
      for (const section of RETURN_SECTIONS) {
        const sectionComment = values[`section.${section}`] as string;
        if (sectionComment) out.push({ section, indicatorId: null, comment: sectionComment });
        for (const f of figures.filter((x) => x.section === section)) {
          const figureComment = values[`figure.${f.indicatorId}`] as string;
          if (figureComment) out.push({ section, indicatorId: f.indicatorId, comment: figureComment });
        }
      }
      return out;
    });
}
