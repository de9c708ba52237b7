// What the panel's and the moderating officer's forms accept. The criteria and bids of a
// tender decide the fields, so most schemas here are built for the tender at hand.
// Field names carry the record id after a dot ("score.<criterionId>"), so each error sits
// beside its own field and the error summary links to it.
// The schemas are in panel.server.ts; this module holds what pages may import too (no zod here,
// which would reach the browser).

export const MAX_COMMENT_LENGTH = 2000;

export const MAX_REASON_LENGTH = 1000;

export const MAX_FEEDBACK_LENGTH = 5000;

export const PANEL_MESSAGES = {
  scoringDueFormat: "Enter the date scores are due as a real date, like 2027-01-29, or leave it empty",
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

/**
 * The officer's consensus for one bid: fields <bidId>.score.<criterionId> and
 * <bidId>.rationale.<criterionId>, so every bid's form on the moderation page has its own ids.
 */
export const consensusFieldPrefix = (bidId: string): string => `${bidId}.`;

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
