// The profile and the county pack as PDFs. They render a computed (or frozen) value and never
// query anything, so the same value always gives the same document; the creation date is the
// profile's own generation time, which makes the bytes reproducible (a published profile's
// PDF is stored with its hash).
import { Document, Font, renderToBuffer } from "@react-pdf/renderer";
import { CountySummaryPages, CountyTrendPage, countyPackTitle, PackContentsPage } from "./pdf/county";
import { PageMark, type PageMarks } from "./pdf/parts";
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

function packDocument(summary: CountySummary, status: PdfStatus, marks: PageMarks, profiles: readonly DistrictProfile[]) {
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
      <PackContentsPage summary={summary} status={status} marks={marks} />
      <CountySummaryPages summary={summary} status={status} marks={marks} />
      <CountyTrendPage summary={summary} status={status} marks={marks} />
      {profiles.map((profile, i) => (
        <ProfilePages key={`${profile.district.id}-${i}`} profile={profile} status={status} mark={<PageMark id={profile.district.id} marks={marks} />} />
      ))}
    </Document>
  );
}

/**
 * One PDF: a contents page, the county summary (the CountySummary table), the county's trend,
 * then every district's profile, in the order given, laid out once. Each part marks the page
 * it starts on as it is laid out, and the contents and the summary's "profile on page" column
 * are drawn after the last page, from those marks (react-pdf draws such parts last).
 * onProgress(done, total) runs once the districts are laid out. The figures are live unless the
 * caller says otherwise, so every page says DRAFT by default.
 */
export async function renderCountyPackPdf(
  summary: CountySummary,
  profiles: readonly DistrictProfile[],
  onProgress?: (done: number, total: number) => void | Promise<void>,
  options: ProfilePdfOptions = { status: { kind: "draft" } },
): Promise<Uint8Array> {
  const pdf = await toBytes(packDocument(summary, options.status, new Map(), profiles));
  await onProgress?.(profiles.length, profiles.length);
  return pdf;
}
