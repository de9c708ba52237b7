// The zod schemas of ~/schemas/awards: checked on the server only (a .server module never reaches
// the browser, and any page importing zod would carry all of it there). The words, limits and
// field names they use are in awards.ts, which pages may import.
import { z } from "zod";
import { normaliseNewlines } from "~/lib/forms";
import { MAX_REASON_LENGTH, PANEL_MESSAGES } from "~/schemas/panel";
import { AWARD_MESSAGES } from "./awards";

const text = z.string().optional().transform((v) => normaliseNewlines(v ?? "").trim());

export const awardNoticeSchema = z
  .object({
    waive: z.string().optional(),
    waiverReason: text.refine((v) => v.length <= MAX_REASON_LENGTH, PANEL_MESSAGES.reasonLength),
  })
  .superRefine((values, ctx) => {
    if (values.waive === "yes" && !values.waiverReason) ctx.addIssue({ code: "custom", path: ["waiverReason"], message: AWARD_MESSAGES.waiverReason });
  })
  .transform((values) => ({ waiverReason: values.waive === "yes" ? values.waiverReason : null }));

export const enterContractSchema = z
  .object({
    override: z.string().optional(),
    overrideReason: text.refine((v) => v.length <= MAX_REASON_LENGTH, PANEL_MESSAGES.reasonLength),
  })
  .superRefine((values, ctx) => {
    if (values.override === "yes" && !values.overrideReason) {
      ctx.addIssue({ code: "custom", path: ["overrideReason"], message: PANEL_MESSAGES.overrideReason });
    }
  })
  .transform((values) => ({ overrideReason: values.override === "yes" ? values.overrideReason : null }));
