// What the tender forms accept. The form has a fixed number of row slots for criteria
// and questions (it works without JavaScript), so rows arrive as flat fields named
// `criteria.2.weight`; blank rows are ignored and every message is keyed by the name of
// the field it belongs to, so the error summary links straight to it.
//
// Shared by the browser and the server: the UK-time helpers here also fill the form in.
import { z } from "zod";
import { normaliseNewlines } from "~/lib/forms";
import type { FieldErrors, FormValues } from "~/lib/forms";
import { isSensibleIsoDate, ukLocalToUtc } from "~/lib/dates";
import { parsePoundsToPence } from "~/lib/figures";
import { type TenderRecord } from "~/policies/tenders";
import { versionField } from "~/schemas/fields";
import { procedureProblem, TENDER_PROCEDURES, type TenderProcedure } from "~/models/tenders/procedures";

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

const text = (value: unknown): string => (typeof value === "string" ? value : "");
const list = (value: unknown): string[] =>
  Array.isArray(value) ? [...new Set(value.map((v) => String(v).trim()).filter(Boolean))] : typeof value === "string" && value ? [value] : [];


// Field schemas: each gives the first message to show for its field.
const titleSchema = z.string().trim().min(1, TENDER_MESSAGES.title).max(200, TENDER_MESSAGES.titleLength);
const specificationSchema = z
  .string()
  .transform((v) => v.replace(/\r\n?/g, "\n").trim())
  .pipe(z.string().min(1, TENDER_MESSAGES.specification).max(50_000, TENDER_MESSAGES.specificationLength));
const fundingStreamSchema = z.string().trim().min(1, TENDER_MESSAGES.fundingStream);
const districtsSchema = z.array(z.string()).min(1, TENDER_MESSAGES.districts);
const budgetSchema = z
  .string()
  .trim()
  .min(1, TENDER_MESSAGES.budget)
  .transform((v, ctx) => {
    const pence = parsePoundsToPence(v);
    if (pence === null) {
      ctx.addIssue({ code: "custom", message: TENDER_MESSAGES.budgetFormat });
      return z.NEVER;
    }
    return pence;
  })
  .pipe(z.number().int().positive(TENDER_MESSAGES.budgetPositive));
const dateSchema = (missing: string, format: string) =>
  z.string().trim().min(1, missing).refine(isSensibleIsoDate, format);
const dateTimeSchema = (missing: string, format: string) =>
  z
    .string()
    .trim()
    .min(1, missing)
    .transform((v, ctx) => {
      const result = ukLocalToUtc(v);
      if (!result.ok) {
        ctx.addIssue({ code: "custom", message: result.reason === "clock-change" ? TENDER_MESSAGES.clockChange : format });
        return z.NEVER;
      }
      return result.iso;
    });
const wholeNumber = (message: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, message)
    .transform(Number)
    .pipe(z.number().int().min(min, message).max(max, message));
const criterionNameSchema = z.string().trim().min(1, TENDER_MESSAGES.criterionName).max(120, TENDER_MESSAGES.criterionNameLength);
const weightSchema = wholeNumber(TENDER_MESSAGES.criterionWeight, 1, 100);
const guidanceSchema = z.string().trim().max(2000, TENDER_MESSAGES.criterionGuidanceLength);
const maxScoreSchema = wholeNumber(TENDER_MESSAGES.criterionMaxScore, 1, 10);
const questionTextSchema = z.string().trim().min(1, TENDER_MESSAGES.questionText).max(2000, TENDER_MESSAGES.questionTextLength);
const wordLimitSchema = wholeNumber(TENDER_MESSAGES.wordLimit, 1, MAX_WORD_LIMIT);
const versionSchema = versionField(TENDER_MESSAGES.version);
const summarySchema = z.string().trim().min(1, TENDER_MESSAGES.amendmentSummary).max(2000, TENDER_MESSAGES.amendmentSummaryLength);
const materialSchema = z.enum(["yes", "no"], { error: TENDER_MESSAGES.material });

/**
 * The tender form. Built as one transform so the checks across fields (closing after
 * opening, weights adding up) always see converted values, and every message is keyed by
 * the field it belongs to. Returns a zod schema over the form's values.
 */
