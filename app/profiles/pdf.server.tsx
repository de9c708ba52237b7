// The profile and the county pack as PDFs. They render a computed (or frozen) value and never
// query anything, so the same value always gives the same document; the creation date is the
// profile's own generation time, which makes the bytes reproducible (a published profile's
// PDF is stored with its hash).
import { Document, Font, renderToBuffer } from "@react-pdf/renderer";
import type { ReactNode } from "react";
import { CountySummaryPages, countyPackTitle } from "./pdf/county";
import type { PdfStatus } from "./pdf/parts";
import { ProfilePages, profileTitle } from "./pdf/profile";
import type { CountySummary, DistrictProfile } from "./types";

// react-pdf hyphenates English words by default; names and figures must stay whole so they
// read (and search) as written.
Font.registerHyphenationCallback((word) => [word]);

const CREATOR = "Early help portal";

export interface ProfilePdfOptions {
  status: PdfStatus;
}

async function toBytes(element: Parameters<typeof renderToBuffer>[0]): Promise<Uint8Array> {
  const buffer = await renderToBuffer(element);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** The profile as an A4 PDF. */
export async function renderProfilePdf(profile: DistrictProfile, options: ProfilePdfOptions): Promise<Uint8Array> {
  const title = profileTitle(profile);
  const created = new Date(profile.generatedAt);
  return toBytes(
    <Document
      title={title}
      language="en-GB"
      author={profile.councilName}
      subject={`${profile.programmeName}: ${profile.district.name}, ${profile.quarter} (${profile.quarterMonths})`}
      keywords={`${profile.district.name}, ${profile.quarter}, performance profile`}
      creator={CREATOR}
      producer={CREATOR}
      creationDate={created}
      modificationDate={created}
    >
      <ProfilePages profile={profile} status={options.status} />
    </Document>,
  );
}

function pageCount(pdf: Uint8Array): number {
  // pdfkit writes each page object uncompressed with "/Type /Page"; the tree is "/Type /Pages".
  return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString("latin1").match(/\/Type \/Page(?![A-Za-z])/g)?.length ?? 0;
}

function packDocument(summary: CountySummary, status: PdfStatus, profilePages: ReadonlyMap<string, number>, children?: ReactNode) {
  const created = new Date(summary.generatedAt);
  return (
    <Document
      title={countyPackTitle(summary)}
      language="en-GB"
      author={summary.councilName}
      subject={`${summary.programmeName}: county summary and district profiles, ${summary.quarter} (${summary.quarterMonths})`}
      creator={CREATOR}
      producer={CREATOR}
      creationDate={created}
      modificationDate={created}
    >
      <CountySummaryPages summary={summary} status={status} profilePages={profilePages} />
      {children}
    </Document>
  );
}

/**
 * One PDF: a county summary (the CountySummary table) then every district's profile, in the
 * order given. Each district is first laid out on its own, which tells the summary the page
 * its profile starts on; onProgress(done, total) runs after each, and the event loop gets a
 * turn between districts so the server keeps answering requests. The pack itself is then laid
 * out in one pass (react-pdf cannot join separately laid-out documents), so the last step
 * holds the process for roughly as long as all the districts together.
 * The figures are live unless the caller says otherwise, so every page says DRAFT by default.
 */
export async function renderCountyPackPdf(
  summary: CountySummary,
  profiles: readonly DistrictProfile[],
  onProgress?: (done: number, total: number) => void | Promise<void>,
  options: ProfilePdfOptions = { status: { kind: "draft" } },
): Promise<Uint8Array> {
  // Every district's row gets a page number of similar width, so the summary's length is final.
  const placeholder = new Map(summary.rows.map((r) => [r.districtId, 999]));
  let nextPage = pageCount(await toBytes(packDocument(summary, options.status, placeholder))) + 1;
  const profilePages = new Map<string, number>();
  for (const [i, profile] of profiles.entries()) {
    await new Promise((resolve) => setImmediate(resolve));
    if (!profilePages.has(profile.district.id)) profilePages.set(profile.district.id, nextPage);
    nextPage += pageCount(await renderProfilePdf(profile, options));
    await onProgress?.(i + 1, profiles.length);
  }
  await new Promise((resolve) => setImmediate(resolve));
  return toBytes(
    packDocument(
      summary,
      options.status,
      profilePages,
      profiles.map((profile, i) => <ProfilePages key={`${profile.district.id}-${i}`} profile={profile} status={options.status} />),
    ),
  );
}
