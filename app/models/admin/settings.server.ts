// Settings a council changes without a deploy. Stored as text key/value rows; read
// through one typed schema so every caller gets numbers as numbers.
import type { Executor } from "../../../db/client";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { nowIso } from "~/lib/ids.server";
import { StaleEditError } from "~/models/errors";
import { LOCKS, takeLocks } from "~/models/locks.server";
import { settingsSchema, type Settings } from "~/schemas/settings.server";

export type { Settings };
export type SettingKey = keyof Settings;

export const DEFAULT_SETTINGS: Settings = {
  council_name: "Your council",
  programme_name: "Early Support and Intervention",
  rag_green_percent: 95,
  rag_amber_percent: 80,
  spend_green_variance_percent: 10,
  spend_amber_variance_percent: 20,
  return_due_days: 21,
  return_early_days: 0,
  visit_threshold_pence: 1_000_000,
  max_upload_bytes: 10 * 1024 * 1024,
  uprating_default_percent: 2,
  support_email: "commissioning@council.example",
  session_idle_minutes: 60,
  session_absolute_hours: 12,
  two_step_for: "admins",
  sso_required_for_staff: "no",
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
 * Run it inside a transaction: the settings' lock, taken first, keeps another save from
 * landing between the comparison and the writes.
 */
export async function updateSettings(db: Executor, audit: AuditContext, next: Settings, basis?: string): Promise<void> {
  await takeLocks(db, LOCKS.settings());
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
