// The zod schemas of ~/schemas/return-figures: checked on the server only (a .server module never reaches
// the browser, and any page importing zod would carry all of it there). The words, limits and
// field names they use are in return-figures.ts, which pages may import.
import { z } from "zod";
import { parseQuarterLabel } from "~/lib/financial-year";
import { RETURN_STATUSES } from "~/models/statuses";
import type { ReturnStatus } from "../../db/schema";
import { FIGURES_FORMATS } from "./return-figures";

export const returnFiguresFilterSchema = z.object({
  quarter: z.string({ error: "Choose a quarter" }).trim().min(1, "Choose a quarter")
    .refine((q) => parseQuarterLabel(q) !== null, "Choose a quarter, like 2026-27 Q2"),
  district: z.string().trim().max(100).default("").transform((d) => d || null),
  status: z.string().trim().default("")
    .refine((s) => s === "" || (RETURN_STATUSES as readonly string[]).includes(s), "Choose a status from the list")
    .transform((s) => (s || null) as ReturnStatus | null),
  format: z.enum(FIGURES_FORMATS, { error: "Choose CSV or XLSX" }).optional(),
});

export type ReturnFiguresFilter = z.infer<typeof returnFiguresFilterSchema>;
