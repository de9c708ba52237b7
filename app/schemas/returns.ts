// What the quarterly return's section forms accept. Each section saves on its own, with a
// "Have you completed this section?" answer:
// - "No" saves what is there (formats checked: figures are numbers, nothing negative,
//   comments and reasons where a figure is far from plan), so a provider can come back;
// - "Yes" also needs the section to be complete (every figure in, every narrative answered).
// Field names are flat so a plain HTML form posts them and the same names come back as the
// keys of the errors: "actual.<indicatorId>", "comment.<indicatorId>", "spend.<category>",
// "reason.<category>", "new.<ageBand>", "continuing.<ageBand>".
//
// Shared by the browser and the server: no database here, and no zod (its schemas are in
// returns.server.ts), so the return's pages do not carry zod to the browser.
import { AGE_BANDS, BUDGET_CATEGORIES, RETURN_SECTIONS, type AgeBand, type BudgetCategory, type ReturnSection } from "../../db/schema";
import type { FieldErrors, FormValues } from "~/lib/forms";
import { formatPence } from "~/lib/money";
import { parsePoundsToPence, parseFigure, FIGURE_MAX, FIGURE_DECIMALS, type FigureProblem, formatFigure } from "~/lib/figures";
import { BUDGET_CATEGORY_LABELS } from "~/lib/budget";
import { readVersion } from "~/lib/forms";

export { AGE_BANDS, BUDGET_CATEGORIES, RETURN_SECTIONS };
export type { AgeBand, BudgetCategory, ReturnSection };

export const RETURN_SECTION_LABELS: Record<ReturnSection, string> = {
  outputs: "Outputs",
  outcomes: "Outcomes",
  spend: "Spend",
  beneficiaries: "Beneficiaries",
  narrative: "Narrative",
  case_studies: "Case studies",
  evidence: "Evidence",
};

/** What each section asks for, under its name in the task list. */
export const RETURN_SECTION_HINTS: Record<ReturnSection, string> = {
  outputs: "What the project delivered this quarter, against its targets",
  outcomes: "The difference it made, against its targets",
  spend: "What was spent in each budget category, against the profile",
  beneficiaries: "New and continuing people reached, by age",
  narrative: "Highlights, challenges, risks and next quarter's plans",
  case_studies: "Anonymised stories that show the work",
  evidence: "Documents that back up the figures",
};

/** The page of each section, under /returns/:returnId/. */
export const RETURN_SECTION_PATHS: Record<ReturnSection, string> = {
  outputs: "outputs",
  outcomes: "outcomes",
  spend: "spend",
  beneficiaries: "beneficiaries",
  narrative: "narrative",
  case_studies: "case-studies",
  evidence: "evidence",
};

export const returnSectionHref = (returnId: string, section: ReturnSection) => `/returns/${returnId}/${RETURN_SECTION_PATHS[section]}`;

export function isReturnSection(value: unknown): value is ReturnSection {
  return typeof value === "string" && (RETURN_SECTIONS as readonly string[]).includes(value);
}

/** Where a section stands in the task list. */
export type SectionState = "not_started" | "in_progress" | "completed" | "queried";

export const SECTION_STATE_LABELS: Record<SectionState, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  completed: "Completed",
  queried: "Queried",
};

/** GOV.UK task list: "Completed" is plain text, the rest are tags. */
export const SECTION_STATE_TAG_CLASSES: Record<SectionState, string | null> = {
  not_started: "govuk-tag govuk-tag--blue",
  in_progress: "govuk-tag govuk-tag--light-blue",
  completed: null,
  queried: "govuk-tag govuk-tag--red",
};

export const AGE_BAND_LABELS: Record<AgeBand, string> = {
  "0-4": "0 to 4",
  "5-10": "5 to 10",
  "11-15": "11 to 15",
  "16-19": "16 to 19",
  "20-25": "20 to 25",
  adults: "Adults (26 and over)",
};

