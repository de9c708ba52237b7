// The project list as a workbook: the same filters and order as the page, every row, with
// amounts as numbers in £ format and dates as dates, so a spreadsheet can add them up.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { newWorkbook } from "~/lib/workbook.server";
import { readProjectList } from "~/http/projects/list.server";
import { PROJECT_STATUS_LABELS } from "~/schemas/projects";
import { XLSX_CONTENT_TYPE } from "~/http/files.server";


const asDate = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

export async function loader({ request }: LoaderFunctionArgs) {
  const { page } = await readProjectList(request, { everyRow: true });
  const workbook = await newWorkbook();
  workbook.created = new Date();
  const sheet = workbook.addWorksheet("Projects");
  sheet.columns = [
    { header: "Reference", key: "reference", width: 16 },
    { header: "Title", key: "title", width: 40 },
    { header: "Provider", key: "provider", width: 32 },
    { header: "District", key: "district", width: 18 },
    { header: "Funding stream", key: "stream", width: 22 },
    { header: "Status", key: "status", width: 12 },
    { header: "Amount", key: "amount", width: 16, style: { numFmt: "£#,##0.00" } },
    { header: "Start date", key: "start", width: 14, style: { numFmt: "d mmm yyyy" } },
    { header: "End date", key: "end", width: 14, style: { numFmt: "d mmm yyyy" } },
    { header: "Visit required", key: "visit", width: 14 },
  ];
  for (const p of page.items) {
    sheet.addRow({
      reference: p.reference,
      title: p.title,
      provider: p.organisationName,
      district: p.districtName,
      stream: p.fundingStreamName,
      status: PROJECT_STATUS_LABELS[p.status],
      amount: p.amountPence / 100,
      start: asDate(p.startDate),
      end: asDate(p.endDate),
      visit: p.visitRequired ? "Yes" : "No",
    });
  }
  const header = sheet.getRow(1);
  header.font = { bold: true };
  // The header's own cells are text, not money or dates.
  header.eachCell((cell) => {
    cell.numFmt = "@";
  });
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  const buffer = await workbook.xlsx.writeBuffer();
  return new Response(new Uint8Array(buffer as ArrayBuffer), {
    headers: {
      "Content-Type": XLSX_CONTENT_TYPE,
      "Content-Disposition": 'attachment; filename="projects.xlsx"',
      "Cache-Control": "no-store",
    },
  });
}
