// Settings a council changes without a deploy. Stored as text key/value rows; read
// through one typed schema so every caller gets numbers as numbers.
import { z } from "zod";
import type { Executor } from "../../../db/client";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { nowIso } from "~/lib/ids.server";
import { StaleEditError } from "~/models/errors";

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
export type SettingKey = keyof Settings;

export const DEFAULT_SETTINGS: Settings = {
  council_name: "Your council",
  programme_name: "Early Support and Intervention",
  rag_green_percent: 95,
  rag_amber_percent: 80,
  spend_green_variance_percent: 10,
  spend_amber_variance_percent: 20,
  return_due_days: 21,
  visit_threshold_pence: 1_000_000,
  max_upload_bytes: 10 * 1024 * 1024,
  uprating_default_percent: 2,
  support_email: "commissioning@council.example",
};

export const SETTING_KEYS = Object.keys(DEFAULT_SETTINGS) as SettingKey[];

/** The settings in force: stored values over the defaults. */
export async function getSettings(db: Executor): Promise<Settings> {
  const rows = await db.selectFrom("settings").select(["key", "value"]).execute();
  const stored = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  const merged = { ...DEFAULT_SETTINGS, ...stored };
  const parsed = settingsSchema.safeParse(merged);
  // A bad stored value never takes the site down: fall back to the defaults.
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}

/** A fingerprint of the settings a form was loaded with, so a stale save can be noticed. */
export function settingsBasis(settings: Settings): string {
  return JSON.stringify(SETTING_KEYS.map((key) => [key, String(settings[key])]));
}

/**
 * Writes every setting that changed, and one audit event with before and after. With a
 * basis, refuses (StaleEditError) when someone else saved the settings since the form loaded.
 */
export async function updateSettings(db: Executor, audit: AuditContext, next: Settings, basis?: string): Promise<void> {
  const before = await getSettings(db);
  if (basis !== undefined && basis !== settingsBasis(before)) throw new StaleEditError("settings");
  const changed = SETTING_KEYS.filter((key) => String(before[key]) !== String(next[key]));
  if (changed.length === 0) return;
  const now = nowIso();
  for (const key of changed) {
    await db
      .insertInto("settings")
      .values({ key, value: String(next[key]), updated_at: now })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: String(next[key]), updated_at: now }))
      .execute();
  }
  await recordAudit(db, audit, {
    action: "settings.updated",
    recordType: "settings",
    recordId: "settings",
    before: Object.fromEntries(changed.map((k) => [k, before[k]])),
    after: Object.fromEntries(changed.map((k) => [k, next[k]])),
  });
}
