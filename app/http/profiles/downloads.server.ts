// The profile downloads, each a resource route of one line: the live profile (marked
// draft), a published edition (its frozen PDF byte for byte, or its frozen figures), and
// the county view's table.
import { getDb } from "../../../db/client";
import { ukToday } from "~/lib/dates";
import { nowIso } from "~/lib/ids.server";
import { computeProfile, profileFileName, quarterFromUrl } from "~/models/profiles/compute.server";
import { computeCountySummary, liveDistricts, readCountySort } from "~/models/profiles/county.server";
import { getPublicationPdf } from "~/models/profiles/publishing.server";
import { PROFILE_CONTENT_TYPES, renderCountyFile, renderProfileFile, type ProfileFormat, type ProfileStatus } from "~/profiles/downloads.server";
import type { DistrictProfile } from "~/profiles/types";
import { PdfBusyError, PdfTooLargeError } from "~/models/errors";
import { fileDownload } from "../files.server";
import { forbidden, notFound, requireUser } from "../guards.server";
import { requireDistrictAccess, requirePublication } from "./access.server";

async function profileDownload(profile: DistrictProfile, format: ProfileFormat, status: ProfileStatus, filename: string): Promise<Response> {
  try {
    const body = await renderProfileFile(profile, format, status);
    return fileDownload(body, { contentType: PROFILE_CONTENT_TYPES[format], filename, inline: format === "pdf" });
  } catch (error) {
    // Every PDF thread busy and the queue full: come back shortly, rather than wait in a long line.
    if (error instanceof PdfBusyError) {
      return new Response(error.message, { status: error.httpStatus, headers: { "Retry-After": "30", "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
    }
    if (error instanceof PdfTooLargeError) {
      return new Response(error.message, { status: error.httpStatus, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
    }
    throw error;
  }
}

/** The live profile as a download, for the district's officers and administrators. */
export async function liveProfileDownload(request: Request, districtId: string | undefined, format: ProfileFormat): Promise<Response> {
  const { district } = await requireDistrictAccess(
    request, districtId, "profile:view-live", "Only the district's commissioning officers and administrators can download its live profile.",
  );
  const today = ukToday();
  const quarter = quarterFromUrl(new URL(request.url), today);
  const profile = await computeProfile(getDb(), district.id, { quarter, asOf: today, now: nowIso() });
  if (!profile) notFound("District not found");
  return profileDownload(profile, format, { kind: "draft" }, profileFileName(district.name, quarter, `draft-profile.${format}`));
}

/** The county view as a download: the districts the user may see live, in the page's order. */
export async function countyDownloadFor(request: Request, format: "csv" | "xlsx"): Promise<Response> {
  const user = await requireUser(request);
  const db = getDb();
  const { districtIds } = await liveDistricts(db, user);
  if (districtIds.length === 0) forbidden(user, "Only commissioning officers and administrators can download the districts' live figures.");
  const url = new URL(request.url);
  const today = ukToday();
  const quarter = quarterFromUrl(url, today);
  const { summary } = await computeCountySummary(db, { quarter, asOf: today, now: nowIso(), districtIds, ...readCountySort(url) });
  const body = await renderCountyFile(summary, format);
  return fileDownload(body, { contentType: PROFILE_CONTENT_TYPES[format], filename: profileFileName("districts", quarter, `profiles.${format}`) });
}

/** The published PDF exactly as it was frozen. */
export async function publishedPdfDownload(request: Request, publicationId: string | undefined): Promise<Response> {
  const { publication } = await requirePublication(request, publicationId);
  const stored = await getPublicationPdf(getDb(), publication.stamp.id);
  if (!stored) notFound("Published profile not found");
  const name = profileFileName(publication.profile.district.name, stored.quarter, `profile-edition-${stored.edition}.pdf`);
  return fileDownload(stored.pdf, { contentType: PROFILE_CONTENT_TYPES.pdf, filename: name, inline: true, headers: { ETag: `"${stored.sha256}"` } });
}

/** A published edition's frozen figures as a spreadsheet or CSV. */
export async function publishedDataDownload(request: Request, publicationId: string | undefined, format: "xlsx" | "csv"): Promise<Response> {
  const { publication } = await requirePublication(request, publicationId);
  const { profile, stamp } = publication;
  const name = profileFileName(profile.district.name, profile.quarter, `profile-edition-${stamp.edition}.${format}`);
  return profileDownload(profile, format, { kind: "published", publishedAt: stamp.publishedAt, edition: stamp.edition }, name);
}
