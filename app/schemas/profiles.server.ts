// What an officer types on a district's profile, checked on the server: the agreed action on an
// indicator at risk, the recommendation and commentary, publishing, and the county pack.
// Server-only (.server) so that zod stays out of the pages' browser code.
import { z } from "zod";
import { normaliseNewlines } from "~/lib/forms";
import { PROJECT_RECOMMENDATION_LABELS, PROJECT_RECOMMENDATIONS } from "./profiles";

export const agreedActionSchema = z.object({
  action: z.string().trim().min(1, "Enter the agreed action").max(1000, "The agreed action must be 1,000 characters or fewer"),
  owner: z.string().trim().min(1, "Enter who owns the action").max(120, "The owner must be 120 characters or fewer"),
  due_date: z.iso.date({ error: "Enter a real due date" }),
});
export type AgreedActionInput = z.infer<typeof agreedActionSchema>;

export const recommendationSchema = z.object({
  recommendation: z.enum(PROJECT_RECOMMENDATIONS, { error: "Choose what you recommend" }),
  commentary: z.string().overwrite(normaliseNewlines).trim().min(1, "Say why: the board reads this beside the figures").max(2000, "The commentary must be 2,000 characters or fewer"),
});
export type RecommendationInput = z.infer<typeof recommendationSchema>;

export const districtCommentarySchema = z.object({
  commentary: z.string().overwrite(normaliseNewlines).trim().min(1, "Enter the commentary").max(4000, "The commentary must be 4,000 characters or fewer"),
});

/** Publishing: the latest edition the officer saw, and whether this one is public too (off unless ticked). */
export const publishProfileSchema = z.object({
  expected_edition: z.string().regex(/^\d{1,6}$/, "Reload the page and publish again.").transform(Number),
  public: z.literal("yes").optional(),
});


/** Building a county pack: the quarter, and a draft to check or an edition to publish. */
export const countyPackSchema = z.object({
  quarter: z.string().trim().regex(/^\d{4}-\d{2} Q[1-4]$/, "Choose a quarter from the list"),
  // Without a choice, the safe one: a draft.
  kind: z.enum(["draft", "publish"], { error: "Choose whether to build a draft or publish" }).default("draft"),
});
