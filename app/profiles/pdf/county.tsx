// The county pack's first pages: its contents, the districts side by side (as in the county
// view) and the county's trend.
import { Page, View } from "@react-pdf/renderer";
import { formatWholePounds } from "~/lib/money";
import { formatPercent } from "~/lib/percent";
import { costAvoidedCell, formatCount, formatPerPound, RAG_LETTERS, RAGS } from "../labels";
import type { CountyRow, CountySummary, RagCounts } from "../types";
import type { ReactNode } from "react";
import { MarkedPage, pageFrame, PageMark, Table, Txt, type Column, type PageMarks, type PdfStatus } from "./parts";
import { styles } from "./styles";
import { PdfTrend } from "./trend";

export function countyPackTitle(summary: Pick<CountySummary, "quarter">): string {
  return `County performance pack, ${summary.quarter}`;
}

const SUMMARY_MARK = "county-summary";
const TREND_MARK = "county-trend";

function frameOf(summary: CountySummary, status: PdfStatus, title: string) {
  return pageFrame({ council: `${summary.councilName} · ${summary.programmeName}`, title, subtitle: summary.quarterMonths, generatedAt: summary.generatedAt, status });
}

/** The first page: what the pack is, and where each part starts. */
export function PackContentsPage({ summary, status, marks }: { summary: CountySummary; status: PdfStatus; marks: PageMarks }) {
  const entries = [
    { key: SUMMARY_MARK, name: "County summary: the districts side by side" },
    { key: TREND_MARK, name: "County trend over eight quarters" },
    ...summary.rows.map((r) => ({ key: r.districtId, name: `${r.districtName} district profile` })),
  ];
  return (
    <Page size="A4" style={styles.page} layout={frameOf(summary, status, countyPackTitle(summary))}>
      <Txt style={styles.h1}>{countyPackTitle(summary)} ({summary.quarterMonths})</Txt>
      <Txt style={styles.p}>
        {summary.programmeName}: the county's figures and every district's profile for {summary.quarter}, the year to date from April
        ({summary.financialYearLabel}). Figures from approved returns only.{" "}
        {status.kind === "draft" ? "This is a draft: the figures may still change." : `Edition ${status.edition}, kept exactly as published.`}
      </Txt>
      <Txt style={styles.h2}>Contents</Txt>
      {entries.map((e) => (
        <View key={e.key} style={styles.contentsRow} wrap={false}>
          <Txt style={styles.contentsName}>{e.name}</Txt>
          <View style={styles.contentsPage}><MarkedPage id={e.key} marks={marks} prefix="page " /></View>
        </View>
      ))}
    </Page>
  );
}

/** The county's own trend: every district's quarters together. */
export function CountyTrendPage({ summary, status, marks }: { summary: CountySummary; status: PdfStatus; marks: PageMarks }) {
  return (
    <Page size="A4" style={styles.page} wrap layout={frameOf(summary, status, `County trend · ${summary.quarter}`)}>
      <PageMark id={TREND_MARK} marks={marks} />
      <PdfTrend trend={summary.trend ?? []} title="County trend over eight quarters" />
      {summary.trend?.length ? null : <Txt style={styles.p}>No trend is kept for this pack.</Txt>}
    </Page>
  );
}

/** "6 G · 2 A · 1 R": letters, not colour, carry the rating. */
function ragCounts(c: RagCounts): string {
  return RAGS.map((r) => `${c[r]} ${RAG_LETTERS[r]}`).join(" · ");
}

const COLUMNS: Column[] = [
  { header: "District", width: 10 },
  { header: "Allocated", width: 8, numeric: true },
  { header: "Committed", width: 7, numeric: true },
  { header: "Spent", width: 8, numeric: true },
  { header: "People reached (year)", width: 7, numeric: true },
  { header: "Projects live", width: 5, numeric: true },
  { header: "Returns on time", width: 8, numeric: true },
  { header: "Outputs", width: 7 },
  { header: "Outcomes", width: 7 },
  { header: "Spend", width: 7 },
  { header: "Estimated costs avoided", width: 8, numeric: true },
  { header: "Per £1 spent", width: 7, numeric: true },
  { header: "Published", width: 6 },
  { header: "Profile on page", width: 5, numeric: true },
];

function cells(name: string, r: Omit<CountyRow, "districtId" | "districtName" | "publishedEdition">, published: string, page: ReactNode) {
  return [
    name,
    formatWholePounds(r.allocatedPence),
    formatWholePounds(r.committedPence),
    formatWholePounds(r.spentPence),
    formatCount(r.peopleReachedYear),
    formatCount(r.projectsLive),
    `${r.returnsOnTime} of ${r.returnsDue} (${formatPercent(r.onTimePercent)})`,
    ragCounts(r.rag.outputs),
    ragCounts(r.rag.outcomes),
    ragCounts(r.rag.spend),
    costAvoidedCell(r.costAvoided, formatWholePounds(r.costAvoided.totalPence)),
    costAvoidedCell(r.costAvoided, formatPerPound(r.costAvoided.perPound)),
    published,
    page,
  ];
}

/** marks: the page each district's profile starts on, once the pack is laid out. */
export function CountySummaryPages({ summary, status, marks }: { summary: CountySummary; status: PdfStatus; marks: PageMarks }) {
  return (
    <Page size="A4" orientation="landscape" style={styles.page} wrap layout={frameOf(summary, status, `County summary · ${summary.quarter}`)}>
      <PageMark id={SUMMARY_MARK} marks={marks} />
      <Txt style={styles.h1}>County summary: {summary.quarter} ({summary.quarterMonths})</Txt>
      <Txt style={styles.p}>
        Figures from approved returns only; pending returns are marked in each district's profile. RAG counts are projects rated G Green, A Amber
        or R Red this quarter. Estimated costs avoided are not savings; the notes in each district's profile explain them.
      </Txt>
      <Table
        caption={`Districts side by side: ${summary.financialYearLabel} year to date, to the end of ${summary.quarter}`}
        columns={COLUMNS}
        rows={[
          ...summary.rows.map((r) => ({
            key: r.districtId,
            cells: cells(r.districtName, r, r.publishedEdition ? `Edition ${r.publishedEdition}` : "Not yet", <MarkedPage key="page" id={r.districtId} marks={marks} />),
          })),
          { key: "totals", cells: cells("County total", summary.totals, "", "") },
        ]}
      />
    </Page>
  );
}
