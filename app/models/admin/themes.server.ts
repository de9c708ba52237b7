// Themes: the priorities projects serve ("School ready", "Domestic abuse", ...).
// A theme is retired by making it inactive, never deleted, so old projects keep theirs.
import type { Executor } from "../../../db/client";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { containsText, pageWindow, toListPage, type ListPage, type ListParams } from "~/lib/lists";
import { newId, nowIso } from "~/lib/ids.server";
import { MESSAGES, type ThemeInput } from "~/schemas/reference-data";
import { DuplicateError, StaleEditError } from "~/models/errors";

export const THEME_SORTS = ["name", "status", "updated_at"] as const;
export type ThemeSort = (typeof THEME_SORTS)[number];

export interface Theme {
  id: string;
  name: string;
  description: string;
  isActive: boolean;
  updatedAt: string;
  version: number;
}

const COLUMNS = ["id", "name", "description", "is_active", "updated_at", "version"] as const;

type ThemeRow = { id: string; name: string; description: string; is_active: number; updated_at: string; version: number };

const toTheme = (r: ThemeRow): Theme => ({
  id: r.id,
  name: r.name,
  description: r.description,
  isActive: r.is_active === 1,
  updatedAt: r.updated_at,
  version: r.version,
});

export async function listThemes(
  db: Executor,
  params: ListParams<ThemeSort>,
  filters: { status: "active" | "inactive" | "" } = { status: "" },
): Promise<ListPage<Theme>> {
  let base = db.selectFrom("themes");
  if (params.q) {
    base = base.where((eb) =>
      eb.or([containsText(eb.ref("name"), params.q), containsText(eb.ref("description"), params.q)]),
    );
  }
  if (filters.status) base = base.where("is_active", "=", filters.status === "active" ? 1 : 0);
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  const { limit, offset } = pageWindow(params);
  let query = base.select([...COLUMNS]);
  switch (params.sort) {
    case "status": query = query.orderBy("is_active", params.dir === "asc" ? "desc" : "asc").orderBy("name"); break;
    case "updated_at": query = query.orderBy("updated_at", params.dir); break;
    default: query = query.orderBy("name", params.dir);
  }
  const rows = await query.orderBy("id").limit(limit).offset(offset).execute();
  return toListPage(rows.map(toTheme), Number(total), params);
}

export async function getTheme(db: Executor, id: string): Promise<Theme | null> {
  const row = await db.selectFrom("themes").select([...COLUMNS]).where("id", "=", id).executeTakeFirst();
  return row ? toTheme(row) : null;
}

async function assertUnique(db: Executor, name: string, exceptId?: string): Promise<void> {
  let query = db.selectFrom("themes").select("id").where((eb) => eb(eb.fn("lower", ["name"]), "=", name.toLowerCase()));
  if (exceptId) query = query.where("id", "!=", exceptId);
  if (await query.executeTakeFirst()) throw new DuplicateError("name", MESSAGES.duplicateThemeName);
}

const snapshot = (t: { name: string; description: string; is_active: boolean }) => ({
  name: t.name,
  description: t.description,
  is_active: t.is_active,
});

export async function createTheme(db: Executor, audit: AuditContext, input: ThemeInput): Promise<string> {
  await assertUnique(db, input.name);
  const id = newId();
  const now = nowIso();
  await db
    .insertInto("themes")
    .values({
      id, name: input.name, description: input.description, is_active: input.is_active ? 1 : 0,
      created_at: now, updated_at: now, version: 1,
    })
    .execute();
  await recordAudit(db, audit, { action: "theme.created", recordType: "theme", recordId: id, after: snapshot(input) });
  return id;
}

export async function updateTheme(
  db: Executor,
  audit: AuditContext,
  id: string,
  expectedVersion: number,
  input: ThemeInput,
): Promise<void> {
  const before = await getTheme(db, id);
  if (!before) throw new Error("Theme not found");
  if (before.version !== expectedVersion) throw new StaleEditError("theme");
  await assertUnique(db, input.name, id);
  const updated = await db
    .updateTable("themes")
    .set({
      name: input.name, description: input.description, is_active: input.is_active ? 1 : 0,
      updated_at: nowIso(), version: expectedVersion + 1,
    })
    .where("id", "=", id)
    .where("version", "=", expectedVersion)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new StaleEditError("theme");
  await recordAudit(db, audit, {
    action: "theme.updated",
    recordType: "theme",
    recordId: id,
    before: snapshot({ name: before.name, description: before.description, is_active: before.isActive }),
    after: snapshot(input),
  });
}
