// What the bid form accepts. The form's fields depend on the tender (its questions, districts
// and contract quarters), so the schema is built per tender. Two levels of checking:
// - a draft save checks formats only (money parses, targets are numbers, word limits), so a
//   provider can save half a bid at any time;
// - "save and continue" and the submission itself also need the bid to be complete and its
//   sums to agree (checkBidComplete).
// Field names are flat so a plain HTML form posts them and the same names come back as the
// keys of the errors: "answer.<questionId>", "budget.<quarter>.<category>",
// "indicators.<row>.target.<quarter>".
// The schemas are in bids.server.ts; this module holds what pages may import too (no zod here,
// which would reach the browser).
import type { BidStatus, BudgetCategory } from "../../db/schema";
import type { FieldErrors } from "~/lib/forms";
import { formatPence } from "~/lib/money";
import { countWords } from "~/lib/words";
import { ukToday } from "~/lib/dates";
import { kpisRequired, MIN_KPIS, thresholdsOn } from "~/models/tenders/procedures";
import { indicatorField, indicatorRows, MAX_INDICATOR_ROWS, targetField } from "~/schemas/indicator-rows";

export { indicatorField, indicatorRows, MAX_INDICATOR_ROWS, targetField };

export const BID_STATUS_LABELS: Record<BidStatus, string> = {
  draft: "Draft",
  submitted: "Submitted",
  withdrawn: "Withdrawn",
  successful: "Successful",
  unsuccessful: "Unsuccessful",
};

export const BID_STATUS_TAG_CLASSES: Record<BidStatus, string> = {
  draft: "govuk-tag govuk-tag--grey",
  submitted: "govuk-tag govuk-tag--blue",
  withdrawn: "govuk-tag govuk-tag--orange",
  successful: "govuk-tag govuk-tag--green",
  unsuccessful: "govuk-tag govuk-tag--red",
};

export const INDICATOR_KINDS = ["output", "outcome"] as const;

export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

export const INDICATOR_KIND_LABELS: Record<IndicatorKind, string> = { output: "Output", outcome: "Outcome" };

export const INDICATOR_UNITS = ["count", "%", "score", "£"] as const;

export type IndicatorUnit = (typeof INDICATOR_UNITS)[number];

export const INDICATOR_UNIT_LABELS: Record<IndicatorUnit, string> = {
  count: "Count",
  "%": "Percentage (%)",
  score: "Score",
  "£": "Money (£)",
};

export const TITLE_MAX = 200;

export const INDICATOR_NAME_MAX = 200;

export const INDICATOR_DEFINITION_MAX = 1000;

/** The most indicator rows one form may post: a guard against a crafted form, not a policy. */
export const MESSAGES = {
  district: "Select a district from the list",
  districtMissing: "Select the district your project will serve",
  title: `The project title must be ${TITLE_MAX} characters or fewer`,
  titleMissing: "Enter a title for your project",
  amount: "Enter the amount in pounds, like 20000 or 20,000.00",
  amountMissing: "Enter the amount you are asking for",
  amountZero: "The amount must be more than £0.00",
  budgetMissing: "Enter your budget for each quarter of the contract",
  indicatorsMissing: "Add at least one indicator with a target for each quarter",
  outcomeMissing: "Add at least one outcome indicator: the difference the project will make. Without one, the council cannot estimate the costs the project avoids",
  declaration: "Confirm that the information in your bid is correct and complete",
  version: "This form is out of date. Reload the page and try again",
} as const;

export const answerField = (questionId: string) => `answer.${questionId}`;

export function wordLimitMessage(position: number, limit: number, count: number): string {
  return `Your answer to question ${position} must be ${limit} words or fewer (you have ${count})`;
}

export function amountOverMessage(maxPence: number): string {
  return `The amount must be ${formatPence(maxPence)} or less`;
}

export function budgetSumMessage(sumPence: number, amountPence: number): string {
  return `The budget adds up to ${formatPence(sumPence)} but you asked for ${formatPence(amountPence)}`;
}

