// Themes: the priorities projects serve ("School ready", "Domestic abuse", ...).
// A theme is retired by making it inactive, never deleted, so old projects keep theirs.
import type { Executor } from "../../../db/client";
import type { AuditContext } from "~/models/audit/record.server";
import type { ListPage, ListParams } from "~/lib/lists";
import { MESSAGES } from "~/schemas/reference-data";
import type { ThemeInput } from "~/schemas/reference-data.server";
import { createDescribed, describedKind, getReference, listReference, updateDescribed, type Described } from "./reference-data.server";

export const THEME_SORTS = ["name", "status", "updated_at"] as const;
export type ThemeSort = (typeof THEME_SORTS)[number];

export type Theme = Described;

const THEMES = describedKind("themes", "theme", "theme", MESSAGES.duplicateThemeName);

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

export function createTheme(db: Executor, audit: AuditContext, input: ThemeInput): Promise<string> {
  return createDescribed(db, audit, THEMES, input);
}

export function updateTheme(db: Executor, audit: AuditContext, id: string, expectedVersion: number, input: ThemeInput): Promise<void> {
  return updateDescribed(db, audit, THEMES, id, expectedVersion, input);
}
