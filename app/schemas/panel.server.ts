// The zod schemas of ~/schemas/panel: checked on the server only (a .server module never reaches
// the browser, and any page importing zod would carry all of it there). The words, limits and
// field names they use are in panel.ts, which pages may import.
import { z } from "zod";
import { normaliseNewlines } from "~/lib/forms";
import { isSensibleIsoDate } from "~/lib/dates";
import { AwardInput, CriterionForForm, Decision, DeclarableBid, DeclarationInput, MAX_COMMENT_LENGTH, MAX_FEEDBACK_LENGTH, MAX_REASON_LENGTH, PANEL_MESSAGES, ScoreEntry, consensusFieldPrefix } from "./panel";

const text = z.string().optional().transform((v) => normaliseNewlines(v ?? "").trim());

export function declarationsSchema(bids: readonly DeclarableBid[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const bid of bids) {
    shape[`declaration.${bid.id}`] = z.enum(["none", "conflict"], { error: PANEL_MESSAGES.declarationChoice(bid.label) });
    shape[`reason.${bid.id}`] = text.refine((v) => v.length <= MAX_REASON_LENGTH, PANEL_MESSAGES.reasonLength);
  }
  return z
    .object(shape)
    .superRefine((values, ctx) => {
      for (const bid of bids) {
        if (values[`declaration.${bid.id}`] === "conflict" && !values[`reason.${bid.id}`]) {
          ctx.addIssue({ code: "custom", path: [`reason.${bid.id}`], message: PANEL_MESSAGES.conflictReason(bid.label) });
        }
      }
    })
    .transform((values): DeclarationInput[] =>
      bids.map((bid) => {
        const conflict = values[`declaration.${bid.id}`] === "conflict";
        return { bidId: bid.id, conflict, reason: conflict ? String(values[`reason.${bid.id}`]) : null };
      }),
    );
}

/** A conflict found while reading a bid the member had declared no interest in. */
export const lateConflictSchema = (bidLabel: string) =>
  z.object({
    reason: z
      .string()
      .optional()
      .transform((v) => (v ?? "").trim())
      .refine((v) => v.length > 0, PANEL_MESSAGES.conflictReason(bidLabel))
      .refine((v) => v.length <= MAX_REASON_LENGTH, PANEL_MESSAGES.reasonLength),
  });

function scoreEntriesSchema(
  criteria: readonly CriterionForForm[],
  prefix: string,
  words: { comment: string; scoreMessage: (c: string, max: number) => string; commentMessage: (c: string) => string; lengthMessage: (c: string) => string },
) {
  const shape: Record<string, z.ZodType> = {};
  for (const c of criteria) {
    shape[`${prefix}score.${c.id}`] = text;
    shape[`${prefix}${words.comment}.${c.id}`] = text;
  }
  return z
    .object(shape)
    .superRefine((values, ctx) => {
      for (const c of criteria) {
        const score = String(values[`${prefix}score.${c.id}`]);
        const comment = String(values[`${prefix}${words.comment}.${c.id}`]);
        if (score === "" && comment === "") continue;
        if (!/^\d{1,3}$/.test(score) || Number(score) > c.maxScore) {
          ctx.addIssue({ code: "custom", path: [`${prefix}score.${c.id}`], message: words.scoreMessage(c.name, c.maxScore) });
        }
        if (comment === "") {
          ctx.addIssue({ code: "custom", path: [`${prefix}${words.comment}.${c.id}`], message: words.commentMessage(c.name) });
        } else if (comment.length > MAX_COMMENT_LENGTH) {
          ctx.addIssue({ code: "custom", path: [`${prefix}${words.comment}.${c.id}`], message: words.lengthMessage(c.name) });
        }
      }
    })
    .transform((values): ScoreEntry[] =>
      criteria.map((c) => {
        const score = String(values[`${prefix}score.${c.id}`]);
        return { criterionId: c.id, score: score === "" ? null : Number(score), comment: String(values[`${prefix}${words.comment}.${c.id}`]) };
      }),
    );
}

/** A panel member's scores for one bid: fields score.<criterionId> and comment.<criterionId>. */
export const scoresSchema = (criteria: readonly CriterionForForm[]) =>
  scoreEntriesSchema(criteria, "", {
    comment: "comment",
    scoreMessage: PANEL_MESSAGES.score,
    commentMessage: PANEL_MESSAGES.comment,
    lengthMessage: PANEL_MESSAGES.commentLength,
  });

export const consensusSchema = (criteria: readonly CriterionForForm[], bidId: string) =>
  scoreEntriesSchema(criteria, consensusFieldPrefix(bidId), {
    comment: "rationale",
    scoreMessage: PANEL_MESSAGES.consensusScore,
    commentMessage: PANEL_MESSAGES.rationale,
    lengthMessage: PANEL_MESSAGES.rationaleLength,
  });

// ---------------------------------------------------------------------------------------
// The officer's panel page: add, remove, reopen.

const memberSchema = z.string({ error: PANEL_MESSAGES.member }).trim().min(1, PANEL_MESSAGES.member);

/** Add a member, or take one off the panel. */
export const panelMemberSchema = z.object({ userId: memberSchema });

/** The day the panel's scores are due: a real date, or empty for none. */
export const scoringDueSchema = z.object({
  scoring_due_on: z.string({ error: PANEL_MESSAGES.scoringDueFormat }).trim()
    .refine((v) => v === "" || isSensibleIsoDate(v), PANEL_MESSAGES.scoringDueFormat)
    .transform((v) => v || null),
});

/** Reopen a member's submitted scores, saying why. */
export const reopenScoresSchema = z.object({
  userId: memberSchema,
  reason: text
    .refine((v) => v.length > 0, PANEL_MESSAGES.reopenReason)
    .refine((v) => v.length <= MAX_REASON_LENGTH, PANEL_MESSAGES.reasonLength),
});

export function awardSchema(bids: readonly DeclarableBid[]) {
  const shape: Record<string, z.ZodType> = {
    override: z.string().optional(),
    overrideReason: text.refine((v) => v.length <= MAX_REASON_LENGTH, PANEL_MESSAGES.reasonLength),
  };
  for (const bid of bids) {
    shape[`decision.${bid.id}`] = z.enum(["successful", "unsuccessful"], { error: PANEL_MESSAGES.decision(bid.label) });
    shape[`feedback.${bid.id}`] = text
      .refine((v) => v.length > 0, PANEL_MESSAGES.feedback(bid.label))
      .refine((v) => v.length <= MAX_FEEDBACK_LENGTH, PANEL_MESSAGES.feedbackLength(bid.label));
  }
  return z
    .object(shape)
    .superRefine((values, ctx) => {
      if (values.override === "yes" && !values.overrideReason) {
        ctx.addIssue({ code: "custom", path: ["overrideReason"], message: PANEL_MESSAGES.overrideReason });
      }
    })
    .transform(
      (values): AwardInput => ({
        decisions: bids.map((bid) => ({
          bidId: bid.id,
          decision: values[`decision.${bid.id}`] as Decision,
          feedback: String(values[`feedback.${bid.id}`]),
        })),
        overrideReason: values.override === "yes" ? String(values.overrideReason) : null,
      }),
    );
}
