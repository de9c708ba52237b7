// What an administrator may type for unit costs and the uprating index, and what an officer
// types to link an outcome indicator to a unit cost.
// The schemas are in unit-costs.server.ts; this module holds what pages may import too (no zod here,
// which would reach the browser).
import type { CostBearer } from "../../db/schema";

export const COST_BEARERS = ["council", "partners"] as const satisfies readonly CostBearer[];

export const COST_TYPES = ["fiscal", "economic", "social"] as const;

export type CostType = (typeof COST_TYPES)[number];

/** "per year", "per week", but "each" rather than "per each". */
export const perUnit = (per: string): string => (per.trim().toLowerCase() === "each" ? "each" : `per ${per}`);

export const UPRATING_MESSAGES = {
  year: "Enter the financial year, like 2020-21",
  yearRange: "Enter a financial year from 1980-81 to 2100-01",
  rate: "Enter the rate as a percentage, like 2 or 2.5",
  rateFormat: "Enter the rate as a number with up to 2 decimal places, like 2 or 2.75",
  rateRange: "Enter a rate from -10% to 25%",
} as const;

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

export const LINK_MESSAGES = {
  notLinkable: "Only outcomes where higher is better can count as costs avoided",
  unitCost: "Select the unit cost each outcome avoids",
  unitCostInactive: "That unit cost is no longer in use: select another",
  percent: (label: string) => `Enter the ${label} as a percentage from 0 to 100, like 20 or 12.5`,
  percentFormat: (label: string) => `Enter the ${label} as a number from 0 to 100 with up to 2 decimal places, like 12.5`,
  percentRange: (label: string) => `The ${label} must be 100% or less`,
  notLinked: "This indicator is not linked to a unit cost.",
} as const;
