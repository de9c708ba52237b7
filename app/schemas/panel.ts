// What the panel's and the moderating officer's forms accept. The criteria and bids of a
// tender decide the fields, so most schemas here are built for the tender at hand.
// Field names carry the record id after a dot ("score.<criterionId>"), so each error sits
// beside its own field and the error summary links to it.
import { z } from "zod";
import { normaliseNewlines } from "~/lib/forms";

export const MAX_COMMENT_LENGTH = 2000;
export const MAX_REASON_LENGTH = 1000;
export const MAX_FEEDBACK_LENGTH = 5000;

export const PANEL_MESSAGES = {
  declarationChoice: (bid: string) => `Select whether you have a conflict of interest with ${bid}`,
  conflictReason: (bid: string) => `Enter the reason for your conflict of interest with ${bid}`,
  reasonLength: `The reason must be ${MAX_REASON_LENGTH.toLocaleString("en-GB")} characters or fewer`,
  score: (criterion: string, max: number) => `Enter a score from 0 to ${max} for ${criterion}`,
  comment: (criterion: string) => `Enter a comment for ${criterion}`,
  commentLength: (criterion: string) =>
    `The comment for ${criterion} must be ${MAX_COMMENT_LENGTH.toLocaleString("en-GB")} characters or fewer`,
  consensusScore: (criterion: string, max: number) => `Enter a consensus score from 0 to ${max} for ${criterion}`,
  rationale: (criterion: string) => `Enter the rationale for the consensus score for ${criterion}`,
  rationaleLength: (criterion: string) =>
    `The rationale for ${criterion} must be ${MAX_COMMENT_LENGTH.toLocaleString("en-GB")} characters or fewer`,
  member: "Select a panel member",
  reopenReason: "Enter why you are reopening this member's scores",
  decision: (bid: string) => `Select whether the bid from ${bid} is successful or unsuccessful`,
  feedback: (bid: string) => `Enter the feedback for ${bid}`,
  feedbackLength: (bid: string) => `The feedback for ${bid} must be ${MAX_FEEDBACK_LENGTH.toLocaleString("en-GB")} characters or fewer`,
  overrideReason: "Enter why the award may go beyond the remaining allocation",
} as const;

const text = z.string().optional().transform((v) => normaliseNewlines(v ?? "").trim());

// ---------------------------------------------------------------------------------------
// Declarations of interest: one choice per bid the member has not yet declared on.

export interface DeclarableBid {
  id: string;
  /** How the bid is named in messages: "Strong Families (Red Rose Family Support)". */
  label: string;
}

export interface DeclarationInput {
  bidId: string;
  conflict: boolean;
  reason: string | null;
}

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

// ---------------------------------------------------------------------------------------
// Scores (a member's) and consensus scores (the moderated ones): a score 0..max and a
// comment per criterion. Both blank leaves the criterion unscored, so progress can be saved.

export interface CriterionForForm {
  id: string;
  name: string;
  maxScore: number;
}

export interface ScoreEntry {
  criterionId: string;
  /** null: left blank, so not scored (yet). */
  score: number | null;
  comment: string;
}

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

/**
 * The officer's consensus for one bid: fields <bidId>.score.<criterionId> and
 * <bidId>.rationale.<criterionId>, so every bid's form on the moderation page has its own ids.
 */
export const consensusFieldPrefix = (bidId: string): string => `${bidId}.`;
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

/** Reopen a member's submitted scores, saying why. */
export const reopenScoresSchema = z.object({
  userId: memberSchema,
  reason: text
    .refine((v) => v.length > 0, PANEL_MESSAGES.reopenReason)
    .refine((v) => v.length <= MAX_REASON_LENGTH, PANEL_MESSAGES.reasonLength),
});

// ---------------------------------------------------------------------------------------
// Decisions and the award.

export type Decision = "successful" | "unsuccessful";

export interface DecisionInput {
  bidId: string;
  decision: Decision;
  feedback: string;
}

export interface AwardInput {
  decisions: DecisionInput[];
  /** Set when the officer ticked the override for going beyond the remaining allocation. */
  overrideReason: string | null;
}

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
