// The scoring matrix as a download for the moderating officer: ?format=csv or ?format=xlsx.
// The workbook has a "Scores" sheet (every member's score per bid and criterion) and a
// "Consensus" sheet (consensus, weighted total and rank per bid); numbers are numbers.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { newWorkbook } from "~/lib/workbook.server";
import { getDb } from "../../db/client";
import { csvResponse, type CsvCell } from "~/lib/csv.server";
import { formatDateTime } from "~/lib/dates";
import { penceToInput } from "~/lib/money";
import { requireTenderModerator } from "~/http/tenders/access.server";
import { formatOneDecimal } from "~/models/panel/scoring.server";
import { getScoringMatrix, type ScoringMatrix } from "~/models/panel/matrix.server";

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { tender } = await requireTenderModerator(request, params.tenderId, (t) =>
    `The scoring matrix is available once the tender closes on ${formatDateTime(t.closesAt)}.`);
  const format = new URL(request.url).searchParams.get("format");
  // The address on its own (a bookmark, a shortened link): the matrix as a page is moderation's.
  if (format === null) return redirect(`/tenders/${tender.id}/moderation`);
  if (format !== "csv" && format !== "xlsx") {
    throw new Response("Choose format=csv or format=xlsx", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const matrix = (await getScoringMatrix(getDb(), tender.id))!;
  const filename = `${tender.reference}-scoring-matrix.${format}`;
  return format === "csv" ? matrixCsv(matrix, filename) : matrixXlsx(matrix, filename);
}

function matrixCsv(matrix: ScoringMatrix, filename: string): Response {
  const header = [
    "Rank", "Organisation", "Bid", "Amount requested (£)", "Criterion", "Weight (%)", "Maximum score",
    ...matrix.members.flatMap((m) => [`${m.name} score`, `${m.name} comment`]),
    "Spread", "Spread flag", "Consensus score", "Consensus rationale", "Weighted score",
  ];
  const rows: CsvCell[][] = [];
  for (const bid of matrix.bids) {
    const lead: CsvCell[] = [bid.rank ?? "", bid.organisationName, bid.title, penceToInput(bid.amountPence)];
    for (const r of bid.rows) {
      rows.push([
        ...lead, r.criterionName, r.weightPercent, r.maxScore,
        ...r.cells.flatMap((c): CsvCell[] => (c.conflict ? ["Conflict of interest", ""] : [c.score ?? "", c.comment ?? ""])),
        r.spread.spread ?? "", r.spread.flag, r.consensus?.score ?? "", r.consensus?.rationale ?? "", r.weightedText ?? "",
      ]);
    }
    rows.push([
      ...lead, "Weighted total", 100, "", ...matrix.members.flatMap(() => ["", ""]), "", "", "", "", bid.total ? formatOneDecimal(bid.total) : "",
    ]);
  }
  return csvResponse(filename, header, rows);
}

async function matrixXlsx(matrix: ScoringMatrix, filename: string): Promise<Response> {
  const workbook = await newWorkbook();
  workbook.created = new Date();

  const scores = workbook.addWorksheet("Scores");
  scores.addRow([
    "Organisation", "Bid", "Criterion", "Weight (%)", "Maximum score",
    ...matrix.members.flatMap((m) => [`${m.name} score`, `${m.name} comment`]),
    "Spread", "Spread flag",
  ]);
  for (const bid of matrix.bids) {
    for (const r of bid.rows) {
      scores.addRow([
        bid.organisationName, bid.title, r.criterionName, r.weightPercent, r.maxScore,
        ...r.cells.flatMap((c) => (c.conflict ? ["Conflict of interest", null] : [c.score, c.comment])),
        r.spread.spread, r.spread.flag || null,
      ]);
    }
  }
  scores.getRow(1).font = { bold: true };
  scores.views = [{ state: "frozen", ySplit: 1 }];

  const consensus = workbook.addWorksheet("Consensus");
  consensus.addRow([
    "Rank", "Organisation", "Bid", "Amount requested",
    ...matrix.criteria.map((c) => `${c.name} (weight ${c.weightPercent}%, out of ${c.maxScore})`),
    "Weighted total (%)",
  ]);
  for (const bid of matrix.bids) {
    const row = consensus.addRow([
      bid.rank, bid.organisationName, bid.title, bid.amountPence / 100,
      ...bid.rows.map((r) => r.consensus?.score ?? null),
      // The exact total; the cell shows it to one decimal place.
      bid.total ? bid.total.value : null,
    ]);
    row.getCell(4).numFmt = "£#,##0.00";
    row.getCell(5 + matrix.criteria.length).numFmt = "0.0";
  }
  consensus.getRow(1).font = { bold: true };
  consensus.views = [{ state: "frozen", ySplit: 1 }];
  for (const sheet of [scores, consensus]) {
    sheet.columns.forEach((column) => {
      column.width = 18;
    });
  }

  const buffer = await workbook.xlsx.writeBuffer();
  return new Response(new Uint8Array(buffer as ArrayBuffer), {
    headers: {
      "Content-Type": XLSX_TYPE,
      "Content-Disposition": `attachment; filename="${filename.replace(/[^a-z0-9._-]/gi, "_")}"`,
      "Cache-Control": "no-store",
    },
  });
}