/** "aged 0 to 4", "adults": how a band reads inside a sentence. */
const AGE_BAND_PHRASES: Record<AgeBand, string> = {
  "0-4": "aged 0 to 4",
  "5-10": "aged 5 to 10",
  "11-15": "aged 11 to 15",
  "16-19": "aged 16 to 19",
  "20-25": "aged 20 to 25",
  adults: "aged 26 and over",
};


/** A comment is needed where an actual is more than this share away from its target. */
export const INDICATOR_COMMENT_THRESHOLD = 0.2;
export const COMMENT_MAX = 1000;
export const NARRATIVE_MAX = 5000;
export const CASE_STUDY_TITLE_MAX = 200;
export const CASE_STUDY_STORY_MAX = 10_000;
export const OVERRIDE_REASON_MAX = 1000;

export const NARRATIVE_FIELDS = ["highlights", "challenges", "risks", "next_steps"] as const;
export type NarrativeField = (typeof NARRATIVE_FIELDS)[number];

export const NARRATIVE_LABELS: Record<NarrativeField, string> = {
  highlights: "Highlights",
  challenges: "Challenges",
  risks: "Risks",
  next_steps: "Next quarter's plans",
};

export const NARRATIVE_HINTS: Record<NarrativeField, string> = {
  highlights: "What went well this quarter.",
  challenges: "What got in the way, and what you did about it.",
  risks: "Risks to delivery in the coming months, and how you are managing them.",
  next_steps: "What you plan to do next quarter.",
};

export const NARRATIVE_MISSING: Record<NarrativeField, string> = {
  highlights: "Enter the highlights of the quarter",
  challenges: "Enter the challenges of the quarter",
  risks: "Enter the risks to delivery",
  next_steps: "Enter your plans for next quarter",
};

export const RETURN_MESSAGES = {
  complete: "Select yes if you have completed this section",
  version: "This form is out of date. Reload the page and try again",
  declaration: "Confirm that the information in this return is correct and complete",
  caseStudyTitle: "Enter a title for the case study",
  caseStudyTitleLong: `The title must be ${CASE_STUDY_TITLE_MAX} characters or fewer`,
  caseStudyStory: "Enter the story",
  caseStudyStoryLong: `The story must be ${CASE_STUDY_STORY_MAX.toLocaleString("en-GB")} characters or fewer`,
  caseStudyThemes: "Select at least one theme the case study shows",
  caseStudyTheme: "Select themes from the list",
  caseStudyIndicator: "Select outcome indicators from the list",
  consent: "Confirm that consent has been given to share this story",
  overrideReason: "Explain why the text that was found is not personal data",
  overrideReasonLong: `The reason must be ${OVERRIDE_REASON_MAX.toLocaleString("en-GB")} characters or fewer`,
  evidenceMissing: "Select a file to upload",
} as const;

export const actualField = (indicatorId: string) => `actual.${indicatorId}`;
export const commentField = (indicatorId: string) => `comment.${indicatorId}`;
export const spendField = (category: BudgetCategory) => `spend.${category}`;
export const reasonField = (category: BudgetCategory) => `reason.${category}`;
export const newField = (band: AgeBand) => `new.${band}`;
export const continuingField = (band: AgeBand) => `continuing.${band}`;

const text = (values: FormValues, name: string): string => {
  const v = values[name];
  return typeof v === "string" ? v : "";
};

const clean = (v: string) => v.replace(/\r\n/g, "\n").trim();

/** A field's text as posted ("" when absent), and typed text as kept: the schemas in returns.server.ts read fields the same way. */
export { text as fieldText, clean as cleanText };

/** Whether the section was marked complete: "yes", "no", or an error. */
export function parseComplete(values: FormValues): { ok: true; complete: boolean } | { ok: false; error: string } {
  const v = text(values, "complete");
  if (v === "yes") return { ok: true, complete: true };
  if (v === "no") return { ok: true, complete: false };
  return { ok: false, error: RETURN_MESSAGES.complete };
}

