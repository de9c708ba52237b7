// Reference data: the districts, themes, funding streams, context indicators and unit costs
// an administrator keeps. Each kind is a table of named rows added and changed by hand, and
// each keeps the same three promises: a name (or code) is never used twice, two people's
// edits never silently overwrite each other (the row's version), and every change is in the
// audit log with its before and after. They are kept here, once; each kind's module says
// only its table, its columns, its sorts and its words.
import type { Kysely } from "kysely";
import type { Executor } from "../../../db/client";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { newId, nowIso } from "~/lib/ids.server";
import { containsText, pageWindow, toListPage, type ListPage, type ListParams } from "~/lib/lists";
import { DuplicateError, NotFoundError, StaleEditError } from "~/models/errors";
import { LOCKS, takeLocks } from "~/models/locks.server";

export type ReferenceTable = "districts" | "themes" | "funding_streams" | "context_indicators" | "unit_costs";

export interface UniqueRule {
  column: string;
  /** The form field the message is shown beside. */
  field: string;
  message: string;
  /** Names are unique whatever their case; a code stored in one case is compared as it is. */
  anyCase?: boolean;
}

export interface ReferenceKind<Row, R extends { version: number }> {
  table: ReferenceTable;
  /** What the messages call one: "district" → "Someone else changed this district …". */
  noun: string;
  /** The audit log's record type, and the stem of its actions (`theme` → `theme.created`). */
  recordType: string;
  action: string;
  columns: readonly string[];
  toRecord: (row: Row) => R;
  /** Checked in this order, each only when the change sets its column. */
  unique: readonly UniqueRule[];
}

/** A column alone follows the direction asked for; `reverse` goes against it; `dir` ignores it. */
export type SortTerm = string | { column: string; reverse?: true; dir?: "asc" | "desc" };

export interface ListSpec<S extends string> {
  /** The columns a search looks in. */
  search: readonly string[];
  sorts: Record<S, readonly SortTerm[]>;
  /** Ties are broken by these, so paging never shows a row twice. */
  tiebreak: readonly string[];
}

/**
 * The kinds differ only in table and column names, which Kysely cannot check when they are
 * passed in; each kind's module types its own rows (`Row`) and records.
 */
const untyped = (db: Executor) => db as unknown as Kysely<Record<string, Record<string, unknown>>>;

export async function getReference<Row, R extends { version: number }>(db: Executor, kind: ReferenceKind<Row, R>, id: string): Promise<R | null> {
  const row = await untyped(db).selectFrom(kind.table).select([...kind.columns]).where("id", "=", id).executeTakeFirst();
  return row ? kind.toRecord(row as Row) : null;
}

/** Every row, in the order given: for pickers and short lists. */
export async function listAllReference<Row, R extends { version: number }>(
  db: Executor,
  kind: ReferenceKind<Row, R>,
  order: readonly SortTerm[],
  where: Record<string, string | number> = {},
): Promise<R[]> {
  let query = untyped(db).selectFrom(kind.table).select([...kind.columns]);
  for (const [column, value] of Object.entries(where)) query = query.where(column, "=", value);
  for (const term of order) query = typeof term === "string" ? query.orderBy(term) : query.orderBy(term.column, term.dir ?? "asc");
  return (await query.execute()).map((row) => kind.toRecord(row as Row));
}

/** One page of a kind's list: searched, filtered (`where`: column = value) and sorted from the URL. */
export async function listReference<Row, R extends { version: number }, S extends string>(
  db: Executor,
  kind: ReferenceKind<Row, R>,
  params: ListParams<S>,
  spec: ListSpec<S>,
  where: Record<string, string | number> = {},
): Promise<ListPage<R>> {
  let base = untyped(db).selectFrom(kind.table);
  if (params.q) base = base.where((eb) => eb.or(spec.search.map((column) => containsText(eb.ref(column), params.q))));
  for (const [column, value] of Object.entries(where)) base = base.where(column, "=", value);
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  const { limit, offset } = pageWindow(params);
  let query = base.select([...kind.columns]);
  for (const term of spec.sorts[params.sort]) {
    if (typeof term === "string") query = query.orderBy(term, params.dir);
    else query = query.orderBy(term.column, term.dir ?? (term.reverse ? (params.dir === "asc" ? "desc" : "asc") : params.dir));
  }
  for (const column of spec.tiebreak) query = query.orderBy(column);
  const rows = await query.limit(limit).offset(offset).execute();
  return toListPage(rows.map((row) => kind.toRecord(row as Row)), Number(total), params);
}

