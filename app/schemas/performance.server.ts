// The zod schemas of ~/schemas/performance: checked on the server only (a .server module never reaches
// the browser, and any page importing zod would carry all of it there). The words, limits and
// field names they use are in performance.ts, which pages may import.
import { z } from "zod";
import { normaliseNewlines, readVersion } from "~/lib/forms";
import { PERFORMANCE_RATINGS, PERFORMANCE_RATING_LABELS, type PerformanceRating } from "~/models/projects/performance";
import { MAX_PERFORMANCE_REASON, ratingField, reasonField } from "./performance";

export function performanceSchema(year: number, proposed: PerformanceRating | null) {
  return z
    .object({
      // 0: the year has no confirmed rating yet; otherwise the version the officer read.
      version: z.unknown().transform((v, ctx) => {
        const version = v === "0" ? 0 : readVersion(v);
        if (version !== null) return version;
        ctx.addIssue({ code: "custom", message: "This page is out of date. Reload it and try again." });
        return z.NEVER;
      }),
      [ratingField(year)]: z.enum(PERFORMANCE_RATINGS as [PerformanceRating, ...PerformanceRating[]], { error: "Select the year's rating" }),
      [reasonField(year)]: z.string().optional()
        .transform((v) => normaliseNewlines(v ?? "").trim())
        .refine((v) => v.length <= MAX_PERFORMANCE_REASON, `The reason must be ${MAX_PERFORMANCE_REASON.toLocaleString("en-GB")} characters or fewer`),
    })
    .superRefine((values, ctx) => {
      const rating = values[ratingField(year)] as PerformanceRating | undefined;
      if (rating && rating !== proposed && !values[reasonField(year)]) {
        ctx.addIssue({
          code: "custom",
          path: [reasonField(year)],
          message: proposed
            ? `Say why the rating is not the proposed one (${PERFORMANCE_RATING_LABELS[proposed]})`
            : "Say what the rating is based on: there were no approved figures or visits to propose one from",
        });
      }
    })
    .transform((values) => ({
      version: values.version as number,
      rating: values[ratingField(year)] as PerformanceRating,
      reason: values[reasonField(year)] as string,
    }));
}
