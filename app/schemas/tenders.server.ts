// The zod schemas of ~/schemas/tenders: checked on the server only (a .server module never reaches
// the browser, and any page importing zod would carry all of it there). The words, limits and
// field names they use are in tenders.ts, which pages may import.
import { z } from "zod";
import { normaliseNewlines } from "~/lib/forms";
import type { FormValues } from "~/lib/forms";
import { isSensibleIsoDate, ukLocalToUtc } from "~/lib/dates";
import { parsePoundsToPence } from "~/lib/figures";
import { formIssues, versionField } from "~/schemas/fields.server";
import { procedureProblem, TENDER_PROCEDURES, type TenderProcedure } from "~/models/tenders/procedures";
import { CriterionInput, DEFAULT_MAX_SCORE, MAX_CRITERIA_SLOTS, MAX_QUESTION_SLOTS, MAX_WORD_LIMIT, QuestionInput, TENDER_MESSAGES, TenderEditInput, TenderFormOptions, TenderInput, list, slotsIn, text, weightsMessage } from "./tenders";

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
    const { issue, check, failed } = formIssues(ctx);

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
    // Optional: with none, questions may be asked until the tender closes.
    const clarificationsText = text(values.clarifications_close_at).trim();
    const clarificationsCloseAt = clarificationsText
      ? check(dateTimeSchema(TENDER_MESSAGES.clarificationsCloseFormat, TENDER_MESSAGES.clarificationsCloseFormat), "clarifications_close_at", clarificationsText)
      : null;
    if (clarificationsCloseAt && opensAt && closesAt && (clarificationsCloseAt <= opensAt || clarificationsCloseAt >= closesAt)) {
      issue("clarifications_close_at", TENDER_MESSAGES.clarificationsCloseOrder);
    }
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

    if (failed()) return z.NEVER;
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
      clarificationsCloseAt: clarificationsCloseAt ?? null,
      criteria,
      questions,
    };
    return edit ? { ...input, ...edit } : input;
  }) as unknown as z.ZodType<TenderInput | TenderEditInput, FormValues>;
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
