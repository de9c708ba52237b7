// One place that turns a profile (live or frozen) into a download, so the PDF, XLSX and CSV
// routes stay a few lines each and name their files the same way.
import { countyCsv, profileCsv } from "./csv.server";
import { countyXlsx } from "./xlsx/county.server";
import { profileXlsx } from "./xlsx/profile.server";
import { renderProfilePdf } from "./pdf.server";
import type { CountySummary, DistrictProfile } from "./types";

export type ProfileFormat = "pdf" | "xlsx" | "csv";
export type ProfileStatus = { kind: "draft" } | { kind: "published"; publishedAt: string; edition: number };

const CONTENT_TYPES: Record<ProfileFormat, string> = {
  pdf: "application/pdf",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
};

/** PDFs open in the browser (a person reads them); data files download. */
export function fileResponse(body: Uint8Array | string, format: ProfileFormat, fileName: string, extraHeaders: Record<string, string> = {}): Response {
  const disposition = format === "pdf" ? "inline" : "attachment";
  return new Response(typeof body === "string" ? body : new Uint8Array(body), {
    headers: {
      "Content-Type": CONTENT_TYPES[format],
      "Content-Disposition": `${disposition}; filename="${fileName}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      ...extraHeaders,
    },
  });
}

export async function profileDownload(profile: DistrictProfile, format: ProfileFormat, status: ProfileStatus, fileName: string): Promise<Response> {
  if (format === "pdf") return fileResponse(await renderProfilePdf(profile, { status }), "pdf", fileName);
  if (format === "xlsx") return fileResponse(await profileXlsx(profile, status), "xlsx", fileName);
  return fileResponse(`\uFEFF${profileCsv(profile)}`, "csv", fileName);
}

export async function countyDownload(summary: CountySummary, format: "xlsx" | "csv", fileName: string): Promise<Response> {
  if (format === "xlsx") return fileResponse(await countyXlsx(summary), "xlsx", fileName);
  return fileResponse(`\uFEFF${countyCsv(summary)}`, "csv", fileName);
}
