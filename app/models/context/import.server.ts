// Context figures as CSV: the download (in the import's own columns, so a file can be
// downloaded, changed in a spreadsheet and imported again), the template, and the import,
// which checks a whole file before saving any of it.
import type { Executor } from "../../../db/client";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { LOCKS, takeLocks } from "~/models/locks.server";
import { newId, nowIso } from "~/lib/ids.server";
import { parseCsv, type CsvRecord } from "~/lib/csv-read";
import { parseQuarterLabel, quarterLabel } from "~/lib/financial-year";
import { can } from "~/policies/index";
import type { Actor } from "~/policies/actor";
import { applyChanges, cellKey, storedValues, type CellChange, type ContextDistrict } from "./grid.server";
import { listActiveContextIndicators, listContextIndicators } from "./indicators.server";
import { compareQuarters, lastEndedQuarter } from "./quarters";
import { IMPORT_PROBLEMS, parseContextValue } from "./values";

export const CONTEXT_CSV_HEADER = ["district", "quarter", "indicator", "value"] as const;

export type ContextCsvRow = [district: string, quarter: string, indicator: string, value: number | null];

/**
 * The figures for a CSV download, in the import's columns, so a downloaded file can be
 * changed and imported again. Active indicators only: retired ones cannot be imported.
 * With `blankCells`, every active indicator of every district in `quarters` gets a row, blank
 * where there is no figure (the template: importing it unchanged changes nothing).
 */
export async function listContextValuesForCsv(
  db: Executor,
  districts: readonly ContextDistrict[],
  options: { quarters?: readonly string[]; blankCells?: boolean } = {},
): Promise<ContextCsvRow[]> {
  if (districts.length === 0) return [];
  const indicators = await listActiveContextIndicators(db);
  let query = db
    .selectFrom("context_values")
    .select(["district_id", "indicator_id", "quarter", "value"])
    .where("district_id", "in", districts.map((d) => d.id))
    .where("indicator_id", "in", indicators.length ? indicators.map((i) => i.id) : [""]);
  if (options.quarters) query = query.where("quarter", "in", options.quarters.length ? options.quarters : [""]);
  const rows = await query.execute();
  const byCell = new Map(rows.map((r) => [`${r.district_id}|${cellKey(r.indicator_id, r.quarter)}`, Number(r.value)]));
  const quarters = options.blankCells && options.quarters
    ? [...options.quarters]
    : [...new Set(rows.map((r) => r.quarter))];
  quarters.sort(compareQuarters);
  const out: ContextCsvRow[] = [];
  for (const district of districts) {
    for (const quarter of quarters) {
      for (const indicator of indicators) {
        const value = byCell.get(`${district.id}|${cellKey(indicator.id, quarter)}`);
        if (value === undefined && !options.blankCells) continue;
        out.push([district.name, quarter, indicator.code, value ?? null]);
      }
    }
  }
  return out;
}

/** Most rows one import may hold: a year of every indicator for every district is well under it. */
export const MAX_IMPORT_ROWS = 5_000;
/** Largest file accepted: 5,000 rows of these four short columns is well under 1 MB. */
export const MAX_IMPORT_BYTES = 1024 * 1024;

export interface ImportLookups {
  districts: readonly ContextDistrict[];
  indicators: readonly { id: string; code: string; name: string; isActive: boolean }[];
  /** May this user enter figures for this district? */
  mayEdit: (districtId: string) => boolean;
  /** The latest quarter that has ended: figures for later ones cannot exist yet. */
  latestQuarter: string;
}

export interface ImportRow {
  line: number;
  districtId: string;
  districtName: string;
  indicatorId: string;
  indicatorCode: string;
  quarter: string;
  value: number | null;
}

export type ImportCheck = { ok: true; rows: ImportRow[] } | { ok: false; problems: string[] };

/**
 * Checks a whole file before anything is saved: every bad row is reported with its line
 * number (the header is line 1) and reason, so the file can be fixed in one go.
 */
