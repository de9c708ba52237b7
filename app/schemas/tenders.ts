// What the tender forms accept. The form has a fixed number of row slots for criteria
// and questions (it works without JavaScript), so rows arrive as flat fields named
// `criteria.2.weight`; blank rows are ignored and every message is keyed by the name of
// the field it belongs to, so the error summary links straight to it.
//
// Shared by the browser and the server: the UK-time helpers here also fill the form in.
// The schemas are in tenders.server.ts; this module holds what pages may import too (no zod here,
// which would reach the browser).
import type { FieldErrors, FormValues } from "~/lib/forms";
import type { TenderRecord } from "~/policies/tenders";
import type { TenderProcedure } from "~/models/tenders/procedures";

export type TenderStatus = TenderRecord["status"];

export const TENDER_STATUS_LABELS: Record<TenderStatus, string> = {
  draft: "Draft",
  upcoming: "Opens soon",
  open: "Open",
  closed: "Closed",
  evaluation: "In evaluation",
  award_pending: "Award pending",
  awarded: "Awarded",
  cancelled: "Cancelled",
};

export const TENDER_STATUS_TAG_CLASSES: Record<TenderStatus, string> = {
  draft: "govuk-tag govuk-tag--grey",
  upcoming: "govuk-tag govuk-tag--blue",
  open: "govuk-tag govuk-tag--green",
  closed: "govuk-tag govuk-tag--yellow",
  evaluation: "govuk-tag govuk-tag--purple",
  award_pending: "govuk-tag govuk-tag--pink",
  awarded: "govuk-tag govuk-tag--turquoise",
  cancelled: "govuk-tag govuk-tag--red",
};

/**
 * Row slots a form starts with (at least; a tender's own rows are all shown), and the most
 * "Add another" will give. Few, so the form stays short: a new tender's four default
 * criteria and three questions, "Add another" for more.
 */
export const CRITERIA_SLOTS = 4;

export const QUESTION_SLOTS = 3;

export const MAX_CRITERIA_SLOTS = 20;

export const MAX_QUESTION_SLOTS = 60;

export const DEFAULT_MAX_SCORE = 5;

export const MAX_WORD_LIMIT = 5000;

export const TENDER_MESSAGES = {
  clarificationsCloseFormat: "The last time for questions must be real, like 25 May 2026 at 17:00, or left empty",
  clarificationsCloseOrder: "The last time for questions must be after the tender opens and before it closes",
  procedure: "Choose how the tender is run",
  title: "Enter a title for the tender",
  titleLength: "The title must be 200 characters or fewer",
  specification: "Enter the specification",
  specificationLength: "The specification must be 50,000 characters or fewer",
  districts: "Choose at least one district",
  districtsUnknown: "Choose districts from the list",
  districtsNotCovered: "Choose only districts you cover",
  fundingStream: "Choose the funding stream",
  fundingStreamUnknown: "Choose a funding stream from the list",
  themesUnknown: "Choose themes from the list",
  budget: "Enter the maximum budget",
  budgetFormat: "Enter the maximum budget in pounds and pence, like 25,000 or 25000.50",
  budgetPositive: "The maximum budget must be more than £0",
  contractStart: "Enter the contract start date",
  contractStartFormat: "The contract start date must be a real date, like 2027-04-01",
  contractEnd: "Enter the contract end date",
  contractEndFormat: "The contract end date must be a real date, like 2028-03-31",
  contractOrder: "The contract end date must be after the start date",
  opensAt: "Enter the opening date and time",
  opensAtFormat: "The opening date and time must be real, like 1 May 2026 at 09:00",
  closesAt: "Enter the closing date and time",
  closesAtFormat: "The closing date and time must be real, like 1 June 2026 at 12:00",
  clockChange: "That time does not exist in the UK: the clocks go forward that night. Choose another time",
  closingOrder: "The closing date must be after the opening date",
  closingPast: "The closing date must be in the future",
  criteriaMissing: "Add at least one evaluation criterion",
  criterionName: "Enter the name of the criterion",
  criterionNameLength: "The criterion name must be 120 characters or fewer",
  criterionWeight: "Enter the weight as a whole number from 1 to 100",
  criterionGuidanceLength: "The guidance must be 2,000 characters or fewer",
  criterionMaxScore: "Enter a maximum score from 1 to 10",
  questionText: "Enter the question",
  questionTextLength: "The question must be 2,000 characters or fewer",
  wordLimit: `Enter a word limit from 1 to ${MAX_WORD_LIMIT.toLocaleString("en-GB")}`,
  questionCriterion: "Choose a criterion that has a name, or none",
  amendmentSummary: "Enter a summary of the changes for bidders",
  amendmentSummaryLength: "The summary must be 2,000 characters or fewer",
  material: "Choose whether this is a material change",
  version: "This form is out of date: reload the page and try again",
  cancelReason: "Enter the reason for cancelling the tender",
  cancelReasonLength: "The reason must be 2,000 characters or fewer",
  question: "Enter your question",
  questionLength: "Your question must be 2,000 characters or fewer",
  answer: "Enter the answer",
  answerLength: "The answer must be 5,000 characters or fewer",
  clarificationQuestion: "Enter the question as it will be published",
} as const;