// ---------------------------------------------------------------------------------------
// Figures.


/**
 * More than 20% away from target, in either direction. A target of 0 is missed by any
 * figure other than 0. No target for the quarter: nothing to be away from.
 */
export function isOffTarget(actual: number, target: number | null | undefined): boolean {
  if (target === null || target === undefined) return false;
  if (target === 0) return actual !== 0;
  return Math.abs(actual - target) / Math.abs(target) > INDICATOR_COMMENT_THRESHOLD;
}

/** Spend further from the profile than the allowed variance (any spend against a profile of 0). */
export function isSpendOffProfile(actualPence: number, profilePence: number, variancePercent: number): boolean {
  if (profilePence === 0) return actualPence !== 0;
  return (Math.abs(actualPence - profilePence) * 100) / profilePence > variancePercent;
}

// ---------------------------------------------------------------------------------------
// Outputs and outcomes.

export interface IndicatorFormRow {
  id: string;
  name: string;
  unit: string;
  /** This quarter's target (for cumulative indicators, the total to date), or null. */
  target: number | null;
}

export interface IndicatorEntry {
  indicatorId: string;
  actual: number | null;
  comment: string | null;
}

export function offTargetMessage(name: string, target: number): string {
  return `Explain why ${name} is more than 20% away from its target of ${formatFigure(target)}`;
}

/** The messages for an actual that cannot be kept, in the words the return form uses. */
function indicatorFigureMessage(problem: FigureProblem, name: string): string {
  switch (problem) {
    case "negative": return `The figure for ${name} cannot be negative`;
    case "not-whole": return `Enter a whole number for ${name}, like 12`;
    case "decimals": return `The figure for ${name} must have no more than ${FIGURE_DECIMALS} decimal places`;
    case "too-big": return `The figure for ${name} must be ${FIGURE_MAX.toLocaleString("en-GB")} or less`;
    default: return `Enter a number for ${name}, like 12`;
  }
}

function beneficiaryCountMessage(problem: FigureProblem, who: string): string {
  switch (problem) {
    case "negative": return `The number of ${who} cannot be negative`;
    case "too-big": return `The number of ${who} must be ${FIGURE_MAX.toLocaleString("en-GB")} or less`;
    default: return `Enter the number of ${who} as a whole number, like 12`;
  }
}

export function parseIndicatorSection(
  values: FormValues,
  indicators: readonly IndicatorFormRow[],
  complete: boolean,
): { entries: IndicatorEntry[]; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const entries: IndicatorEntry[] = [];
  for (const indicator of indicators) {
    const actualName = actualField(indicator.id);
    const commentName = commentField(indicator.id);
    const parsed = parseFigure(text(values, actualName), { whole: indicator.unit === "count" });
    const comment = clean(text(values, commentName));
    let actual: number | null = null;
    if (!parsed.ok) {
      errors[actualName] = indicatorFigureMessage(parsed.problem, indicator.name);
    } else if (parsed.value === null) {
      if (complete) errors[actualName] = `Enter the figure for ${indicator.name}`;
    } else {
      actual = parsed.value;
    }
    if (comment.length > COMMENT_MAX) {
      errors[commentName] = `The comment on ${indicator.name} must be ${COMMENT_MAX.toLocaleString("en-GB")} characters or fewer`;
    } else if (actual !== null && !comment && isOffTarget(actual, indicator.target)) {
      errors[commentName] = offTargetMessage(indicator.name, indicator.target as number);
    }
    entries.push({ indicatorId: indicator.id, actual, comment: comment || null });
  }
  return { entries, errors };
}

// ---------------------------------------------------------------------------------------
// Spend.

export interface SpendFormRow {
  category: BudgetCategory;
  profilePence: number;
}

export interface SpendEntry {
  category: BudgetCategory;
  amountPence: number | null;
  varianceReason: string | null;
}