/** What the form needs to know about the tender. */
export interface BidFormContext {
  districtIds: readonly string[];
  questions: readonly { id: string; position: number; wordLimit: number }[];
  /** The contract's quarters, like "2027-28 Q1", in order. */
  quarters: readonly string[];
  maxBudgetPence: number;
}

export interface BidIndicatorInput {
  kind: IndicatorKind;
  name: string;
  definition: string;
  unit: IndicatorUnit;
  /** Only the quarters with a target typed in. */
  targets: Record<string, number>;
  /** The row the form posted it in (its field names); a stored indicator's is its place in the list. */
  row: number;
}

/** A bid as a draft save stores it: anything may still be missing. */
export interface BidDraftInput {
  districtId: string | null;
  title: string;
  /** Question id → answer; blank answers are left out. */
  answers: Record<string, string>;
  amountPence: number | null;
  /** Only the cells with an amount typed in. */
  budget: { quarter: string; category: BudgetCategory; amountPence: number }[];
  indicators: BidIndicatorInput[];
}

export const text = (v: unknown): string => (typeof v === "string" ? v : "");

/**
 * What a bid still needs before it can be submitted, as errors keyed by the form's field
 * names. Indicators are numbered by their place in the list, as the form shows them.
 */
export function checkBidComplete(bid: BidDraftInput, ctx: BidFormContext): FieldErrors {
  const errors: FieldErrors = {};
  if (!bid.districtId) errors.district_id = MESSAGES.districtMissing;
  else if (!ctx.districtIds.includes(bid.districtId)) errors.district_id = MESSAGES.district;
  if (!bid.title.trim()) errors.title = MESSAGES.titleMissing;
  for (const q of ctx.questions) {
    const answer = bid.answers[q.id] ?? "";
    const count = countWords(answer);
    if (count === 0) errors[answerField(q.id)] = `Enter your answer to question ${q.position}`;
    else if (count > q.wordLimit) errors[answerField(q.id)] = wordLimitMessage(q.position, q.wordLimit, count);
  }
  if (bid.amountPence === null) errors.amount = MESSAGES.amountMissing;
  else if (bid.amountPence <= 0) errors.amount = MESSAGES.amountZero;
  else if (bid.amountPence > ctx.maxBudgetPence) errors.amount = amountOverMessage(ctx.maxBudgetPence);

  const inContract = bid.budget.filter((line) => ctx.quarters.includes(line.quarter));
  const sum = inContract.reduce((total, line) => total + line.amountPence, 0);
  if (inContract.length === 0) errors.budget = MESSAGES.budgetMissing;
  else if (bid.amountPence !== null && bid.amountPence > 0 && sum !== bid.amountPence) errors.budget = budgetSumMessage(sum, bid.amountPence);

  if (bid.indicators.length === 0) errors.indicators = MESSAGES.indicatorsMissing;
  // Costs avoided are counted from outcome indicators linked to unit costs: a project with outputs only can never show any.
  else if (!bid.indicators.some((i) => i.kind === "outcome")) errors.indicators = MESSAGES.outcomeMissing;
  else if (bid.amountPence !== null && bid.indicators.length < kpisRequired(bid.amountPence, ukToday())) {
    // The contract details notice of a contract this big names at least three KPIs (s52).
    errors.indicators = `A bid for more than ${formatPence(thresholdsOn(ukToday()).kpiPence)} needs at least ${MIN_KPIS} indicators: they become the contract's key performance indicators`;
  }
  for (const indicator of bid.indicators) {
    // Numbered as the form shows them, so each message points at the row on the page.
    const { row } = indicator;
    const n = row + 1;
    if (!indicator.name) errors[indicatorField(row, "name")] = `Enter a name for indicator ${n}`;
    if (!indicator.definition) errors[indicatorField(row, "definition")] = `Enter how indicator ${n} is defined and counted`;
    for (const quarter of ctx.quarters) {
      if (indicator.targets[quarter] === undefined) {
        errors[targetField(row, quarter)] = `Enter the target for ${quarter} for indicator ${n}`;
        break; // one message per indicator is enough to send them to the row
      }
    }
  }
  return errors;
}
