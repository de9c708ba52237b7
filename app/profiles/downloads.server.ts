// One place that turns a profile (live or frozen), or the county view, into the file of each
// format; app/http/profiles/downloads.server.ts sends them.
import { countyCsv, profileCsv } from "./csv.server";
import { countyXlsx } from "./xlsx/county.server";
import { profileXlsx } from "./xlsx/profile.server";
import { renderProfilePdfOffThread } from "./pdf-pool.server";
import type { CountySummary, DistrictProfile } from "./types";

export type ProfileFormat = "pdf" | "xlsx" | "csv";
export type ProfileStatus = { kind: "draft" } | { kind: "published"; publishedAt: string; edition: number };

export const PROFILE_CONTENT_TYPES: Record<ProfileFormat, string> = {
  pdf: "application/pdf",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
};

/** A profile as the bytes (or text) of a file in the format asked for. */
export async function renderProfileFile(profile: DistrictProfile, format: ProfileFormat, status: ProfileStatus): Promise<Uint8Array | string> {
  if (format === "pdf") return renderProfilePdfOffThread(profile, { status });
  if (format === "xlsx") return profileXlsx(profile, status);
  return `\uFEFF${profileCsv(profile)}`;
}

/** The county view as a spreadsheet or CSV. */
export async function renderCountyFile(summary: CountySummary, format: "xlsx" | "csv"): Promise<Uint8Array | string> {
  if (format === "xlsx") return countyXlsx(summary);
  return `\uFEFF${countyCsv(summary)}`;
}