export function checkContextImport(text: string, lookups: ImportLookups): ImportCheck {
  const parsed = parseCsv(text);
  if (!Array.isArray(parsed)) {
    return { ok: false, problems: [`Line ${parsed.unclosedQuoteAt}: a quoted value is never closed (a " is missing)`] };
  }
  const records = parsed.filter((r) => r.cells.some((c) => c.trim() !== ""));
  if (records.length === 0) return { ok: false, problems: ["The file is empty"] };
  const header = records[0].cells.map((c) => c.trim().toLowerCase());
  const columns = new Map<string, number>();
  const headerProblems: string[] = [];
  header.forEach((name, index) => {
    if (!(CONTEXT_CSV_HEADER as readonly string[]).includes(name)) {
      headerProblems.push(`Line ${records[0].line}: unknown column '${records[0].cells[index].trim()}': the columns are ${CONTEXT_CSV_HEADER.join(",")}`);
    } else if (columns.has(name)) {
      headerProblems.push(`Line ${records[0].line}: the column '${name}' appears twice`);
    } else {
      columns.set(name, index);
    }
  });
  const missing = CONTEXT_CSV_HEADER.filter((c) => !columns.has(c));
  if (missing.length > 0) {
    headerProblems.unshift(
      `Line ${records[0].line}: the first line must be the header ${CONTEXT_CSV_HEADER.join(",")} (missing: ${missing.join(", ")})`,
    );
  }
  if (headerProblems.length > 0) return { ok: false, problems: headerProblems };
  const data = records.slice(1);
  if (data.length === 0) return { ok: false, problems: ["The file has a header but no rows of figures"] };
  if (data.length > MAX_IMPORT_ROWS) {
    return { ok: false, problems: [`The file has ${data.length.toLocaleString("en-GB")} rows: import at most ${MAX_IMPORT_ROWS.toLocaleString("en-GB")} at a time by splitting it into smaller files`] };
  }

  const districtsByKey = new Map<string, ContextDistrict>();
  for (const d of lookups.districts) {
    districtsByKey.set(d.name.trim().toLowerCase(), d);
    districtsByKey.set(d.onsCode.trim().toLowerCase(), d);
  }
  const indicatorsByKey = new Map<string, ImportLookups["indicators"][number]>();
  for (const i of lookups.indicators) {
    indicatorsByKey.set(i.code.toLowerCase(), i);
    indicatorsByKey.set(i.name.trim().toLowerCase(), i);
  }

  const problems: string[] = [];
  const rows: ImportRow[] = [];
  const seen = new Map<string, number>();
  const cell = (r: CsvRecord, column: string) => (r.cells[columns.get(column)!] ?? "").trim();
  for (const record of data) {
    const reasons: string[] = [];
    const districtText = cell(record, "district");
    const quarterText = cell(record, "quarter");
    const indicatorText = cell(record, "indicator");
    const valueText = cell(record, "value");

    const district = districtText ? districtsByKey.get(districtText.toLowerCase()) : undefined;
    if (!districtText) reasons.push("the district is missing");
    else if (!district) reasons.push(`no district called '${districtText}'`);
    else if (!lookups.mayEdit(district.id)) reasons.push(`you cannot enter figures for ${district.name}`);

    const quarter = quarterText ? parseQuarterLabel(quarterText.toUpperCase().replace(/\s+/g, " ")) : null;
    if (!quarterText) reasons.push("the quarter is missing");
    else if (!quarter) reasons.push(`'${quarterText}' is not a quarter: write it like 2026-27 Q1`);
    else if (compareQuarters(quarterLabel(quarter), lookups.latestQuarter) > 0) reasons.push(`${quarterLabel(quarter)} has not ended yet`);

    const indicator = indicatorText ? indicatorsByKey.get(indicatorText.toLowerCase()) : undefined;
    if (!indicatorText) reasons.push("the indicator is missing");
    else if (!indicator) reasons.push(`no indicator called '${indicatorText}'`);
    else if (!indicator.isActive) reasons.push(`the indicator '${indicator.name}' is no longer in use`);

    const value = parseContextValue(valueText);
    if (!value.ok) reasons.push(IMPORT_PROBLEMS[value.problem] ?? `'${valueText}' is not a number: write it like 120 or 12.5, or leave it blank`);

    if (reasons.length === 0 && district && quarter && indicator && value.ok) {
      const label = quarterLabel(quarter);
      const key = `${district.id}|${indicator.id}|${label}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        reasons.push(`repeats line ${earlier} (${district.name}, ${label}, ${indicator.code})`);
      } else {
        seen.set(key, record.line);
        rows.push({
          line: record.line, districtId: district.id, districtName: district.name, indicatorId: indicator.id,
          indicatorCode: indicator.code, quarter: label, value: value.value,
        });
      }
    }
    if (reasons.length > 0) problems.push(`Line ${record.line}: ${reasons.join("; ")}`);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}

/** What the lookups for an import are, for this user. */
export async function importLookups(db: Executor, actor: Actor, today: string): Promise<ImportLookups> {
  const [districts, indicators] = await Promise.all([
    db.selectFrom("districts").select(["id", "name", "ons_code"]).execute(),
    listContextIndicators(db),
  ]);
  return {
    districts: districts.map((d) => ({ id: d.id, name: d.name, onsCode: d.ons_code })),
    indicators: indicators.map((i) => ({ id: i.id, code: i.code, name: i.name, isActive: i.isActive })),
    mayEdit: (districtId) => can(actor, "context:edit", { id: districtId }),
    latestQuarter: lastEndedQuarter(today),
  };
}

export interface ImportResult {
  /** Rows in the file: each is a figure saved or cleared (or already so). */
  count: number;
  changed: number;
  cleared: number;
  districts: string[];
  quarters: string[];
}

/**
 * Saves checked rows. Run it inside a transaction: a file goes in whole or not at all.
 * One audit event, with the count, districts and quarters, and each changed cell's before and after.
 * The districts' locks are taken first, so a grid saved meanwhile is compared with the file's figures.
 */
export async function importContextValues(db: Executor, audit: AuditContext, rows: readonly ImportRow[]): Promise<ImportResult> {
  const now = nowIso();
  const byDistrict = new Map<string, ImportRow[]>();
  for (const row of rows) byDistrict.set(row.districtId, [...(byDistrict.get(row.districtId) ?? []), row]);
  await takeLocks(db, ...[...byDistrict.keys()].map((id) => LOCKS.contextFigures(id)));
  const changes: (CellChange & { district: string })[] = [];
  for (const [districtId, districtRows] of byDistrict) {
    const stored = await storedValues(db, districtId, [...new Set(districtRows.map((r) => r.quarter))]);
    const changed = await applyChanges(db, audit.actorUserId, districtId, districtRows, stored, now);
    const codeOf = new Map(districtRows.map((r) => [r.indicatorId, r.indicatorCode]));
    for (const c of changed) {
      changes.push({
        district: districtRows[0].districtName, indicator: codeOf.get(c.indicatorId) ?? c.indicatorId,
        quarter: c.quarter, before: c.before, after: c.value,
      });
    }
  }
  const result: ImportResult = {
    count: rows.length,
    changed: changes.length,
    cleared: changes.filter((c) => c.after === null).length,
    districts: [...new Set(rows.map((r) => r.districtName))].sort(),
    quarters: [...new Set(rows.map((r) => r.quarter))].sort(compareQuarters),
  };
  await recordAudit(db, audit, {
    action: "context-values.imported",
    recordType: "context_import",
    recordId: newId(),
    before: { cells: changes.map(({ district, indicator, quarter, before }) => ({ district, indicator, quarter, value: before })) },
    after: {
      count: result.count,
      changed: result.changed,
      districts: result.districts,
      quarters: result.quarters,
      cells: changes.map(({ district, indicator, quarter, after }) => ({ district, indicator, quarter, value: after })),
    },
  });
  return result;
}