export function spendReasonMessage(category: BudgetCategory, profilePence: number, variancePercent: number): string {
  const label = BUDGET_CATEGORY_LABELS[category].toLowerCase();
  return profilePence === 0
    ? `Explain why there is spend on ${label} when none was profiled for this quarter`
    : `Explain why spend on ${label} is more than ${variancePercent}% away from its profile of ${formatPence(profilePence)}`;
}

/**
 * Every category is shown; to complete the section each category with a profile needs an
 * amount (0 if nothing was spent). A category left blank is nothing spent.
 */
export function parseSpendSection(
  values: FormValues,
  rows: readonly SpendFormRow[],
  complete: boolean,
  variancePercent: number,
): { entries: SpendEntry[]; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const entries: SpendEntry[] = [];
  for (const row of rows) {
    const name = spendField(row.category);
    const reasonName = reasonField(row.category);
    const label = BUDGET_CATEGORY_LABELS[row.category].toLowerCase();
    const typed = text(values, name).trim();
    const reason = clean(text(values, reasonName));
    let amount: number | null = null;
    if (!typed) {
      if (complete && row.profilePence > 0) errors[name] = `Enter the amount spent on ${label}, or 0 if nothing was spent`;
    } else if (/^[-−–]\s*£?\s*\d/.test(typed)) {
      errors[name] = `The amount spent on ${label} cannot be negative`;
    } else {
      amount = parsePoundsToPence(typed);
      if (amount === null) errors[name] = `Enter the amount spent on ${label} in pounds, like 3750 or 3,750.00`;
    }
    if (reason.length > COMMENT_MAX) {
      errors[reasonName] = `The reason for the ${label} variance must be ${COMMENT_MAX.toLocaleString("en-GB")} characters or fewer`;
    } else if (amount !== null && !reason && isSpendOffProfile(amount, row.profilePence, variancePercent)) {
      errors[reasonName] = spendReasonMessage(row.category, row.profilePence, variancePercent);
    }
    entries.push({ category: row.category, amountPence: amount, varianceReason: reason || null });
  }
  return { entries, errors };
}

// ---------------------------------------------------------------------------------------
// Beneficiaries.

export interface BeneficiaryEntry {
  ageBand: AgeBand;
  newCount: number;
  continuingCount: number;
}

/** Whole numbers of people; an empty box is none. */
export function parseBeneficiaries(values: FormValues): { entries: BeneficiaryEntry[]; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const entries: BeneficiaryEntry[] = [];
  for (const band of AGE_BANDS) {
    const counts: Record<"new" | "continuing", number> = { new: 0, continuing: 0 };
    for (const which of ["new", "continuing"] as const) {
      const name = which === "new" ? newField(band) : continuingField(band);
      const who = `${which} beneficiaries ${AGE_BAND_PHRASES[band]}`;
      const parsed = parseFigure(text(values, name), { whole: true });
      if (!parsed.ok) errors[name] = beneficiaryCountMessage(parsed.problem, who);
      else counts[which] = parsed.value ?? 0;
    }
    entries.push({ ageBand: band, newCount: counts.new, continuingCount: counts.continuing });
  }
  return { entries, errors };
}

// ---------------------------------------------------------------------------------------
// Narrative.

export type NarrativeInput = Record<NarrativeField, string | null>;

// ---------------------------------------------------------------------------------------
// Case studies. The personal-data check runs on the server (personal-data.server.ts) after
// this schema; the override is only asked for when the check finds something.

export interface CaseStudyInput {
  title: string;
  story: string;
  themeIds: string[];
  indicatorIds: string[];
  consentConfirmed: true;
  overrideConfirmed: boolean;
  overrideReason: string | null;
}

/** The version a form was loaded with, or null when the form did not send a good one. */
export function formVersion(values: FormValues): number | null {
  return readVersion(values.version);
}

/** The outputs and outcomes sections: the same page for two kinds of indicator. */
export interface IndicatorSectionKind {
  kind: "output" | "outcome";
  section: "outputs" | "outcomes";
  heading: string;
  noun: string;
}
