// The zod schemas of ~/schemas/return-review: checked on the server only (a .server module never reaches
// the browser, and any page importing zod would carry all of it there). The words, limits and
// field names they use are in return-review.ts, which pages may import.
import { z } from "zod";
import { RETURN_SECTIONS } from "../../db/schema";
import { versionField } from "~/schemas/fields.server";
import { FIRST_COMMENT_FIELD, MAX_QUERY_COMMENT_LENGTH, QueryComment, QueryFigure, REVIEW_MESSAGES, SECTION_LABELS } from "./return-review";

const text = z.string().optional().transform((v) => (v ?? "").replace(/\r\n/g, "\n").trim());

export const reviewVersionField = versionField(REVIEW_MESSAGES.version);

/** Both review forms carry the version of the return the officer saw. */
export const reviewVersionSchema = z.object({ version: reviewVersionField });

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
