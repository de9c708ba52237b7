// Context (statutory-demand) indicators: figures the council reports per district and
// quarter (referrals to social care, child protection plans, ...), entered by officers in a
// grid or imported from a CSV file, and read by the district profile as its context charts.
// An indicator is retired by making it inactive, never deleted, so its history is kept.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Executor } from "../../../db/client";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { newId, nowIso } from "~/lib/ids.server";
import { parseQuarterLabel, previousQuarter, quarterLabel, quarterOf, type FinancialQuarter } from "~/lib/financial-year";
import { parseFigure } from "~/lib/figures";
import { DuplicateError, StaleEditError } from "~/models/errors";
import { can } from "~/policies/index";
import { type Actor } from "~/policies/actor";

// ---------------------------------------------------------------------------------------
// Quarters

/** The n quarters ending with `quarter`, oldest first: lastQuarters("2026-27 Q2", 8) → ["2024-25 Q3", …, "2026-27 Q2"]. */
export function lastQuarters(quarter: string, n: number): string[] {
  const end = parseQuarterLabel(quarter);
  if (!end) throw new RangeError(`Not a quarter: ${quarter}`);
  const out: FinancialQuarter[] = [];
  let q = end;
  for (let i = 0; i < n; i += 1) {
    out.push(q);
    q = previousQuarter(q);
  }
  return out.reverse().map(quarterLabel);
}

/** The latest quarter that has ended on `today` (an ISO date): on 2026-12-06 that is 2026-27 Q2. */
export function lastEndedQuarter(today: string): string {
  return quarterLabel(previousQuarter(quarterOf(today)));
}

/** ?quarter= when it is a quarter that has ended, else the latest that has. */
export function contextQuarterFrom(asked: string | null, today: string): string {
  const latest = lastEndedQuarter(today);
  const parsed = asked ? parseQuarterLabel(asked) : null;
  if (!parsed) return latest;
  const label = quarterLabel(parsed);
  return compareQuarters(label, latest) > 0 ? latest : label;
}

/** Quarter labels sort as text only within a century; compare them as numbers. */
export function compareQuarters(a: string, b: string): number {
  const qa = parseQuarterLabel(a);
  const qb = parseQuarterLabel(b);
  if (!qa || !qb) return a.localeCompare(b);
  return qa.year * 4 + qa.quarter - (qb.year * 4 + qb.quarter);
}

/** The quarters to offer in the picker: the `count` that have ended, newest first. */
export function quarterChoices(today: string, count = 12): string[] {
  return lastQuarters(lastEndedQuarter(today), count).reverse();
}

// ---------------------------------------------------------------------------------------
// Values: what may be typed

/** Far above any district's quarterly figure: a slip of the finger is caught, not stored. */
export const MAX_CONTEXT_VALUE = 10_000_000;

export type ValueCheck = { ok: true; value: number | null } | { ok: false; problem: string };

/**
 * A figure as typed, by the portal's one rule for figures (app/lib/figures.ts): blank (no
 * figure), or a number from 0 to MAX_CONTEXT_VALUE with at most 2 decimal places. The
 * problem is a code: the form and the import each word it for where it is shown.
 */
export function parseContextValue(text: string): ValueCheck {
  const parsed = parseFigure(text, { max: MAX_CONTEXT_VALUE });
  if (parsed.ok) return parsed;
  const problem = { invalid: "not-a-number", "not-whole": "not-a-number", negative: "negative", decimals: "decimals", "too-big": "too-large" }[parsed.problem];
  return { ok: false, problem };
}

/** The message for a figure that cannot be stored, naming the cell: "… for Referrals to children's social care in 2026-27 Q1 …". */
export function contextValueMessage(problem: string, indicatorName: string, quarter: string): string {
  const what = `${indicatorName} in ${quarter}`;
  switch (problem) {
    case "negative": return `${what} must be 0 or more`;
    case "decimals": return `${what} must have no more than 2 decimal places`;
    case "too-large": return `${what} must be 10,000,000 or less`;
    default: return `Enter ${what} as a number, like 120 or 12.5, or leave it blank`;
  }
}

const IMPORT_PROBLEMS: Record<string, string> = {
  negative: "the value must be 0 or more",
  decimals: "the value must have no more than 2 decimal places",
  "too-large": "the value must be 10,000,000 or less",
};

