// Themes: the priorities projects serve ("School ready", "Domestic abuse", ...).
// A theme is retired by making it inactive, never deleted, so old projects keep theirs.
import type { Executor } from "../../../db/client";
import type { AuditContext } from "~/models/audit/record.server";
import type { ListPage, ListParams } from "~/lib/lists";
import { MESSAGES, type ThemeInput } from "~/schemas/reference-data";
import { createReference, flag, getReference, isSet, listReference, updateReference, type ReferenceKind } from "./reference-data.server";

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

type ThemeRow = { id: string; name: string; description: string; is_active: number; updated_at: string; version: number };

const THEMES: ReferenceKind<ThemeRow, Theme> = {
  table: "themes",
  noun: "theme",
  recordType: "theme",
  action: "theme",
  columns: ["id", "name", "description", "is_active", "updated_at", "version"],
  toRecord: (r) => ({ id: r.id, name: r.name, description: r.description, isActive: isSet(r.is_active), updatedAt: r.updated_at, version: r.version }),
  unique: [{ column: "name", field: "name", message: MESSAGES.duplicateThemeName, anyCase: true }],
};

export function listThemes(
  db: Executor,
  params: ListParams<ThemeSort>,
  filters: { status: "active" | "inactive" | "" } = { status: "" },
): Promise<ListPage<Theme>> {
  return listReference(
    db,
    THEMES,
    params,
    {
      search: ["name", "description"],
      // "Status" ascending puts the active first.
      sorts: { name: ["name"], status: [{ column: "is_active", reverse: true }, { column: "name", dir: "asc" }], updated_at: ["updated_at"] },
      tiebreak: ["id"],
    },
    filters.status ? { is_active: filters.status === "active" ? 1 : 0 } : {},
  );
}

export const getTheme = (db: Executor, id: string): Promise<Theme | null> => getReference(db, THEMES, id);

const snapshot = (t: { name: string; description: string; is_active: boolean }) => ({ name: t.name, description: t.description, is_active: t.is_active });
const columnsOf = (t: ThemeInput) => ({ name: t.name, description: t.description, is_active: flag(t.is_active) });

export function createTheme(db: Executor, audit: AuditContext, input: ThemeInput): Promise<string> {
  return createReference(db, audit, THEMES, { values: columnsOf(input), after: snapshot(input) });
}

export function updateTheme(db: Executor, audit: AuditContext, id: string, expectedVersion: number, input: ThemeInput): Promise<void> {
  return updateReference(db, audit, THEMES, id, expectedVersion, {
    values: columnsOf(input),
    before: (t) => snapshot({ name: t.name, description: t.description, is_active: t.isActive }),
    after: () => snapshot(input),
  });
}
