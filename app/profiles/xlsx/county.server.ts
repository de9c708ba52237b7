// The county view as a workbook: the districts side by side with the county's totals, in
// the page's order.
import { newWorkbook } from "~/lib/workbook.server";
import { trendSheet } from "./profile.server";
import { formatDateTime } from "~/lib/dates";
import { costAvoidedCell, RAG_WORDS, RAGS } from "../labels";
import type { CountySummary, RagCounts } from "../types";
import { fraction, pounds, writeAbout, writeTable, ytdWord, type Cell, type Column } from "./parts.server";

type CountyFigures = CountySummary["totals"];

export async function countyXlsx(summary: CountySummary): Promise<Uint8Array> {
  const workbook = await newWorkbook();
  const title = `Districts side by side, ${summary.quarter}`;
  workbook.title = title;
  workbook.subject = summary.programmeName;
  workbook.creator = summary.councilName;
  workbook.lastModifiedBy = summary.councilName;
  workbook.company = summary.councilName;
  workbook.created = new Date(summary.generatedAt);
  workbook.modified = new Date(summary.generatedAt);

  const sheet = workbook.addWorksheet("Districts");
  const headerRow =
    writeAbout(sheet, [
      ["Council", summary.councilName],
      ["Programme", summary.programmeName],
      ["Quarter", `${summary.quarter} (${summary.quarterMonths})`],
      ["Generated", formatDateTime(summary.generatedAt)],
    ]) + 1;
  type Row = { name: string; figures: CountyFigures; edition: Cell };
  const rows: Row[] = [
    ...summary.rows.map((r) => ({ name: r.districtName, figures: r, edition: r.publishedEdition ?? "Not published" })),
    { name: "All districts", figures: summary.totals, edition: null },
  ];
  const ytd = `${summary.financialYearLabel} ${ytdWord}`;
  const ragColumns = (label: string, pick: (f: CountyFigures) => RagCounts): Column<Row>[] =>
    RAGS.map((rag) => ({
      header: `${label}: ${RAG_WORDS[rag]}`,
      width: 11,
      format: "whole" as const,
      value: (r: Row) => pick(r.figures)[rag],
    }));
  const end = writeTable<Row>(
    sheet,
    [
      { header: "District", width: 22, value: (r) => r.name },
      { header: "Allocated", width: 15, format: "money", value: (r) => pounds(r.figures.allocatedPence) },
      { header: "Committed", width: 15, format: "money", value: (r) => pounds(r.figures.committedPence) },
      { header: `Spent ${ytd}`, width: 15, format: "money", value: (r) => pounds(r.figures.spentPence) },
      { header: `People reached ${ytd}`, width: 13, format: "whole", value: (r) => r.figures.peopleReachedYear },
      { header: "Projects live", width: 10, format: "whole", value: (r) => r.figures.projectsLive },
      ...ragColumns("Outputs", (f) => f.rag.outputs),
      ...ragColumns("Outcomes", (f) => f.rag.outcomes),
      ...ragColumns("Spend", (f) => f.rag.spend),
      { header: "Returns due", width: 10, format: "whole", value: (r) => r.figures.returnsDue },
      { header: "Returns on time", width: 10, format: "whole", value: (r) => r.figures.returnsOnTime },
      { header: "Returns on time %", width: 10, format: "percent", value: (r) => fraction(r.figures.onTimePercent) },
      { header: "Estimated costs avoided", width: 15, format: "money", value: (r) => costAvoidedCell(r.figures.costAvoided, pounds(r.figures.costAvoided.totalPence)) },
      { header: "Costs avoided: council", width: 15, format: "money", value: (r) => costAvoidedCell(r.figures.costAvoided, pounds(r.figures.costAvoided.councilPence)) },
      { header: "Costs avoided: partners", width: 15, format: "money", value: (r) => costAvoidedCell(r.figures.costAvoided, pounds(r.figures.costAvoided.partnersPence)) },
      { header: "Costs avoided per £1 spent", width: 11, format: "perPound", value: (r) => costAvoidedCell(r.figures.costAvoided, r.figures.costAvoided.perPound) },
      { header: "Published edition", width: 11, value: (r) => r.edition },
    ],
    rows,
    headerRow,
  );
  const totals = sheet.getRow(end - 1);
  totals.font = { bold: true };
  totals.eachCell((cell) => {
    cell.border = { top: { style: "thin" } };
  });
  sheet.views = [{ state: "frozen", ySplit: headerRow, xSplit: 1 }];
  if (summary.trend) trendSheet(workbook, summary, "County trend");
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}
