// Every list in the portal is paged, sortable and filterable from the URL, so a list's
// state can be bookmarked, shared and downloaded as CSV with the same filters. Reading the
// list's parameters uses zod, so it is in lists.server.ts.
import { sql, type Expression, type RawBuilder, type SqlBool } from "kysely";

export const PAGE_SIZE = 25;

/** A CSV download is the whole filtered list, up to this many rows. */
export const CSV_ROW_LIMIT = 50_000;

export interface ListParams<S extends string> {
  page: number;
  sort: S;
  dir: "asc" | "desc";
  q: string;
  format: "html" | "csv";
}

export interface ListPage<T> {
  items: T[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
}

/** A filter value from the URL that must be one of the given options, else "" (all). */
export function optionParam<T extends string>(url: URL, name: string, options: readonly T[]): T | "" {
  const value = url.searchParams.get(name) ?? "";
  return (options as readonly string[]).includes(value) ? (value as T) : "";
}

export function pageWindow(params: { page: number; format: "html" | "csv" }): { limit: number; offset: number } {
  if (params.format === "csv") return { limit: CSV_ROW_LIMIT, offset: 0 };
  return { limit: PAGE_SIZE, offset: (params.page - 1) * PAGE_SIZE };
}

export function toListPage<T>(items: T[], total: number, params: { page: number; format: "html" | "csv" }): ListPage<T> {
  const pageSize = params.format === "csv" ? CSV_ROW_LIMIT : PAGE_SIZE;
  return { items, total, page: params.page, pageCount: Math.max(1, Math.ceil(total / pageSize)), pageSize };
}

/** "%term%" for a LIKE, with the wildcard characters in the term escaped. */
export function likePattern(term: string): string {
  return `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A case-insensitive "contains" test for a list search. SQLite honours the backslash
 * escapes of likePattern only with an explicit ESCAPE clause, so every search goes
 * through here rather than a bare LIKE.
 */
export function containsText(column: Expression<unknown>, term: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`lower(${column}) like ${likePattern(term)} escape '\\'`;
}
