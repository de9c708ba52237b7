// The county pack's first pages: the districts side by side, as in the county view.
import { Page } from "@react-pdf/renderer";
import { formatWholePounds } from "~/lib/money";
import { formatPercent } from "~/lib/percent";
import { costAvoidedCell, formatCount, formatPerPound, RAG_LETTERS, RAGS } from "../labels";
import type { CountyRow, CountySummary, RagCounts } from "../types";
import { PageFrame, Table, Txt, type Column, type PdfStatus } from "./parts";
import { styles } from "./styles";

export function countyPackTitle(summary: Pick<CountySummary, "quarter">): string {
  return `County performance pack, ${summary.quarter}`;
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

function cells(name: string, r: Omit<CountyRow, "districtId" | "districtName" | "publishedEdition">, published: string, page: string) {
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

/** profilePages: the page each district's profile starts on, where the pack includes it. */
export function CountySummaryPages({ summary, status, profilePages }: { summary: CountySummary; status: PdfStatus; profilePages: ReadonlyMap<string, number> }) {
  return (
    <Page size="A4" orientation="landscape" style={styles.page} wrap>
      <PageFrame
        council={`${summary.councilName} · ${summary.programmeName}`}
        title={`County summary · ${summary.quarter}`}
        subtitle={summary.quarterMonths}
        generatedAt={summary.generatedAt}
        status={status}
      />
      <Txt style={styles.h1}>County summary: {summary.quarter} ({summary.quarterMonths})</Txt>
      <Txt style={styles.p}>
        Figures from approved returns only; pending returns are marked in each district's profile. RAG counts are projects rated G Green, A Amber
        or R Red this quarter. Estimated costs avoided are not savings; the notes in each district's profile explain them.
      </Txt>
      <Table
        caption={`Districts side by side, ${summary.financialYearLabel} to ${summary.quarter}`}
        columns={COLUMNS}
        rows={[
          ...summary.rows.map((r) => ({
            key: r.districtId,
            cells: cells(r.districtName, r, r.publishedEdition ? `Edition ${r.publishedEdition}` : "Not yet", String(profilePages.get(r.districtId) ?? "–")),
          })),
          { key: "totals", cells: cells("County total", summary.totals, "", "") },
        ]}
      />
    </Page>
  );
}
