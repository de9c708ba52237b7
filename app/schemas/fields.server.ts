// The zod schemas of ~/schemas/fields: checked on the server only (a .server module never reaches
// the browser, and any page importing zod would carry all of it there). The words, limits and
// field names they use are in fields.ts, which pages may import.
import { z } from "zod";
import { figureMessage, parseFigure, parsePoundsToPence } from "~/lib/figures";
import { readVersion } from "~/lib/forms";

/** A record's version, sent back by its form: a whole number in the stored range (readVersion). */
export function versionField(message: string) {
  return z.unknown().transform((v, ctx) => {
    const version = readVersion(typeof v === "number" ? String(v) : v);
    if (version !== null) return version;
    ctx.addIssue({ code: "custom", message });
    return z.NEVER;
  });
}

/**
 * An indicator's target or baseline: blank is null. Counts are whole numbers and
 * percentages at most 100; the message names the field ("The target for 2026-27 Q1 for
 * indicator 2 must be a number, like 20").
 */
export function indicatorFigureSchema(label: string, unit: string) {
  const rules = { whole: unit === "count", max: unit === "%" ? 100 : undefined };
  return z.string().transform((v, ctx) => {
    const parsed = parseFigure(v, rules);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: "custom", message: figureMessage(parsed.problem, label, rules) });
    return z.NEVER;
  });
}

/** Optional money in pounds: blank is null, anything else must be pounds and pence. */
export function optionalMoneySchema(message: string) {
  return z.string().transform((v, ctx) => {
    if (!v.trim()) return null;
    const pence = parsePoundsToPence(v);
    if (pence !== null) return pence;
    ctx.addIssue({ code: "custom", message });
    return z.NEVER;
  });
}

/**
 * For a form checked in one transform (its checks across fields see converted values): an
 * issue keyed by its field's dotted path ("indicators.0.target"), a check of one value
 * against a schema (its first message, else "Check this answer"), and whether any failed.
 */
export function formIssues(ctx: z.RefinementCtx) {
  let failed = false;
  const issue = (path: string, message: string) => {
    failed = true;
    ctx.addIssue({ code: "custom", path: path.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p)), message });
  };
  function check<T>(schema: z.ZodType<T>, path: string, value: unknown): T | undefined {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    issue(path, result.error.issues[0]?.message ?? "Check this answer");
    return undefined;
  }
  return { issue, check, failed: () => failed };
}
