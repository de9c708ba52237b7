// What an administrator may set without a deploy. The same schema reads the stored values
// (text key/value rows), so every caller gets numbers as numbers.
import { z } from "zod";

export const settingsSchema = z.object({
  council_name: z.string().trim().min(1, "Enter the council's name").max(120, "Council name must be 120 characters or fewer"),
  programme_name: z.string().trim().min(1, "Enter the programme's name").max(120, "Programme name must be 120 characters or fewer"),
  /** RAG: green at or above this % of target, amber at or above the amber %, red below. */
  rag_green_percent: z.coerce.number({ error: "Enter a whole number" }).int("Enter a whole number").min(1, "Green threshold must be between 1 and 200").max(200, "Green threshold must be between 1 and 200"),
  rag_amber_percent: z.coerce.number({ error: "Enter a whole number" }).int("Enter a whole number").min(0, "Amber threshold must be between 0 and 200").max(200, "Amber threshold must be between 0 and 200"),
  /** Spend: green within ± this % of the profile, amber within the amber %, red beyond. */
  spend_green_variance_percent: z.coerce.number({ error: "Enter a whole number" }).int("Enter a whole number").min(0, "Enter a percentage from 0 to 100").max(100, "Enter a percentage from 0 to 100"),
  spend_amber_variance_percent: z.coerce.number({ error: "Enter a whole number" }).int("Enter a whole number").min(0, "Enter a percentage from 0 to 100").max(100, "Enter a percentage from 0 to 100"),
  return_due_days: z.coerce.number({ error: "Enter a whole number of days" }).int("Enter a whole number of days").min(1, "Returns must be due between 1 and 90 days after the quarter ends").max(90, "Returns must be due between 1 and 90 days after the quarter ends"),
  visit_threshold_pence: z.coerce.number({ error: "Enter an amount" }).int().min(0, "The visit threshold cannot be negative"),
  max_upload_bytes: z.coerce.number({ error: "Enter a size" }).int().min(1024, "Uploads must be allowed at least 1 KB").max(100 * 1024 * 1024, "Uploads are capped at 100 MB"),
  /** Unit costs are uprated to the reporting year by this annual rate, where a year has no rate of its own. */
  uprating_default_percent: z.coerce.number({ error: "Enter a percentage, like 2 or 2.5" }).min(0, "Enter a rate from 0% to 20%").max(20, "Enter a rate from 0% to 20%"),
  support_email: z.email("Enter a support e-mail address, like commissioning@council.example"),
}).superRefine((s, ctx) => {
  if (s.rag_amber_percent >= s.rag_green_percent) {
    ctx.addIssue({ code: "custom", path: ["rag_amber_percent"], message: "The amber threshold must be below the green threshold" });
  }
  if (s.spend_amber_variance_percent <= s.spend_green_variance_percent) {
    ctx.addIssue({ code: "custom", path: ["spend_amber_variance_percent"], message: "The amber spend variance must be wider than the green one" });
  }
});

export type Settings = z.infer<typeof settingsSchema>;