/** Refuses (DuplicateError, beside its field) a value another row already has. */
async function assertUnique<Row, R extends { version: number }>(db: Executor, kind: ReferenceKind<Row, R>, values: Record<string, unknown>, exceptId?: string): Promise<void> {
  for (const rule of kind.unique) {
    const value = values[rule.column];
    if (typeof value !== "string") continue;
    let query = untyped(db)
      .selectFrom(kind.table)
      .select("id")
      .where((eb) => (rule.anyCase ? eb(eb.fn("lower", [rule.column]), "=", value.toLowerCase()) : eb(rule.column, "=", value)));
    if (exceptId) query = query.where("id", "!=", exceptId);
    if (await query.executeTakeFirst()) throw new DuplicateError(rule.field, rule.message);
  }
}

/**
 * Adds a row (`values` are its columns) at version 1 and audits it (`after` is what the log
 * keeps). Returns the new id.
 */
export async function createReference<Row, R extends { version: number }>(
  db: Executor,
  audit: AuditContext,
  kind: ReferenceKind<Row, R>,
  change: { values: Record<string, unknown>; after: Record<string, unknown> },
): Promise<string> {
  await takeLocks(db, LOCKS.referenceList(kind.table));
  await assertUnique(db, kind, change.values);
  const id = newId();
  const now = nowIso();
  await untyped(db).insertInto(kind.table).values({ id, ...change.values, created_at: now, updated_at: now, version: 1 }).execute();
  await recordAudit(db, audit, { action: `${kind.action}.created`, recordType: kind.recordType, recordId: id, after: change.after });
  return id;
}

/**
 * Saves the new values unless someone else saved since `expectedVersion` was read
 * (StaleEditError), and audits the record's before and after.
 */
export async function updateReference<Row, R extends { version: number }>(
  db: Executor,
  audit: AuditContext,
  kind: ReferenceKind<Row, R>,
  id: string,
  expectedVersion: number,
  change: {
    values: Record<string, unknown>;
    /** What the log keeps of the record as it was, and as it is now (from the form, and from the record where the form cannot change it). */
    before: (record: R) => Record<string, unknown>;
    after: (record: R) => Record<string, unknown>;
  },
): Promise<void> {
  await takeLocks(db, LOCKS.referenceList(kind.table));
  const before = await getReference(db, kind, id);
  if (!before) throw new NotFoundError(`The ${kind.noun} could not be found`);
  if (before.version !== expectedVersion) throw new StaleEditError(kind.noun);
  await assertUnique(db, kind, change.values, id);
  const updated = await untyped(db)
    .updateTable(kind.table)
    .set({ ...change.values, updated_at: nowIso(), version: expectedVersion + 1 })
    .where("id", "=", id)
    .where("version", "=", expectedVersion)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new StaleEditError(kind.noun);
  await recordAudit(db, audit, {
    action: `${kind.action}.updated`, recordType: kind.recordType, recordId: id, before: change.before(before), after: change.after(before),
  });
}

/** 0/1 flags in the database, booleans everywhere else. */
export const flag = (value: boolean): 0 | 1 => (value ? 1 : 0);
export const isSet = (value: number): boolean => Number(value) === 1;

// ---------------------------------------------------------------------------------------
// Kinds that are a name, a description and whether they are in use (themes, funding streams).

export interface Described {
  id: string;
  name: string;
  description: string;
  isActive: boolean;
  updatedAt: string;
  version: number;
}

export interface DescribedInput {
  name: string;
  description: string;
  is_active: boolean;
}

type DescribedRow = { id: string; name: string; description: string; is_active: number; updated_at: string; version: number };

/** A described kind: its table, what it is called, and what to say when a name is taken. */
export function describedKind(table: ReferenceTable, noun: string, recordType: string, duplicateName: string): ReferenceKind<DescribedRow, Described> {
  return {
    table,
    noun,
    recordType,
    action: recordType,
    columns: ["id", "name", "description", "is_active", "updated_at", "version"],
    toRecord: (r) => ({ id: r.id, name: r.name, description: r.description, isActive: isSet(r.is_active), updatedAt: r.updated_at, version: Number(r.version) }),
    unique: [{ column: "name", field: "name", message: duplicateName, anyCase: true }],
  };
}

const describedSnapshot = (d: DescribedInput) => ({ name: d.name, description: d.description, is_active: d.is_active });
const describedColumns = (d: DescribedInput) => ({ name: d.name, description: d.description, is_active: flag(d.is_active) });

export function createDescribed(db: Executor, audit: AuditContext, kind: ReferenceKind<DescribedRow, Described>, input: DescribedInput): Promise<string> {
  return createReference(db, audit, kind, { values: describedColumns(input), after: describedSnapshot(input) });
}

export function updateDescribed(
  db: Executor,
  audit: AuditContext,
  kind: ReferenceKind<DescribedRow, Described>,
  id: string,
  expectedVersion: number,
  input: DescribedInput,
): Promise<void> {
  return updateReference(db, audit, kind, id, expectedVersion, {
    values: describedColumns(input),
    before: (d) => describedSnapshot({ name: d.name, description: d.description, is_active: d.isActive }),
    after: () => describedSnapshot(input),
  });
}
