// The zod schemas of ~/schemas/bids: checked on the server only (a .server module never reaches
// the browser, and any page importing zod would carry all of it there). The words, limits and
// field names they use are in bids.ts, which pages may import.
import { z } from "zod";
import { BUDGET_CATEGORIES } from "../../db/schema";
import type { FormValues } from "~/lib/forms";
import { countWords } from "~/lib/words";
import { indicatorFigureSchema, optionalMoneySchema, versionField } from "~/schemas/fields.server";
import { budgetField, BUDGET_CATEGORY_LABELS } from "~/lib/budget";
import { indicatorField, indicatorRows, rowIsIgnored, targetField } from "~/schemas/indicator-rows";
import { BidDraftInput, BidFormContext, BidIndicatorInput, INDICATOR_DEFINITION_MAX, INDICATOR_KINDS, INDICATOR_NAME_MAX, INDICATOR_UNITS, IndicatorKind, IndicatorUnit, MESSAGES, TITLE_MAX, answerField, text, wordLimitMessage } from "./bids";

/** A text field that may be missing from the post altogether (a draft sends what it has). */
const typed = () => z.string().optional().transform((v) => v ?? "");

/** Optional money: blank is null, anything else must be pounds and pence. */
const moneyField = (message: string) => typed().pipe(optionalMoneySchema(message));

function targetFieldSchema(row: number, quarter: string, unit: string) {
  return typed().pipe(indicatorFigureSchema(`The target for ${quarter} for indicator ${row + 1}`, unit));
}

/**
 * The draft schema for one tender's form: formats only. Its keys are the form's field
 * names, so each error lands beside its field.
 */
export function bidDraftSchema(ctx: BidFormContext, values: FormValues) {
  const rows = indicatorRows(values).filter((row) => !rowIsIgnored(values, row, ctx.quarters));
  const shape: Record<string, z.ZodType> = {
    district_id: typed()
      .transform((v) => v.trim())
      .refine((v) => v === "" || ctx.districtIds.includes(v), MESSAGES.district)
      .transform((v) => v || null),
    title: typed()
      .transform((v) => v.trim())
      .refine((v) => v.length <= TITLE_MAX, MESSAGES.title),
    amount: moneyField(MESSAGES.amount),
  };
  for (const q of ctx.questions) {
    shape[answerField(q.id)] = typed()
      .transform((v) => v.replace(/\r\n/g, "\n").trim())
      .superRefine((v, issue) => {
        const count = countWords(v);
        if (count > q.wordLimit) issue.addIssue({ code: "custom", message: wordLimitMessage(q.position, q.wordLimit, count) });
      });
  }
  for (const quarter of ctx.quarters) {
    for (const category of BUDGET_CATEGORIES) {
      shape[budgetField(quarter, category)] = moneyField(
        `Enter the ${BUDGET_CATEGORY_LABELS[category].toLowerCase()} budget for ${quarter} in pounds, like 1500 or 1,500.00`,
      );
    }
  }
  for (const row of rows) {
    const unit = text(values[indicatorField(row, "unit")]);
    shape[indicatorField(row, "kind")] = z.enum(INDICATOR_KINDS, { error: `Select whether indicator ${row + 1} is an output or an outcome` });
    shape[indicatorField(row, "unit")] = z.enum(INDICATOR_UNITS, { error: `Select the unit of indicator ${row + 1}` });
    shape[indicatorField(row, "name")] = typed()
      .transform((v) => v.trim())
      .refine((v) => v.length <= INDICATOR_NAME_MAX, `The name of indicator ${row + 1} must be ${INDICATOR_NAME_MAX} characters or fewer`);
    shape[indicatorField(row, "definition")] = typed()
      .transform((v) => v.trim())
      .refine((v) => v.length <= INDICATOR_DEFINITION_MAX, `The definition of indicator ${row + 1} must be ${INDICATOR_DEFINITION_MAX} characters or fewer`);
    for (const quarter of ctx.quarters) shape[targetField(row, quarter)] = targetFieldSchema(row, quarter, unit);
  }

  return z.object(shape).transform((parsed): BidDraftInput => {
    const p = parsed as Record<string, unknown>;
    const answers: Record<string, string> = {};
    for (const q of ctx.questions) {
      const answer = p[answerField(q.id)] as string;
      if (answer) answers[q.id] = answer;
    }
    const budget: BidDraftInput["budget"] = [];
    for (const quarter of ctx.quarters) {
      for (const category of BUDGET_CATEGORIES) {
        const pence = p[budgetField(quarter, category)] as number | null;
        if (pence !== null) budget.push({ quarter, category, amountPence: pence });
      }
    }
    const indicators = rows.map((row): BidIndicatorInput => {
      const targets: Record<string, number> = {};
      for (const quarter of ctx.quarters) {
        const value = p[targetField(row, quarter)] as number | null;
        if (value !== null) targets[quarter] = value;
      }
      return {
        kind: p[indicatorField(row, "kind")] as IndicatorKind,
        name: p[indicatorField(row, "name")] as string,
        definition: p[indicatorField(row, "definition")] as string,
        unit: p[indicatorField(row, "unit")] as IndicatorUnit,
        targets,
        row,
      };
    });
    return {
      districtId: p.district_id as string | null,
      title: p.title as string,
      answers,
      amountPence: p.amount as number | null,
      budget,
      indicators,
    };
  });
}

export const declarationSchema = z.object({
  version: versionField(MESSAGES.version),
  declaration: z.literal("yes", { error: MESSAGES.declaration }),
});

export const versionSchema = z.object({
  version: versionField(MESSAGES.version),
});
