// The profile and the county pack as PDFs. They render a computed (or frozen) value and never
// query anything, so the same value always gives the same document; the creation date is the
// profile's own generation time, which makes the bytes reproducible (a published profile's
// PDF is stored with its hash).
import { Document, Font, renderToBuffer } from "@react-pdf/renderer";
import type { ReactNode } from "react";
import { CountySummaryPages, CountyTrendPage, countyPackTitle, PackContentsPage, type PackPages } from "./pdf/county";
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

function packDocument(summary: CountySummary, status: PdfStatus, pages: PackPages, children?: ReactNode, withTrend = true) {
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
      <PackContentsPage summary={summary} status={status} pages={pages} />
      <CountySummaryPages summary={summary} status={status} profilePages={pages.profiles} />
      {withTrend ? <CountyTrendPage summary={summary} status={status} /> : null}
      {children}
    </Document>
  );
}

/**
 * One PDF: a contents page, the county summary (the CountySummary table), the county's trend,
 * then every district's profile, in the order given. The front pages are first laid out with
 * placeholder page numbers of the same width, and each district on its own, which gives the
 * page each part starts on; onProgress(done, total) runs after each district, and the event
 * loop gets a turn between districts so the server keeps answering requests. The pack itself
 * is then laid out in one pass (react-pdf cannot join separately laid-out documents), so the
 * last step holds the process for roughly as long as all the districts together.
 * The figures are live unless the caller says otherwise, so every page says DRAFT by default.
 */
export async function renderCountyPackPdf(
  summary: CountySummary,
  profiles: readonly DistrictProfile[],
  onProgress?: (done: number, total: number) => void | Promise<void>,
  options: ProfilePdfOptions = { status: { kind: "draft" } },
): Promise<Uint8Array> {
  const placeholder: PackPages = { summary: 999, trend: 999, profiles: new Map(summary.rows.map((r) => [r.districtId, 999])) };
  const beforeTrend = pageCount(await toBytes(packDocument(summary, options.status, placeholder, undefined, false)));
  let nextPage = pageCount(await toBytes(packDocument(summary, options.status, placeholder))) + 1;
  const profilePages = new Map<string, number>();
  for (const [i, profile] of profiles.entries()) {
    await new Promise((resolve) => setImmediate(resolve));
    if (!profilePages.has(profile.district.id)) profilePages.set(profile.district.id, nextPage);
    nextPage += pageCount(await renderProfilePdf(profile, options));
    await onProgress?.(i + 1, profiles.length);
  }
  await new Promise((resolve) => setImmediate(resolve));
  const pages: PackPages = { summary: 2, trend: beforeTrend + 1, profiles: profilePages };
  return toBytes(
    packDocument(
      summary,
      options.status,
      pages,
      profiles.map((profile, i) => <ProfilePages key={`${profile.district.id}-${i}`} profile={profile} status={options.status} />),
    ),
  );
}
