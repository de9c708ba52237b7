// The zod schemas of ~/schemas/unit-costs: checked on the server only (a .server module never reaches
// the browser, and any page importing zod would carry all of it there). The words, limits and
// field names they use are in unit-costs.ts, which pages may import.
import { z } from "zod";
import { parseFinancialYear } from "~/lib/financial-year";
import { parsePoundsToPence } from "~/lib/figures";
import { versionField } from "~/schemas/fields.server";
import { readVersion } from "~/lib/forms";
import { COST_BEARERS, COST_TYPES, LINK_MESSAGES, MAX_UNIT_COST_PENCE, UNIT_COST_MESSAGES, UPRATING_MESSAGES } from "./unit-costs";

/** A financial year typed like 2013-14, from 1980-81 to 2100-01: the year it starts in. */
const financialYearField = (message: string, rangeMessage: string) =>
  z
    .string({ error: message })
    .trim()
    .min(1, message)
    .transform((v, ctx) => {
      const year = parseFinancialYear(v);
      if (year === null) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      if (year < 1980 || year > 2100) {
        ctx.addIssue({ code: "custom", message: rangeMessage });
        return z.NEVER;
      }
      return year;
    });

/** A hidden version field: the version the person started from. */
const version = versionField("Reload the page and try again");

export const upratingRateSchema = z.object({
  financial_year: financialYearField(UPRATING_MESSAGES.year, UPRATING_MESSAGES.yearRange),
  rate_percent: z
    .string({ error: UPRATING_MESSAGES.rate })
    .trim()
    .transform((v) => v.replace(/%$/, "").trim())
    .pipe(z.string().min(1, UPRATING_MESSAGES.rate).regex(/^-?\d{1,3}(\.\d{1,2})?$/, UPRATING_MESSAGES.rateFormat))
    .transform(Number)
    .pipe(z.number().min(-10, UPRATING_MESSAGES.rateRange).max(25, UPRATING_MESSAGES.rateRange)),
});

const text = (required: string, max: number, long: string) =>
  z.string({ error: required }).trim().min(1, required).max(max, long);

export const unitCostSchema = z.object({
  code: text(UNIT_COST_MESSAGES.code, 30, UNIT_COST_MESSAGES.codeLong),
  item: text(UNIT_COST_MESSAGES.item, 300, UNIT_COST_MESSAGES.itemLong),
  value: z
    .string({ error: UNIT_COST_MESSAGES.value })
    .trim()
    .min(1, UNIT_COST_MESSAGES.value)
    .transform((v, ctx) => {
      const pence = parsePoundsToPence(v);
      if (pence === null) {
        ctx.addIssue({ code: "custom", message: UNIT_COST_MESSAGES.value });
        return z.NEVER;
      }
      if (pence <= 0) {
        ctx.addIssue({ code: "custom", message: UNIT_COST_MESSAGES.valuePositive });
        return z.NEVER;
      }
      if (pence > MAX_UNIT_COST_PENCE) {
        ctx.addIssue({ code: "custom", message: UNIT_COST_MESSAGES.valueTooLarge });
        return z.NEVER;
      }
      return pence;
    }),
  per: text(UNIT_COST_MESSAGES.per, 50, UNIT_COST_MESSAGES.perLong),
  price_year: financialYearField(UNIT_COST_MESSAGES.priceYear, UNIT_COST_MESSAGES.priceYearRange),
  cost_type: z.enum(COST_TYPES, { error: UNIT_COST_MESSAGES.costType }),
  agency: text(UNIT_COST_MESSAGES.agency, 100, UNIT_COST_MESSAGES.agencyLong),
  bearer: z.enum(COST_BEARERS, { error: UNIT_COST_MESSAGES.bearer }),
  source: text(UNIT_COST_MESSAGES.source, 500, UNIT_COST_MESSAGES.sourceLong),
  is_active: z.enum(["yes", "no"], { error: UNIT_COST_MESSAGES.active }).transform((v) => v === "yes"),
});

/** What the form gives: value in pence, price year as the year it starts in. */
export type UnitCostInput = z.infer<typeof unitCostSchema>;

export const unitCostEditSchema = unitCostSchema.extend({ version });

/** A percentage typed in a form: 0 to 100, with up to two decimal places, "%" allowed. */
const percentField = (label: string) =>
  z
    .string({ error: LINK_MESSAGES.percent(label) })
    .trim()
    .transform((v) => v.replace(/%$/, "").trim())
    .pipe(z.string().min(1, LINK_MESSAGES.percent(label)).regex(/^\d{1,3}(\.\d{1,2})?$/, LINK_MESSAGES.percentFormat(label)))
    .transform(Number)
    .pipe(z.number().max(100, LINK_MESSAGES.percentRange(label)));

export const indicatorLinkSchema = z.object({
  unit_cost_id: z.string({ error: LINK_MESSAGES.unitCost }).trim().min(1, LINK_MESSAGES.unitCost),
  deadweight_percent: percentField("deadweight"),
  attribution_percent: percentField("attribution"),
  optimism_bias_percent: percentField("optimism bias"),
  /** Blank when the indicator was not linked as the form was shown. */
  version: z.string().optional().transform((v, ctx) => {
    if (!v?.trim()) return null;
    const version = readVersion(v);
    if (version === null) {
      ctx.addIssue({ code: "custom", message: "Reload the page and try again" });
      return z.NEVER;
    }
    return version;
  }),
});

export type IndicatorLinkInput = z.infer<typeof indicatorLinkSchema>;