export function tenderFormSchema(options: TenderFormOptions & { edit: true }): z.ZodType<TenderEditInput, FormValues>;
export function tenderFormSchema(options?: TenderFormOptions & { edit?: false }): z.ZodType<TenderInput, FormValues>;
export function tenderFormSchema(options: TenderFormOptions & { edit?: boolean } = {}): z.ZodType<TenderInput | TenderEditInput, FormValues> {
  return z.looseObject({}).transform((raw, ctx) => {
    const values = raw as FormValues;
    let failed = false;
    const issue = (path: string, message: string) => {
      failed = true;
      ctx.addIssue({ code: "custom", path: path.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p)), message });
    };
    function check<T>(schema: z.ZodType<T>, path: string, value: unknown): T | undefined {
      const result = schema.safeParse(value);
      if (result.success) return result.data;
      issue(path, result.error.issues[0]?.message ?? "Check this answer");
      return undefined;
    }

    const title = check(titleSchema, "title", text(values.title));
    const specification = check(specificationSchema, "specification", text(values.specification));
    const districtIds = check(districtsSchema, "districts", list(values.districts));
    const fundingStreamId = check(fundingStreamSchema, "funding_stream_id", text(values.funding_stream_id));
    const themeIds = list(values.themes);
    const maxBudgetPence = check(budgetSchema, "max_budget", text(values.max_budget));
    const procedure = check(z.enum(TENDER_PROCEDURES as [TenderProcedure, ...TenderProcedure[]], { error: TENDER_MESSAGES.procedure }), "procedure", text(values.procedure));
    const contractStart = check(dateSchema(TENDER_MESSAGES.contractStart, TENDER_MESSAGES.contractStartFormat), "contract_start", text(values.contract_start));
    const contractEnd = check(dateSchema(TENDER_MESSAGES.contractEnd, TENDER_MESSAGES.contractEndFormat), "contract_end", text(values.contract_end));
    if (contractStart && contractEnd && contractEnd <= contractStart) issue("contract_end", TENDER_MESSAGES.contractOrder);
    const opensAt = check(dateTimeSchema(TENDER_MESSAGES.opensAt, TENDER_MESSAGES.opensAtFormat), "opens_at", text(values.opens_at));
    const closesAt = check(dateTimeSchema(TENDER_MESSAGES.closesAt, TENDER_MESSAGES.closesAtFormat), "closes_at", text(values.closes_at));
    if (opensAt && closesAt && closesAt <= opensAt) issue("closes_at", TENDER_MESSAGES.closingOrder);
    else if (closesAt && options.closingAfter && closesAt <= options.closingAfter.toISOString()) issue("closes_at", TENDER_MESSAGES.closingPast);
    // The thresholds in force when bids open decide which procedure the value calls for.
    const misfit = procedure && maxBudgetPence !== undefined ? procedureProblem(procedure, maxBudgetPence, opensAt ?? new Date().toISOString()) : null;
    if (misfit) issue("procedure", misfit);

    // Criteria: blank rows (no name, weight or guidance) are left out.
    const criteria: CriterionInput[] = [];
    const criterionSlots = new Set<number>();
    const weights: number[] = [];
    let weightsKnown = true;
    for (let slot = 0; slot < Math.min(slotsIn(values, "criteria"), MAX_CRITERIA_SLOTS); slot += 1) {
      const at = (field: string) => text(values[`criteria.${slot}.${field}`]);
      if (!at("name").trim() && !at("weight").trim() && !at("guidance").trim()) continue;
      criterionSlots.add(slot);
      const name = check(criterionNameSchema, `criteria.${slot}.name`, at("name"));
      const weightPercent = check(weightSchema, `criteria.${slot}.weight`, at("weight"));
      if (weightPercent === undefined) weightsKnown = false;
      else weights.push(weightPercent);
      const guidance = check(guidanceSchema, `criteria.${slot}.guidance`, at("guidance"));
      const maxScore = at("max_score").trim() ? check(maxScoreSchema, `criteria.${slot}.max_score`, at("max_score")) : DEFAULT_MAX_SCORE;
      if (name !== undefined && weightPercent !== undefined && guidance !== undefined && maxScore !== undefined) {
        criteria.push({ slot, id: at("id").trim() || null, name, weightPercent, guidance, maxScore });
      }
    }
    if (criterionSlots.size === 0) {
      issue("criteria", TENDER_MESSAGES.criteriaMissing);
    } else if (weightsKnown) {
      // Only when every weight is a number: otherwise the row's own message says what to fix.
      const total = weights.reduce((sum, w) => sum + w, 0);
      if (total !== 100) issue("criteria", weightsMessage(total));
    }

    // Questions: blank rows (no text and no word limit) are left out.
    const questions: QuestionInput[] = [];
    for (let slot = 0; slot < Math.min(slotsIn(values, "questions"), MAX_QUESTION_SLOTS); slot += 1) {
      const at = (field: string) => text(values[`questions.${slot}.${field}`]);
      if (!at("text").trim() && !at("word_limit").trim()) continue;
      const questionText = check(questionTextSchema, `questions.${slot}.text`, at("text"));
      const wordLimit = check(wordLimitSchema, `questions.${slot}.word_limit`, at("word_limit"));
      const criterionValue = at("criterion").trim();
      let criterionSlot: number | null = null;
      if (criterionValue) {
        const n = Number(criterionValue);
        if (!Number.isInteger(n) || !criterionSlots.has(n)) issue(`questions.${slot}.criterion`, TENDER_MESSAGES.questionCriterion);
        else criterionSlot = n;
      }
      if (questionText !== undefined && wordLimit !== undefined) {
        questions.push({ slot, id: at("id").trim() || null, text: questionText, wordLimit, criterionSlot });
      }
    }

    let edit: Pick<TenderEditInput, "version" | "removeAttachmentIds" | "amendment"> | undefined;
    if (options.edit) {
      const version = check(versionSchema, "version", text(values.version));
      let amendment: TenderEditInput["amendment"] = null;
      if (options.published) {
        const summary = check(summarySchema, "amendment_summary", text(values.amendment_summary));
        const material = check(materialSchema, "material", text(values.material) || undefined);
        if (summary !== undefined && material !== undefined) amendment = { summary, material: material === "yes" };
      }
      edit = { version: version ?? 0, removeAttachmentIds: list(values.remove_attachments), amendment };
    }

    if (failed) return z.NEVER;
    const input: TenderInput = {
      title: title!,
      specification: specification!,
      fundingStreamId: fundingStreamId!,
      districtIds: districtIds!,
      themeIds,
      maxBudgetPence: maxBudgetPence!,
      procedure: procedure!,
      contractStart: contractStart!,
      contractEnd: contractEnd!,
      opensAt: opensAt!,
      closesAt: closesAt!,
      criteria,
      questions,
    };
    return edit ? { ...input, ...edit } : input;
  }) as unknown as z.ZodType<TenderInput | TenderEditInput, FormValues>;
}

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

export const cancelSchema = z.object({
  version: versionSchema,
  reason: z.string({ error: TENDER_MESSAGES.cancelReason }).overwrite(normaliseNewlines).trim().min(1, TENDER_MESSAGES.cancelReason).max(2000, TENDER_MESSAGES.cancelReasonLength),
});

export const publishSchema = z.object({ version: versionSchema });

export const askSchema = z.object({
  question: z.string({ error: TENDER_MESSAGES.question }).overwrite(normaliseNewlines).trim().min(1, TENDER_MESSAGES.question).max(2000, TENDER_MESSAGES.questionLength),
});

export const answerSchema = z.object({
  clarificationId: z.string({ error: TENDER_MESSAGES.version }).trim().min(1, TENDER_MESSAGES.version),
  version: versionSchema,
  question: z.string({ error: TENDER_MESSAGES.clarificationQuestion }).overwrite(normaliseNewlines).trim().min(1, TENDER_MESSAGES.clarificationQuestion).max(2000, TENDER_MESSAGES.questionLength),
  answer: z.string({ error: TENDER_MESSAGES.answer }).overwrite(normaliseNewlines).trim().min(1, TENDER_MESSAGES.answer).max(5000, TENDER_MESSAGES.answerLength),
});