// ---------------------------------------------------------------------------------------
// Indicators

export interface ContextIndicator {
  id: string;
  code: string;
  name: string;
  description: string;
  position: number;
  isActive: boolean;
  updatedAt: string;
  version: number;
}

const INDICATOR_COLUMNS = ["id", "code", "name", "description", "position", "is_active", "updated_at", "version"] as const;

type IndicatorRow = {
  id: string; code: string; name: string; description: string; position: number; is_active: number; updated_at: string; version: number;
};

const toIndicator = (r: IndicatorRow): ContextIndicator => ({
  id: r.id,
  code: r.code,
  name: r.name,
  description: r.description,
  position: Number(r.position),
  isActive: Number(r.is_active) === 1,
  updatedAt: r.updated_at,
  version: Number(r.version),
});

/** Every indicator, active first, each group in position order: for the admin list. */
export async function listContextIndicators(db: Executor): Promise<ContextIndicator[]> {
  const rows = await db
    .selectFrom("context_indicators")
    .select([...INDICATOR_COLUMNS])
    .orderBy("is_active", "desc")
    .orderBy("position")
    .orderBy("id")
    .execute();
  return rows.map(toIndicator);
}

export async function listActiveContextIndicators(db: Executor): Promise<ContextIndicator[]> {
  const rows = await db
    .selectFrom("context_indicators")
    .select([...INDICATOR_COLUMNS])
    .where("is_active", "=", 1)
    .orderBy("position")
    .orderBy("id")
    .execute();
  return rows.map(toIndicator);
}

export async function getContextIndicator(db: Executor, id: string): Promise<ContextIndicator | null> {
  const row = await db.selectFrom("context_indicators").select([...INDICATOR_COLUMNS]).where("id", "=", id).executeTakeFirst();
  return row ? toIndicator(row) : null;
}

export const CONTEXT_INDICATOR_MESSAGES = {
  code: "Enter a code",
  codeFormat: "Code must be lowercase letters, digits and single hyphens, starting with a letter, like school-exclusions",
  codeLong: "Code must be 40 characters or fewer",
  duplicateCode: "There is already an indicator with this code",
  name: "Enter the indicator's name",
  nameLong: "Name must be 120 characters or fewer",
  duplicateName: "There is already an indicator with this name",
  descriptionLong: "Description must be 1,000 characters or fewer",
  active: "Select whether officers enter this indicator",
  version: "Reload the page and try again",
} as const;

const M = CONTEXT_INDICATOR_MESSAGES;
const nameField = z.string({ error: M.name }).trim().min(1, M.name).max(120, M.nameLong);
const descriptionField = z.string().trim().max(1000, M.descriptionLong).default("");

export const contextIndicatorSchema = z.object({
  code: z
    .string({ error: M.code })
    .trim()
    .min(1, M.code)
    .max(40, M.codeLong)
    .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, M.codeFormat),
  name: nameField,
  description: descriptionField,
});
export type ContextIndicatorInput = z.infer<typeof contextIndicatorSchema>;

/** The code is fixed once made: imported files and earlier exports refer to it. */
export const contextIndicatorEditSchema = z.object({
  name: nameField,
  description: descriptionField,
  is_active: z.enum(["yes", "no"], { error: M.active }).transform((v) => v === "yes"),
  version: z.coerce.number({ error: M.version }).int().min(1, M.version),
});
export type ContextIndicatorEdit = z.infer<typeof contextIndicatorEditSchema>;

async function assertUniqueIndicator(db: Executor, input: { code?: string; name: string }, exceptId?: string): Promise<void> {
  if (input.code !== undefined) {
    const byCode = await db.selectFrom("context_indicators").select("id").where("code", "=", input.code).executeTakeFirst();
    if (byCode) throw new DuplicateError("code", M.duplicateCode);
  }
  let byName = db
    .selectFrom("context_indicators")
    .select("id")
    .where((eb) => eb(eb.fn("lower", ["name"]), "=", input.name.toLowerCase()));
  if (exceptId) byName = byName.where("id", "!=", exceptId);
  if (await byName.executeTakeFirst()) throw new DuplicateError("name", M.duplicateName);
}