/** The message an officer sees when the criteria weights are off. */
export function weightsMessage(total: number): string {
  return `The weights add up to ${total}%. They must add up to 100%`;
}

// ---------------------------------------------------------------------------------------
// Form parsing.

export interface CriterionInput {
  /** The form slot it came from: questions refer to criteria by slot. */
  slot: number;
  /** The stored criterion this row edits, if any (checked against the tender by the model). */
  id: string | null;
  name: string;
  weightPercent: number;
  guidance: string;
  maxScore: number;
}

export interface QuestionInput {
  slot: number;
  id: string | null;
  text: string;
  wordLimit: number;
  /** The slot of the criterion the question is scored under, or null. */
  criterionSlot: number | null;
}

export interface TenderInput {
  title: string;
  specification: string;
  fundingStreamId: string;
  districtIds: string[];
  themeIds: string[];
  maxBudgetPence: number;
  procedure: TenderProcedure;
  contractStart: string;
  contractEnd: string;
  opensAt: string;
  closesAt: string;
  /** The last time for clarification questions (ISO UTC), or null: until the tender closes. */
  clarificationsCloseAt: string | null;
  criteria: CriterionInput[];
  questions: QuestionInput[];
}

export interface TenderEditInput extends TenderInput {
  version: number;
  /** Attachments ticked for removal. */
  removeAttachmentIds: string[];
  /** Required once the tender is published: the change goes out as an amendment. */
  amendment: { summary: string; material: boolean } | null;
}

/** What the form may offer: the route passes the choices the signed-in officer has. */
export interface TenderFormOptions {
  /** Published tenders are amended: a summary and "material" are then required. */
  published?: boolean;
  /** When set, the closing time must be after this instant. */
  closingAfter?: Date;
}

/** How many row slots of a kind the submitted values hold. */
export function slotsIn(values: FormValues | undefined, kind: "criteria" | "questions"): number {
  if (!values) return 0;
  let max = -1;
  const pattern = new RegExp(`^${kind}\\.(\\d+)\\.`);
  for (const key of Object.keys(values)) {
    const m = pattern.exec(key);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max + 1;
}

export const text = (value: unknown): string => (typeof value === "string" ? value : "");

export const list = (value: unknown): string[] =>
  Array.isArray(value) ? [...new Set(value.map((v) => String(v).trim()).filter(Boolean))] : typeof value === "string" && value ? [value] : [];

/** The choices a form offered: anything else submitted is refused beside its field. */
export function choiceErrors(
  input: Pick<TenderInput, "districtIds" | "themeIds" | "fundingStreamId">,
  offered: { districtIds: readonly string[]; themeIds: readonly string[]; fundingStreamIds: readonly string[] },
): FieldErrors {
  const errors: FieldErrors = {};
  if (input.districtIds.some((d) => !offered.districtIds.includes(d))) errors.districts = TENDER_MESSAGES.districtsUnknown;
  if (input.themeIds.some((t) => !offered.themeIds.includes(t))) errors.themes = TENDER_MESSAGES.themesUnknown;
  if (!offered.fundingStreamIds.includes(input.fundingStreamId)) errors.funding_stream_id = TENDER_MESSAGES.fundingStreamUnknown;
  return errors;
}
