// What the award's later steps accept: the contract award notice, with the standstill waived
// only with a reason, and the contract's entry, with the override for going beyond the
// allocation when the decisions did not already give one.
import { z } from "zod";
import { normaliseNewlines } from "~/lib/forms";
import { MAX_REASON_LENGTH, PANEL_MESSAGES } from "~/schemas/panel";

const text = z.string().optional().transform((v) => normaliseNewlines(v ?? "").trim());

export const AWARD_MESSAGES = {
  waiverReason: "Enter why the standstill is waived",
} as const;

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
