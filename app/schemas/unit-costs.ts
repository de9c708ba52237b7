// What an administrator may type for unit costs and the uprating index, and what an officer
// types to link an outcome indicator to a unit cost.
import { z } from "zod";
import type { CostBearer } from "../../db/schema";
import { parseFinancialYear } from "~/lib/financial-year";
import { parsePoundsToPence } from "~/lib/figures";
import { versionField } from "~/schemas/fields";
import { readVersion } from "~/lib/forms";

export const COST_BEARERS = ["council", "partners"] as const satisfies readonly CostBearer[];
export const COST_TYPES = ["fiscal", "economic", "social"] as const;
export type CostType = (typeof COST_TYPES)[number];

/** "per year", "per week", but "each" rather than "per each". */
export const perUnit = (per: string): string => (per.trim().toLowerCase() === "each" ? "each" : `per ${per}`);

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

export const UPRATING_MESSAGES = {
  year: "Enter the financial year, like 2020-21",
  yearRange: "Enter a financial year from 1980-81 to 2100-01",
  rate: "Enter the rate as a percentage, like 2 or 2.5",
  rateFormat: "Enter the rate as a number with up to 2 decimal places, like 2 or 2.75",
  rateRange: "Enter a rate from -10% to 25%",
} as const;

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

export const UNIT_COST_MESSAGES = {
  code: "Enter the unit cost's code, like SS1.0",
  codeLong: "Code must be 30 characters or fewer",
  duplicateCode: "There is already a unit cost with this code",
  item: "Enter what the unit cost is for, like “Looked-after child, average across all care settings”",
  itemLong: "Item must be 300 characters or fewer",
  value: "Enter the value in pounds, like 51080 or 51,080.00",
  valuePositive: "The value must be more than £0",
  valueTooLarge: "The value must be £20,000,000 or less",
  per: "Enter what one unit is, like year, week or each",
  perLong: "“Per” must be 50 characters or fewer",
  priceYear: "Enter the price year as a financial year, like 2013-14",
  priceYearRange: "Enter a price year from 1980-81 to 2100-01",
  costType: "Select the type of cost",
  agency: "Enter the agency that bears the cost, like children's services",
  agencyLong: "Agency must be 100 characters or fewer",
  bearer: "Select whether the cost falls to the council or to partners",
  source: "Enter where the figure comes from, like “Greater Manchester Unit Cost Database v1.4, SS1.0”",
  sourceLong: "Source must be 500 characters or fewer",
  active: "Select whether officers can choose this unit cost",
} as const;

/** 2,000,000,000 pence fits a PostgreSQL integer with room to spare. */
export const MAX_UNIT_COST_PENCE = 2_000_000_000;

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

export const LINK_MESSAGES = {
  notLinkable: "Only outcomes where higher is better can count as costs avoided",
  unitCost: "Select the unit cost each outcome avoids",
  unitCostInactive: "That unit cost is no longer in use: select another",
  percent: (label: string) => `Enter the ${label} as a percentage from 0 to 100, like 20 or 12.5`,
  percentFormat: (label: string) => `Enter the ${label} as a number from 0 to 100 with up to 2 decimal places, like 12.5`,
  percentRange: (label: string) => `The ${label} must be 100% or less`,
  notLinked: "This indicator is not linked to a unit cost.",
} as const;

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
