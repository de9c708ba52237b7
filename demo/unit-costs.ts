// The unit costs every council starts from: the Greater Manchester Unit Cost Database, the
// Home Office's cost of domestic abuse and Bromley's early-help business case, as published
// (demo/reference/unit-costs.csv). Admins uprate, add and retire them from there.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Transaction } from "kysely";
import type { CostBearer, Database } from "../db/schema";
import { parseFinancialYear } from "../app/lib/financial-year";
import { parsePoundsToPence } from "../app/lib/figures";
import { parseCsv } from "../app/lib/csv-read";

export const UNIT_COSTS_CSV = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "reference/unit-costs.csv");

const SEEDED_AT = "2026-04-01T09:00:00.000Z";

/** The agencies whose costs land on the council's own budget; everything else falls to partners. */
const COUNCIL_AGENCIES = new Set(["children's services", "education", "youth justice"]);

/** "E&S2.0" → "unit-cost-e-s2-0": a stable id, so demo links and tests can name a cost. */
export const unitCostIdFor = (code: string): string => `unit-cost-${code.toLowerCase().replace(/[^a-z0-9]/g, "-")}`;

export const bearerFor = (agency: string): CostBearer => (COUNCIL_AGENCIES.has(agency.trim().toLowerCase()) ? "council" : "partners");

export async function seedUnitCosts(trx: Transaction<Database>): Promise<void> {
  // The same CSV reader as the context indicators' import.
  const parsed = parseCsv(fs.readFileSync(UNIT_COSTS_CSV, "utf8"));
  if (!Array.isArray(parsed)) throw new Error(`${UNIT_COSTS_CSV}: a quote opened on line ${parsed.unclosedQuoteAt} is never closed`);
  const [header, ...rows] = parsed.map((record) => record.cells);
  const col = (name: string): number => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`${UNIT_COSTS_CSV} has no "${name}" column`);
    return index;
  };
  const at = {
    code: col("code"), item: col("item"), value: col("value_gbp"), per: col("per"), priceYear: col("price_year"),
    costType: col("cost_type"), agency: col("agency"), source: col("source"),
  };
  const values = rows.map((row, i) => {
    const line = i + 2;
    const code = row[at.code].trim();
    const valuePence = parsePoundsToPence(row[at.value]);
    const priceYear = parseFinancialYear(row[at.priceYear]);
    if (valuePence === null || valuePence <= 0) throw new Error(`${UNIT_COSTS_CSV} line ${line}: value_gbp "${row[at.value]}" is not an amount`);
    if (priceYear === null) throw new Error(`${UNIT_COSTS_CSV} line ${line}: price_year "${row[at.priceYear]}" is not like 2013-14`);
    const agency = row[at.agency].trim();
    return {
      id: unitCostIdFor(code),
      code,
      item: row[at.item].trim(),
      value_pence: valuePence,
      per: row[at.per].trim(),
      price_year: priceYear,
      cost_type: row[at.costType].trim(),
      agency,
      bearer: bearerFor(agency),
      source: row[at.source].trim(),
      is_active: 1 as const,
      created_at: SEEDED_AT,
      updated_at: SEEDED_AT,
      version: 1,
    };
  });
  if (values.length > 0) await trx.insertInto("unit_costs").values(values).execute();
}
