// A list's parameters read from its URL (page, sort, direction, search, format), with zod: on
// the server only, since any page importing zod would carry all of it to the browser.
import { z } from "zod";
import type { ListParams } from "./lists";

const pageSchema = z.coerce.number().int().min(1).max(100_000).catch(1);

/** ?page= (or another parameter) as a page number: 1 when absent or not a whole number in range. */
export function parsePageParam(url: URL, name = "page"): number {
  return pageSchema.parse(url.searchParams.get(name) ?? undefined);
}

export function parseListParams<S extends string>(
  url: URL,
  sortable: readonly [S, ...S[]],
  defaultSort: S,
  defaultDir: "asc" | "desc" = "asc",
): ListParams<S> {
  const schema = z.object({
    page: pageSchema,
    sort: z.enum(sortable).catch(defaultSort),
    dir: z.enum(["asc", "desc"]).catch(defaultDir),
    q: z.string().trim().max(200).catch(""),
    format: z.enum(["html", "csv"]).catch("html"),
  });
  return schema.parse({
    page: url.searchParams.get("page") ?? undefined,
    sort: url.searchParams.get("sort") ?? undefined,
    dir: url.searchParams.get("dir") ?? undefined,
    q: url.searchParams.get("q") ?? "",
    format: url.searchParams.get("format") ?? undefined,
  });
}