/** A new indicator goes after the others, active, so it appears at once in the form. */
export async function createContextIndicator(db: Executor, audit: AuditContext, input: ContextIndicatorInput): Promise<string> {
  await assertUniqueIndicator(db, input);
  const last = await db
    .selectFrom("context_indicators")
    .select((eb) => eb.fn.max("position").as("position"))
    .executeTakeFirst();
  const position = Number(last?.position ?? 0) + 1;
  const id = newId();
  const now = nowIso();
  await db
    .insertInto("context_indicators")
    .values({
      id, code: input.code, name: input.name, description: input.description, position, is_active: 1,
      created_at: now, updated_at: now, version: 1,
    })
    .execute();
  await recordAudit(db, audit, {
    action: "context-indicator.created",
    recordType: "context_indicator",
    recordId: id,
    after: { code: input.code, name: input.name, description: input.description, is_active: true },
  });
  return id;
}

export async function updateContextIndicator(
  db: Executor,
  audit: AuditContext,
  id: string,
  input: ContextIndicatorEdit,
): Promise<void> {
  const before = await getContextIndicator(db, id);
  if (!before) throw new Error("Context indicator not found");
  if (before.version !== input.version) throw new StaleEditError("indicator");
  await assertUniqueIndicator(db, { name: input.name }, id);
  const updated = await db
    .updateTable("context_indicators")
    .set({
      name: input.name, description: input.description, is_active: input.is_active ? 1 : 0,
      updated_at: nowIso(), version: input.version + 1,
    })
    .where("id", "=", id)
    .where("version", "=", input.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new StaleEditError("indicator");
  await recordAudit(db, audit, {
    action: "context-indicator.updated",
    recordType: "context_indicator",
    recordId: id,
    before: { code: before.code, name: before.name, description: before.description, is_active: before.isActive },
    after: { code: before.code, name: input.name, description: input.description, is_active: input.is_active },
  });
}

// ---------------------------------------------------------------------------------------
// Districts a user may enter figures for

export interface ContextDistrict {
  id: string;
  name: string;
  onsCode: string;
}

/** The districts whose figures this user may enter (and so see here), by name. */
export async function listEditableDistricts(db: Executor, actor: Actor): Promise<ContextDistrict[]> {
  const rows = await db.selectFrom("districts").select(["id", "name", "ons_code"]).orderBy("name").orderBy("id").execute();
  return rows.filter((r) => can(actor, "context:edit", { id: r.id })).map((r) => ({ id: r.id, name: r.name, onsCode: r.ons_code }));
}

/** How many active indicators each district has a figure for in `quarter`. */
export async function countFiguresIn(db: Executor, districtIds: readonly string[], quarter: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (districtIds.length === 0) return out;
  const rows = await db
    .selectFrom("context_values")
    .innerJoin("context_indicators", "context_indicators.id", "context_values.indicator_id")
    .select(["context_values.district_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("context_values.district_id", "in", districtIds)
    .where("context_values.quarter", "=", quarter)
    .where("context_indicators.is_active", "=", 1)
    .groupBy("context_values.district_id")
    .execute();
  for (const r of rows) out.set(r.district_id, Number(r.n));
  return out;
}

// ---------------------------------------------------------------------------------------
// The grid: one district, the active indicators × some quarters

export interface ContextCellKey {
  indicatorId: string;
  quarter: string;
}

const cellKey = (indicatorId: string, quarter: string): string => `${indicatorId}|${quarter}`;

/** A fingerprint of the figures in some cells, as read: the form sends it back, and a save is refused when they changed meanwhile. */
function fingerprint(cells: readonly ContextCellKey[], values: ReadonlyMap<string, number>): string {
  const text = cells
    .map((c) => `${cellKey(c.indicatorId, c.quarter)}=${values.get(cellKey(c.indicatorId, c.quarter)) ?? ""}`)
    .sort()
    .join(",");
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

async function storedValues(db: Executor, districtId: string, quarters: readonly string[]): Promise<Map<string, number>> {
  if (quarters.length === 0) return new Map();
  const rows = await db
    .selectFrom("context_values")
    .select(["indicator_id", "quarter", "value"])
    .where("district_id", "=", districtId)
    .where("quarter", "in", quarters)
    .execute();
  return new Map(rows.map((r) => [cellKey(r.indicator_id, r.quarter), Number(r.value)]));
}

export interface ContextGrid {
  indicators: { id: string; code: string; name: string; description: string }[];
  quarters: string[];
  /** values[indicatorId][quarter]: null where no figure has been entered. */
  values: Record<string, Record<string, number | null>>;
  snapshot: string;
}

export async function getContextGrid(db: Executor, districtId: string, quarters: readonly string[]): Promise<ContextGrid> {
  const [indicators, stored] = await Promise.all([listActiveContextIndicators(db), storedValues(db, districtId, quarters)]);
  const values: ContextGrid["values"] = {};
  const cells: ContextCellKey[] = [];
  for (const indicator of indicators) {
    values[indicator.id] = {};
    for (const quarter of quarters) {
      values[indicator.id][quarter] = stored.get(cellKey(indicator.id, quarter)) ?? null;
      cells.push({ indicatorId: indicator.id, quarter });
    }
  }
  return {
    indicators: indicators.map((i) => ({ id: i.id, code: i.code, name: i.name, description: i.description })),
    quarters: [...quarters],
    values,
    snapshot: fingerprint(cells, stored),
  };
}

export interface ContextCellInput extends ContextCellKey {
  /** null: no figure (a blank clears one). */
  value: number | null;
}

interface CellChange {
  indicator: string;
  quarter: string;
  before: number | null;
  after: number | null;
}

/**
 * Writes the changed cells and returns how many changed. Upserts so that an import and a
 * form save of the same cell never collide on the primary key.
 */
async function applyChanges(
  db: Executor,
  userId: string | null,
  districtId: string,
  cells: readonly ContextCellInput[],
  stored: ReadonlyMap<string, number>,
  now: string,
): Promise<(ContextCellInput & { before: number | null })[]> {
  const changed: (ContextCellInput & { before: number | null })[] = [];
  for (const cell of cells) {
    const before = stored.get(cellKey(cell.indicatorId, cell.quarter)) ?? null;
    if (before === cell.value) continue;
    if (cell.value === null) {
      await db
        .deleteFrom("context_values")
        .where("district_id", "=", districtId)
        .where("indicator_id", "=", cell.indicatorId)
        .where("quarter", "=", cell.quarter)
        .execute();
    } else {
      await db
        .insertInto("context_values")
        .values({ district_id: districtId, indicator_id: cell.indicatorId, quarter: cell.quarter, value: cell.value, updated_by: userId, updated_at: now })
        .onConflict((oc) =>
          oc.columns(["district_id", "indicator_id", "quarter"]).doUpdateSet({ value: cell.value!, updated_by: userId, updated_at: now }),
        )
        .execute();
    }
    changed.push({ ...cell, before });
  }
  return changed;
}

/**
 * Saves a district's grid: the cells as the form sent them. The whole grid is refused when
 * any of its figures changed since the form was shown. One audit event, with the before and
 * after of each changed cell. Run it inside a transaction: it is all or nothing only there.
 */
export async function saveContextValues(
  db: Executor,
  audit: AuditContext,
  districtId: string,
  cells: readonly ContextCellInput[],
  expectedSnapshot: string,
): Promise<number> {
  const quarters = [...new Set(cells.map((c) => c.quarter))];
  const stored = await storedValues(db, districtId, quarters);
  if (fingerprint(cells, stored) !== expectedSnapshot) throw new StaleEditError("table of figures");
  const codes = await indicatorCodes(db);
  const changed = await applyChanges(db, audit.actorUserId, districtId, cells, stored, nowIso());
  if (changed.length === 0) return 0;
  const described: CellChange[] = changed.map((c) => ({
    indicator: codes.get(c.indicatorId) ?? c.indicatorId, quarter: c.quarter, before: c.before, after: c.value,
  }));
  await recordAudit(db, audit, {
    action: "context-values.saved",
    recordType: "district",
    recordId: districtId,
    before: { cells: described.map(({ indicator, quarter, before }) => ({ indicator, quarter, value: before })) },
    after: { cells: described.map(({ indicator, quarter, after }) => ({ indicator, quarter, value: after })) },
  });
  return changed.length;
}

async function indicatorCodes(db: Executor): Promise<Map<string, string>> {
  const rows = await db.selectFrom("context_indicators").select(["id", "code"]).execute();
  return new Map(rows.map((r) => [r.id, r.code]));
}

// ---------------------------------------------------------------------------------------
// The profile's context series

/** Active indicators in position order, with each one's values for the district over the given quarters (oldest first), null where none entered. */
export async function getContextSeries(
  db: Executor,
  districtIds: readonly string[],
  quarters: readonly string[],
): Promise<Map<string, { indicatorId: string; code: string; name: string; points: { quarter: string; value: number | null }[] }[]>> {
  const out = new Map<string, { indicatorId: string; code: string; name: string; points: { quarter: string; value: number | null }[] }[]>();
  if (districtIds.length === 0) return out;
  const indicators = await listActiveContextIndicators(db);
  const rows =
    quarters.length === 0 || indicators.length === 0
      ? []
      : await db
          .selectFrom("context_values")
          .innerJoin("context_indicators", "context_indicators.id", "context_values.indicator_id")
          .select(["context_values.district_id", "context_values.indicator_id", "context_values.quarter", "context_values.value"])
          .where("context_values.district_id", "in", districtIds)
          .where("context_values.quarter", "in", quarters)
          .where("context_indicators.is_active", "=", 1)
          .execute();
  const byCell = new Map(rows.map((r) => [`${r.district_id}|${cellKey(r.indicator_id, r.quarter)}`, Number(r.value)]));
  for (const districtId of districtIds) {
    out.set(
      districtId,
      indicators.map((i) => ({
        indicatorId: i.id,
        code: i.code,
        name: i.name,
        points: quarters.map((quarter) => ({ quarter, value: byCell.get(`${districtId}|${cellKey(i.id, quarter)}`) ?? null })),
      })),
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// CSV: export, template and import

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

export interface CsvRecord {
  /** The line the record starts on, counting from 1. */
  line: number;
  cells: string[];
}

/**
 * RFC 4180 CSV: commas, double-quoted fields (with "" for a quote, and line breaks inside),
 * CRLF, LF or CR line ends, and a leading byte-order mark. Lenient where spreadsheets are:
 * a stray quote inside an unquoted field is kept as text. A quoted field that is never
 * closed means the file is cut short or broken: the line it opened on is returned instead.
 */
export function parseCsv(text: string): CsvRecord[] | { unclosedQuoteAt: number } {
  const src = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let atFieldStart = true;
  const endRecord = () => {
    cells.push(field);
    records.push({ line: recordLine, cells });
    cells = [];
    field = "";
    atFieldStart = true;
  };
  while (i < src.length) {
    const ch = src[i];
    if (atFieldStart && ch === '"') {
      const quoteLine = line;
      i += 1;
      let closed = false;
      while (i < src.length) {
        const c = src[i];
        if (c === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          closed = true;
          break;
        }
        if (c === "\r" || c === "\n") {
          // A line break inside quotes is part of the field; CRLF counts as one line.
          if (c === "\r" && src[i + 1] === "\n") {
            field += "\r\n";
            i += 2;
          } else {
            field += c;
            i += 1;
          }
          line += 1;
          continue;
        }
        field += c;
        i += 1;
      }
      if (!closed) return { unclosedQuoteAt: quoteLine };
      atFieldStart = false;
      continue;
    }
    if (ch === ",") {
      cells.push(field);
      field = "";
      atFieldStart = true;
      i += 1;
      continue;
    }
    if (ch === "\r" || ch === "\n") {
      endRecord();
      i += ch === "\r" && src[i + 1] === "\n" ? 2 : 1;
      line += 1;
      recordLine = line;
      continue;
    }
    field += ch;
    atFieldStart = false;
    i += 1;
  }
  // The last record, unless the text ended with a line break.
  if (!atFieldStart || field !== "" || cells.length > 0) endRecord();
  return records;
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
 */
export async function importContextValues(db: Executor, audit: AuditContext, rows: readonly ImportRow[]): Promise<ImportResult> {
  const now = nowIso();
  const byDistrict = new Map<string, ImportRow[]>();
  for (const row of rows) byDistrict.set(row.districtId, [...(byDistrict.get(row.districtId) ?? []), row]);
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

