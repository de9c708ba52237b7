// The zod schemas of ~/schemas/settings: checked on the server only (a .server module never reaches
// the browser, and any page importing zod would carry all of it there). The words, limits and
// field names they use are in settings.ts, which pages may import.
import { z } from "zod";
import { parseFigure, parsePoundsToPence } from "~/lib/figures";
import { failure, type FieldErrors, type FormResult, type FormValues } from "~/lib/forms";
import { MB, SETTINGS_MESSAGES, mbForForm, poundsForForm } from "./settings";

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
  /** Returns may be submitted this many days before their quarter ends (0: only once it has ended). */
  return_early_days: z.coerce.number({ error: "Enter a whole number of days" }).int("Enter a whole number of days").min(0, "Early submission must be between 0 and 45 days before the quarter ends").max(45, "Early submission must be between 0 and 45 days before the quarter ends"),
  visit_threshold_pence: z.coerce.number({ error: "Enter an amount" }).int().min(0, "The visit threshold cannot be negative"),
  max_upload_bytes: z.coerce.number({ error: "Enter a size" }).int().min(1024, "Uploads must be allowed at least 1 KB").max(100 * 1024 * 1024, "Uploads are capped at 100 MB"),
  /** Unit costs are uprated to the reporting year by this annual rate, where a year has no rate of its own. */
  uprating_default_percent: z.coerce.number({ error: "Enter a percentage, like 2 or 2.5" }).min(0, "Enter a rate from 0% to 20%").max(20, "Enter a rate from 0% to 20%"),
  support_email: z.email("Enter a support e-mail address, like commissioning@council.example"),
  /** A session unused for this long ends; one this old ends however busy. */
  session_idle_minutes: z.coerce.number({ error: "Enter a whole number of minutes" }).int("Enter a whole number of minutes").min(5, "Sessions must last between 5 and 480 minutes unused").max(480, "Sessions must last between 5 and 480 minutes unused"),
  session_absolute_hours: z.coerce.number({ error: "Enter a whole number of hours" }).int("Enter a whole number of hours").min(1, "Sessions must end within 1 to 72 hours").max(72, "Sessions must end within 1 to 72 hours"),
  /** Who must sign in with a code as well as a password: administrators always. */
  two_step_for: z.enum(["admins", "everyone"], { error: "Choose who must use two-step verification" }),
  /** With single sign-on configured: officers, panel members and administrators sign in only with their council account. */
  sso_required_for_staff: z.enum(["yes", "no"], { error: "Choose whether council staff must use their council account" }),
}).superRefine((s, ctx) => {
  if (s.rag_amber_percent >= s.rag_green_percent) {
    ctx.addIssue({ code: "custom", path: ["rag_amber_percent"], message: "The amber threshold must be below the green threshold" });
  }
  if (s.spend_amber_variance_percent <= s.spend_green_variance_percent) {
    ctx.addIssue({ code: "custom", path: ["spend_amber_variance_percent"], message: "The amber spend variance must be wider than the green one" });
  }
});

export type Settings = z.infer<typeof settingsSchema>;

/** Two fields are typed in the units people think in and stored in others. */
const FORM_FIELD: Partial<Record<keyof Settings, string>> = {
  visit_threshold_pence: "visit_threshold_pounds",
  max_upload_bytes: "max_upload_mb",
};

/** The settings as the form shows them: every value as text, money in pounds and sizes in MB. */
export function settingsFormValues(settings: Settings): Record<string, string> {
  return {
    ...Object.fromEntries(Object.entries(settings).map(([key, value]) => [key, String(value)])),
    visit_threshold_pounds: poundsForForm(settings.visit_threshold_pence),
    max_upload_mb: mbForForm(settings.max_upload_bytes),
  };
}

/** The settings form, read back: each message under the field that was typed in. */
export function parseSettingsForm(values: FormValues): FormResult<Settings> {
  const text = (name: string): string => (typeof values[name] === "string" ? (values[name] as string) : "");
  const errors: FieldErrors = {};

  const visitPence = parsePoundsToPence(text("visit_threshold_pounds"));
  if (visitPence === null) errors.visit_threshold_pounds = SETTINGS_MESSAGES.visitThreshold;
  const mb = parseFigure(text("max_upload_mb"));
  const uploadBytes = mb.ok && mb.value !== null ? Math.round(mb.value * MB) : null;
  if (uploadBytes === null) errors.max_upload_mb = SETTINGS_MESSAGES.maxUpload;

  const parsed = settingsSchema.safeParse({
    council_name: text("council_name"),
    programme_name: text("programme_name"),
    rag_green_percent: text("rag_green_percent").trim(),
    rag_amber_percent: text("rag_amber_percent").trim(),
    spend_green_variance_percent: text("spend_green_variance_percent").trim(),
    spend_amber_variance_percent: text("spend_amber_variance_percent").trim(),
    return_due_days: text("return_due_days").trim(),
    return_early_days: text("return_early_days").trim(),
    // A placeholder where the field already has its own message, so it is not reported twice.
    visit_threshold_pence: visitPence ?? 0,
    max_upload_bytes: uploadBytes ?? 10 * MB,
    uprating_default_percent: text("uprating_default_percent").trim(),
    support_email: text("support_email").trim(),
    session_idle_minutes: text("session_idle_minutes").trim(),
    session_absolute_hours: text("session_absolute_hours").trim(),
    two_step_for: text("two_step_for"),
    sso_required_for_staff: text("sso_required_for_staff") || "no",
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "form") as keyof Settings;
      errors[FORM_FIELD[key] ?? key] ??= issue.message;
    }
  }
  if (!parsed.success || Object.keys(errors).length > 0) return failure(values, errors);
  return { ok: true, data: parsed.data, values };
}
